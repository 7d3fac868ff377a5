# userland/programs/threads.s — several threads add to one counter under a
# mutex; the total must be exact. `threads [T [N [nolock]]]`: T threads
# (default 4, at most 16) each add 1 N times (default 20000). The
# read-modify-write inside the lock is spread over several instructions on
# purpose, so a timer preemption in the middle loses updates when the mutex
# is left out (`nolock`, to see why it is there).
# Exits 0 when the total is right, 1 otherwise.

    .include "frame.inc"
    .text

# main(a0 = argc, a1 = argv) -> a0 = 0 if the total is exact.
# Called by _start. s0 = threads, s1 = additions per thread, s2 = loop count.
    .globl main
main:
    prologue ra, s0, s1, s2, s3
    mv      s2, a0
    mv      s3, a1
    li      s0, 4
    li      s1, 20000
    li      t0, 2
    blt     s2, t0, 2f
    lw      a0, 4(s3)
    call    parse_int
    beqz    a1, .Lth_usage
    li      t0, 1
    blt     a0, t0, .Lth_usage
    li      t0, 16
    bgt     a0, t0, .Lth_usage
    mv      s0, a0
    li      t0, 3
    blt     s2, t0, 2f
    lw      a0, 8(s3)
    call    parse_int
    beqz    a1, .Lth_usage
    blez    a0, .Lth_usage
    mv      s1, a0
    li      t0, 4
    blt     s2, t0, 2f
    lw      a0, 12(s3)              # "nolock": leave the mutex out
    la      a1, nolock_text
    call    strcmp
    bnez    a0, .Lth_usage
    la      t0, use_lock
    sw      zero, 0(t0)
2:  la      t0, additions
    sw      s1, 0(t0)
    mv      s2, s0                  # start the workers
3:  beqz    s2, 4f
    la      a0, worker
    mv      a1, s2
    call    thread_create
    bltz    a0, .Lth_create_failed
    addi    s2, s2, -1
    j       3b
4:  mv      s2, s0                  # wait until every worker is done
5:  beqz    s2, 6f
    la      a0, workers_done
    call    sem_wait
    addi    s2, s2, -1
    j       5b
6:  mul     a4, s0, s1
    la      t0, counter
    lw      a3, 0(t0)
    la      a0, result_text
    mv      a1, s0
    mv      a2, s1
    call    printf
    mul     t0, s0, s1
    la      t1, counter
    lw      t1, 0(t1)
    sub     a0, t0, t1
    snez    a0, a0
    j       9f
.Lth_create_failed:
    call    strerror
    mv      a1, a0
    la      a0, create_failed_text
    call    printf
    li      a0, 1
    j       9f
.Lth_usage:
    la      a0, usage_text
    call    printf
    li      a0, 2
9:  epilogue
    ret

# worker(a0 = worker number) -> a0 = 0. Runs on its own thread: adds 1 to
# counter `additions` times under counter_lock, then posts workers_done.
# s0 = additions left.
worker:
    prologue ra, s0
    la      t0, additions
    lw      s0, 0(t0)
1:  beqz    s0, 2f
    la      t0, use_lock
    lw      t0, 0(t0)
    beqz    t0, 4f
    la      a0, counter_lock
    call    mutex_lock
4:  la      t0, counter             # a deliberately slow read-modify-write
    lw      t1, 0(t0)
    li      t2, 20
3:  addi    t2, t2, -1
    bnez    t2, 3b
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      t0, use_lock
    lw      t0, 0(t0)
    beqz    t0, 5f
    la      a0, counter_lock
    call    mutex_unlock
5:  addi    s0, s0, -1
    j       1b
2:  la      a0, workers_done
    call    sem_post
    li      a0, 0
    epilogue
    ret

    .section .rodata
result_text:        .asciz "threads: %d threads x %d = %d (expected %d)\n"
create_failed_text: .asciz "threads: cannot create a thread: %s\n"
usage_text:         .asciz "usage: threads [THREADS (1-16) [ADDITIONS [nolock]]]\n"
nolock_text:        .asciz "nolock"

    .data
    .balign 4
counter:      .word 0
counter_lock: .word 0
workers_done: .word 0
additions:    .word 0
use_lock:     .word 1
