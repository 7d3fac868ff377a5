# kernel/fault.s — user faults stop the thread and tell pm.
# The kernel never dies for what a user thread does: the thread is parked
# in FAULTED with (cause, pc, tval), pm gets NOTIFY_FAULT and collects the
# report with fault_info, then kills or restarts.
.include "kernel.inc"

.section .text
# user_fault: called by save_all (kernel/trap.s) on the kernel stack with
# s0 = the faulting U-mode thread.  Pushes a frame of ra.  Clobbers a0-a3,
# t0-t6 (it schedules).
.globl user_fault
user_fault:
    prologue ra
    la      t0, pm_thread
    lw      t0, 0(t0)
    beq     t0, s0, 9f
    csrr    t0, scause
    sw      t0, THREAD_FAULT_CAUSE(s0)
    lw      t0, TF_PC(s0)
    sw      t0, THREAD_FAULT_PC(s0)
    csrr    t0, stval
    sw      t0, THREAD_FAULT_TVAL(s0)
    sw      zero, THREAD_REPORTED(s0)
    li      t0, STATE_FAULTED
    sw      t0, THREAD_STATE(s0)
    mv      a0, s0                  # it will answer no one now
    call    fail_clients
    li      a0, NOTIFY_FAULT
    call    notify_pm
    call    schedule
    epilogue
    ret
9:  la      a0, msg_pm_fault        # nobody is left to tell
    j       panic

# notify_pm(a0 = bits): from user_fault and thread_exit.  No frame (a tail
# call).  Clobbers a0-a1, t0-t2.
.globl notify_pm
notify_pm:
    mv      a1, a0
    la      t0, pm_thread
    lw      a0, 0(t0)
    j       notify_thread

# fault_info() -> tid; a1 = cause, a2 = pc, a3 = tval.  pm only.
.globl sys_fault_info
sys_fault_info:
    caller_is_pm t0
    beqz    t0, ret_eperm
    la      t0, threads + THREAD_SIZE
    la      t1, threads + NTHREADS * THREAD_SIZE
1:  bgeu    t0, t1, ret_eagain      # nothing new to report
    lw      t2, THREAD_STATE(t0)
    addi    t2, t2, -STATE_FAULTED
    beqz    t2, 2f
    addi    t2, t2, STATE_FAULTED - STATE_ZOMBIE
    bnez    t2, 4f
2:  lw      t2, THREAD_REPORTED(t0)
    beqz    t2, 5f
4:  addi    t0, t0, THREAD_SIZE
    j       1b
5:  li      t2, 1
    sw      t2, THREAD_REPORTED(t0)
    lw      t2, THREAD_FAULT_CAUSE(t0)
    sw      t2, TF_A1(s0)
    lw      t2, THREAD_FAULT_PC(t0)
    sw      t2, TF_A2(s0)
    lw      t2, THREAD_FAULT_TVAL(t0)
    sw      t2, TF_A3(s0)
    lw      a0, THREAD_ID(t0)
    ret

.section .rodata
msg_pm_fault: .asciz "pm faulted"
