# servers/pm/foreground.s — which address spaces may read the console.
# The foreground job is what Ctrl-C ends and Ctrl-Z stops: a process a
# service (the shell) waits for by pid, and every process it started.
# After each message pm works out their spaces, with the services', and
# tells the console when the set changed (console.foreground), so a cooked
# read from a background job waits instead of taking the keys typed for
# the foreground one.  pm may call the console: the console only ever
# notifies pm.
.include "pm.inc"
.include "frame.inc"

.if NSPACES > 32
    .error "console.foreground names spaces by the bits of one word"
.endif

.section .text
# push_foreground(): called by main_loop after each message.  Clobbers
# caller-saved registers.  s1 = entry, s2 = bits.
.globl push_foreground
push_foreground:
    prologue ra, s1, s2
    li      s2, 0
    la      s1, procs
1:  la      t0, procs + NPROCS * PROC_SIZE
    bgeu    s1, t0, 4f
    lw      t0, P_PID(s1)
    beqz    t0, 3f
    lw      t0, P_STATE(s1)
    li      t1, PS_LIVE
    bne     t0, t1, 3f
    lw      t0, P_SERVICE(s1)
    bnez    t0, 2f
    mv      a0, s1
    call    in_foreground
    beqz    a0, 3f
2:  lw      t0, P_SPACE(s1)
    li      t1, 1
    sll     t1, t1, t0
    or      s2, s2, t1
3:  addi    s1, s1, PROC_SIZE
    j       1b
4:  la      t0, console_up          # not while the console (re)starts
    lw      t0, 0(t0)
    beqz    t0, 9f
    la      t0, told_console
    lw      t1, 0(t0)
    lw      t2, 4(t0)
    beqz    t2, 5f                  # never told this console
    beq     t1, s2, 9f
5:  li      a0, PORT_CONSOLE
    li      a1, CONSOLE_FOREGROUND
    li      a2, 0
    mv      a3, s2
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    bltz    a0, 9f
    la      t0, told_console
    sw      s2, 0(t0)
    li      t1, 1
    sw      t1, 4(t0)
9:  epilogue
    ret

# console_restarted(): the next push tells the new console. Called by
# start_service.  Clobbers t0.
.globl console_restarted
console_restarted:
    la      t0, told_console
    sw      zero, 4(t0)
    ret

# in_foreground(a0 = entry) -> a0 nonzero when it or an ancestor is a
# process a service waits for by pid.  Clobbers caller-saved registers.
in_foreground:
    prologue ra, s1
    mv      s1, a0
1:  lw      a0, P_PID(s1)
    call    waited_by_service
    bnez    a0, 9f
    lw      a0, P_PARENT(s1)
    li      t0, 1
    ble     a0, t0, 8f
    call    proc_by_pid
    beqz    a0, 8f
    mv      s1, a0
    j       1b
8:  li      a0, 0
9:  epilogue
    ret

# waited_by_service(a0 = pid) -> a0 nonzero when a service waits for it
# by pid.  Clobbers t0-t1.
waited_by_service:
    la      t0, procs
1:  la      t1, procs + NPROCS * PROC_SIZE
    bgeu    t0, t1, 8f
    lw      t1, P_SERVICE(t0)
    beqz    t1, 2f
    lw      t1, P_WAIT_TID(t0)
    beqz    t1, 2f
    lw      t1, P_WAIT_PID(t0)
    beq     t1, a0, 7f
2:  addi    t0, t0, PROC_SIZE
    j       1b
7:  li      a0, 1
    ret
8:  li      a0, 0
    ret

.section .bss
.balign 4
told_console: .space 8           # the bits it was told, and whether told
