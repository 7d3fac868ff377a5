# kernel/sched.s — the scheduler: which thread runs next, by which policy.
# The mechanism is here; the policy is one word, `sched_policy` ([sched]
# in abi.toml: fifo, rr, prio, mlfq), switched at run time by pm through
# the sched_policy call (DESIGN.md section 3, "Scheduling").
# There are no run queues: schedule scans the 64 slots of `threads`
# (kernel/thread.s) and takes the READY thread of the highest rank, and
# among equal ranks the one with the oldest stamp.  A thread gets a new
# stamp when it joins the ready queue (enqueue: woken, started, its slice
# used up, yield); a thread preempted by a higher rank keeps its stamp, so
# it resumes first.  The rank (rerank) is priority << 3 for threads above
# PRIO_RT (servers, pm: they always come first) and, for the user class, what
# the policy says: one class for fifo and rr, the fixed priority for prio,
# the MLFQ level for mlfq.  The timer (kernel/timer.s) ends slices.
# The thread on the CPU is RUN (current_thread); a runnable one waiting is
# READY; every other state is blocked until a waker makes it READY.  A
# thread pm stopped (job control, thread_stop in kernel/thread.s) is never
# READY: wakers make it STOPPED instead (kernel.inc ready_state), so the
# scan below needs no test for it.
# All of it runs in S-mode on the kernel stack, called from trap handlers.
.include "kernel.inc"

.globl current_thread           # tracers (vm/trace, the GDB stub) read it
.globl sched_note               # vm/trace reads it at each switch

.if SCHED_FIFO >= SCHED_PRIO || SCHED_RR >= SCHED_PRIO || SCHED_MLFQ <= SCHED_PRIO
    .error "rerank tells the policies apart by comparing with SCHED_PRIO: fifo, rr below, mlfq above"
.endif
.if MLFQ_LEVELS > 8 || PRIO_MAX > 31
    .error "a rank is priority << 3 | a level: MLFQ_LEVELS must fit 3 bits"
.endif

.section .text
# schedule: make current_thread the best READY thread (idle if none).
# The current thread competes too if it is still running.  Idle (slot 0)
# is only the fallback.  Clobbers a0, t0-t6.
.globl schedule
schedule:
    la      t5, current_thread
    lw      t0, 0(t5)
    lw      t6, THREAD_STATE(t0)
    addi    t6, t6, -STATE_RUN
    bnez    t6, 1f
    li      t6, STATE_READY         # it keeps its stamp: its place in the queue
    sw      t6, THREAD_STATE(t0)
1:  la      a0, threads             # best: idle
    li      t3, -1                  # best rank so far
    li      t4, 0                   # its stamp
    li      t5, STATE_READY
    la      t1, threads + THREAD_SIZE
    la      t2, threads + NTHREADS * THREAD_SIZE
2:  bgeu    t1, t2, switch_to
    lw      t6, THREAD_STATE(t1)
    bne     t6, t5, 5f
    lw      t6, THREAD_RANK(t1)
    blt     t6, t3, 5f
    bgt     t6, t3, 3f
    lw      t6, THREAD_STAMP(t1)    # equal rank: the older stamp (wrap-safe)
    sub     t6, t6, t4
    bgez    t6, 5f
3:  mv      a0, t1
    lw      t3, THREAD_RANK(t1)
    lw      t4, THREAD_STAMP(t1)
5:  addi    t1, t1, THREAD_SIZE
    j       2b

# switch_to(a0 = thread): make it current (RUN), counting the switch; the
# thread it replaces goes back to READY (keeping its stamp) unless it has
# blocked.  A switch writes sched_note for the tracer: why (REASON_BLOCKED
# if the old thread could not run on, else what the caller left in
# sched_reason), the policy, and both threads' MLFQ levels; and counts the
# decision, so the tracer tells them from the IPC fast path's hand-offs.
# Clobbers t0-t2.
.globl switch_to
switch_to:
    la      t0, current_thread
    lw      t1, 0(t0)
    beq     t1, a0, 3f
    sw      a0, 0(t0)
    li      t2, REASON_BLOCKED
    lw      t0, THREAD_STATE(t1)
    addi    t0, t0, -STATE_RUN
    bnez    t0, 2f
    li      t0, STATE_READY
    sw      t0, THREAD_STATE(t1)
    j       4f
2:  addi    t0, t0, STATE_RUN - STATE_READY # (schedule made it READY already)
    bnez    t0, 1f
4:  la      t0, sched_reason
    lw      t2, 0(t0)
1:  la      t0, sched_policy        # note = why | policy << 8
    lw      t0, 0(t0)               #   | old level << 16 | new level << 24
    slli    t0, t0, 8
    or      t2, t2, t0
    lw      t0, THREAD_LEVEL(t1)
    slli    t0, t0, 16
    or      t2, t2, t0
    lw      t0, THREAD_LEVEL(a0)
    slli    t0, t0, 24
    or      t2, t2, t0
    la      t0, sched_note
    sw      t2, 0(t0)
    lw      t2, 4(t0)
    addi    t2, t2, 1
    sw      t2, 4(t0)
    lw      t1, THREAD_SWITCHES(a0)
    addi    t1, t1, 1
    sw      t1, THREAD_SWITCHES(a0)
3:  li      t0, REASON_PREEMPTED    # the reason unless the next caller says
    la      t1, sched_reason
    sw      t0, 0(t1)
    li      t0, STATE_RUN
    sw      t0, THREAD_STATE(a0)
    ret

# make_ready(a0 = thread): it joins the ready queue at the tail; it runs
# now if the current thread blocked or it outranks it.  A thread pm stopped
# is parked instead (STOPPED): its caller reschedules if the current
# thread blocked, as it would have anyway.  Clobbers t0-t2.
.globl make_ready
make_ready:
    enqueue a0, t0, t1
    j       1f
# make_ready_kept(a0 = thread): the same, keeping its place in the queue:
# for a client whose server answered (sys_reply).  A call to a server is
# part of the client's own work, as a system call is in a monolithic
# kernel: it does not send the caller to the back (DESIGN.md 3, Scheduling).
.globl make_ready_kept
make_ready_kept:
    ready_state a0, t0
    sw      t0, THREAD_STATE(a0)
1:  lw      t0, THREAD_STOP(a0)
    bnez    t0, 2f                  # parked: never switched to
    la      t0, current_thread
    lw      t0, 0(t0)
    lw      t1, THREAD_STATE(t0)
    addi    t1, t1, -STATE_RUN
    bnez    t1, switch_to           # current is blocked: take it
    lw      t1, THREAD_RANK(t0)
    lw      t0, THREAD_RANK(a0)
    bgt     t0, t1, switch_to
2:  ret

# rerank(a0 = thread): THREAD_RANK from its priority, the policy and its
# MLFQ level (see the header).  Called when any of them changes.
# Clobbers t0-t1.
.globl rerank
rerank:
    lw      t0, THREAD_PRIORITY(a0)
    li      t1, PRIO_RT
    bgt     t0, t1, 1f              # above the user class: by priority
    la      t1, sched_policy
    lw      t1, 0(t1)
    addi    t1, t1, -SCHED_PRIO
    beqz    t1, 1f                  # prio: by priority
    li      t0, PRIO_USER << 3
    bltz    t1, 2f                  # fifo, rr: one class
    lw      t1, THREAD_LEVEL(a0)    # mlfq: by level, 0 first
    sub     t0, t0, t1
    addi    t0, t0, MLFQ_LEVELS - 1
    j       2f
1:  slli    t0, t0, 3
2:  sw      t0, THREAD_RANK(a0)
    ret

# rerank_all(a1 = 1 to put every thread back to MLFQ level 0 with a fresh
# allotment): after a policy change or an MLFQ boost.  Clobbers a0, t0-t2.
.globl rerank_all
rerank_all:
    mv      t2, ra
    la      a0, threads + THREAD_SIZE
1:  la      t0, threads + NTHREADS * THREAD_SIZE
    bgeu    a0, t0, 3f
    lw      t0, THREAD_STATE(a0)
    beqz    t0, 2f
    beqz    a1, 4f
    sw      zero, THREAD_LEVEL(a0)
    sw      zero, THREAD_SLICE_USED(a0)
4:  call    rerank
2:  addi    a0, a0, THREAD_SIZE
    j       1b
3:  jr      t2

# sched_policy(policy, slice_ms) -> previous policy, a1 = previous slice
# in ms.  policy < 0 only asks; changing it is pm's (the shell asks pm).
.globl sys_sched_policy
sys_sched_policy:
    prologue ra, s1
    la      t0, sched_policy
    lw      s1, 0(t0)
    la      t0, slice_ticks
    lw      t1, 0(t0)
    li      t2, MS_PER_TICK
    mul     t1, t1, t2
    sw      t1, TF_SYSCALL_RESULT1(s0)
    bltz    a0, 8f
    caller_is_pm t0
    beqz    t0, 6f
    li      t0, NSCHED
    bgeu    a0, t0, 7f
    li      t0, SLICE_MS_MAX
    bgtu    a1, t0, 7f
    la      t0, sched_policy
    sw      a0, 0(t0)
    beqz    a1, 1f
    addi    a1, a1, MS_PER_TICK - 1 # whole ticks, rounded up
    li      t0, MS_PER_TICK
    divu    a1, a1, t0
    la      t0, slice_ticks
    sw      a1, 0(t0)
1:  li      a1, 1                   # a new policy starts everyone afresh
    call    rerank_all
8:  mv      a0, s1
    j       9f
6:  li      a0, -EPERM
    j       9f
7:  li      a0, -EINVAL
9:  epilogue
    ret

# thread_priority(tid, priority): tid 0 = the caller.  Own space, or pm for
# any; programs up to PRIO_RT, pm up to PRIO_MAX.
.globl sys_thread_priority
sys_thread_priority:
    prologue ra, s1
    li      t0, 1
    blt     a1, t0, 7f
    li      t0, PRIO_MAX
    bgt     a1, t0, 7f
    caller_is_pm t0
    bnez    t0, 1f
    li      t0, PRIO_RT
    bgt     a1, t0, 7f
1:  mv      s1, s0
    beqz    a0, 2f
    call    thread_lookup
    beqz    a0, 8f
    mv      s1, a0
    lw      t0, THREAD_SPACE(s1)
    lw      t1, THREAD_SPACE(s0)
    beq     t0, t1, 2f
    caller_is_pm t0
    beqz    t0, 6f
2:  lw      t0, TF_SYSCALL_ARG1(s0)
    sw      t0, THREAD_PRIORITY(s1)
    mv      a0, s1
    call    rerank
    sw      zero, TF_SYSCALL_RESULT0(s0)
    epilogue
    j       block_current           # a lower priority may let another run
6:  li      a0, -EPERM
    j       9f
7:  li      a0, -EINVAL
    j       9f
8:  li      a0, -ESRCH
9:  epilogue
    ret

# block_current: jumped to by a handler that left s0 blocked (or dead),
# on the kernel stack with no frame of its own left.  Never returns: it
# schedules and leaves through trap_return.
.globl block_current
block_current:
    call    schedule
    j       trap_return

.section .data
.balign 4
current_thread: .word 0          # the running thread
.globl sched_policy
sched_policy:   .word SCHED_DEFAULT
.globl slice_ticks
slice_ticks:    .word (SLICE_MS_DEFAULT + MS_PER_TICK - 1) / MS_PER_TICK
.globl ready_seq
ready_seq:      .word 0          # the last stamp handed out
.globl sched_reason
sched_reason:   .word REASON_PREEMPTED # why the next switch happens, if the old thread could run on
sched_note:     .word 0, 0       # the last switch's why | policy | levels; decisions so far
