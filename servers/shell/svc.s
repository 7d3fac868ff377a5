# servers/shell/svc.s — the `svc` builtin: the services pm supervises.
#
#   svc                  one line per service: name, state, generation, restarts, pid
#   svc restart NAME     start NAME again (a new generation; a held one too)
#   svc hold NAME        stop NAME and keep it stopped
#
# The shell may ask pm to restart or hold a service because it is one
# itself (DESIGN.md 4: who may do what); a program could not.

    .include "abi.inc"
    .include "frame.inc"

    .text

# pm_svc(a0 = index, a1 = action, a2 = record buffer) -> a0 = 0 or -errno.
# Clobbers caller-saved registers.
pm_svc:
    li      a7, SVCREC_SIZE
    IPC_LEASE a2, a7, LEASE_W
    mv      a3, a1
    mv      a2, a0
    li      a1, PM_SVC
    li      a0, PORT_PM
    SYSCALL CALL
    ret

# svc_complain(a0 = name): tell pm that service NAME answered the shell
# wrongly (pm.svc SVC_COMPLAIN: pm ends it and restarts it, inside its
# restart budget).  -> a0 = 0 or -errno.  Clobbers caller-saved registers.
# s0 = name, s1 = index.
    .globl svc_complain
svc_complain:
    prologue_locals SVCREC_SIZE, ra, s0, s1
    mv      s0, a0
    li      s1, 0
1:  mv      a0, s1                  # find NAME's index
    li      a1, SVC_LIST
    mv      a2, sp
    call    pm_svc
    bltz    a0, 9f
    mv      a0, sp
    mv      a1, s0
    call    strcmp
    beqz    a0, 2f
    addi    s1, s1, 1
    j       1b
2:  mv      a0, s1
    li      a1, SVC_COMPLAIN
    mv      a2, sp
    call    pm_svc
9:  epilogue
    ret

# builtin_svc(a0 = argc, a1 = argv).  Clobbers caller-saved registers.
# s0 = argc, s1 = argv, s2 = service index, s3 = action.
    .globl builtin_svc
builtin_svc:
    prologue_locals SVCREC_SIZE, ra, s0, s1, s2, s3
    mv      s0, a0
    mv      s1, a1
    li      s2, 0
    li      t0, 1
    bne     s0, t0, 4f
    la      a0, svc_header
    call    printf
1:  mv      a0, s2                  # every service, until pm says there is no more
    li      a1, SVC_LIST
    mv      a2, sp
    call    pm_svc
    bltz    a0, 9f
    la      a2, svc_held
    lw      t0, SVCREC_STATE(sp)
    bnez    t0, 2f
    la      a2, svc_up
    lw      t0, SVCREC_PID(sp)
    bnez    t0, 2f
    la      a2, svc_down            # up but not running: not started (fs without a disk)
2:  la      a0, svc_row
    mv      a1, sp
    lw      a3, SVCREC_GENERATION(sp)
    lw      a4, SVCREC_RESTARTS(sp)
    lw      a5, SVCREC_PID(sp)
    call    printf
    addi    s2, s2, 1
    j       1b
4:  li      t0, 3                   # svc restart NAME | svc hold NAME
    bne     s0, t0, 8f
    lw      a0, 4(s1)
    la      a1, svc_word_restart
    call    strcmp
    li      s3, SVC_RESTART
    beqz    a0, 5f
    lw      a0, 4(s1)
    la      a1, svc_word_hold
    call    strcmp
    li      s3, SVC_HOLD
    bnez    a0, 8f
5:  mv      a0, s2                  # find NAME's index
    li      a1, SVC_LIST
    mv      a2, sp
    call    pm_svc
    bltz    a0, 7f
    mv      a0, sp
    lw      a1, 8(s1)
    call    strcmp
    beqz    a0, 6f
    addi    s2, s2, 1
    j       5b
6:  mv      a0, s2
    mv      a1, s3
    mv      a2, sp
    call    pm_svc
    bgez    a0, 9f
    la      a1, svc_name_text
    call    print_error
    j       9f
7:  la      a0, svc_unknown
    lw      a1, 8(s1)
    call    printf
    j       9f
8:  la      a0, svc_usage
    call    printf
9:  epilogue
    ret

    .section .rodata
    .globl svc_name_text, svc_help_text
svc_name_text:    .asciz "svc"
svc_help_text:    .asciz "services: svc, svc restart NAME, svc hold NAME"
svc_header:       .asciz "NAME             STATE  GEN RESTARTS   PID\n"
svc_row:          .asciz "%-16s %-5s %4d %8d %5d\n"
svc_up:           .asciz "up"
svc_held:         .asciz "held"
svc_down:         .asciz "down"
svc_word_restart: .asciz "restart"
svc_word_hold:    .asciz "hold"
svc_unknown:      .asciz "svc: no service %s\n"
svc_usage:        .asciz "usage: svc [restart|hold NAME]\n"
