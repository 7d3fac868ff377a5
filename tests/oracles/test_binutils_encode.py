"""Oracle: toyos as encodes exactly what GNU as + ld encode.

Hypothesis writes batches of source lines: every ISA row with random registers
(x- and ABI names), immediates over their whole range with the edges drawn
often, every CSR name in asm/csrs.py, fence sets and aq/rl variants; and every
pseudo-instruction GNU has (li with any 32-bit value, la/lla/call/tail and
`lw rd, sym` against labels, branch pseudo-ops, CSR pseudo-ops, ...).  One
batch is one GNU as/ld run, so the cost stays low; the .text and .data bytes
must be equal, word for word.
"""
from __future__ import annotations

import os
import tempfile

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from asm import isa
from asm.csrs import CSR_NUMBERS
from asm.registers import ABI_NAMES
from tests.oracle_tools import GNU_AS, need_tool
from tests.oracles.binutils import assert_like_gnu

REGISTERS = [f"x{n}" for n in range(32)] + list(ABI_NAMES) + ["fp"]
FENCE_SETS = [s for s in ("".join(c for c, bit in zip("iorw", (8, 4, 2, 1)) if n & bit) for n in range(1, 16))]
DATA_LABELS = ("D0", "D1", "D2")
TEXT_SYMBOLS = ("_start", "func", "L0")
# Edge values drawn often, next to uniform ones.
LI_EDGES = (0, 1, -1, 2047, 2048, -2048, -2049, 0x7FF, 0x800, 0xFFF, 0x1000, 0x7FFFF800, 0x7FFFFFFF,
            -0x80000000, 0x80000000, 0xFFFFFFFF, 0xFFFFF800, 0xFFFFF000, 0x12345678, 0x800007FF)

reg = st.sampled_from(REGISTERS)


def number(lo: int, hi: int, edges=()) -> st.SearchStrategy[str]:
    """An integer in [lo, hi], written in decimal or hex (GNU accepts both)."""
    values = st.one_of(st.integers(lo, hi), st.sampled_from(sorted({lo, hi, 0, *edges} & set(range(lo, hi + 1)))
                                                              if hi - lo < 1 << 16 else [lo, hi, 0, *edges]))
    return st.tuples(values, st.booleans()).map(
        lambda t: (f"-0x{-t[0]:x}" if t[0] < 0 else f"0x{t[0]:x}") if t[1] else str(t[0]))


def even_offset(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from((lo, hi, 0, 2, -2, 4)), st.integers(lo // 2, hi // 2).map(lambda n: 2 * n)) \
        .map(lambda n: f". + {n}" if n >= 0 else f". - {-n}")


def target(kind: str, nlabels: int) -> st.SearchStrategy[str]:
    lo, hi = isa.IMM_RANGES[kind]
    return st.one_of(st.integers(0, nlabels - 1).map(lambda i: f"L{i}"), even_offset(lo, hi))


csr = st.one_of(st.sampled_from(sorted(CSR_NUMBERS)), number(0, 0xFFF))


def operand(kind: str, nlabels: int) -> st.SearchStrategy[str]:
    if kind in ("rd", "rs1", "rs2"):
        return reg
    if kind == "imm_i":
        return number(-2048, 2047, (1, -1))
    if kind in ("mem_i", "mem_s"):
        return st.tuples(st.one_of(number(-2048, 2047), st.just("")), reg).map(lambda t: f"{t[0]}({t[1]})")
    if kind == "amo_addr":
        return st.tuples(st.sampled_from(("", "0")), reg).map(lambda t: f"{t[0]}({t[1]})")
    if kind in ("branch", "jump"):
        return target(kind, nlabels)
    if kind == "imm_u":
        return number(0, 0xFFFFF, (0x80000, 0x7FFFF, 1))
    if kind in ("shamt", "zimm"):
        return number(0, 31)
    if kind == "csr":
        return csr
    if kind in ("pred", "succ"):
        return st.sampled_from(FENCE_SETS)
    raise AssertionError(kind)


def isa_line(row: isa.Insn, nlabels: int) -> st.SearchStrategy[str]:
    if not row.operands:
        return st.just(row.name)
    return st.tuples(*(operand(k, nlabels) for k in row.operands)).map(
        lambda ops: f"{row.name} {', '.join(ops)}")


def pseudo_lines(nlabels: int) -> list[st.SearchStrategy[str]]:
    label = st.integers(0, nlabels - 1).map(lambda i: f"L{i}")
    data = st.sampled_from(DATA_LABELS)
    anywhere = st.sampled_from(DATA_LABELS + TEXT_SYMBOLS)
    li_value = st.one_of(st.integers(-0x80000000, 0xFFFFFFFF), st.sampled_from(LI_EDGES),
                         st.integers(-4096, 4096))
    two = lambda name: st.tuples(reg, reg).map(lambda t: f"{name} {t[0]}, {t[1]}")  # noqa: E731
    lines = [
        st.just("nop"), st.just("ret"), st.just("fence"),
        st.tuples(reg, li_value, st.booleans()).map(
            lambda t: f"li {t[0]}, {hex(t[1]) if t[2] and t[1] >= 0 else t[1]}"),
        st.tuples(st.sampled_from(("la", "lla")), reg, anywhere).map(lambda t: f"{t[0]} {t[1]}, {t[2]}"),
        *(two(n) for n in ("mv", "not", "neg", "seqz", "snez", "sltz", "sgtz")),
        st.tuples(st.sampled_from(("beqz", "bnez", "blez", "bgez", "bltz", "bgtz")), reg, label).map(
            lambda t: f"{t[0]} {t[1]}, {t[2]}"),
        st.tuples(st.sampled_from(("bgt", "ble", "bgtu", "bleu")), reg, reg, label).map(
            lambda t: f"{t[0]} {t[1]}, {t[2]}, {t[3]}"),
        st.tuples(st.sampled_from(("j", "jal")), label).map(lambda t: f"{t[0]} {t[1]}"),
        st.tuples(st.sampled_from(("jr", "jalr")), reg).map(lambda t: f"{t[0]} {t[1]}"),
        st.tuples(st.sampled_from(("call", "tail")), st.sampled_from(TEXT_SYMBOLS)).map(lambda t: f"{t[0]} {t[1]}"),
        st.tuples(reg, csr).map(lambda t: f"csrr {t[0]}, {t[1]}"),
        st.tuples(st.sampled_from(("csrw", "csrs", "csrc")), csr, reg).map(lambda t: f"{t[0]} {t[1]}, {t[2]}"),
        st.tuples(st.sampled_from(("csrwi", "csrsi", "csrci")), csr, number(0, 31)).map(
            lambda t: f"{t[0]} {t[1]}, {t[2]}"),
        st.tuples(st.sampled_from(("rdcycle", "rdtime", "rdinstret", "rdcycleh", "rdtimeh", "rdinstreth")),
                  reg).map(lambda t: f"{t[0]} {t[1]}"),
        st.tuples(st.sampled_from(("lb", "lh", "lw", "lbu", "lhu")), reg, data).map(
            lambda t: f"{t[0]} {t[1]}, {t[2]}"),
        st.tuples(st.sampled_from(("sb", "sh", "sw")), reg, data, reg.filter(lambda r: r not in ("x0", "zero"))).map(
            lambda t: f"{t[0]} {t[1]}, {t[2]}, {t[3]}"),
        # relocation operators and symbol arithmetic
        st.tuples(reg, data).map(lambda t: f"lui {t[0]}, %hi({t[1]})"),
        st.tuples(reg, reg, data).map(lambda t: f"addi {t[0]}, {t[1]}, %lo({t[2]})"),
        st.tuples(st.sampled_from(("lw", "lbu", "sw", "sh")), reg, data, reg).map(
            lambda t: f"{t[0]} {t[1]}, %lo({t[2]})({t[3]})"),
        st.tuples(reg, reg, anywhere).map(
            lambda t: f"1: auipc {t[0]}, %pcrel_hi({t[2]})\n    addi {t[1]}, {t[0]}, %pcrel_lo(1b)"),
        st.tuples(reg, reg, data).map(
            lambda t: f"2: auipc {t[0]}, %pcrel_hi({t[2]})\n    lw {t[1]}, %pcrel_lo(2b)({t[0]})"),
        st.tuples(st.sampled_from(("la", "lw")), reg, data, st.integers(-64, 64)).map(
            lambda t: f"{t[0]} {t[1]}, {t[2]} {'+' if t[3] >= 0 else '-'} {abs(t[3])}"),
        st.tuples(reg, st.sampled_from(("'A'", "'z'", "'0'", "' '", "'\\n'", "'\\\\'"))).map(
            lambda t: f"li {t[0]}, {t[1]}"),
        st.tuples(reg, expression()).map(lambda t: f"li {t[0]}, ({t[1]}) & 0x7fffffff"),
        st.tuples(reg, reg, expression()).map(lambda t: f"addi {t[0]}, {t[1]}, (({t[2]}) & 0x7ff) - 1024"),
    ]
    return lines


def expression(depth: int = 3) -> st.SearchStrategy[str]:
    """Integer expressions with GNU as's operators (and its precedence, which is not C's)."""
    leaf = st.one_of(st.integers(0, 300).map(str), st.integers(0, 0xFFFF).map(hex),
                     st.sampled_from(("'a'", "(-5)")))
    binary_ops = ("+", "-", "*", "<<", ">>", "&", "|", "^", "&&", "||", "==", "!=", "<", ">", "<=", ">=", "<>")

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(binary_ops), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            st.tuples(inner, st.sampled_from(("/", "%")), inner).map(lambda t: f"{t[0]} {t[1]} (({t[2]}) | 1)"),
            st.tuples(inner, st.sampled_from(("<<", ">>")), st.integers(0, 31)).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            st.tuples(st.sampled_from(("-", "~", "!", "+")), inner).map(lambda t: f"{t[0]}({t[1]})"),
            inner.map(lambda e: f"({e})"),
        )
    return st.recursive(leaf, extend, max_leaves=8)


def directive_lines() -> list[st.SearchStrategy[str]]:
    """Data directives, alignment, symbols, macros and conditionals (for the .data batch)."""
    def values(lo, hi):
        return st.lists(number(lo, hi), min_size=1, max_size=4).map(", ".join)
    text = st.text(st.sampled_from("abcXYZ 019_-,;#:'"), max_size=12)
    escaped = st.lists(st.one_of(text, st.sampled_from(("\\n", "\\t", "\\\\", '\\"', "\\001", "\\x41", "\\177"))),
                       max_size=4).map("".join)
    symbolic = st.sampled_from(("D0", "D2 + 4", "func", "_start + 8", "L3 - L1", "D2 - D0", "L9", "EQ1", "EQ1 * 2"))
    return [
        st.tuples(st.sampled_from((".byte",)), values(-128, 255)).map(" ".join),
        st.tuples(st.sampled_from((".half", ".short", ".2byte")), values(-32768, 65535)).map(" ".join),
        st.tuples(st.sampled_from((".word", ".long", ".4byte")), values(-0x80000000, 0xFFFFFFFF)).map(" ".join),
        st.tuples(st.sampled_from((".word", ".4byte")), symbolic).map(" ".join),
        st.tuples(st.sampled_from((".ascii", ".asciz", ".string")), escaped).map(lambda t: f'{t[0]} "{t[1]}"'),
        st.tuples(st.sampled_from((".zero", ".space")), st.integers(0, 40)).map(lambda t: f"{t[0]} {t[1]}"),
        st.tuples(st.integers(0, 20), st.integers(0, 255)).map(lambda t: f".space {t[0]}, {t[1]}"),
        st.tuples(st.integers(0, 5), st.sampled_from((1, 2, 4)), number(-1000, 0xFFFF)).map(
            lambda t: f".fill {t[0]}, {t[1]}, {t[2]}"),
        st.tuples(st.sampled_from((".align", ".p2align")), st.integers(0, 4)).map(lambda t: f"{t[0]} {t[1]}"),
        st.sampled_from((1, 2, 4, 8, 16)).map(lambda n: f".balign {n}"),
        st.integers(0, 255).map(lambda n: f".rept 3\n    .byte {n}\n    .endr"),
        st.just(".irp v, 1, 2, 3\n    .half \\v * 3\n    .endr"),
        st.tuples(st.integers(0, 99), st.integers(0, 99)).map(
            lambda t: f".if {t[0]} > {t[1]}\n    .byte {t[0]}\n    .else\n    .byte {t[1]}\n    .endif"),
        st.sampled_from((".ifdef EQ1\n    .byte 1\n    .endif", ".ifndef NOPE\n    .byte 2\n    .endif")),
        st.tuples(st.integers(0, 255), st.booleans()).map(
            lambda t: f"pair {t[0]}" if t[1] else f"pair {t[0]}, {t[0] ^ 0x55}"),
    ]


DIRECTIVE_PROLOGUE = """    .equ EQ1, 0x1234
    .set EQ2, EQ1 + 1
    EQ3 = EQ2 * 2
    .macro pair a, b=7
    .byte \\a, \\b
    .word \\@
    .endm
"""


NLABELS = 50


def batch_source(lines: list[str]) -> str:
    body = "".join(f"L{i}: {line}\n" for i, line in enumerate(lines))
    return (f"    .text\n    .globl _start\n_start:\n{body}"
            "    .globl func\nfunc:\n    ret\n"
            "    .data\nD0: .word 1\nD1: .zero 100\nD2: .word 2\n")


def assert_same_bytes(source: str, code_alignment: bool = False) -> None:
    from asm.assembler import assemble_text
    assert_like_gnu(assemble_text(source, filename="batch.s"), {"batch.s": source},
                    code_alignment=code_alignment)


any_isa_line = st.one_of(*(isa_line(row, NLABELS) for row in isa.INSTRUCTIONS))
any_pseudo_line = st.one_of(*pseudo_lines(NLABELS))

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)   # a failing batch lists every differing word


@settings(max_examples=15, deadline=None, phases=NO_SHRINK)
@given(st.lists(any_isa_line, min_size=NLABELS, max_size=NLABELS))
def test_isa_rows_encode_like_gnu(lines):
    need_tool(GNU_AS)
    assert_same_bytes(batch_source(lines))


@settings(max_examples=15, deadline=None, phases=NO_SHRINK)
@given(st.lists(any_pseudo_line, min_size=NLABELS, max_size=NLABELS))
def test_pseudo_instructions_encode_like_gnu(lines):
    need_tool(GNU_AS)
    assert_same_bytes(batch_source(lines))


@settings(max_examples=15, deadline=None, phases=NO_SHRINK)
@given(st.lists(st.one_of(*directive_lines()), min_size=40, max_size=40),
       st.lists(st.sampled_from((".align 2", ".p2align 3", ".balign 8", ".balign 16", "nop", ".align 4")),
                max_size=4))
def test_directives_encode_like_gnu(data_lines, text_alignment):
    """.data gets random directives; .text gets alignment padding (GNU pads code with nops)."""
    need_tool(GNU_AS)
    text = [f"addi a0, a0, {i}" for i in range(NLABELS)]
    for i, line in enumerate(text_alignment):
        text.insert(7 * i + 3, line)
    source = batch_source(text).replace("    .data\n", "    .data\n" + DIRECTIVE_PROLOGUE
                                        + "".join(f"    {line}\n" for line in data_lines), 1)
    assert_same_bytes(source, code_alignment=bool(text_alignment))


def test_every_row_and_csr_name_once():
    """Deterministic sweep: each ISA row with its first operands, and every CSR name."""
    need_tool(GNU_AS)
    lines = []
    for row in isa.INSTRUCTIONS:
        ops = {"rd": "a0", "rs1": "a1", "rs2": "a2", "imm_i": "-1", "mem_i": "-4(sp)", "mem_s": "8(sp)",
               "amo_addr": "(a3)", "branch": "L0", "jump": "L1", "imm_u": "0xfffff", "shamt": "31",
               "csr": "mstatus", "zimm": "31", "pred": "iorw", "succ": "rw"}
        lines.append(f"{row.name} {', '.join(ops[k] for k in row.operands)}".strip())
    lines += [f"csrrs t0, {name}, t1" for name in sorted(CSR_NUMBERS)]
    assert_same_bytes(batch_source(lines))


def test_li_edges():
    need_tool(GNU_AS)
    assert_same_bytes(batch_source([f"li a{i % 8}, {v}" for i, v in enumerate(LI_EDGES)]))


MULTI_FILE = {
    "a.s": """    .globl _start, shared
    .text
_start:
    call helper            # defined in b.s
    la a0, table           # data in b.s
    lw a1, counter
    tail local             # each file has its own `local`
local:
1:  addi a1, a1, -1
    bnez a1, 1b
    j 1f
1:  ret
    .data
shared: .word local, helper, table + 4
""",
    "b.s": """    .globl helper, table, counter
    .text
helper:
    la t0, shared
    lw t1, 0(t0)
    jr t1
local:
    ret
    .section .rodata
table: .half 1, 2, 3
    .align 2
    .data
counter: .word 3
""",
}


def test_files_link_like_gnu():
    """Several files: globals shared, locals and numeric labels per file, sections merged in order."""
    need_tool(GNU_AS)
    from asm.assembler import assemble_files
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, text in MULTI_FILE.items():
            paths.append(os.path.join(tmp, name))
            with open(paths[-1], "w") as f:
                f.write(text)
        assert_like_gnu(assemble_files(paths), paths)


def test_branch_and_jump_reach_edges():
    """Targets at the very ends of the B and J ranges stay single instructions, as with GNU."""
    need_tool(GNU_AS)
    lines = ["beq a0, a1, . + 4094", "bne a0, a1, . + 4092", "blt a0, a1, . - 4096", "bgeu a0, a1, . - 4094",
             "jal . + 1048574", "jal ra, . - 1048576", "beq a0, a1, far", ".space 4086", "far: nop"]
    assert_same_bytes(batch_source(lines))
