# kernel/stop.s — stopped threads (job control): thread_stop, pm's call.
# Ctrl-Z stops a job's threads here, so a stopped job takes no CPU at all
# (no busy loop, no signal in user space); pm decides which threads
# (servers/pm/jobs.s).  A stopped thread keeps what it was doing:
# - READY becomes STOPPED at once; every waker parks a stopped thread as
#   STOPPED instead of READY (kernel.inc ready_state: THREAD_STOP holds
#   STATE_STOPPED - STATE_READY), and make_ready never switches to it;
# - a thread blocked in recv gets WAIT_PORT_STOPPED in its wait_port, so
#   no call (fast path or slow) delivers to it: callers queue in SEND and
#   continuing it hands it the oldest one (ipc.s take_sender);
# - a client in CALL leaves its server's reply_to, so the fast reply_recv
#   does not run it (the slow reply parks it; ipc.s does the same for a
#   stopped sender it delivers).
# The IPC fast path therefore needs no test of its own for stopped threads.
.include "kernel.inc"
.include "ipc.inc"

.if STATE_STOPPED == STATE_READY
    .error "ready_state parks a stopped thread by adding THREAD_STOP to STATE_READY"
.endif

.section .text
# thread_stop(tid, stop): pm stops (1) or continues (0) a thread of another
# space.  Continuing a thread that is not stopped does nothing.
.globl sys_thread_stop
sys_thread_stop:
    prologue ra
    caller_is_pm t0
    beqz    t0, 7f
    li      t0, 1
    bgtu    a1, t0, 6f
    call    thread_lookup           # keeps a1
    beqz    a0, 8f
    lw      t0, THREAD_SPACE(a0)
    lw      t1, THREAD_SPACE(s0)
    beq     t0, t1, 6f              # pm's own: nobody would continue them
    beqz    a1, 3f
    call    stop_thread
    j       5f
3:  call    continue_thread
5:  li      a0, 0
    j       9f
6:  li      a0, -EINVAL
    j       9f
7:  li      a0, -EPERM
    j       9f
8:  li      a0, -ESRCH
9:  epilogue
    ret

# stop_thread(a0 = thread): see the header.  Clobbers t0-t2.
stop_thread:
    li      t0, STATE_STOPPED - STATE_READY
    sw      t0, THREAD_STOP(a0)
    lw      t0, THREAD_STATE(a0)
    li      t1, STATE_READY
    bne     t0, t1, 1f
    li      t1, STATE_STOPPED
    sw      t1, THREAD_STATE(a0)
    ret
1:  li      t1, STATE_RECV
    bne     t0, t1, 2f
    lw      t1, THREAD_WAIT_PORT(a0)
    li      t2, WAIT_PORT_STOPPED
    or      t1, t1, t2
    sw      t1, THREAD_WAIT_PORT(a0)
    ret
2:  li      t1, STATE_CALL
    bne     t0, t1, 3f
    lw      t1, THREAD_PARTNER(a0)
    beqz    t1, 3f
    lw      t2, THREAD_REPLY_TO(t1)
    bne     t2, a0, 3f
    sw      zero, THREAD_REPLY_TO(t1)
3:  ret

# continue_thread(a0 = thread): it may run again: a parked one joins the
# ready queue (pm outranks it: no switch now); one still in recv takes the
# oldest queued caller, as its recv would have.  Clobbers a0-a1, t0-t4.
continue_thread:
    prologue ra
    lw      t0, THREAD_STOP(a0)
    beqz    t0, 9f
    sw      zero, THREAD_STOP(a0)
    lw      t1, THREAD_WAIT_PORT(a0)
    li      t2, WAIT_PORT_STOPPED - 1 # (ports are below it)
    and     t1, t1, t2
    sw      t1, THREAD_WAIT_PORT(a0)
    lw      t0, THREAD_STATE(a0)
    li      t2, STATE_STOPPED
    bne     t0, t2, 1f
    call    make_ready
    j       9f
1:  li      t2, STATE_RECV
    bne     t0, t2, 9f
    mv      a1, a0
    mv      a0, t1
    call    take_sender             # ipc.s: a0 = the oldest caller or 0
    beqz    a0, 9f
    mv      t0, a0
    mv      a0, a1
    mv      a1, t0
    call    deliver
    call    make_ready
9:  epilogue
    ret
