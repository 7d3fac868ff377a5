# userland/lib/instret.s — whether rdinstret counts instructions here.
#
# toyos's machine counts every retired instruction, so pingpong and
# sysbench can print instructions per operation. QEMU without -icount
# answers rdinstret with host time, which makes such a figure meaningless;
# those programs ask instret_is_exact first and print no figure then.

    .text

    .equ TRIES, 4                   # an interrupt inside a loop adds to it: retry

# instret_is_exact() -> a0 = 1 if two timed loops (16 and 256 rounds of 2
# instructions) each read exactly the instructions they ran, in one of
# TRIES attempts; else 0. Called by anyone. Clobbers a0, t0-t4.
    .globl instret_is_exact
instret_is_exact:
    li      t4, TRIES
1:  li      t3, 16                  # rounds of this loop
2:  mv      t1, t3
    rdinstret t0
3:  addi    t1, t1, -1
    bnez    t1, 3b
    rdinstret a0
    sub     a0, a0, t0              # the loop, then this rdinstret
    slli    t2, t3, 1
    addi    t2, t2, 1
    bne     a0, t2, 4f
    li      t2, 256
    slli    t3, t3, 4
    ble     t3, t2, 2b
    li      a0, 1
    ret
4:  addi    t4, t4, -1
    bnez    t4, 1b
    li      a0, 0
    ret
