"""How oracle tests find their tools: skip with a reason, or fail in CI.

CI sets TOYOS_REQUIRE_ORACLES=1, which turns every "tool missing" skip into
a failure, so an oracle can never silently stop checking anything.
"""
from __future__ import annotations

import importlib
import os
import shutil

import pytest

REQUIRED = os.environ.get("TOYOS_REQUIRE_ORACLES") == "1"


def _missing(what: str) -> None:
    message = f"oracle {what} is not installed (run `make oracles`)"
    if REQUIRED:
        pytest.fail(message + " and TOYOS_REQUIRE_ORACLES=1", pytrace=False)
    pytest.skip(message)


def need_tool(name: str) -> str:
    """Path of command `name`, or skip/fail the calling test."""
    path = shutil.which(name)
    if path is None:
        _missing(f"command '{name}'")
    return path


def need_module(name: str):
    """Import Python module `name`, or skip/fail the calling test."""
    try:
        return importlib.import_module(name)
    except ImportError:
        _missing(f"Python module '{name}'")


GNU_AS = "riscv64-unknown-elf-as"
GNU_LD = "riscv64-unknown-elf-ld"
GNU_OBJDUMP = "riscv64-unknown-elf-objdump"
GNU_OBJCOPY = "riscv64-unknown-elf-objcopy"
GNU_READELF = "riscv64-unknown-elf-readelf"
GNU_AS_FLAGS = ("-march=rv32ima_zicsr_zifencei", "-mabi=ilp32")
QEMU = "qemu-system-riscv32"
GDB = "gdb-multiarch"
