# userland/programs/usertests/ipc_paths.s — one IPC exchange checked word
# by word from both ends, whichever path the kernel serves it on.
#
# The client makes CALLS calls to a server thread of ours; call i lends
# the lease of kind i % KINDS (lease_kinds below: none, read/write, read
# only, write only, rights with junk bits, empty, shorter than the
# server's copies, and one running past 2^32, which the call refuses).
# The kernel serves them (and the server's reply_recv) on its fast path
# (kernel/ipc_fast.s) while the server waits in recv, leases included; the
# refused one goes the slow way (kernel/ipc.s). The server checks what it
# received (sender, label, words, lease length and rights, no
# notifications), lease_reads 4 bytes and lease_writes 4 (i+1, i+2, ...)
# whatever the rights, and replies with what it saw and what each copy
# returned; the client checks the reply, the lent bytes and that s0-s11,
# gp and tp survived each call.
# tests/kernel/test_ipc_paths.py runs usertests with the fast path and
# with it disabled, and compares everything printed and how often each
# path ran.

    .include "abi.inc"
    .include "frame.inc"

    .equ CALLS, 24
    .equ KINDS, 8                   # lease kinds: call i lends kind i % KINDS
    .equ WRAP_KIND, 7               # the lease that runs past 2^32
    .equ LEASE_BYTES, 4             # the lent buffer, and each copy's length
    .equ KIND_LEN, 0                # lease_kinds entries: 16 bytes each
    .equ KIND_RIGHTS, 4             # the t1 the client passes
    .equ KIND_SEEN, 8               # the rights the server must see
    .equ KIND_ADDR, 12              # 0: paths_lease; else the address itself

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

# KIND reg, i: reg = the lease_kinds entry of call i.
    .macro KIND reg, i
    andi    \reg, \i, KINDS - 1
    slli    \reg, \reg, 4
    la      t6, lease_kinds
    add     \reg, \reg, t6
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
    KIND    t2, s0
    la      a6, paths_lease
    lw      t0, KIND_ADDR(t2)
    beqz    t0, 2f
    mv      a6, t0
2:  lw      t0, KIND_LEN(t2)
    lw      t1, KIND_RIGHTS(t2)
    SYSCALL CALL
    la      t0, paths_reply         # keep the reply: code, r0..r3
    sw      a0, 0(t0)
    sw      a1, 4(t0)
    sw      a2, 8(t0)
    sw      a3, 12(t0)
    sw      a4, 16(t0)
    call    check_reply
    beqz    a0, 8f
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

# check_reply(s0 = call number i) -> a0 = 1 if paths_reply and paths_lease
# are what call i must give: code = i + 1, r0 = w0 ^ w1, r1 = what
# lease_write returned, r2 = lease length << 8 | rights seen, r3 = the sum
# of the bytes lease_read copied (or what it returned if it copied none);
# the lent bytes incremented where lease_write reached. The lease that
# runs past 2^32 gets -EINVAL and reaches no server. Clobbers caller-saved.
check_reply:
    la      a7, paths_reply
    KIND    t5, s0
    lw      t0, KIND_ADDR(t5)
    beqz    t0, 1f
    lw      t0, 0(a7)               # refused at the call
    addi    t0, t0, EINVAL
    bnez    t0, 8f
    li      t4, 0                   # nothing written
    j       6f
1:  lw      t0, 0(a7)
    addi    t1, s0, 1
    bne     t0, t1, 8f
    MESSAGE_WORDS s0
    xor     t0, a2, a3
    lw      t1, 4(a7)
    bne     t0, t1, 8f
    lw      t2, KIND_LEN(t5)        # t2 = bytes either copy reaches
    lw      t3, KIND_SEEN(t5)
    slli    t0, t2, 8
    or      t0, t0, t3
    lw      t1, 12(a7)
    bne     t0, t1, 8f
    li      t0, LEASE_BYTES
    bleu    t2, t0, 2f
    mv      t2, t0
2:  li      t4, -EPERM              # t4 = what lease_write returns
    andi    t0, t3, LEASE_W
    beqz    t0, 3f
    mv      t4, t2
3:  lw      t1, 8(a7)
    bne     t4, t1, 8f
    bgez    t4, 4f
    li      t4, 0                   # no byte written
4:  li      t1, -EPERM              # t1 = what r3 must be
    andi    t0, t3, LEASE_R
    beqz    t0, 5f
    li      t1, 0                   # i + (i+1) + ... over t2 bytes
    li      t0, 0
41: bgeu    t0, t2, 5f
    add     t1, t1, s0
    add     t1, t1, t0
    addi    t0, t0, 1
    j       41b
5:  lw      t0, 16(a7)
    bne     t0, t1, 8f
6:  la      t1, paths_lease         # byte k = i + k, plus 1 if written
    li      t0, 0
61: add     t2, t1, t0
    lbu     t2, 0(t2)
    sub     t2, t2, s0
    sub     t2, t2, t0
    bgeu    t0, t4, 62f
    addi    t2, t2, -1
62: bnez    t2, 8f
    addi    t0, t0, 1
    li      t2, LEASE_BYTES
    bltu    t0, t2, 61b
    li      a0, 1
    ret
8:  li      a0, 0
    ret

# paths_server(a0 = unused): serves case_ipc_paths until a call with label
# 0. A message that is not what the client sent for its label is answered
# with code 0 (the client then fails). Runs on its own thread.
# s0 = the port, s1 = the client's tid, s2 = the sender, s3 = the label,
# s4/s5 = lease length/rights, s6 = 1 while the message checks out,
# s7 = the sum of the bytes lease_read copied (or its result), s8 = what
# lease_write returned.
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
    KIND    t0, s3                  # the lease as lent (rights masked)
    lw      t1, KIND_LEN(t0)
    bne     s4, t1, 2f
    lw      t1, KIND_SEEN(t0)
    beq     s5, t1, 3f
2:  li      s6, 0
3:  mv      a0, s2                  # read what we may, whatever the rights
    li      a1, 0
    mv      a2, sp
    li      a3, LEASE_BYTES
    call    lease_read
    mv      s7, a0
    blez    a0, 5f
    li      s7, 0
    li      t1, 0
4:  add     t2, sp, t1
    lbu     t2, 0(t2)
    add     s7, s7, t2
    addi    t1, t1, 1
    bltu    t1, a0, 4b
5:  li      t1, 0                   # write i+1, i+2, ... back
7:  add     t2, sp, t1
    add     t3, s3, t1
    addi    t3, t3, 1
    sb      t3, 0(t2)
    addi    t1, t1, 1
    li      t3, LEASE_BYTES
    bltu    t1, t3, 7b
    mv      a0, s2
    li      a1, 0
    mv      a2, sp
    li      a3, LEASE_BYTES
    call    lease_write
    mv      s8, a0
    MESSAGE_WORDS s3                # the reply
    xor     t2, a2, a3              # r0
    addi    a1, s3, 1               # code
    bnez    s6, 9f
    li      a1, 0
9:  mv      a0, s2
    mv      a2, t2
    mv      a3, s8                  # r1
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

    .section .rodata
    .balign 4
# lease_kinds[k]: length, rights passed, rights the server sees, address
# (0: paths_lease).
lease_kinds:
    .word 0, 0, 0, 0                            # no lease
    .word LEASE_BYTES, LEASE_R | LEASE_W, LEASE_R | LEASE_W, 0
    .word LEASE_BYTES, LEASE_R, LEASE_R, 0      # read only: lease_write -EPERM
    .word LEASE_BYTES, LEASE_W, LEASE_W, 0      # write only: lease_read -EPERM
    .word LEASE_BYTES, -1, LEASE_R | LEASE_W, 0 # other bits are dropped
    .word 0, LEASE_R | LEASE_W, LEASE_R | LEASE_W, 0 # empty: copies give 0
    .word 2, LEASE_R | LEASE_W, LEASE_R | LEASE_W, 0 # copies clipped to 2
    .word 32, LEASE_R | LEASE_W, LEASE_R | LEASE_W, -16 # past 2^32: -EINVAL
    .if . - lease_kinds != KINDS * 16
    .error "lease_kinds needs KINDS entries"
    .endif

    .data
paths_client: .word 0               # the client's tid, for the server's check
paths_lease:  .word 0
paths_reply:  .zero 20              # the last reply: code, r0..r3
