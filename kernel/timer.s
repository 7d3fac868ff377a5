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
    # fall through

# timer_rearm: stimecmp = time + TICK_CYCLES.  Clobbers t0-t4.
timer_rearm:
1:  csrr    t1, timeh
    csrr    t0, time
    csrr    t2, timeh
    bne     t1, t2, 1b
    li      t3, TICK_CYCLES
    add     t0, t0, t3
    sltu    t4, t0, t3
    add     t1, t1, t4
    li      t3, -1                  # never let the pair pass through a small value
    csrw    stimecmp, t3
    csrw    stimecmph, t1
    csrw    stimecmp, t0
    ret

# timer_tick: the timer interrupt, from trap_entry with s0 = interrupted
# thread.  Clobbers a0-a1, t0-t6.
.globl timer_tick
timer_tick:
    prologue ra
    call    timer_rearm
    la      t0, jiffies
    lw      a1, 0(t0)
    addi    a1, a1, 1
    sw      a1, 0(t0)
    lw      t0, THREAD_TICKS(s0)
    addi    t0, t0, 1
    sw      t0, THREAD_TICKS(s0)
    la      a0, threads + THREAD_SIZE # wake the sleepers whose time came
    la      t2, threads + NTHREADS * THREAD_SIZE
1:  bgeu    a0, t2, 4f
    lw      t0, THREAD_STATE(a0)
    li      t1, STATE_SLEEP
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
    li      t0, STATE_READY
    sw      t0, THREAD_STATE(a0)
3:  addi    a0, a0, THREAD_SIZE
    j       1b
4:  call    schedule                # round robin
    epilogue
    ret

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
