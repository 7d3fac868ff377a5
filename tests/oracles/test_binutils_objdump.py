"""Oracle: `toyos objdump` prints exactly what GNU objdump prints, on GNU's output.

GNU-built files carry what GNU objdump reads besides the code: mapping
symbols ($x/$d), the privileged-spec attribute, symbol types and sizes.  For
small samples (symbol ties, zero runs, data in code, register tracking) and
for every program of the repository built with GNU as/ld (vm/cli/build.py's
`--assembler gnu` path), the whole `-d` text must be identical, and so must
`--section-headers` and `-h`.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.oracle_tools import GNU_AS, GNU_OBJDUMP, need_tool
from tests.oracles.binutils import gnu_assemble, gnu_link, objdump_d
from tests.oracles.test_binutils_elf import SAMPLE, toyos_objdump


GNU_SAMPLES = {
    "sample": SAMPLE,
    # naming a CSR makes GNU as record privileged spec 1.11, which changes objdump's CSR names
    "priv-1.11": "_start:\n    csrr a0, mstatus\n    csrs 0x31a, t0\n    csrr a0, 0x000\n    csrr a0, 0xf15\n"
                 "    csrw 0x102, a1\n    csrr a1, 0x3b0\n    csrr a1, 0x3c0\n",
    "symbol-ties": "    .globl b_glob, a_glob, _start, fn\n    .weak w\n_start:\nb_glob:\na_glob:\nw:\nloc:\n    nop\n"
                   "loc2:\n    .type fn, @function\nfn:\n    nop\n    .size fn, . - fn\n.dot:\nzzz:\n    j b_glob\n"
                   "    j loc2\n    j zzz\n    .type obj, @object\nsmall:\nobj:\n    .word 0x00000013\n"
                   "    .size obj, 4\n    j obj\n",
    "no-symbol-at-start": "    nop\n    .globl _start\n_start:\nentry:\n    call f\n    j 1f\n1:  beqz a0, entry\n"
                          "    .word 0x12345678\n    .half 0x1234\n    .byte 1, 2\n    nop\nf:  ret\n"
                          "    .section .init, \"ax\"\ninit: li a0, 5\n",
    "zeros": "    .globl _start\n_start:\n    j 2f\n    .word 0x12345678\n2:  j 2b\n    .word 0, 0, 0\n    nop\n"
             "3:  .word 0\n    .word 0\n",
    "tracking": "_start:\n    auipc a0, 1\n    add a0, a0, a1\n    addi a0, a0, 4\n    lui a0, 1\n    addi a1, a0, 4\n"
                "    addi a2, a0, 8\n    lui a0, 0x80000\n    addi a0, a0, -4\n    addi a0, gp, 16\n    lw a0, 8(tp)\n"
                "    jalr zero, 0(zero)\n    .insn 0x0ff0008f\n",
}


@pytest.mark.parametrize("name", sorted(GNU_SAMPLES))
def test_toyos_objdump_matches_gnu_on_gnu_output(name, tmp_path):
    need_tool(GNU_AS)
    need_tool(GNU_OBJDUMP)
    elf = gnu_link([gnu_assemble(GNU_SAMPLES[name], str(tmp_path))], str(tmp_path / "gnu.elf"), entry="0")
    theirs, ours = objdump_d(elf).splitlines(), toyos_objdump(Path(elf)).splitlines()
    diff = [f"GNU:   {t!r}\ntoyos: {o!r}" for t, o in zip(theirs, ours) if t != o]
    assert not diff and len(theirs) == len(ours), "\n".join(diff[:20])
    headers = subprocess.run([need_tool(GNU_OBJDUMP), "-h", elf], capture_output=True, text=True).stdout
    assert toyos_objdump(Path(elf), "--section-headers") == headers


def _groups():
    from tests.oracles.test_binutils_sources import GROUPS
    return GROUPS


@pytest.mark.parametrize("name", sorted(_groups()))
def test_toyos_objdump_matches_gnu_on_repository_programs(name, tmp_path):
    need_tool(GNU_AS)
    need_tool(GNU_OBJDUMP)
    from vm.cli import build as build_cli
    sources, base = _groups()[name]
    (tmp_path / "archive.cpio").write_bytes(bytes(range(256)) * 3)
    elf = tmp_path / "gnu.elf"
    build_cli.link_gnu(sources, build_cli.include_dirs(sources, [tmp_path]), base, elf)
    theirs, ours = objdump_d(str(elf)).splitlines(), toyos_objdump(elf).splitlines()
    diff = [f"GNU:   {t!r}\ntoyos: {o!r}" for t, o in zip(theirs, ours) if t != o]
    assert not diff and len(theirs) == len(ours), f"{len(diff)} lines differ:\n" + "\n".join(diff[:20])


def test_toyos_objdump_matches_gnu_without_symbols(tmp_path):
    """A stripped file: `<.text>` headings, bare `0x...` targets, 16-bit parcels as `.2byte`."""
    need_tool(GNU_AS)
    from tests.oracle_tools import GNU_OBJCOPY
    elf = gnu_link([gnu_assemble(SAMPLE, str(tmp_path))], str(tmp_path / "gnu.elf"), entry="0")
    stripped = tmp_path / "stripped.elf"
    subprocess.run([need_tool(GNU_OBJCOPY), "--strip-all", elf, str(stripped)], check=True)
    theirs, ours = objdump_d(str(stripped)).splitlines(), toyos_objdump(stripped).splitlines()
    assert ours == theirs
