"""Run GNU binutils (the oracle) from tests: assemble, link, objdump, readelf,
and compare toyos's assembly of some sources with GNU's, section by section.

This is the one GNU harness of the suite. Every helper first asks
tests/oracle_tools.need_tool for its program, so a test that uses one skips
(or fails under TOYOS_REQUIRE_ORACLES=1) when it is missing.
"""
from __future__ import annotations

import os
import re
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
    src = os.path.join(workdir, name + ".s")
    with open(src, "w") as f:
        f.write(source)
    return gnu_assemble_file(src, os.path.join(workdir, name + ".o"), include_dirs)


def gnu_assemble_file(src: str, obj: str, include_dirs=()) -> str:
    """Assemble the file `src` (any bytes) with GNU as into `obj`; return `obj`."""
    argv = [need_tool(GNU_AS), *GNU_AS_FLAGS, *(f"-I{d}" for d in include_dirs), src, "-o", obj]
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


def objdump_d(path: str) -> str:
    result = run([need_tool(GNU_OBJDUMP), "-d", path])
    assert result.returncode == 0, result.stderr
    return result.stdout


def readelf_a(path: str) -> subprocess.CompletedProcess:
    return run([need_tool(GNU_READELF), "-a", "-W", path])


# --- toyos against GNU, section by section ---------------------------------------

CODE_ALIGNMENT = re.compile(r"^\s*\.(p2align|balign|align)\b", re.MULTILINE)


def gnu_sections_like(program, sources: dict[str, str] | list[str], include_dirs=()) -> dict:
    """Section name -> elfread Section of GNU's link of `sources`, laid out as `program`.

    `sources` is {filename: text} or a list of paths (whose folders are then
    searched for .include first, as toyos does).  GNU gets every section toyos
    allocated at the same address (--section-start), so the linked bytes
    compare word for word.
    """
    from asm.elfread import read_elf
    with tempfile.TemporaryDirectory() as tmp:
        if isinstance(sources, dict):
            objects = [gnu_assemble(text, tmp, f"u{i}", include_dirs)
                       for i, text in enumerate(sources.values())]
        else:
            objects = [gnu_assemble_file(os.path.abspath(p), os.path.join(tmp, f"u{i}.o"),
                                         [os.path.dirname(os.path.abspath(p)), *include_dirs])
                       for i, p in enumerate(sources)]
        starts = {s.name: s.addr for s in program.sections if "a" in s.flags}
        elf = read_elf(gnu_link(objects, os.path.join(tmp, "gnu.elf"), starts, entry="0"))
        return {s.name: s for s in elf.sections}


def differences(program, gnu: dict, code_alignment: bool = False) -> list[str]:
    """Human-readable differences between toyos's sections and GNU's, empty when equal.

    `code_alignment`: the sources align code (.align/.p2align/.balign in an
    executable section).  GNU as then pads with the worst case and a
    R_RISCV_ALIGN relocation; ld deletes the excess nops but (binutils 2.40,
    --no-relax) leaves the section that much longer, with zeros at its end.
    Only that zero tail is forgiven.
    """
    problems = []
    for ours in program.sections:
        theirs = gnu.get(ours.name)
        if theirs is None:
            problems.append(f"section {ours.name}: GNU has no such section")
            continue
        size = theirs.size
        if code_alignment and "x" in ours.flags and size > len(ours.data) \
                and not any(theirs.data[len(ours.data):]):
            size = len(ours.data)
        if ours.addr != theirs.addr or len(ours.data) != size:
            problems.append(f"section {ours.name}: toyos at {ours.addr:#x} size {len(ours.data):#x}, "
                            f"GNU at {theirs.addr:#x} size {theirs.size:#x}")
        if getattr(ours, "nobits", False):
            continue
        mine, gnus = bytes(ours.data), theirs.data
        for offset in range(0, min(len(mine), len(gnus)), 4):
            if mine[offset:offset + 4] != gnus[offset:offset + 4]:
                addr = ours.addr + offset
                problems.append(f"{ours.name}+{offset:#x} ({addr:#x}): toyos {mine[offset:offset + 4].hex()} "
                                f"GNU {gnus[offset:offset + 4].hex()}  {source_of(program, addr)}")
                if len(problems) > 30:
                    return problems
    return problems


def assert_like_gnu(program, sources: dict[str, str] | list[str], include_dirs=(),
                    code_alignment: bool | None = None) -> None:
    """Fail, listing every differing word, unless GNU links `sources` to `program`'s bytes.

    `code_alignment` (see differences) is found in the sources when not given.
    """
    if code_alignment is None:
        texts = sources.values() if isinstance(sources, dict) else \
            (open(p, errors="replace").read() for p in sources)
        code_alignment = any(CODE_ALIGNMENT.search(text) for text in texts)
    problems = differences(program, gnu_sections_like(program, sources, include_dirs), code_alignment)
    assert not problems, "toyos and GNU differ:\n" + "\n".join(problems)


def source_of(program, addr: int) -> str:
    """The listing line that produced the byte at `addr`, for error messages."""
    best = None
    for row in getattr(program, "listing_rows", ()):
        if row.addr is not None and row.addr <= addr < row.addr + max(len(row.data), 1):
            best = row
    if best is None:
        return ""
    return f"[{os.path.basename(best.filename)}:{best.line}: {best.text.strip()}]"
