# servers/pipe/pipe.s — the pipe server: pipes served in user space.
#
# Owns every pipe: a bounded ring buffer (PIPE_BUF_SIZE bytes) with a read
# end and a write end, named by handles (kernel/abi.toml, protocol "pipe",
# which implements io: read, write, close, share, plus create).  A read of
# an empty pipe waits until data arrives or the last writer closes (then it
# answers 0: end of input); a write to a full pipe waits for a reader; a
# write once no one holds the read end is -EPIPE.  Who holds which end is
# counted per process (holders.s), so a pipe closes when the processes
# holding it close it or end: pm notifies this server (NOTIFY_EXITED) each
# time a process ends, and the server drops what dead processes held.
# This file is the server loop; ends.s serves the operations and the
# waiting calls.  The server never blocks on a client: a call that must wait
# is remembered and answered later.  It calls only pm (for ps, to learn who
# is alive), and pm never calls it, so they cannot deadlock.

    .include "pipe.inc"
    .include "frame.inc"

    .text

# main(): the server loop. Called by _start (crt0); never returns.
    .globl main
main:
1:  li      a0, PORT_PIPE
    li      a1, NOTIFY_EXITED
    SYSCALL RECV
    la      t2, msg
    sw      a0, MSG_SENDER(t2)
    sw      a1, MSG_LABEL(t2)
    sw      a2, MSG_W0(t2)
    sw      a3, MSG_W1(t2)
    sw      t0, MSG_LEASE_LEN(t2)
    mv      s1, a6                  # notifications
    blez    a0, 3f                  # notifications only
    li      t0, LABEL_ALIVE         # pm's watchdog: alive
    beq     a1, t0, 4f
    addi    t0, a1, -1              # labels 1..PIPE_NOPS
    li      t1, PIPE_NOPS
    bgeu    t0, t1, 2f
    slli    t0, t0, 2
    la      t1, op_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    jalr    t1
    j       3f
2:  li      a1, -ENOSYS
    call    answer
    j       3f
4:  li      a1, 0
    li      a2, 0
    call    answer
3:  li      t0, NOTIFY_EXITED
    and     t0, t0, s1
    beqz    t0, 1b
    call    sweep_dead              # holders.s
    j       1b

# answer(a1 = code, a2 = r0): reply to the caller of `msg`, by the kernel's
# record of who asked (REPLY_CALLER), not MSG_SENDER, which a fault may
# have bent.  Clobbers the caller-saved registers.
    .globl answer
answer:
    li      a0, REPLY_CALLER
    li      a3, 0
    li      a4, 0
    li      a5, 0
    tail    reply

    .section .rodata
    .balign 4
op_table:                           # op_<name> by label (abi.inc, from abi.toml)
    PIPE_OP_TABLE

    .bss
    .balign 4
    .globl msg
msg: .zero MSG_SIZE
