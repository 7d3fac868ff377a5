"""Assemble the same sources with toyos and with GNU, and say where the bytes differ.

GNU gets every section toyos allocated at the same address (--section-start),
so the linked bytes are comparable word for word; a difference is reported
with toyos's listing line for it.
"""
from __future__ import annotations

import os
import tempfile

from asm.elfread import read_elf
from tests.oracles.binutils import gnu_assemble, gnu_link


def gnu_sections_like(program, sources: dict[str, str] | list[str], include_dirs=()) -> dict:
    """Section name -> elfread Section of GNU's link of `sources`, laid out as `program`."""
    with tempfile.TemporaryDirectory() as tmp:
        objects = []
        if isinstance(sources, dict):
            items = list(sources.items())
        else:
            items = [(p, open(p).read()) for p in sources]
        for i, (name, text) in enumerate(items):
            dirs = [os.path.dirname(os.path.abspath(name)), *include_dirs] if not isinstance(sources, dict) \
                else list(include_dirs)
            objects.append(gnu_assemble(text, tmp, f"u{i}", include_dirs=dirs))
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


def source_of(program, addr: int) -> str:
    """The listing line that produced the byte at `addr`, for error messages."""
    best = None
    for row in getattr(program, "listing_rows", ()):
        if row.addr is not None and row.addr <= addr < row.addr + max(len(row.data), 1):
            best = row
    if best is None:
        return ""
    return f"[{os.path.basename(best.filename)}:{best.line}: {best.text.strip()}]"
