# Trap benchmark: U-mode makes ecalls in a loop; an S-mode handler (ecalls from U
# delegated) saves and restores a few registers through sscratch, reads
# scause/sepc, steps sepc and srets - the shape of a kernel's syscall path.
    .include "abi.inc"                # the board's addresses (kernel/abi.toml [board])
    .equ CALLS, 200000
    .globl _start
_start:
    la      t0, m_trap
    csrw    mtvec, t0
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, 0x1f
    csrw    pmpcfg0, t0
    li      t0, 1 << 8              # delegate ecall from U to S
    csrw    medeleg, t0
    la      t0, s_trap
    csrw    stvec, t0
    la      t0, s_stack_top
    csrw    sscratch, t0
    li      t0, 0x1800              # MPP = U, straight to user code (satp bare)
    csrc    mstatus, t0
    la      t0, user_main
    csrw    mepc, t0
    mret

user_main:
    li      s0, CALLS
1:  li      a7, 1
    ecall
    addi    s0, s0, -1
    bnez    s0, 1b
    li      a7, 2
    ecall

    .align 2
s_trap:
    csrrw   sp, sscratch, sp
    sw      t0, -4(sp)
    sw      t1, -8(sp)
    csrr    t0, scause
    csrr    t1, sepc
    addi    t1, t1, 4
    csrw    sepc, t1
    li      t0, 2
    beq     a7, t0, 2f
    lw      t1, -8(sp)
    lw      t0, -4(sp)
    csrrw   sp, sscratch, sp
    sret
2:  ecall                           # from S: to M, which powers off

    .align 2
m_trap:
    .globl bench_end
bench_end:
    li      t0, SIFIVE_TEST_BASE
    li      t1, 0x5555
    sw      t1, 0(t0)
3:  j       3b

    .data
    .align 4
    .space 256
s_stack_top:
