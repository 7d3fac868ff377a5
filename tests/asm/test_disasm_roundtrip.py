"""Round trip: toyos as, given what asm/disasm.py prints, gives back the same word.

For every row of the ISA table, with random field values, the disassembler's
objdump-style text (aliases such as `li`, `sll a0,a0,0x3`, `csrrw a0,sstatus,1`,
`jalr a0,a1` included) is assembled again at the same address and must encode
to the original word.  Branch and jump targets, which objdump prints as
absolute addresses, are rewritten as `. + offset`.
"""
from __future__ import annotations

import re

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from asm import isa
from asm.csrs import EXTRA_CSR_NAMES
from asm.disasm import disassemble

BASE = 0x80000000
SYMBOLS = {"_start": BASE}
_TARGET = re.compile(r"\b([0-9a-f]+) <[^>]*>")
_FIELDS = (0x1F << 7, 0x1F << 15, 0x1F << 20)


def reassemblable(word: int) -> bool:
    """Words whose objdump text GNU as itself cannot read back are left out:
    fences with an empty set (`fence w,unknown`) and CSRs that only exist in
    extensions toyos lacks (EXTRA_CSR_NAMES: fflags, vstart, hstatus, ...)."""
    row = isa.decode(word)
    if row is None:
        return True
    if row.name == "fence" and ((word >> 24) & 0xF == 0 or (word >> 20) & 0xF == 0):
        return False
    return not (row.ext == "Zicsr" and (word >> 20) in EXTRA_CSR_NAMES)


def source_line(word: int, pc: int) -> str:
    text = disassemble(word, pc, SYMBOLS)
    if " # " in text:
        text = text.split(" # ")[0]
    operands_start = text.find("\t")
    if operands_start < 0:
        return text

    def relative(m: re.Match) -> str:
        offset = int(m.group(1), 16) - pc
        return f". + {offset}" if offset >= 0 else f". - {-offset}"
    return text[:operands_start] + " " + _TARGET.sub(relative, text[operands_start + 1:])


def assemble_words(lines: list[str]) -> list[int]:
    from asm.assembler import assemble_text
    program = assemble_text("".join(f"    {line}\n" for line in lines), filename="roundtrip.s", base=BASE)
    data = program.section(".text").data
    return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]


def assert_round_trip(words: list[int]) -> None:
    words = [w for w in words if reassemblable(w)]
    lines = [source_line(w, BASE + 4 * i) for i, w in enumerate(words)]
    again = assemble_words(lines)
    if len(again) != len(words):
        # Some line became more than one word: redo them one by one, each at its own pc.
        again = [assemble_words([f".org {4 * i}", line])[i] for i, line in enumerate(lines)]
    bad = [f"{w:08x} -> {line!r} -> {a:08x}" for w, line, a in zip(words, lines, again) if w != a]
    assert not bad, "round trip changed words:\n" + "\n".join(bad[:40])


@st.composite
def row_words(draw):
    row = draw(st.sampled_from(isa.INSTRUCTIONS))
    word = row.match | (draw(st.integers(0, 0xFFFFFFFF)) & ~row.mask)
    for mask in _FIELDS:                       # zero registers select objdump's aliases
        if not mask & row.mask and draw(st.integers(0, 3)) == 0:
            word &= ~mask
    return word


# No shrinking: a failing batch already lists every word that did not come back.
@settings(max_examples=40, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(st.lists(row_words(), min_size=100, max_size=100))
def test_random_words_round_trip(words):
    assert_round_trip(words)


def test_every_row_round_trips():
    """Each row with free bits clear, all set, and a mid pattern."""
    words = []
    for row in isa.INSTRUCTIONS:
        free = 0xFFFFFFFF & ~row.mask
        words += [row.match, row.match | free, row.match | (free & 0x5A5A5A5A), row.match | (free & 0xA5A5A5A5)]
    assert_round_trip(words)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 0xFFFFFFFF), st.integers(0, 0xFFFFFFFF).map(lambda a: a & ~3))
def test_any_word_disassembles_to_one_line(word, pc):
    text = disassemble(word, pc, {"_start": 0x80000000, "data": 0x80001000})
    assert text and "\n" not in text
    assert (isa.decode(word) is None) <= text.startswith(".4byte\t")
