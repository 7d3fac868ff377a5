# userland/programs/hostile.s — what a hostile program tries, one attack
# per run, each of which the system must survive (issue 13).
#
# `hostile WHAT` where WHAT is a name of attack_table.  Each attack prints
# one line `hostile: WHAT -> RESULT` with what the kernel or a server
# answered (an attack that must end the process prints nothing); the
# regression tests (tests/userland/test_hostile.py) read those lines.

    .include "abi.inc"

    .text

# main(a0 = argc, a1 = argv) -> a0 = the attack's status (2: usage).
# Called by _start. s0 = the name asked for, s1 = table cursor.
    .globl main
main:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    li      t0, 2
    blt     a0, t0, .Lhostile_usage
    lw      s0, 4(a1)
    la      s1, attack_table
1:  lw      a0, 0(s1)
    beqz    a0, .Lhostile_usage
    mv      a1, s0
    call    strcmp
    beqz    a0, 2f
    addi    s1, s1, 8
    j       1b
2:  lw      t0, 4(s1)
    jalr    t0                      # a0 = result to print
    mv      a2, a0
    mv      a1, s0
    la      a0, result_text
    call    printf
    li      a0, 0
    j       9f
.Lhostile_usage:
    la      a0, usage_text
    call    printf
    li      a0, 2
9:  lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# selfkill: thread_kill on our own (only) thread.  The process must be
# reaped as if it had exited (it used to vanish, leaking its slot).
do_selfkill:
    SYSCALL SELF
    SYSCALL THREAD_KILL
    ret                             # only if the kill failed

    .section .rodata
    .balign 4
attack_table:
    .word selfkill_name, do_selfkill
    .word 0, 0
selfkill_name:  .asciz "selfkill"
result_text:    .asciz "hostile: %s -> %d\n"
usage_text:     .asciz "usage: hostile selfkill\n"
