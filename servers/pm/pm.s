# servers/pm/pm.s — the process manager: init, supervisor, process server.
# The first user process, started by the kernel with the boot archive
# mapped read-only (a0 = address, a1 = length).  pm owns the archive and
# the process table; it starts the supervised services (console, pipe, shell),
# serves PORT_PM (spawn, exit, wait, kill, ps, shutdown, getpid, programs,
# sched, svc, stop), stops the foreground job at Ctrl-Z (jobs.s), tells
# the console which processes are the foreground (foreground.s), turns
# kernel fault reports into `fault[pid]: ...` lines, reaps, and restarts a
# service that died or stopped answering (watchdog.s: two threads of pm
# ping the servers), and notifies the services that ask (the pipe server)
# each time a process ends.  Its main thread never blocks on anyone but the console (to
# print) and the fs server (to read a program from /bin, disk.s); the
# console only ever notifies pm, the fs server never calls pm, and the pipe
# server calls pm (ps) but pm only notifies it, so they cannot deadlock.
# pm is self-contained: it does not link the user library.
.include "pm.inc"

.section .text
.globl _start
_start:
    la      t0, archive
    sw      a0, 0(t0)
    la      t0, archive_len
    sw      a1, 0(t0)
    SYSCALL SELF                    # pm's own tid and space: process 1
    la      t0, procs
    li      t1, 1
    sw      t1, P_PID(t0)
    sw      a0, P_TID(t0)
    sw      a1, P_SPACE(t0)
    li      t1, PS_LIVE
    sw      t1, P_STATE(t0)
    li      t1, 0x6d70              # "pm"
    sw      t1, P_NAME(t0)
    mv      a1, a0
    li      a0, PORT_PM
    SYSCALL PORT_ASSIGN
    la      a0, msg_started
    call    log_str
    call    log_flush
    call    start_services          # console, pipe, then shell
    call    watchdog_start          # watchdog.s: pings the servers from now on
main_loop:
    call    push_foreground         # foreground.s: who may read the console
    li      a0, PORT_PM
    li      a1, NOTIFY_FAULT | NOTIFY_INTERRUPT | NOTIFY_STOP
    SYSCALL RECV
    la      t2, msg
    sw      a0, MSG_SENDER(t2)
    sw      a1, MSG_LABEL(t2)
    sw      a2, MSG_W0(t2)
    sw      a3, MSG_W1(t2)
    sw      a4, MSG_W2(t2)
    sw      a5, MSG_W3(t2)
    IPC_RECEIVED_BITS t1
    sw      t1, MSG_BITS(t2)
    IPC_RECEIVED_LEASE_LEN t1
    sw      t1, MSG_LEASE_LEN(t2)
    blez    a0, 1f                  # notifications only
    addi    t0, a1, -1              # labels 1..PM_NOPS
    li      t1, PM_NOPS
    bgeu    t0, t1, 2f
    slli    t0, t0, 2
    la      t1, op_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    jalr    t1
    j       1f
2:  lw      a0, MSG_SENDER(t2)
    li      a1, -ENOSYS
    call    reply_code
1:  la      t2, msg
    lw      s1, MSG_BITS(t2)
    li      t0, NOTIFY_FAULT
    and     t0, t0, s1
    beqz    t0, 3f
    call    handle_faults
3:  li      t0, NOTIFY_INTERRUPT
    and     t0, t0, s1
    beqz    t0, 4f
    call    handle_interrupt
4:  li      t0, NOTIFY_STOP
    and     t0, t0, s1
    beqz    t0, main_loop
    call    handle_stop             # jobs.s
    j       main_loop

# reply_code(a0 = tid, a1 = code, a2 = r0, a3 = r1): answer a client.
# Clobbers the caller-saved registers (the IPC call does).
.globl reply_code
reply_code:
    li      a4, 0
    li      a5, 0
    SYSCALL REPLY
    ret

.section .rodata
.balign 4

op_table:                           # op_<name> by label (abi.inc, from abi.toml)
    PM_OP_TABLE
msg_started: .asciz "pm: started\n"


.section .data
.balign 4
.globl archive
archive:     .word 0
.globl archive_len
archive_len: .word 0
.globl next_pid
next_pid:    .word 2

.section .bss
.balign 4
.globl msg
msg:   .space 32
.globl procs
procs: .space NPROCS * PROC_SIZE
