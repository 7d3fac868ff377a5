# kernel/timer.s — the time slice (Sstc stimecmp), jiffies and sleep.
# Every 1/TICK_HZ s the timer interrupt charges a tick to the running thread,
# wakes sleepers whose time came, and round-robins the CPU.
.include "kernel.inc"

.section .text
# timer_init: enable timer and external interrupts in S-mode; first slice.
# Called once by kmain.  Clobbers t0-t4.
.globl timer_init
timer_init:
    li      t0, SIE_STIE | SIE_SEIE
    csrs    sie, t0
    # fall through (next_tick is 0: the first tick is TICK_CYCLES from now)

# timer_rearm: stimecmp = next_tick += TICK_CYCLES: ticks a fixed period
# apart, not drifting by each interrupt's latency (rtdemo's releases are
# ticks); from now if that is past already (a long stall).  Clobbers t0-t4.
timer_rearm:
1:  csrr    t1, timeh               # t1:t0 = now
    csrr    t0, time
    csrr    t2, timeh
    bne     t1, t2, 1b
    la      t4, next_tick           # t3:t2 = next_tick + TICK_CYCLES
    lw      t2, 0(t4)
    lw      t3, 4(t4)
    li      t4, TICK_CYCLES
    add     t2, t2, t4
    sltu    t4, t2, t4
    add     t3, t3, t4
    bltu    t1, t3, 3f              # still ahead of now: keep it
    bne     t1, t3, 2f
    bltu    t0, t2, 3f
2:  li      t4, TICK_CYCLES         # behind: TICK_CYCLES from now
    add     t2, t0, t4
    sltu    t4, t2, t4
    add     t3, t1, t4
3:  la      t4, next_tick
    sw      t2, 0(t4)
    sw      t3, 4(t4)
    li      t4, -1                  # never let the pair pass through a small value
    csrw    stimecmp, t4
    csrw    stimecmph, t3
    csrw    stimecmp, t2
    ret

# timer_tick: the timer interrupt, from trap_entry with s0 = interrupted
# thread (the kernel runs with interrupts off, so s0 is a user thread or
# idle).  Accounting: every live thread is charged this tick in exactly one
# bucket (abi.toml [thread]): s0 on the CPU (ticks; idle's are idle time),
# a client whose server s0 is answering it (sys_ticks), READY (ready_ticks),
# anything else (blocked_ticks).  Then sleepers whose time came wake, s0's
# slice is charged (kernel/sched.s has the policies), and schedule picks.
# Clobbers a0-a1, t0-t6.
.globl timer_tick
timer_tick:
    prologue ra, s1
    call    timer_rearm
    la      t0, jiffies
    lw      a1, 0(t0)
    addi    a1, a1, 1
    sw      a1, 0(t0)
    lw      t0, THREAD_TICKS(s0)
    addi    t0, t0, 1
    sw      t0, THREAD_TICKS(s0)
    la      a0, threads + THREAD_SIZE
    la      t2, threads + NTHREADS * THREAD_SIZE
1:  bgeu    a0, t2, 4f
    lw      t0, THREAD_STATE(a0)
    beqz    t0, 3f                  # free
    li      t1, STATE_RUN           # (s0: charged above)
    beq     t0, t1, 3f
    li      t1, STATE_ZOMBIE        # its life is over
    beq     t0, t1, 3f
    li      t3, THREAD_READY_TICKS
    li      t1, STATE_READY
    beq     t0, t1, 5f
    li      t3, THREAD_BLOCKED_TICKS
    li      t1, STATE_CALL
    bne     t0, t1, 5f
    lw      t1, THREAD_PARTNER(a0)
    bne     t1, s0, 5f
    li      t3, THREAD_SYS_TICKS    # its server is on the CPU for it
5:  add     t3, t3, a0
    lw      t1, 0(t3)
    addi    t1, t1, 1
    sw      t1, 0(t3)
    li      t1, STATE_SLEEP         # wake the sleepers whose time came
    beq     t0, t1, 2f
    li      t1, STATE_FUTEX
    bne     t0, t1, 3f
2:  lw      t1, THREAD_WAKE(a0)
    beqz    t1, 3f
    sub     t1, a1, t1
    bltz    t1, 3f
    li      t1, -ETIMEDOUT          # a futex wait timed out; a sleep returns 0
    li      t3, STATE_SLEEP
    bne     t0, t3, 6f
    li      t1, 0
6:  sw      t1, TF_SYSCALL_RESULT0(a0)
    enqueue a0, t0, t1
3:  addi    a0, a0, THREAD_SIZE
    j       1b
4:  call    slice_tick
    la      t0, sched_policy        # MLFQ: every MLFQ_BOOST_MS all go back to
    lw      t0, 0(t0)               # level 0, so nothing starves below
    li      t1, SCHED_MLFQ
    bne     t0, t1, 7f
    la      t0, jiffies
    lw      t0, 0(t0)
    li      t1, MLFQ_BOOST_MS / MS_PER_TICK
    remu    t0, t0, t1
    bnez    t0, 7f
    li      a1, 1
    call    rerank_all
7:  call    schedule
    epilogue
    ret

# slice_tick: charge s0 a tick of its slice; when the slice is used up it
# goes to the tail of its queue (and under MLFQ one level down), and the
# coming schedule says why.  Not under FIFO (no slices) nor for idle.
# Clobbers a0, t0-t2.
slice_tick:
    la      t0, threads
    beq     s0, t0, 9f
    la      t0, sched_policy
    lw      t2, 0(t0)
    li      t1, SCHED_FIFO
    beq     t2, t1, 9f
    lw      t0, THREAD_SLICE_USED(s0)
    addi    t0, t0, 1
    sw      t0, THREAD_SLICE_USED(s0)
    la      t1, slice_ticks
    lw      t1, 0(t1)
    li      a0, SCHED_MLFQ
    bne     t2, a0, 1f
    lw      a0, THREAD_LEVEL(s0)    # MLFQ: level n's slice is slice << n
    sll     t1, t1, a0
1:  bltu    t0, t1, 9f
    li      a0, REASON_SLICE
    li      t1, SCHED_MLFQ
    bne     t2, t1, 2f
    lw      t0, THREAD_LEVEL(s0)
    li      t1, MLFQ_LEVELS - 1
    bgeu    t0, t1, 2f
    addi    t0, t0, 1               # one level down
    sw      t0, THREAD_LEVEL(s0)
    li      a0, REASON_DEMOTED
2:  la      t0, sched_reason
    sw      a0, 0(t0)
    sw      zero, THREAD_SLICE_USED(s0)
    stamp   s0, t0, t1
    mv      t2, ra
    mv      a0, s0
    call    rerank
    jr      t2
9:  ret

# sleep(ms): at least ms milliseconds (rounded up to whole ticks, plus one
# for the tick in progress).
.globl sys_sleep
sys_sleep:
    call    wake_jiffy
    sw      a0, THREAD_WAKE(s0)
    li      t0, STATE_SLEEP
    sw      t0, THREAD_STATE(s0)
    sw      zero, TF_SYSCALL_RESULT0(s0)
    j       block_current

# uptime() -> milliseconds since boot, from the time CSR (jiffies would
# move in whole ticks: uptime used to print 10 ms steps).  The 64-bit count
# is split as hi * 2^32 + lo, and 2^32 = HI_MS * TPM + HI_REM, so
# ms = hi * HI_MS + lo / TPM + (lo % TPM + hi * HI_REM) / TPM, all in 32 bits
# (the last sum fits while hi < 2^32 / HI_REM: for thousands of years).
.equ TPM, TIMEBASE_HZ / 1000        # time counts per millisecond
.equ HI_MS, 0xFFFFFFFF / TPM        # 2^32 / TPM (TPM does not divide 2^32)
.equ HI_REM, 0xFFFFFFFF % TPM + 1   # 2^32 % TPM
.globl sys_uptime
sys_uptime:
1:  csrr    t1, timeh
    csrr    t0, time
    csrr    t2, timeh
    bne     t1, t2, 1b
    li      t3, TPM
    divu    a0, t0, t3
    remu    t4, t0, t3
    li      t5, HI_REM
    mul     t5, t1, t5
    add     t4, t4, t5
    divu    t4, t4, t3
    add     a0, a0, t4
    li      t5, HI_MS
    mul     t5, t1, t5
    add     a0, a0, t5
    ret

# sleep_until(tick): until jiffies reaches tick; 0 at once if it has.
# Absolute, unlike sleep: a periodic thread (rtdemo) that reads the time
# and then sleeps cannot be late by the tick that came in between.
.globl sys_sleep_until
sys_sleep_until:
    la      t0, jiffies
    lw      t0, 0(t0)
    sub     t0, a0, t0
    blez    t0, 1f
    sw      a0, THREAD_WAKE(s0)
    li      t0, STATE_SLEEP
    sw      t0, THREAD_STATE(s0)
    sw      zero, TF_SYSCALL_RESULT0(s0)
    j       block_current
1:  li      a0, 0
    ret

# wake_jiffy(a0 = ms) -> a0 = the jiffy a sleep or futex_wait of ms ends
# (never 0, which means "no timeout"): ms rounded up to ticks, plus one for
# the tick in progress.  ms near 2^32 saturates (about 49 days: forever,
# not the 10 ms a wrapped rounding gave).  Called by sys_sleep and
# sys_futex_wait.  Clobbers t0-t1.
.globl wake_jiffy
wake_jiffy:
    li      t0, MS_PER_TICK - 1
    add     t1, a0, t0
    bgeu    t1, a0, 1f
    li      t1, -1                  # the rounding wrapped: saturate
1:  li      t0, MS_PER_TICK
    divu    a0, t1, t0
    addi    a0, a0, 1
    la      t0, jiffies
    lw      t0, 0(t0)
    add     a0, a0, t0
    bnez    a0, 2f
    li      a0, 1
2:  ret

.section .data
.balign 4
.globl jiffies
jiffies: .word 0                 # timer ticks since boot
next_tick: .word 0, 0            # the time (64-bit) of the next tick
