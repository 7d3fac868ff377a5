# userland/programs/rtdemo.s — `rtdemo PERIOD_MS [RELEASES [WORK_MS]]`:
# a periodic thread with a deadline, and what the scheduler does to it.
#
# The program's thread raises itself to PRIO_RT (thread_priority) and is
# released every PERIOD_MS (at a timer tick: periods are whole ticks),
# computes WORK_MS (default a third of the period) and sleeps until its
# next release; its deadline is the end of its period.  Release 0 is the
# tick at which the kernel made it ready (THREAD_READY_AT via thread_info),
# release k is k periods later; for each it records the release jitter
# (release to start: the scheduler's latency, and any overrun of the job
# before) and whether the job finished by its deadline.  A job that
# overruns delays the next, which starts at once (nothing is skipped).  Under `sched prio`
# it preempts CPU hogs at once (hard real time: no misses); under `rr` it
# waits its turn behind them (misses: soft real time at best).

    .include "abi.inc"
    .include "frame.inc"

    .equ MS_PER_TICK, 1000 / TICK_HZ
    .equ CYCLES_PER_MS, TIMEBASE_HZ / 1000
    .equ LOOPS_PER_MS, 50000        # burn's: 100,000 instructions a ms (burn.s)
    .equ RELEASES_MAX, 1000

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = 0, 1 after the usage line.
# Called by _start (crt0).  s0 = period (ticks), s1 = releases, s2 = work
# (ms), s3 = release index, s4 = next release (jiffy), s5 = max jitter,
# s6 = jitter sum, s7 = misses, s8 = max response, s9 = this release,
# s10 = release 0; all times in cycles of the 10 MHz timer.
main:
    prologue_locals TINFO_SIZE, ra, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10
    mv      s9, a1
    li      t0, 2
    blt     a0, t0, 8f
    li      t0, 4
    bgt     a0, t0, 8f
    mv      s3, a0
    li      s1, 10
    li      s2, -1
    lw      a0, 4(s9)               # the period, whole ticks
    call    parse_int
    beqz    a1, 8f
    li      t0, MS_PER_TICK
    blt     a0, t0, 8f
    li      t0, 10000
    bgt     a0, t0, 8f
    li      t0, MS_PER_TICK
    remu    t1, a0, t0
    bnez    t1, 8f
    divu    s0, a0, t0
    li      t0, 3
    blt     s3, t0, 1f
    lw      a0, 8(s9)               # releases
    call    parse_int
    beqz    a1, 8f
    blez    a0, 8f
    li      t0, RELEASES_MAX
    bgt     a0, t0, 8f
    mv      s1, a0
    li      t0, 4
    blt     s3, t0, 1f
    lw      a0, 12(s9)              # work
    call    parse_int
    beqz    a1, 8f
    bltz    a0, 8f
    mv      s2, a0
1:  bgez    s2, 2f                  # default work: a third of the period
    li      t0, MS_PER_TICK
    mul     s2, s0, t0
    li      t0, 3
    divu    s2, s2, t0
2:  li      a0, 0                   # our own thread: real-time priority
    li      a1, PRIO_RT
    call    thread_priority
    li      a0, -1                  # the policy, for the record
    li      a1, 0
    call    sched
    la      t0, sched_words
    li      t1, NSCHED
    la      a2, unknown_text
    bgeu    a0, t1, 3f
    slli    a0, a0, 2
    add     t0, t0, a0
    lw      a2, 0(t0)
3:  mv      a4, a2
    li      t0, MS_PER_TICK
    mul     a1, s0, t0
    mv      a2, s2
    mv      a3, s1
    li      a5, PRIO_RT
    la      a0, header_text
    call    printf
    li      s3, 0
    li      s5, 0
    li      s6, 0
    li      s7, 0
    li      s8, 0
    li      a0, 0                   # the first release: the next tick
    call    sleep
    call    jiffy_now
    mv      s4, a0
    call    self                    # when did the kernel make us ready?
    andi    a0, a0, TID_SLOT_MASK   # that tick is release 0; release k is
    mv      a1, sp                  # k periods later (the timer's ticks)
    call    thread_info
    lw      s10, TINFO_READY_AT(sp)
4:  bgeu    s3, s1, 7f
    mv      a0, s4                  # sleep until the release (at once if it
    call    sleep_until             # passed while the last job overran)
    csrr    t0, time                # running now
    li      t1, CYCLES_PER_MS * MS_PER_TICK
    mul     t1, t1, s0
    mul     t1, t1, s3
    add     s9, s10, t1             # s9 = release k
    sub     t1, t0, s9              # the release jitter
    bgez    t1, 5f
    li      t1, 0
5:  add     s6, s6, t1
    bleu    t1, s5, 11f
    mv      s5, t1
11: mv      a0, s2
    call    compute
    csrr    t0, time
    sub     t0, t0, s9              # response: release to done
    bleu    t0, s8, 6f
    mv      s8, t0
6:  li      t1, CYCLES_PER_MS * MS_PER_TICK
    mul     t1, t1, s0              # the deadline: the end of the period
    bleu    t0, t1, 9f
    addi    s7, s7, 1
9:  addi    s3, s3, 1
    add     s4, s4, s0              # the next release
    j       4b
7:  mv      a0, s5                  # the report, times in microseconds
    call    cycles_to_us
    mv      a1, a0
    mv      a2, a0
    divu    t0, s6, s1
    mv      a0, t0
    mv      s6, a1
    call    cycles_to_us
    mv      a2, a0
    mv      a1, s6
    la      a0, jitter_text
    call    print_us_pair
    mv      a0, s8
    call    cycles_to_us
    mv      a1, a0
    li      t0, MS_PER_TICK
    mul     a2, s0, t0
    la      a0, response_text
    call    print_us_ms
    mv      a1, s7
    mv      a2, s1
    la      a0, misses_text
    call    printf
    li      a0, 0
    j       10f
8:  la      a0, usage_text
    call    printf
    li      a0, 1
10: epilogue
    ret

# jiffy_now() -> a0 = timer ticks since boot: our own [acct] record ends
# "now" while we live (uptime is milliseconds of the time CSR, not ticks).
# Clobbers caller-saved.
jiffy_now:
    prologue_locals ACCT_SIZE, ra
    li      a0, 0
    mv      a1, sp
    call    acct_info
    lw      a0, ACCT_ENDED(sp)
    epilogue
    ret

# compute(a0 = ms): burn's loop.  Clobbers t0-t1.
compute:
1:  beqz    a0, 3f
    li      t0, LOOPS_PER_MS
2:  addi    t0, t0, -1
    bnez    t0, 2b
    addi    a0, a0, -1
    j       1b
3:  ret

# cycles_to_us(a0 = timer cycles) -> a0 = microseconds.  Clobbers t0.
cycles_to_us:
    li      t0, TIMEBASE_HZ / 1000000
    divu    a0, a0, t0
    ret

# print_us_pair(a0 = format with two %u.%03u, a1, a2 = microseconds).
# Clobbers caller-saved.
print_us_pair:
    li      t0, 1000
    divu    a3, a2, t0
    remu    a4, a2, t0
    divu    t1, a1, t0
    remu    a2, a1, t0
    mv      a1, t1
    tail    printf

# print_us_ms(a0 = format with %u.%03u then %u, a1 = microseconds,
# a2 = ms).  Clobbers caller-saved.
print_us_ms:
    mv      a3, a2
    li      t0, 1000
    remu    a2, a1, t0
    divu    a1, a1, t0
    tail    printf

    .section .rodata
    .balign 4
sched_words:                        # indexed by SCHED_* (abi.toml [sched_words])
    SCHED_WORD_TABLE
usage_text:    .asciz "usage: rtdemo PERIOD_MS [RELEASES [WORK_MS]]  (PERIOD_MS whole ticks of 10 ms)\n"
unknown_text:  .asciz "?"
header_text:   .asciz "rtdemo: period %u ms, work %u ms, %u releases, policy %s, priority %u\n"
jitter_text:   .asciz "release jitter: max %u.%03u ms, mean %u.%03u ms\n"
response_text: .asciz "response: max %u.%03u ms (deadline %u ms)\n"
misses_text:   .asciz "deadline misses: %u of %u\n"
