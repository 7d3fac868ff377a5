"""Every kind of mistake gives a GCC-style diagnostic at the exact line:col."""
from __future__ import annotations

import subprocess
import sys

import pytest

from asm.assembler import assemble_files, assemble_text
from asm.errors import AsmError
from tests.asm.asmtools import errors_of


@pytest.mark.parametrize("source, line, col, message", [
    ("nop\naddi x32, x1, 1\n", 2, 6, "unknown register 'x32'"),
    ("  addd a0, a0, a1\n", 1, 3, "unknown instruction 'addd'; did you mean 'add'?"),
    (".wrod 1\n", 1, 1, "unknown directive '.wrod'; did you mean '.word'?"),
    ("addi a0, a0, 5000\n", 1, 14, "immediate 5000 out of range for 'addi': must be in [-2048, 2047]"),
    ("slli a0, a0, 32\n", 1, 14, "shift amount 32 out of range for 'slli': must be in [0, 31]"),
    ("lw a0, 4096(a1)\n", 1, 8, "offset 4096 out of range for 'lw': must be in [-2048, 2047]"),
    ("addi a0, a0\n", 1, 1, "'addi' takes 3 operands, got 2 (usage: 'addi rd, rs1, imm')"),
    ("addi a0, a1, a2\n", 1, 14, "'addi' expects an immediate or symbol here, not a register"),
    ("j nowhere\n", 1, 3, "undefined symbol 'nowhere'"),
    ("x: nop\nx: nop\n", 2, 1, "symbol 'x' is already defined"),
    (".word 1 +\n", 1, 10, "unexpected end of line"),
    ("li a0, 1 $ 2\n", 1, 10, "unexpected '$'") ,
    (".word 1/0\n", 1, 9, "division by zero"),
    ("csrr a0, mstatu\n", 1, 10, "unknown CSR 'mstatu'"),
    (".include \"missing.inc\"\n", 1, 10, "include file 'missing.inc' not found"),
    (".incbin \"missing.bin\"\n", 1, 9, "incbin file 'missing.bin' not found"),
    ("lw a0, 0(x99)\n", 1, 10, "unknown register 'x99'"),
    ("fence rw, q\n", 1, 11, "expected a fence set: letters from 'iorw', such as rw or iorw"),
    (".if 1\nnop\n", 1, 1, "unterminated conditional: .if without .endif"),
    (".endif\n", 1, 1, "'.endif' without .if"),
    ("nop\n  /* never closed\nnop\n", 2, 3, "unterminated comment: '/*' without '*/'"),
])
def test_error_position_and_message(source, line, col, message):
    found = errors_of(source)
    assert any(d == (line, col, message) or (d[0], d[1]) == (line, col) and d[2].startswith(message)
               for d in found), found


def test_branch_target_out_of_range():
    found = errors_of(".text\nstart: nop\n.space 8192\njal zero, start + 0x200000\n")
    assert found == [(4, 11, "jump target out of range for 'jal': offset 2088956 is not in "
                      "[-1048576, 1048574]")]


def test_macro_recursion_is_stopped():
    found = errors_of(".macro forever\n forever\n.endm\nforever\n")
    assert len(found) == 1 and "nested more than 100 deep" in found[0][2]


def test_several_errors_in_one_run():
    found = errors_of("addi x40, a0, 1\nnop\nfoo a0\nli a0, 1 +\n")
    assert [(line, col) for line, col, _ in found] == [(1, 6), (3, 1), (4, 11)]


def test_error_text_is_gcc_style():
    with pytest.raises(AsmError) as info:
        assemble_text("nop\n    addi x32, x1, 1\n", "prog.s")
    assert str(info.value) == ("prog.s:2:10: error: unknown register 'x32'\n"
                               "        addi x32, x1, 1\n"
                               "             ^")


def test_errors_inside_macros_point_at_the_call():
    with pytest.raises(AsmError) as info:
        assemble_text(".macro load reg\n  lw \\reg, 0(sp)\n.endm\nload x33\n", "m.s")
    text = str(info.value)
    assert "m.s:2:4: error: unknown register 'x33'" in text
    assert "m.s:4:1: note: expanded from here" in text


def test_duplicate_globals_name_both_files(tmp_path):
    a = tmp_path / "a.s"
    b = tmp_path / "b.s"
    a.write_text(".globl f\nf: ret\n")
    b.write_text("nop\n.globl f\nf: ret\n")
    with pytest.raises(AsmError) as info:
        assemble_files([str(a), str(b)])
    text = str(info.value)
    assert f"{b}:3:1: error: global symbol 'f' is defined in two files" in text
    assert f"{a}:2:1: note: first defined here" in text


def test_undefined_symbol_hints_at_missing_globl(tmp_path):
    a = tmp_path / "a.s"
    b = tmp_path / "b.s"
    a.write_text("call helper\n")
    b.write_text("helper: ret\n")
    with pytest.raises(AsmError) as info:
        assemble_files([str(a), str(b)])
    assert "not declared .globl" in str(info.value)


def test_command_line_reports_errors_and_exits_1(tmp_path):
    source = tmp_path / "bad.s"
    source.write_text("nop\naddi x32, x1, 1\n")
    result = subprocess.run([sys.executable, "-m", "vm.cli", "as", str(source), "-o",
                             str(tmp_path / "out.elf")], capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{source}:2:6: error: unknown register 'x32'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("source, line, col", [
    (".org 0x100000000\nnop\n", 1, 6),                 # was a 4 GiB allocation: killed by the OOM killer
    (".fill 0x10000000, 8, 0\n", 1, 7),                # 2 GiB
    (".rept 3\n.space 0x6000000\n.endr\n", 2, 8),      # each fits, together they do not
    (".bss\n.org 0x20000000\n", 2, 6),
])
def test_huge_sections_are_an_error_not_an_allocation(source, line, col):
    found = errors_of(source)
    assert found[0][:2] == (line, col), found
    assert "would grow to" in found[0][2] or "too large" in found[0][2]


def _toyos_as(tmp_path, *argv):
    return subprocess.run([sys.executable, "-m", "vm.cli", "as", *argv, "-o", str(tmp_path / "out.elf")],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("flags, source, message", [
    (["--base", "0x123456789"], "nop\n", "argument --base: address 0x123456789 does not fit in 32 bits"),
    (["--base", "-4"], "nop\n", "argument --base: address -4 does not fit in 32 bits"),
    (["--base", "zz"], "nop\n", "argument --base: 'zz' is not an address"),
    (["--section-start", "foo"], "nop\n", "argument --section-start: 'foo' is not NAME=ADDR"),
    (["--base", "0xfffffffc"], "nop\nnop\n", "section .text at 0xfffffffc (0x8 bytes) wraps around"),
    ([], ".word " + "(" * 5000 + "1" + ")" * 5000 + "\n", "nested too deeply"),
])
def test_command_line_mistakes_get_one_line_not_a_traceback(tmp_path, flags, source, message):
    path = tmp_path / "p.s"
    path.write_text(source)
    result = _toyos_as(tmp_path, *flags, str(path))
    assert result.returncode in (1, 2)
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_binary_file_is_one_error(tmp_path):
    path = tmp_path / "prog.elf"
    path.write_bytes(b"\x7fELF\x01\x01\x01\0" + bytes(range(256)) * 8 + b"\n" * 40)
    result = _toyos_as(tmp_path, str(path))
    assert result.returncode == 1
    assert result.stderr == (f"{path}: error: not an assembly source: the file holds NUL bytes "
                             "(binary data?)\n1 error\n")
