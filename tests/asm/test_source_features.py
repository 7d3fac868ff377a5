"""Syntax, macros, conditionals, includes, sections and linking: toyos's own
behaviour, checked against expansions written out by hand (the by-hand
version is assembled by toyos too, so each test compares two programs)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from asm.assembler import assemble_files, assemble_text
from asm.errors import AsmError
from asm.expressions import Node
from asm.parser import _fast_parse, _parser
from tests.asm.asmtools import text_bytes


def same(a: str, b: str):
    assert text_bytes(a).hex() == text_bytes(b).hex()


def test_comments_and_separators():
    same("nop # hash\naddi a0, a0, 1 // slashes\n/* block\n over lines */ mv a1, a2 ; ret\n",
         "nop\naddi a0, a0, 1\nmv a1, a2\nret\n")


def test_character_literals_and_strings_keep_comment_characters():
    program = assemble_text(".data\n.byte '#', ';'\n.ascii \"a#b;c/*d\"\n")
    assert program.section(".data").data == b"#;a#b;c/*d"


def test_numeric_local_labels():
    same("1: nop\n j 1b\n j 1f\n1: nop\n j 1b\n", "a: nop\n j a\n j b\nb: nop\n j b\n")


def test_macro_named_and_default_arguments_and_counter():
    same(".macro addk dst, src, k=1\n addi \\dst, \\src, \\k\n.endm\n"
         "addk a0, a1\naddk a0, a1, 5\naddk k=7, dst=t0, src=t1\n",
         "addi a0, a1, 1\naddi a0, a1, 5\naddi t0, t1, 7\n")
    program = assemble_text(".macro lbl\nl\\@: nop\n.endm\nlbl\nlbl\n")
    assert program.symbols["l0"] + 4 == program.symbols["l1"]


def test_macro_names_are_case_insensitive_and_defined_once_as_in_gnu_as():
    same(".macro Bump r\n addi \\r, \\r, 1\n.endm\nbump a0\nBUMP a1\n", "addi a0, a0, 1\naddi a1, a1, 1\n")
    same(".macro m\nnop\n.endm\n.purgem M\n.macro M\nret\n.endm\nm\n", "ret\n")
    with pytest.raises(AsmError, match="macro 'M' was already defined"):
        assemble_text(".macro m\nnop\n.endm\n.macro M\nret\n.endm\n")


def test_conditionals():
    same(".equ X, 3\n.if X > 2\nnop\n.else\nret\n.endif\n.ifdef Y\nebreak\n.elseif X == 3\necall\n.endif\n"
         ".ifndef Y\nwfi\n.endif\n", "nop\necall\nwfi\n")


def test_rept_and_irp():
    same(".rept 3\nnop\n.endr\n.irp r, a0, a1\nmv \\r, zero\n.endr\n",
         "nop\nnop\nnop\nmv a0, zero\nmv a1, zero\n")


def test_include_search_path_and_incbin(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "defs.inc").write_text(".equ VALUE, 42\n")
    (tmp_path / "inc" / "blob.bin").write_bytes(b"\x01\x02\x03\x04\x05")
    main = tmp_path / "main.s"
    main.write_text('.include "defs.inc"\n.data\n.word VALUE\n.incbin "blob.bin", 1, 3\n')
    program = assemble_files([str(main)], include_dirs=[str(tmp_path / "inc")])
    assert program.section(".data").data == (42).to_bytes(4, "little") + b"\x02\x03\x04"


def test_layout_sections_entry_and_locals_per_file(tmp_path):
    a = tmp_path / "a.s"
    b = tmp_path / "b.s"
    a.write_text(".globl _start\n_start: call f\nhere: j here\n.section .rodata\nr: .word 1\n"
                 ".data\nd: .word 2\n.bss\nz: .space 16\n")
    b.write_text(".globl f\nf: j here\nhere: ret\n")
    program = assemble_files([str(a), str(b)])
    names = [s.name for s in program.sections]
    assert names == [".text", ".rodata", ".data", ".bss"]
    text, rodata, data, bss = program.sections
    assert text.addr == 0x80000000 and program.entry == 0x80000000
    assert rodata.addr % 0x1000 == 0 and data.addr % 0x1000 == 0 and bss.addr >= data.addr + 4
    assert program.symbols["f"] == 0x8000000C
    # b.s's `j here` jumps to b.s's own `here`, not a.s's.
    word = int.from_bytes(text.data[12:16], "little")
    assert word == 0x0040006F
    moved = assemble_files([str(a), str(b)], base=0x1000, section_starts={".data": 0x9000},
                           entry="f")
    assert moved.section(".data").addr == 0x9000 and moved.entry == moved.symbols["f"]


def test_binary_image_and_listing():
    program = assemble_text(".text\nnop\n.data\n.byte 7\n.bss\n.space 64\n", base=0x1000)
    image = program.binary_bytes()
    assert image[:4] == (0x13).to_bytes(4, "little") and image[-1] == 7
    assert len(image) == program.section(".data").addr + 1 - 0x1000
    listing = program.listing()
    assert re.search(r"<input>:2\s+00001000  13000000\s+nop", listing), listing


def test_elf_reads_cleanly_with_pyelftools(tmp_path):
    from tests.oracle_tools import need_module
    elffile = need_module("elftools.elf.elffile")
    program = assemble_text(".globl _start\n.type _start, @function\n_start: la a0, msg\n ret\n"
                            ".size _start, . - _start\n.section .rodata\nmsg: .asciz \"hi\"\n"
                            ".data\nw: .word 5\n.bss\nb: .space 8\n.equ CONST, 77\n")
    path = tmp_path / "p.elf"
    path.write_bytes(program.elf_bytes())
    with open(path, "rb") as f:
        elf = elffile.ELFFile(f)
        assert elf["e_machine"] == "EM_RISCV" and elf["e_type"] == "ET_EXEC"
        assert elf["e_entry"] == program.entry
        loads = [seg for seg in elf.iter_segments() if seg["p_type"] == "PT_LOAD"]
        flags = sorted(seg["p_flags"] for seg in loads)
        assert flags == [4, 5, 6]                       # R, R X, R W
        for seg in loads:
            assert seg["p_vaddr"] % 0x1000 == seg["p_offset"] % 0x1000
        symbols = {s.name: s for s in elf.get_section_by_name(".symtab").iter_symbols()}
        assert symbols["_start"]["st_info"]["bind"] == "STB_GLOBAL"
        assert symbols["_start"]["st_info"]["type"] == "STT_FUNC"
        assert symbols["_start"]["st_size"] == 12
        assert symbols["CONST"]["st_shndx"] == "SHN_ABS" and symbols["CONST"]["st_value"] == 77
        assert elf.get_section_by_name(".text").data() == program.section(".text").data


def test_elf_reads_cleanly_with_readelf(tmp_path):
    import subprocess
    from tests.oracle_tools import GNU_READELF, need_tool
    readelf = need_tool(GNU_READELF)
    path = tmp_path / "p.elf"
    path.write_bytes(assemble_text(".globl _start\n_start: j _start\n.data\n.word 1\n").elf_bytes())
    result = subprocess.run([readelf, "-a", "-W", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""
    assert "_start" in result.stdout and "LOAD" in result.stdout


def _shape(value):
    """A structural description of parser output, for comparing two parses."""
    if isinstance(value, Node):
        fields = {k: _shape(getattr(value, k)) for k in type(value).__slots__}
        return (type(value).__name__, value.pos, fields)
    if isinstance(value, (list, tuple)):
        return [_shape(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: _shape(getattr(value, k)) for k in value.__dataclass_fields__ if k != "has_local_refs"}
    return value


names = st.sampled_from(["a0", "sp", "x31", "foo", ".L1", "_x$", "mstatus"])
numbers = st.sampled_from(["0", "12", "0x7f", "010", "0b101", "1f", "2b"])
operands = st.one_of(names, numbers, st.builds(lambda n, r: f"{n}({r})", numbers, names),
                     st.builds(lambda r: f"({r})", names))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["x:", "1:", "loop :"]), max_size=2),
       st.sampled_from(["addi", "lw", "j", ".word", "fence"]),
       st.lists(operands, max_size=3), st.sampled_from([" ", "  ", "\t"]))
def test_fast_path_builds_what_the_grammar_builds(labels, name, ops, gap):
    text = " ".join(labels + [name]) + (gap + ", ".join(ops) if ops else "")
    fast = _fast_parse(text)
    assert fast is not None
    assert _shape(fast) == _shape(_parser().parse(text))
