# Memory benchmark, U-mode under Sv32 with 4 KiB pages: copy 4 MiB from one
# buffer to another and sum the copy, ROUNDS times.  M-mode maps 16 MiB of user
# pages (4 level-0 tables), opens PMP and drops to U; the final ecall powers off.
    .include "abi.inc"                # the board's addresses (kernel/abi.toml [board])
    .equ ROUNDS, 8
    .equ RAM, RAM_BASE
    .equ BUF_WORDS, 0x100000            # 4 MiB
    .include "sv32_user.inc"
    .globl _start
_start:
    la      t0, m_trap
    csrw    mtvec, t0
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, 0x1f
    csrw    pmpcfg0, t0
    la      a0, pt_root
    la      a1, pt_l0               # four consecutive level-0 tables
    MAP_RAM_AS_USER 4               # 16 MiB of user pages
    li      t0, 0x1800
    csrc    mstatus, t0
    la      t0, user_main
    csrw    mepc, t0
    mret

user_main:
    li      s0, ROUNDS
    li      s1, 0
round:
    li      a0, RAM + 0x400000      # source: 4..8 MiB
    li      a1, RAM + 0x800000      # destination: 8..12 MiB
    li      a2, BUF_WORDS
1:  lw      t0, 0(a0)
    lw      t1, 4(a0)
    add     t0, t0, s0
    sw      t0, 0(a1)
    sw      t1, 4(a1)
    addi    a0, a0, 8
    addi    a1, a1, 8
    addi    a2, a2, -2
    bnez    a2, 1b
    li      a1, RAM + 0x800000
    li      a2, BUF_WORDS
2:  lw      t0, 0(a1)
    add     s1, s1, t0
    addi    a1, a1, 4
    addi    a2, a2, -1
    bnez    a2, 2b
    addi    s0, s0, -1
    bnez    s0, round
    ecall

    .align 2
m_trap:
    .globl bench_end
bench_end:
    li      t0, SIFIVE_TEST_BASE
    li      t1, 0x5555
    sw      t1, 0(t0)
1:  j       1b

    .data
    .align 12
pt_root:
    .space 4096
pt_l0:
    .space 4 * 4096
