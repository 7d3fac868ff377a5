# servers/pm/programs.s — pm.programs: which programs the boot archive holds.
# The shell's `help` and Tab completion ask it, so they name what is there
# (and nothing else).  pm itself and the services it supervises are left
# out: they are not commands to type.
.include "pm.inc"
.include "frame.inc"

.section .text
# programs(lease = buffer) -> bytes written: the names, each NUL-terminated,
# as many as fit whole.
.globl op_programs
op_programs:
    prologue ra, s1, s2, s3, s4, s5
    la      t0, archive
    lw      s1, 0(t0)               # s1 = entry header
    li      s2, 0                   # s2 = bytes written
    la      t0, msg
    lw      s3, MSG_LEASE_LEN(t0)   # s3 = room
1:  mv      a0, s1
    call    cpio_next               # a0 = name, a1 = next header
    beqz    a0, 9f
    mv      s1, a1
    mv      s4, a0
    call    not_a_command
    bnez    a0, 1b
    mv      s5, s4                  # s5 = its length with the NUL
2:  lbu     t0, 0(s5)
    addi    s5, s5, 1
    bnez    t0, 2b
    sub     s5, s5, s4
    add     t0, s2, s5
    bgtu    t0, s3, 9f              # only whole names
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    mv      a1, s2
    mv      a2, s4
    mv      a3, s5
    SYSCALL LEASE_WRITE
    bltz    a0, 9f
    add     s2, s2, s5
    j       1b
9:  la      t0, msg
    lw      a0, MSG_SENDER(t0)
    mv      a1, s2
    li      a2, 0
    li      a3, 0
    call    reply_code
    epilogue
    ret

# not_a_command(a0 = name) -> a0 nonzero for pm and the services.
# Clobbers a1, t0-t3.
not_a_command:
    mv      t3, a0
    la      a1, name_pm
    la      t2, services - SV_SIZE
    j       2f
1:  lw      a1, SV_NAME(t2)
    beqz    a1, 8f
2:  mv      a0, t3                  # compare with a1
3:  lbu     t0, 0(a0)
    lbu     t1, 0(a1)
    bne     t0, t1, 4f
    beqz    t0, 7f
    addi    a0, a0, 1
    addi    a1, a1, 1
    j       3b
4:  addi    t2, t2, SV_SIZE
    j       1b
7:  li      a0, 1
    ret
8:  li      a0, 0
    ret

.section .rodata
name_pm: .asciz "pm"
