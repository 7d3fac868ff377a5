# userland/programs/usertests/ipc_paths.s — one IPC exchange checked word
# by word from both ends, whichever path the kernel serves it on.
#
# The client makes CALLS calls to a server thread of ours. Most lend no
# lease, so the kernel serves them (and the server's reply_recv) on its
# fast path (kernel/ipc_fast.s) while the server waits in recv; every
# fourth lends 4 read/write bytes, which always takes the slow path
# (kernel/ipc.s). The server checks what it received (sender, label,
# words, lease length and rights, no notifications), adds 1 to each lent
# byte and replies with words computed from the message; the client checks
# the reply, the lease and that s0-s11, gp and tp survived each call.
# tests/kernel/test_ipc_paths.py runs usertests with the fast path and
# with it disabled, and compares everything printed and how often each
# path ran.

    .include "abi.inc"
    .include "frame.inc"

    .equ CALLS, 24
    .equ LEASE_EVERY, 4             # call i lends a lease when i % 4 == 3
    .equ LEASE_BYTES, 4

    .text

# The words of call i (1..CALLS): label i, w0..w3 as below (the server
# recomputes them from the label to check what it received).
    .macro MESSAGE_WORDS i
    slli    a2, \i, 24
    xori    a2, a2, 0x5a5           # w0
    not     a3, \i                  # w1
    slli    a4, \i, 12
    addi    a4, a4, 7               # w2
    sub     a5, zero, \i            # w3
    .endm

# case_ipc_paths -> a1 = 1 if every call matched, else a2 = the first call
# that did not (a3 = 0). Clobbers caller-saved registers.
# s0 = call number, s1 = the port, s2-s11 = markers checked after each call.
    .globl case_ipc_paths
case_ipc_paths:
    prologue ra, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, gp, tp
    call    self
    la      t0, paths_client
    sw      a0, 0(t0)
    la      a0, paths_server
    call    start_server
    mv      s1, a0
    li      s0, 0
    bltz    a0, 8f
1:  addi    s0, s0, 1
    li      t0, CALLS
    bgt     s0, t0, 7f
    # markers: s2-s11, gp and tp hold values only this call number gives
    li      t0, 0x01010101
    mul     s2, s0, t0
    addi    s3, s2, 3
    addi    s4, s2, 4
    addi    s5, s2, 5
    addi    s6, s2, 6
    addi    s7, s2, 7
    addi    s8, s2, 8
    addi    s9, s2, 9
    addi    s10, s2, 10
    addi    s11, s2, 11
    addi    gp, s2, 12
    addi    tp, s2, 13
    la      t0, paths_lease         # the lease holds i, i+1, i+2, i+3
    addi    t1, s0, 0
    sb      t1, 0(t0)
    addi    t1, s0, 1
    sb      t1, 1(t0)
    addi    t1, s0, 2
    sb      t1, 2(t0)
    addi    t1, s0, 3
    sb      t1, 3(t0)
    mv      a0, s1
    mv      a1, s0
    MESSAGE_WORDS s0
    la      a6, paths_lease
    li      t0, 0
    li      t1, 0
    andi    t2, s0, LEASE_EVERY - 1
    li      t3, LEASE_EVERY - 1
    bne     t2, t3, 2f
    li      t0, LEASE_BYTES
    li      t1, LEASE_R | LEASE_W
2:  SYSCALL CALL
    # the reply: code = label + 1, r0 = w0 ^ w1, r1 = w2 + w3,
    # r2 = lease length << 8 | rights, r3 = the sum of the lent bytes
    # (as received, before the server's increment)
    addi    t0, s0, 1
    bne     a0, t0, 8f
    mv      t6, a1                  # keep r0..r3: MESSAGE_WORDS writes a2-a5
    mv      t5, a2
    mv      t4, a3
    mv      t3, a4
    MESSAGE_WORDS s0
    xor     t0, a2, a3
    bne     t6, t0, 8f
    add     t0, a4, a5
    bne     t5, t0, 8f
    andi    t1, s0, LEASE_EVERY - 1
    xori    t1, t1, LEASE_EVERY - 1 # 0: this call lent the lease
    li      t0, 0
    li      t2, 0
    bnez    t1, 3f
    li      t0, (LEASE_BYTES << 8) | LEASE_R | LEASE_W
    slli    t2, s0, 2               # i + (i+1) + (i+2) + (i+3)
    addi    t2, t2, 6
3:  bne     t4, t0, 8f
    bne     t3, t2, 8f
    la      t0, paths_lease         # lent bytes came back incremented
    lbu     t1, 0(t0)               # (untouched when not lent)
    sub     t1, t1, s0
    beqz    t2, 4f
    addi    t1, t1, -1
4:  bnez    t1, 8f
    lbu     t1, 3(t0)
    sub     t1, t1, s0
    addi    t1, t1, -3
    beqz    t2, 5f
    addi    t1, t1, -1
5:  bnez    t1, 8f
    li      t0, 0x01010101          # the markers survived
    mul     t0, s0, t0
    bne     s2, t0, 8f
    addi    t1, t0, 3
    bne     s3, t1, 8f
    addi    t1, t0, 4
    bne     s4, t1, 8f
    addi    t1, t0, 5
    bne     s5, t1, 8f
    addi    t1, t0, 6
    bne     s6, t1, 8f
    addi    t1, t0, 7
    bne     s7, t1, 8f
    addi    t1, t0, 8
    bne     s8, t1, 8f
    addi    t1, t0, 9
    bne     s9, t1, 8f
    addi    t1, t0, 10
    bne     s10, t1, 8f
    addi    t1, t0, 11
    bne     s11, t1, 8f
    addi    t1, t0, 12
    bne     gp, t1, 8f
    addi    t1, t0, 13
    bne     tp, t1, 8f
    j       1b
7:  mv      a0, s1                  # label 0: the server replies and ends
    li      a1, 0
    li      t0, 0
    SYSCALL CALL
    li      a1, 1
    j       9f
8:  li      a1, 0
9:  mv      a2, s0
    li      a3, 0
    epilogue
    ret

# paths_server(a0 = unused): serves case_ipc_paths until a call with label
# 0. A message that is not what the client sent for its label is answered
# with code 0 (the client then fails). Runs on its own thread.
# s0 = the port, s1 = the client's tid, s2 = the sender, s3 = the label,
# s4/s5 = lease length/rights, s6 = 1 while the message checks out,
# s7 = the sum of the lent bytes.
paths_server:
    addi    sp, sp, -16
    call    publish_port
    mv      s0, a0
    la      t0, paths_client
    lw      s1, 0(t0)
    li      a1, 0
    SYSCALL RECV
1:  mv      s2, a0                  # what recv / reply_recv delivered
    mv      s3, a1
    mv      s4, t0
    mv      s5, t1
    beqz    s3, 6f
    seqz    s6, a6                  # no notifications ride along
    bne     s2, s1, 2f
    mv      t2, a2
    mv      t3, a3
    mv      t4, a4
    mv      t5, a5
    MESSAGE_WORDS s3
    bne     t2, a2, 2f
    bne     t3, a3, 2f
    bne     t4, a4, 2f
    bne     t5, a5, 2f
    j       3f
2:  li      s6, 0
3:  andi    t0, s3, LEASE_EVERY - 1 # the lease is there exactly when lent
    xori    t0, t0, LEASE_EVERY - 1
    li      s7, 0
    bnez    t0, 5f
    li      t0, LEASE_BYTES
    bne     s4, t0, 4f
    li      t0, LEASE_R | LEASE_W
    bne     s5, t0, 4f
    mv      a0, s2                  # add 1 to each lent byte
    li      a1, 0
    mv      a2, sp
    li      a3, LEASE_BYTES
    call    lease_read
    li      t0, LEASE_BYTES
    bne     a0, t0, 4f
    li      t1, 0
7:  add     t2, sp, t1
    lbu     t3, 0(t2)
    add     s7, s7, t3
    addi    t3, t3, 1
    sb      t3, 0(t2)
    addi    t1, t1, 1
    blt     t1, t0, 7b
    mv      a0, s2
    li      a1, 0
    mv      a2, sp
    li      a3, LEASE_BYTES
    call    lease_write
    li      t0, LEASE_BYTES
    beq     a0, t0, 8f
4:  li      s6, 0
    j       8f
5:  bnez    s4, 4b                  # no lease: length and rights are 0
    bnez    s5, 4b
8:  MESSAGE_WORDS s3                # the reply, from the client's words
    xor     t2, a2, a3              # r0
    add     t3, a4, a5              # r1
    addi    a1, s3, 1               # code
    bnez    s6, 9f
    li      a1, 0
9:  mv      a0, s2
    mv      a2, t2
    mv      a3, t3
    slli    a4, s4, 8               # r2
    or      a4, a4, s5
    mv      a5, s7                  # r3
    mv      a6, s0
    SYSCALL REPLY_RECV
    j       1b
6:  mv      a0, s2                  # label 0: answer, then end
    li      a1, 0
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    li      a0, 0
    tail    thread_exit

    .data
paths_client: .word 0               # the client's tid, for the server's check
paths_lease:  .word 0
