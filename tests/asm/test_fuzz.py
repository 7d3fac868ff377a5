"""Fuzz: garbage and near-miss lines give only AsmError, each diagnostic on the
line that holds the mistake, with a column inside that line."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from asm.assembler import assemble_text
from asm.errors import AsmError

GOOD = ["target: ret", "nop", "addi a0, a1, 1", "lw t0, 4(sp)", "la a0, target", "j target", ".word 1, 2",
        "li a0, 0x1234", "csrr a0, mstatus"]
PIECES = ["addi", "a0", "x32", ",", "(", ")", "%hi", "%lo(", "0x", "1f", "'", '"', "\\", ".macro",
          ".endm", ".if", ".endif", ".rept", "=", "+", "<<", "9999999999999", "-", ":", ";",
          ".word", ".section", "lw", "sp", "@", "#", "/*", "*/", "fence", "iorw", ".align 40",
          ".include", "csrw", "mstatu", "beq", "target", ".equ", "\t", " "]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, len(GOOD)), st.lists(st.sampled_from(PIECES), min_size=1, max_size=8),
       st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=12))
def test_bad_lines_give_only_asm_errors_at_their_line(position, pieces, noise):
    bad = " ".join(pieces) + noise     # after `target:`, so it cannot hide its definition
    lines = GOOD[:position] + [bad] + GOOD[position:]
    source = "\n".join(lines) + "\n"
    try:
        assemble_text(source, "f.s")
    except AsmError as exc:
        bad_line = position + 1
        for d in exc.diagnostics:
            if d.severity != "error":
                continue
            assert d.filename == "f.s"
            # A mistake may surface at the bad line, or (an unclosed .if/.macro/
            # comment swallowing later lines) be reported where it was opened.
            assert d.line >= bad_line or d.line == 0, (source, d)
            if d.line:
                shown = source.split("\n")[d.line - 1]
                assert 1 <= d.col <= len(shown) + 1, (source, d)
