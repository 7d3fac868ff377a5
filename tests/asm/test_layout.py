"""Every .s file of the tree has the one layout of asm/layout.py, and laying
a file out never changes what it assembles to."""
from __future__ import annotations

from pathlib import Path

import pytest

from asm import layout
from asm.assembler import assemble_text

ROOT = Path(__file__).resolve().parents[2]
EXCLUDED_DIRS = {".venv", "build", ".git", "node_modules"}
SOURCES = sorted(p for p in ROOT.rglob("*.s") if not EXCLUDED_DIRS & set(p.relative_to(ROOT).parts))


def test_every_source_file_is_laid_out():
    assert len(SOURCES) > 40
    bad = [str(p.relative_to(ROOT)) for p in SOURCES if layout.layout(p.read_text()) != p.read_text()]
    assert not bad, "not laid out (run python3 -m asm.layout on them): " + ", ".join(bad)


MESSY = """\
# a comment line stays
start:  addi sp,sp,-16   # frame
1: sw   ra ,12(sp)
    li a0,','            # a comma character
                         # this comment continues the one above
    la a1,msg
.Lnext:     # a label's comment
    lw t0, %lo(msg) + 4(a1)
    li a2, '#'
    ret ; nop
.section .rodata
msg: .asciz "a, b # not a comment"
"""

LAID_OUT = """\
# a comment line stays
start: addi    sp, sp, -16          # frame
1:  sw      ra, 12(sp)
    li      a0, ','                 # a comma character
                                    # this comment continues the one above
    la      a1, msg
.Lnext:                             # a label's comment
    lw      t0, %lo(msg) + 4(a1)
    li      a2, '#'
    ret ; nop
.section .rodata
msg: .asciz "a, b # not a comment"
"""


def test_layout_of_a_messy_file():
    assert layout.layout(MESSY) == LAID_OUT
    assert layout.layout(LAID_OUT) == LAID_OUT


def test_layout_keeps_the_bytes():
    before = assemble_text(MESSY, "t.s")
    after = assemble_text(layout.layout(MESSY), "t.s")
    for section in before.sections:
        assert after.section(section.name).data == section.data


def test_check_lists_what_is_not_laid_out(tmp_path, capsys):
    messy, tidy = tmp_path / "messy.s", tmp_path / "tidy.s"
    messy.write_text(MESSY)
    tidy.write_text(LAID_OUT)
    assert layout.main(["--check", str(messy), str(tidy)]) == 1
    assert capsys.readouterr().out == f"not laid out: {messy}\n"
    assert layout.main([str(messy)]) == 0
    assert messy.read_text() == LAID_OUT


def test_unreadable_file_is_one_line(tmp_path, capsys):
    assert layout.main([str(tmp_path / "missing.s")]) == 2
    assert "missing.s" in capsys.readouterr().err


@pytest.mark.parametrize("path", SOURCES[:3], ids=lambda p: p.name)
def test_layout_is_a_fixed_point(path):
    once = layout.layout(path.read_text())
    assert layout.layout(once) == once
