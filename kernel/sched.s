# kernel/sched.s — the scheduler: which thread runs next.
# There are no run queues: schedule scans the 64 slots of `threads`
# (kernel/thread.s) from the one after the current thread and takes the
# first of the highest priority, which is round robin inside a priority.
# The thread on the CPU is RUN (current_thread); a runnable one waiting is
# READY; every other state is blocked until a waker makes it READY.
# All of it runs in S-mode on the kernel stack, called from trap handlers.
.include "kernel.inc"

.globl current_thread           # tracers (vm/trace, the GDB stub) read it

.section .text
# schedule: make current_thread the best READY thread (idle if none).
# The current thread competes too if it is still running.  Round robin
# inside a priority: the scan starts after the current thread, runs to the
# end of the table, then from slot 1 back to the current thread, and keeps
# the first thread of the highest priority.  Idle (slot 0) is only the
# fallback.  Clobbers a0, t0-t6.
.globl schedule
schedule:
    la      t5, current_thread
    lw      t0, 0(t5)
    lw      t6, THREAD_STATE(t0)
    addi    t6, t6, -STATE_RUN
    bnez    t6, 1f
    li      t6, STATE_READY
    sw      t6, THREAD_STATE(t0)
1:  la      a0, threads             # best: idle
    li      t3, -1                  # best priority so far
    li      t5, STATE_READY
    la      t2, threads + NTHREADS * THREAD_SIZE
    mv      t1, t0                  # pass 1: after the current thread to the end
2:  addi    t1, t1, THREAD_SIZE
    bgeu    t1, t2, 4f
    lw      t6, THREAD_STATE(t1)
    bne     t6, t5, 2b
    lw      t6, THREAD_PRIORITY(t1)
    ble     t6, t3, 2b
    mv      a0, t1
    mv      t3, t6
    j       2b
4:  la      t1, threads             # pass 2: slot 1 to the current thread
    addi    t2, t0, THREAD_SIZE
5:  addi    t1, t1, THREAD_SIZE
    bgeu    t1, t2, 6f
    lw      t6, THREAD_STATE(t1)
    bne     t6, t5, 5b
    lw      t6, THREAD_PRIORITY(t1)
    ble     t6, t3, 5b
    mv      a0, t1
    mv      t3, t6
    j       5b
6:                                  # fall through: switch_to(a0)

# switch_to(a0 = thread): make it current (RUN), counting the switch; the
# thread it replaces goes back to READY unless it has blocked.
# Clobbers t0-t1.
.globl switch_to
switch_to:
    la      t0, current_thread
    lw      t1, 0(t0)
    beq     t1, a0, 1f
    sw      a0, 0(t0)
    lw      t0, THREAD_STATE(t1)
    addi    t0, t0, -STATE_RUN
    bnez    t0, 2f
    li      t0, STATE_READY
    sw      t0, THREAD_STATE(t1)
2:  lw      t1, THREAD_SWITCHES(a0)
    addi    t1, t1, 1
    sw      t1, THREAD_SWITCHES(a0)
1:  li      t0, STATE_RUN
    sw      t0, THREAD_STATE(a0)
    ret

# make_ready(a0 = thread): it may run again; it runs now if it outranks
# the current thread.  Clobbers t0-t1.
.globl make_ready
make_ready:
    li      t0, STATE_READY
    sw      t0, THREAD_STATE(a0)
    la      t0, current_thread
    lw      t0, 0(t0)
    lw      t1, THREAD_STATE(t0)
    addi    t1, t1, -STATE_RUN
    bnez    t1, switch_to           # current is blocked: take it
    lw      t1, THREAD_PRIORITY(t0)
    lw      t0, THREAD_PRIORITY(a0)
    bgt     t0, t1, switch_to
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
