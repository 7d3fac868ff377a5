"""Run a bare-metal ELF on QEMU's rv32 `virt` board, the machine ours copies.

`run_qemu` gives the exit status (sifive_test: 0x5555 -> 0,
(code << 16) | 0x3333 -> code) and everything the guest printed on the UART.
Console input goes to the UART through stdin, as `toyos run --input` does
for ours.  A guest that never powers off is killed at the timeout.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass

from tests.oracle_tools import QEMU, need_tool


@dataclass
class QemuRun:
    exit_code: int | None   # None: killed at the timeout
    output: bytes


def qemu_command(elf, extra=()) -> list[str]:
    return [need_tool(QEMU), "-M", "virt", "-bios", "none", "-m", "128M", "-nographic",
            "-monitor", "none", "-serial", "stdio", *extra, "-kernel", str(elf)]


def run_qemu(elf, input_bytes: bytes = b"", timeout: float = 20.0, extra=()) -> QemuRun:
    cmd = qemu_command(elf, extra)
    try:
        result = subprocess.run(cmd, input=input_bytes, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        return QemuRun(None, expired.stdout or b"")
    return QemuRun(result.returncode, result.stdout)
