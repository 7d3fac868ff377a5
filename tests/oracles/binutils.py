"""Run GNU binutils (the oracle) from tests: assemble, link, objdump, readelf.

Every helper first asks tests/oracle_tools.need_tool for its program, so a test
that uses one skips (or fails under TOYOS_REQUIRE_ORACLES=1) when it is missing.
"""
from __future__ import annotations

import os
import subprocess
import tempfile

from tests.oracle_tools import (GNU_AS, GNU_AS_FLAGS, GNU_LD, GNU_OBJDUMP,
                                GNU_READELF, need_tool)

TEXT_BASE = 0x80000000


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def gnu_assemble(source: str, workdir: str, name: str = "t", include_dirs=()) -> str:
    """Assemble `source` with GNU as into an object file; return its path.

    Raises AssertionError with GNU's messages when GNU as rejects the source.
    """
    as_ = need_tool(GNU_AS)
    src = os.path.join(workdir, name + ".s")
    obj = os.path.join(workdir, name + ".o")
    with open(src, "w") as f:
        f.write(source)
    argv = [as_, *GNU_AS_FLAGS, *(f"-I{d}" for d in include_dirs), src, "-o", obj]
    result = run(argv)
    assert result.returncode == 0, f"GNU as rejected the source:\n{result.stderr}"
    return obj


def gnu_link(objects: list[str], out: str, section_starts: dict[str, int] | None = None,
             entry: str | None = None) -> str:
    """Link with GNU ld (no relaxation) placing sections where asked."""
    ld = need_tool(GNU_LD)
    argv = [ld, "-m", "elf32lriscv", "--no-relax", "-o", out]
    for name, addr in (section_starts or {".text": TEXT_BASE}).items():
        argv.append(f"--section-start={name}={addr:#x}")
    if entry:
        argv += ["-e", entry]
    result = run(argv + list(objects))
    assert result.returncode == 0, f"GNU ld failed:\n{result.stderr}"
    return out


def gnu_text_bytes(source: str) -> bytes:
    """The .text bytes GNU produces for `source`, linked at TEXT_BASE (relocations resolved)."""
    from asm.elfread import read_elf
    with tempfile.TemporaryDirectory() as tmp:
        obj = gnu_assemble(source, tmp)
        elf = gnu_link([obj], os.path.join(tmp, "t.elf"))
        return read_elf(elf).section(".text").data


def objdump_d(path: str) -> str:
    result = run([need_tool(GNU_OBJDUMP), "-d", path])
    assert result.returncode == 0, result.stderr
    return result.stdout


def readelf_a(path: str) -> subprocess.CompletedProcess:
    return run([need_tool(GNU_READELF), "-a", "-W", path])
