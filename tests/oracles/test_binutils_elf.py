"""Oracle: the ELF files toyos writes read cleanly with GNU readelf, pyelftools
and gdb-multiarch, and `toyos objdump -d` prints what GNU objdump -d prints.

The ELFs come from a sample program using every kind of section and symbol,
and from real programs of the repository (a server, user programs, an ISA
test program).  tests/oracles/test_binutils_objdump.py compares the two
objdumps on GNU's own output.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from asm.elfread import PF_R, PF_W, PF_X
from tests.oracle_tools import GDB, need_module, need_tool
from tests.oracles.binutils import objdump_d, readelf_a

SAMPLE = """
    .globl _start
    .type _start, @function
    .text
_start:
    la sp, stack_top
    call main
1:  wfi
    j 1b
    .size _start, . - _start

    .globl main
    .type main, @function
main:
    addi sp, sp, -16
    sw ra, 12(sp)
    lla a0, message
    lw a1, counter
    addi a1, a1, 1
    sw a1, counter, t0
    csrr t1, mhartid
    beqz t1, 2f
    li a0, 0x12345678
2:  lw ra, 12(sp)
    addi sp, sp, 16
    ret
    .size main, . - main
local_helper:
    .word 0x12345678
    .word 0, 0, 0
    tail main

    .section .rodata
message: .asciz "hello from toyos"

    .data
    .globl counter
    .type counter, @object
counter: .word 41
    .size counter, 4

    .bss
    .align 4
stack: .space 4096
stack_top:
"""


def repo_program(name: str):
    """(Program, sources) for a group of tests/oracles/test_binutils_sources.py."""
    from tests.oracles.test_binutils_sources import GROUPS
    from vm.cli import build as build_cli
    from asm.assembler import assemble_files
    sources, base = GROUPS[name]
    dirs = [str(d) for d in build_cli.include_dirs(sources, [])]
    return assemble_files([str(s) for s in sources], include_dirs=dirs, base=base)


def sample_program():
    from asm.assembler import assemble_text
    return assemble_text(SAMPLE, filename="sample.s")


PROGRAMS = {"sample": sample_program, "user:shell": lambda: repo_program("user:shell"),
            "user:hello": lambda: repo_program("user:hello"),
            "tests/vm/programs/rv32ui_control.s": lambda: repo_program("tests/vm/programs/rv32ui_control.s")}


@pytest.fixture(scope="module", params=sorted(PROGRAMS))
def our_elf(request, tmp_path_factory):
    program = PROGRAMS[request.param]()
    path = tmp_path_factory.mktemp("elf") / (request.param.replace("/", "_").replace(":", "_") + ".elf")
    path.write_bytes(program.elf_bytes())
    return program, path


def test_readelf_reads_cleanly(our_elf):
    program, path = our_elf
    result = readelf_a(str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", f"readelf warnings:\n{result.stderr}"
    assert "RISC-V" in result.stdout and "EXEC (Executable file)" in result.stdout
    for name, value in program.symbols.items():
        if not name.startswith((".L", "$")):
            assert re.search(rf"\b{value & 0xFFFFFFFF:08x}\b.*\s{re.escape(name)}$", result.stdout, re.MULTILINE), \
                f"readelf does not list symbol {name} = {value:#x}"


def test_pyelftools_reads_the_same_layout(our_elf):
    program, path = our_elf
    elffile = need_module("elftools.elf.elffile")
    with open(path, "rb") as f:
        elf = elffile.ELFFile(f)
        assert elf.elfclass == 32 and elf.little_endian and elf["e_machine"] == "EM_RISCV"
        assert elf["e_entry"] == program.entry
        sections = {s.name: s for s in elf.iter_sections()}
        for ours in program.sections:
            theirs = sections[ours.name]
            assert theirs["sh_addr"] == ours.addr
            assert theirs["sh_size"] == len(ours.data)
            if not ours.nobits:
                assert theirs.data() == bytes(ours.data), ours.name
        loads = [seg for seg in elf.iter_segments() if seg["p_type"] == "PT_LOAD"]
        assert loads
        for seg in loads:
            assert seg["p_offset"] % seg["p_align"] == seg["p_vaddr"] % seg["p_align"]
            assert seg["p_filesz"] <= seg["p_memsz"]
        text = program.section(".text")
        [code] = [s for s in loads if s["p_vaddr"] <= text.addr < s["p_vaddr"] + s["p_memsz"]]
        assert code["p_flags"] & (PF_R | PF_X) == PF_R | PF_X and not code["p_flags"] & PF_W
        assert any(s["p_vaddr"] <= program.entry < s["p_vaddr"] + s["p_filesz"] for s in loads)
        symtab = elf.get_section_by_name(".symtab")
        values: dict[str, set[int]] = {}     # a local label may stand in several files
        for s in symtab.iter_symbols():
            if s.name:
                values.setdefault(s.name, set()).add(s["st_value"])
    for name, value in program.symbols.items():
        if name in values:
            assert value & 0xFFFFFFFF in values[name], name
    assert "_start" in values or "main" in values


def toyos_objdump(path: Path, option: str = "-d") -> str:
    from asm import objdump
    parser = __import__("argparse").ArgumentParser()
    objdump.configure(parser)
    out = io.StringIO()
    with redirect_stdout(out):
        assert objdump.execute(parser.parse_args([option, str(path)])) == 0
    return out.getvalue()


def normalised(listing: str) -> list[str]:
    return [" ".join(line.split()) for line in listing.splitlines() if "file format" not in line]


def test_objdump_shows_the_same_instructions(our_elf):
    program, path = our_elf
    theirs, ours = normalised(objdump_d(str(path))), normalised(toyos_objdump(path))
    diff = [f"GNU:   {t}\ntoyos: {o}" for t, o in zip(theirs, ours) if t != o]
    assert not diff and len(theirs) == len(ours), \
        f"{len(diff)} lines differ ({len(theirs)} GNU, {len(ours)} toyos):\n" + "\n".join(diff[:20])


def test_gdb_finds_symbols(our_elf):
    program, path = our_elf
    gdb = need_tool(GDB)
    names = [n for n in ("_start", "main", "counter") if n in program.symbols]
    argv = [gdb, "-nx", "-batch", "-ex", f"file {path}"] + [a for n in names for a in ("-ex", f"info address {n}")]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for name in names:
        m = re.search(rf'Symbol "{re.escape(name)}" is at (0x[0-9a-f]+)', result.stdout)
        assert m, f"gdb did not find {name}:\n{result.stdout}\n{result.stderr}"
        assert int(m.group(1), 16) == program.symbols[name] & 0xFFFFFFFF


def test_objdump_command_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad.elf"
    bad.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(60))
    result = subprocess.run([sys.executable, "-m", "vm.cli", "objdump", "-d", str(bad)],
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 1
    assert result.stderr.strip() == f"toyos objdump: error: {bad}: not a 32-bit ELF file (EI_CLASS=2)"
    assert "Traceback" not in result.stderr and result.stdout == ""
