"""Oracle: toyos and GNU as + ld give the same bytes for pseudo-instructions,
expressions, directives, alignment and branch relaxation.  Every .s file of the
repository is compared by tests/oracles/test_binutils_sources.py."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from asm.assembler import assemble_files
from tests.oracles.binutils import assert_like_gnu


def assert_same(source: str, files: dict | None = None):
    files = files or {"t.s": source}
    names = list(files)
    assert_like_gnu(assemble_files(names, _texts=[files[n] for n in names]), files)


PSEUDO = """
.text
.globl _start
_start:
    nop
    mv a0, a1
    not t0, t1
    neg s0, s1
    seqz a2, a3
    snez a4, a5
    sltz a6, a7
    sgtz t3, t4
    li a0, 0
    li a0, 2047
    li a0, -2048
    li a0, 2048
    li a0, 0x12345678
    li a0, 0x7ffff800
    li a0, 0xffffffff
    li a0, 0x80000000
    li a0, -2049
    la a0, data_word
    lla a1, data_word
    lw a2, data_word
    lbu a3, data_word
    sw a2, data_word, t0
    sb a2, data_word, t1
    call _start
    call t0, _start
    tail _start
    jump _start, t2
    j _start
    jal _start
    jal ra, _start
    jr a0
    jalr a0
    jalr t0, a1
    jalr t0, 4(a1)
    ret
1:  beqz a0, 1b
    bnez a0, 1b
    blez a0, 1b
    bgez a0, 1b
    bltz a0, 1b
    bgtz a0, 1b
    bgt a0, a1, 1b
    ble a0, a1, 1b
    bgtu a0, a1, 1b
    bleu a0, a1, 1f
1:  csrr a0, mstatus
    csrw mtvec, a0
    csrs mie, a1
    csrc mip, a2
    csrwi sscratch, 5
    csrsi sstatus, 2
    csrci sie, 31
    csrw mstatus, 8
    csrrw a0, satp, 3
    rdcycle a0
    rdtime a1
    rdinstret a2
    rdcycleh a3
    rdtimeh a4
    rdinstreth a5
    csrr t0, stimecmp
    csrr t0, pmpaddr3
    fence
    fence rw, w
    fence.i
    fence.tso
    sfence.vma
    sfence.vma a0
    sfence.vma a0, a1
    ecall
    ebreak
    mret
    sret
    wfi
    unimp
    add a0, a0, 5
    and a0, a0, 3
    sll a0, a0, 3
    lr.w a0, (a1)
    lr.w.aq a0, (a1)
    sc.w.rl a0, a2, (a1)
    amoadd.w.aqrl a0, a2, 0(a1)
    amoswap.w a0, a2, (a1)
    lui a0, %hi(data_word)
    addi a0, a0, %lo(data_word)
    lw a1, %lo(data_word)(a0)
2:  auipc a0, %pcrel_hi(data_word)
    addi a0, a0, %pcrel_lo(2b)
.data
data_word: .word 0x11223344
"""


def test_pseudo_instructions_match_gnu():
    assert_same(PSEUDO)


def test_expressions_use_gnu_precedence():
    assert_same(""".text
    .word 1 + 2 << 3, 4 < 5, 3 && 4, 2 - 1 - 1, 7 / 2, -7 / 2, -7 % 2, 1 ! 2
    .word 010, 0b101, 0x1F, 'a', '\\n', 2*3+4*5, 1|2+3, 10-2-3, 1<<2<<3, ~0, -(3), !0
    .word (1 + 2) << 3, 6 & 3 ^ 1, 5 >= 5, 5 <> 4, 1 == 2 || 3 == 3
    .equ K, 12
    .set L, K * 2 + 1
    M = L - 3
    .word K, L, M, end - start
start: .byte 1, 2, 3
end:
""")


def test_data_directives_match_gnu():
    assert_same(""".data
    .byte 1, -1, 255, 'z'
    .half 0x1234, -2
    .short 7
    .2byte 8
    .word 0xdeadbeef, -1
    .long 3
    .4byte 4
    .ascii "ab\\tc\\"\\\\"
    .asciz "x\\0y\\101\\x41"
    .string "s"
    .zero 3
    .space 5, 0xaa
    .fill 3, 2, 0x1234
    .fill 2, 4, -1
    .balign 8
    .byte 9
    .p2align 3
    .byte 10
    .align 2
    .word label
label: .word label + 4
""")


@pytest.mark.parametrize("source", [
    ".text\nnop\n.align 4\nnop\n",
    ".text\nnop\nnop\nnop\nnop\n.align 4\nnop\n",
    ".text\nnop\n.byte 1\n.align 3\n.byte 2\n",
    ".text\nnop\n.byte 1\n",
    ".text\n.byte 1\n.align 2\nnop\n",
    ".option norelax\n.text\n.byte 1\n.align 3\nnop\n",
    ".text\nnop\n.balign 16\nnop\n.p2align 5\nnop\n",
])
def test_code_alignment_matches_gnu(source):
    assert_same(source)


def test_branch_relaxation_matches_gnu():
    assert_same(""".text
a:  bne a0, a1, ext_label
    bne a0, a1, a
    beq a0, a1, dat
    beqz a0, far
    bne a0, a1, far
    .space 5000
far: bne a0, a1, a
    bne a0, a1, 1f
    .space 4080
1:  nop
    .globl ext_label
ext_label: nop
.data
dat: .word 0
""")


def test_branches_near_the_limit_match_gnu():
    lines = [".text", "start:"]
    for i in range(40):
        lines += [f"    bne a0, a1, target", f"    .space {4000 + 4 * (i % 5) - 4 * 40}"]
    lines += ["target: nop", "    beq a0, a1, start"]
    assert_same("\n".join(lines[:12]) + "\n" + "\n".join(lines[-2:]) + "\n")


def test_dot_relative_branches_move_with_the_branch():
    # gas measures `. + k` from the branch itself, however the branches
    # between it and the target grow.
    assert_same(""".text
_start:
    bgeu s0, s3, . + 4094
    beq a0, a1, 1f
    beq a0, a1, ext
    nop
1:  bne a0, a1, _start + 8
    blt a0, a1, . - 4096
.data
ext: .word 0
""")


def test_multi_file_link_matches_gnu():
    assert_same("", {
        "a.s": ".text\n.globl _start\n_start: call helper\n la a0, shared\n j _start\n"
               ".align 3\n.data\nlocal: .word 1\n",
        "b.s": ".text\n.globl helper\nhelper: lw a0, shared\n ret\n.data\nlocal: .word 2\n"
               ".globl shared\nshared: .word local\n",
    })


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-(1 << 31), (1 << 32) - 1), min_size=1, max_size=20))
def test_li_matches_gnu_for_any_32_bit_value(values):
    assert_same(".text\n" + "".join(f"li a0, {v}\n" for v in values))


DATA_WIDTHS = {".byte": 1, ".half": 2, ".2byte": 2, ".short": 2, ".word": 4, ".4byte": 4, ".long": 4,
               ".int": 4, ".dword": 8, ".8byte": 8, ".quad": 8}
DOT_LABELS = ("L0", "L1", "L2", "L3")
DOT_BUDGET = 120     # bytes: every `. - L` and `L - .` then fits even a .byte


@st.composite
def dot_data(draw):
    """A section of data directives whose values use `.` (the address of the
    value being emitted), labels defined before and after their uses, and
    plain numbers; sometimes in .text, where GNU as leaves the differences
    to the linker as ADD/SUB relocation pairs."""
    def value(width):
        label = st.sampled_from(DOT_LABELS)
        forms = [st.integers(-100, 100).map(str), label.map(lambda l: f". - {l}"),
                 label.map(lambda l: f"{l} - ."),
                 st.tuples(label, st.integers(0, 7)).map(lambda t: f". - {t[0]} + {t[1]}")]
        if width == 4:
            forms += [st.just("."), label]      # absolute addresses: R_RISCV_32
        return st.one_of(*forms)

    lines, size = [], 0
    for _ in range(draw(st.integers(1, 10))):
        name = draw(st.sampled_from(sorted(DATA_WIDTHS)))
        width = DATA_WIDTHS[name]
        values = draw(st.lists(value(width), min_size=1, max_size=5))
        if size + width * len(values) > DOT_BUDGET:
            break
        size += width * len(values)
        lines.append(f"    {name} {', '.join(values)}")
    places = sorted(draw(st.lists(st.integers(1, len(lines)), min_size=3, max_size=3)))
    for label, at in reversed(list(zip(DOT_LABELS[1:], places))):
        lines.insert(at, f"{label}:")
    section = draw(st.sampled_from((".data", ".text")))
    return f"    {section}\nL0:\n" + "\n".join(lines) + "\n"


def test_dot_is_the_address_of_the_value_being_emitted():
    """GNU as: `.word x, y, . - x` with x at the start gives 8 as its third word."""
    assert_same("    .data\nx:\n    .word x, x, . - x\n    .byte 1, . - x, y - .\n"
                "    .half . - x, . - x\ny:  .dword . - y, . - x\n")
    program = assemble_files(["t.s"], _texts=["x: .word x, x, . - x\n"])
    assert program.section(".text").data[8:12] == (8).to_bytes(4, "little")


@settings(max_examples=40, deadline=None)
@given(dot_data())
def test_dot_in_data_directives_matches_gnu(source):
    assert_same(source)
