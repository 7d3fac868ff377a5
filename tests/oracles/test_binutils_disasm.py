"""Oracle: asm/disasm.py prints exactly what GNU objdump -d prints.

Hypothesis draws instruction words for every row of the ISA table (random
field values, biased towards the zero registers and edge immediates that pick
objdump's aliases), GNU as places them with `.insn`, GNU ld links them at
0x80000000, and objdump's text for each word must equal ours (same symbols).
Each hypothesis example is one batch of words: one as/ld/objdump run.
"""
from __future__ import annotations

import os
import re
import tempfile

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from asm import isa
from asm.csrs import CSR_NAMES, EXTRA_CSR_NAMES
from asm.disasm import Disassembler, SymbolTable
from asm.elfread import read_elf
from tests.oracles.binutils import (TEXT_BASE, gnu_assemble, gnu_link,
                                    objdump_d)

_LINE = re.compile(r"^\s*([0-9a-f]+):\t([0-9a-f]+)\s*\t(.*)$")
_FIELDS = {"rd": 0x1F << 7, "rs1": 0x1F << 15, "rs2": 0x1F << 20}


def objdump_words(words: list[int], tmpdir: str) -> tuple[list[str], str]:
    """objdump's text for each word, and the linked ELF they came from."""
    source = "    .globl _start\n_start:\n" + "".join(f"    .insn 0x{w:08x}\n" for w in words)
    elf = gnu_link([gnu_assemble(source, tmpdir)], os.path.join(tmpdir, "w.elf"))
    texts = {}
    for line in objdump_d(elf).splitlines():
        m = _LINE.match(line)
        if m:
            texts[int(m.group(1), 16)] = m.group(3)
    return [texts.get(TEXT_BASE + 4 * i, "<missing>") for i in range(len(words))], elf


def ours(words: list[int], elf: str) -> list[str]:
    binary = read_elf(elf)
    text_index = next(i for i, s in enumerate(binary.sections) if s.name == ".text")
    dis = Disassembler(SymbolTable(binary.symbol_list), section=text_index)
    return [dis.disassemble(w, TEXT_BASE + 4 * i) for i, w in enumerate(words)]


def assert_same_text(words: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        theirs, elf = objdump_words(words, tmp)
        mine = ours(words, elf)
    bad = [f"{TEXT_BASE + 4 * i:x}: {w:08x}  objdump: {t!r}  ours: {m!r}"
           for i, (w, t, m) in enumerate(zip(words, theirs, mine)) if t != m]
    assert not bad, f"{len(bad)} of {len(words)} words differ:\n" + "\n".join(bad[:40])


@st.composite
def row_words(draw, rows=isa.INSTRUCTIONS):
    """A word that decodes to a random row; fields often zero or ra/gp/tp."""
    row = draw(st.sampled_from(rows))
    word = row.match | (draw(st.integers(0, 0xFFFFFFFF)) & ~row.mask)
    for field, mask in _FIELDS.items():
        if mask & row.mask:
            continue
        special = draw(st.sampled_from((None, None, 0, 1, 3, 4)))
        if special is not None:
            word = (word & ~mask) | (special << (mask.bit_length() - 5)) & mask
    if draw(st.booleans()):                       # edge immediates: 0, 1, -1 and neighbours
        imm = draw(st.sampled_from((0, 1, -1, 2047, -2048, 0xFF, 0x7FF, 0xC00)))
        word = (word & ~(0xFFF << 20)) | ((imm & 0xFFF) << 20)
        if isa.decode(word) is not row:
            word = row.match | (word & ~row.mask)
    return word


# No shrinking: a failing batch already lists every word that differs.
@settings(max_examples=12, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(st.lists(row_words(), min_size=200, max_size=200))
def test_every_row_matches_objdump(words):
    assert_same_text(words)


# Words objdump 2.40 names although they are no RV32 instruction, so toyos
# (whose CPU traps on them) prints `.4byte`: RV64 shifts by 32..63 and the
# retired `uret`, debug-mode `dret` and priv-1.9 `sfence.vm`.
OBJDUMP_ONLY = ("sll", "srl", "sra", "uret", "dret", "sfence.vm")


def _four_byte_length(word: int) -> int:
    """Make `word` one that objdump reads as a 4-byte instruction (low bits 11, not x11111)."""
    word |= 3
    return word & ~0x10 if word & 0x1F == 0x1F else word


@settings(max_examples=5, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(st.lists(st.integers(0, 0xFFFFFFFF).map(_four_byte_length), min_size=2000, max_size=2000))
def test_arbitrary_words_match_objdump(words):
    """Any 32-bit-length word, valid or not: `.4byte` exactly where objdump has no name."""
    with tempfile.TemporaryDirectory() as tmp:
        theirs, elf = objdump_words(words, tmp)
        mine = ours(words, elf)
    bad = [f"{w:08x}  objdump: {t!r}  ours: {m!r}" for w, t, m in zip(words, theirs, mine)
           if t != m and not (m.startswith(".4byte") and isa.decode(w) is None
                              and t.split("\t")[0] in OBJDUMP_ONLY)]
    assert not bad, "\n".join(bad[:40])


def test_all_rows_with_zero_and_full_fields():
    """Each row with its free bits all clear and all set, plus a lui/auipc chain."""
    words = []
    for row in isa.INSTRUCTIONS:
        words += [row.match, row.match | (0xFFFFFFFF & ~row.mask)]
    assert_same_text(words)


def test_every_csr_number_matches_objdump():
    """All 4096 CSR numbers: csrr, csrw and csrrsi spell them like objdump."""
    csrrs, csrrw, csrrsi = (isa.BY_NAME[n].match for n in ("csrrs", "csrrw", "csrrsi"))
    words = []
    for csr in range(4096):
        words += [csrrs | csr << 20 | 10 << 7, csrrw | csr << 20 | 11 << 15, csrrsi | csr << 20 | 5 << 7 | 7 << 15]
    assert_same_text(words)
    assert len(CSR_NAMES) + len(EXTRA_CSR_NAMES) > 400


def test_address_comments_follow_lui_and_auipc():
    """objdump's register tracking: lui/auipc then addi/jalr/load/store get `# address`."""
    lui, auipc, addi, jalr, lw, sw, add = (isa.BY_NAME[n].match for n in ("lui", "auipc", "addi", "jalr", "lw", "sw", "add"))
    a0, a1, gp, tp = 10 << 7, 11 << 7, 3 << 7, 4 << 7
    words = [
        auipc | a0 | 1 << 12, add | a0 | 10 << 15 | 11 << 20, addi | a0 | 10 << 15 | isa.pack_i(4),
        lui | a0 | 0x80000 << 12, addi | a1 | 10 << 15 | isa.pack_i(-4), addi | a1 | 10 << 15 | isa.pack_i(8),
        lui | a0 | 1 << 12, lw | a1 | 10 << 15 | isa.pack_i(4), lw | a1 | 10 << 15 | isa.pack_i(4),
        auipc | (1 << 7), jalr | (1 << 7) | (1 << 15) | isa.pack_i(-8),
        lui | a0 | 0x80000 << 12, sw | 10 << 15 | 11 << 20 | isa.pack_s(-2048),
        addi | a0 | (3 << 15) | isa.pack_i(16), addi | a0 | (4 << 15) | isa.pack_i(16), lw | a0 | isa.pack_i(-16),
        jalr | isa.pack_i(2047), lui | gp | 0x12345 << 12, lui | tp | 0x1 << 12,
    ]
    assert_same_text(words)
