# servers/pipe/ends.s — the pipe operations and the calls that wait.
#
# Owns the pipes (ring buffers) and the waiting calls.  Each op_<name> of
# the pipe protocol (kernel/abi.toml) reads its call from `msg` and answers
# it, now or later: a read of an empty pipe that still has writers, and a
# write to a full pipe that still has readers, become waiters, answered by
# serve_pipe whenever their pipe changes (data in or out, an end closed, a
# holder gone).  Bytes move only when the client's lease takes them, so a
# reader killed while waiting loses nothing for the next reader.

    .include "pipe.inc"
    .include "frame.inc"

# BUF_ADDR reg, end: reg = the ring buffer of the pipe of end id `end`
# (pipe << 1 | end). Clobbers t3.
    .macro BUF_ADDR reg, end
    srli    \reg, \end, 1
    li      t3, PIPE_BUF_SIZE
    mul     \reg, \reg, t3
    la      t3, bufs
    add     \reg, \reg, t3
    .endm

    .text

# decode_handle(a0 = handle) -> a0 = its pipe's record (0: no such live
# pipe), a1 = end id (pipe << 1 | end).  Clobbers t0-t2.
    .globl decode_handle
decode_handle:
    srli    t0, a0, 1
    andi    t0, t0, (1 << (PIPE_HANDLE_SHIFT - 1)) - 1
    li      t1, PIPES_MAX
    bgeu    t0, t1, 8f
    li      t1, PR_SIZE
    mul     t1, t0, t1
    la      t2, pipes
    add     t2, t2, t1
    lw      t1, PR_USED(t2)
    beqz    t1, 8f
    lw      t1, PR_GEN(t2)
    srli    a1, a0, PIPE_HANDLE_SHIFT
    bne     t1, a1, 8f
    andi    a1, a0, (1 << PIPE_HANDLE_SHIFT) - 1
    mv      a0, t2
    ret
8:  li      a0, 0
    ret

# pipe_of(a0 = end id) -> a0 = the pipe's record.  Clobbers t0.
    .globl pipe_of
pipe_of:
    srli    a0, a0, 1
    li      t0, PR_SIZE
    mul     a0, a0, t0
    la      t0, pipes
    add     a0, a0, t0
    ret

# request(t4 = which end the op needs) -> a0 = record (0: bad handle),
# a1 = end id, a2 = bytes asked (at most the lease), a3 = caller tid.
# The common start of op_read and op_write.  Clobbers t0-t3.
request:
    mv      t3, ra
    la      t0, msg
    lw      a0, MSG_W0(t0)
    call    decode_handle
    mv      ra, t3
    beqz    a0, 1f
    andi    t0, a1, 1
    beq     t0, t4, 2f
1:  li      a0, 0
2:  la      t0, msg
    lw      a2, MSG_W1(t0)
    lw      t1, MSG_LEASE_LEN(t0)
    bleu    a2, t1, 3f
    mv      a2, t1
3:  lw      a3, MSG_SENDER(t0)
    ret

# read(handle, len; lease = the reader's buffer) -> bytes, 0 at the end.
    .globl op_read
op_read:
    prologue ra, s0
    li      t4, 0
    call    request
    beqz    a0, 8f
    mv      s0, a1
    beqz    a2, 1f                  # nothing asked: answered at once
    lw      t0, PR_COUNT(a0)
    bnez    t0, 1f
    lw      t0, PR_WRITERS(a0)
    beqz    t0, 1f                  # empty and no writer: the end (0)
    call    add_waiter              # empty: wait for a writer
    bnez    a0, 7f
    j       9f
1:  call    do_read
    mv      a0, s0
    call    serve_pipe              # room was made: writers may go on
    j       9f
7:  li      a1, -EAGAIN             # too many calls waiting already
    j       6f
8:  li      a1, -EBADF
6:  li      a2, 0
    call    answer
9:  epilogue
    ret

# write(handle, len; lease = the bytes) -> bytes taken (at least 1), -EPIPE.
    .globl op_write
op_write:
    prologue ra, s0
    li      t4, 1
    call    request
    beqz    a0, 8f
    mv      s0, a1
    beqz    a2, 1f
    lw      t0, PR_READERS(a0)
    beqz    t0, 1f                  # no reader: -EPIPE at once
    lw      t0, PR_COUNT(a0)
    li      t1, PIPE_BUF_SIZE
    bltu    t0, t1, 1f
    call    add_waiter              # full: wait for a reader
    bnez    a0, 7f
    j       9f
1:  call    do_write
    mv      a0, s0
    call    serve_pipe              # data came: readers may go on
    j       9f
7:  li      a1, -EAGAIN
    j       6f
8:  li      a1, -EBADF
6:  li      a2, 0
    call    answer
9:  epilogue
    ret

# close(handle) -> 0, or -EBADF when the caller's process does not hold it.
    .globl op_close
op_close:
    prologue ra, s0, s1
    la      t0, msg
    lw      a0, MSG_W0(t0)
    call    decode_handle
    li      s1, -EBADF
    beqz    a0, 8f
    mv      s0, a1
    call    caller_pid              # holders.s
    mv      s1, a0
    bltz    a0, 8f
    mv      a1, a0
    mv      a0, s0
    call    holder_drop
    mv      s1, a0
    bnez    a0, 8f
    mv      a0, s0
    li      a1, -1
    call    end_count_add
8:  mv      a1, s1
    li      a2, 0
    call    answer
    bnez    s1, 9f
    mv      a0, s0
    call    serve_pipe              # the last of an end gone: end/-EPIPE
9:  epilogue
    ret

# share(handle, pid) -> 0: pid (0: the caller's process) holds it once more.
    .globl op_share
op_share:
    prologue ra, s0, s1, s2
    la      t0, msg
    lw      a0, MSG_W0(t0)
    call    decode_handle
    li      s1, -EBADF
    beqz    a0, 8f
    mv      s0, a1
    call    caller_pid
    mv      s1, a0
    bltz    a0, 8f
    mv      s2, a0                  # the caller must hold it itself
    mv      a1, a0
    mv      a0, s0
    call    holder_find
    li      s1, -EBADF
    beqz    a0, 8f
    la      t0, msg
    lw      t0, MSG_W1(t0)
    beqz    t0, 1f
    beq     t0, s2, 1f
    mv      s2, t0                  # another process: it must be alive
    mv      a0, t0
    call    pid_alive
    li      s1, -ESRCH
    beqz    a0, 8f
1:  mv      a0, s0
    mv      a1, s2
    call    holder_add
    mv      s1, a0
    bnez    a0, 8f
    mv      a0, s0
    li      a1, 1
    call    end_count_add
8:  mv      a1, s1
    li      a2, 0
    call    answer
    epilogue
    ret

# create() -> read end's handle, r0 = write end's handle.
    .globl op_create
op_create:
    prologue ra, s0, s1, s2
    call    caller_pid
    mv      a1, a0
    bltz    a0, 8f
    mv      s2, a0                  # the caller's pid
    call    holders_free
    li      a1, -ENOMEM
    li      t0, 2
    bltu    a0, t0, 8f
    la      s0, pipes               # a free pipe
    li      s1, 0                   # its number
1:  li      a1, -EAGAIN
    li      t0, PIPES_MAX
    bgeu    s1, t0, 8f
    lw      t0, PR_USED(s0)
    beqz    t0, 2f
    addi    s0, s0, PR_SIZE
    addi    s1, s1, 1
    j       1b
2:  lw      t0, PR_GEN(s0)          # a new generation, never 0
    addi    t0, t0, 1
    slli    t0, t0, PIPE_HANDLE_SHIFT
    srli    t0, t0, PIPE_HANDLE_SHIFT
    bnez    t0, 3f
    li      t0, 1
3:  sw      t0, PR_GEN(s0)
    li      t0, 1
    sw      t0, PR_USED(s0)
    sw      t0, PR_READERS(s0)
    sw      t0, PR_WRITERS(s0)
    sw      zero, PR_HEAD(s0)
    sw      zero, PR_COUNT(s0)
    slli    s1, s1, 1               # the read end's id
    mv      a0, s1
    mv      a1, s2
    call    holder_add
    addi    a0, s1, 1
    mv      a1, s2
    call    holder_add
    lw      t0, PR_GEN(s0)
    slli    t0, t0, PIPE_HANDLE_SHIFT
    or      a1, t0, s1              # read end
    addi    a2, a1, 1               # write end
8:  call    answer
    epilogue
    ret

# end_count_add(a0 = end id, a1 = change): readers or writers += change.
# Clobbers t0, t1, t3.
    .globl end_count_add
end_count_add:
    andi    t1, a0, 1
    slli    t1, t1, 2               # PR_WRITERS = PR_READERS + 4
    mv      t3, ra
    call    pipe_of
    mv      ra, t3
    add     a0, a0, t1
    lw      t0, PR_READERS(a0)
    add     t0, t0, a1
    sw      t0, PR_READERS(a0)
    ret

# do_read(a0 = record, a1 = end id, a2 = bytes asked, a3 = tid): gives the
# reader what the pipe holds, up to what it asked, and answers it (0 when
# the pipe is empty: its writers are gone).  A lease it cannot write gets
# the error and consumes nothing.  Clobbers the caller-saved registers.
# s0 = record, s1 = end id, s2 = bytes to give, s3 = tid, s4 = first part, s5 = given.
do_read:
    prologue ra, s0, s1, s2, s3, s4, s5
    mv      s0, a0
    mv      s1, a1
    mv      s3, a3
    lw      t0, PR_COUNT(s0)
    mv      s2, a2
    bleu    s2, t0, 1f
    mv      s2, t0
1:  li      s5, 0
    beqz    s2, 5f
    lw      t0, PR_HEAD(s0)         # the ring may wrap: two parts
    li      t1, PIPE_BUF_SIZE
    sub     t1, t1, t0
    mv      s4, s2
    bleu    s4, t1, 2f
    mv      s4, t1
2:  BUF_ADDR a2, s1
    add     a2, a2, t0
    mv      a0, s3
    li      a1, 0
    mv      a3, s4
    call    lease_write
    bltz    a0, 8f
    mv      s5, a0
    bne     a0, s4, 4f              # the lease ended early
    beq     s4, s2, 4f
    BUF_ADDR a2, s1
    mv      a0, s3
    mv      a1, s4
    sub     a3, s2, s4
    call    lease_write
    bltz    a0, 4f                  # keep what the first part moved
    add     s5, s5, a0
4:  lw      t0, PR_HEAD(s0)
    add     t0, t0, s5
    li      t1, PIPE_BUF_SIZE
    remu    t0, t0, t1
    sw      t0, PR_HEAD(s0)
    lw      t0, PR_COUNT(s0)
    sub     t0, t0, s5
    sw      t0, PR_COUNT(s0)
5:  mv      a1, s5
    j       9f
8:  mv      a1, a0
9:  mv      a0, s3
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    epilogue
    ret

# do_write(a0 = record, a1 = end id, a2 = bytes offered, a3 = tid): takes
# what fits from the writer's lease and answers it with the count, or
# -EPIPE when no one holds the read end.  Clobbers the caller-saved registers.
# s0 = record, s1 = end id, s2 = bytes to take, s3 = tid, s4 = first part, s5 = taken.
do_write:
    prologue ra, s0, s1, s2, s3, s4, s5
    mv      s0, a0
    mv      s1, a1
    mv      s3, a3
    li      a1, -EPIPE
    lw      t0, PR_READERS(s0)
    beqz    t0, 9f
    lw      t0, PR_COUNT(s0)
    li      t1, PIPE_BUF_SIZE
    sub     t1, t1, t0              # room
    mv      s2, a2
    bleu    s2, t1, 1f
    mv      s2, t1
1:  li      s5, 0
    beqz    s2, 5f
    lw      t1, PR_HEAD(s0)         # the tail, where new bytes go
    add     t0, t0, t1
    li      t1, PIPE_BUF_SIZE
    remu    t0, t0, t1
    sub     t1, t1, t0
    mv      s4, s2
    bleu    s4, t1, 2f
    mv      s4, t1
2:  BUF_ADDR a2, s1
    add     a2, a2, t0
    mv      a0, s3
    li      a1, 0
    mv      a3, s4
    call    lease_read
    mv      a1, a0
    bltz    a0, 9f
    mv      s5, a0
    bne     a0, s4, 4f
    beq     s4, s2, 4f
    BUF_ADDR a2, s1
    mv      a0, s3
    mv      a1, s4
    sub     a3, s2, s4
    call    lease_read
    bltz    a0, 4f
    add     s5, s5, a0
4:  lw      t0, PR_COUNT(s0)
    add     t0, t0, s5
    sw      t0, PR_COUNT(s0)
5:  mv      a1, s5
9:  mv      a0, s3
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    epilogue
    ret

# add_waiter(a1 = end id, a2 = bytes) -> a0 = 0, or -EAGAIN when
# PIPE_WAITERS_MAX calls wait already.  The call of `msg` is kept
# (reply_keep: its tid from the kernel's record); one whose caller is
# already gone is not added.  Clobbers t0-t2.
add_waiter:
    la      t0, waiter_count
    lw      t1, 0(t0)
    li      t2, PIPE_WAITERS_MAX
    bgeu    t1, t2, 1f
    SYSCALL REPLY_KEEP
    blez    a0, 2f
    addi    t2, t1, 1
    sw      t2, 0(t0)
    slli    t1, t1, 4               # W_SIZE
    la      t0, waiters
    add     t0, t0, t1
    sw      a0, W_TID(t0)
    sw      a1, W_END(t0)
    sw      a2, W_LEN(t0)
2:  li      a0, 0
    ret
1:  li      a0, -EAGAIN
    ret

# remove_waiter(a0 = index): drops it, keeping the others' order.
# Clobbers the caller-saved registers.
    .globl remove_waiter
remove_waiter:
    la      t0, waiter_count
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    sub     a2, t1, a0
    slli    a2, a2, 4
    slli    a0, a0, 4
    la      t0, waiters
    add     a0, a0, t0
    addi    a1, a0, W_SIZE
    tail    memmove

# serve_pipe(a0 = an end id of the pipe): answers, oldest first, every
# waiting call of that pipe that can go on now; then frees the pipe if no
# one holds either end.  Clobbers the caller-saved registers.
# s0 = the pipe's number, s1 = its record, s2 = waiter index.
    .equ SV_TID, 0
    .equ SV_END, 4
    .equ SV_LEN, 8
    .globl serve_pipe
serve_pipe:
    prologue_locals 16, ra, s0, s1, s2
    srli    s0, a0, 1
    call    pipe_of
    mv      s1, a0
.Lserve_again:
    li      s2, 0
1:  la      t0, waiter_count
    lw      t0, 0(t0)
    bgeu    s2, t0, .Lserve_done
    slli    t0, s2, 4
    la      t1, waiters
    add     t0, t0, t1
    lw      t1, W_END(t0)
    srli    t2, t1, 1
    bne     t2, s0, 4f
    lw      t2, W_TID(t0)
    sw      t2, SV_TID(sp)
    sw      t1, SV_END(sp)
    lw      t2, W_LEN(t0)
    sw      t2, SV_LEN(sp)
    andi    t1, t1, 1
    bnez    t1, 2f
    lw      t1, PR_COUNT(s1)        # a reader: data, or no writer left
    bnez    t1, 3f
    lw      t1, PR_WRITERS(s1)
    bnez    t1, 4f
    j       3f
2:  lw      t1, PR_READERS(s1)      # a writer: room, or no reader left
    beqz    t1, 3f
    lw      t1, PR_COUNT(s1)
    li      t2, PIPE_BUF_SIZE
    bgeu    t1, t2, 4f
3:  mv      a0, s2
    call    remove_waiter
    mv      a0, s1
    lw      a1, SV_END(sp)
    lw      a2, SV_LEN(sp)
    lw      a3, SV_TID(sp)
    andi    t0, a1, 1
    bnez    t0, 5f
    call    do_read
    j       .Lserve_again
5:  call    do_write
    j       .Lserve_again
4:  addi    s2, s2, 1
    j       1b
.Lserve_done:
    lw      t0, PR_READERS(s1)
    lw      t1, PR_WRITERS(s1)
    or      t0, t0, t1
    bnez    t0, 9f
    sw      zero, PR_USED(s1)       # nobody holds it: free (the generation stays)
9:  epilogue
    ret

    .bss
    .balign 4
pipes:        .zero PIPES_MAX * PR_SIZE
    .globl waiters, waiter_count
waiter_count: .zero 4
waiters:      .zero PIPE_WAITERS_MAX * W_SIZE
bufs:         .zero PIPES_MAX * PIPE_BUF_SIZE
