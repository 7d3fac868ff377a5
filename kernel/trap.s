# kernel/trap.s — the one trap entry, and the one way back to a thread.
# Every trap from a thread (U-mode, or the idle thread in S-mode) lands in
# trap_entry.  call and reply_recv go to the IPC fast path (ipc_fast.s),
# which falls back here when its common case does not hold.  A fast
# system call is served at once on the light path
# (t0-t1 saved, no stack, handler light_<name> in kernel/syscall.s, which
# must not fault).  Otherwise trap_entry saves all registers into the
# current thread's trapframe
# (sscratch points at it), switches to the kernel stack and dispatches on
# scause: system call, interrupt, or fault.  Handlers may change
# current_thread; trap_return then restores whichever thread is current.
# While the kernel runs, sscratch is 0 and interrupts are off, so a trap
# taken inside the kernel is a kernel bug and goes to kernel_trap (panic).
.include "kernel.inc"
.include "trapframe.inc"

.equ LIGHT_CALLS, 32            # numbers the light path may serve (abi.toml `fast`)

.section .text
# trap_init: called once by kmain: trap vector, counters for U.  Clobbers t0.
.globl trap_init
trap_init:
    la      t0, trap_entry
    csrw    stvec, t0
    csrw    sscratch, zero
    li      t0, 7                   # U-mode may read cycle, time, instret
    csrw    scounteren, t0
    ret

# trap_entry: stvec.  No stack: sp is swapped with sscratch, so it points
# at the current thread (its trapframe); t1 is saved first, then t0.  The
# light path touches nothing but t0-t1 and returns with sret.
.balign 4
.globl trap_entry
trap_entry:
    csrrw   sp, sscratch, sp        # sp = current thread, sscratch = its sp
    beqz    sp, kernel_trap
    sw      t1, TF_T1(sp)
    csrr    t1, scause
    addi    t1, t1, -CAUSE_ECALL_U
    bnez    t1, save_t0_all
    li      t1, SYS_CALL            # IPC fast paths (kernel/ipc_fast.s), with
    beq     a7, t1, fast_call       # t0 still live (call's lease length)
    li      t1, SYS_REPLY_RECV
    beq     a7, t1, fast_reply_recv
    sw      t0, TF_T0(sp)           # light path: a fast system call (abi.toml
    sltiu   t0, a7, LIGHT_CALLS     # `fast`) is a leaf that only needs t0-t1
    beqz    t0, save_all
    la      t0, light_table
    slli    t1, a7, 2
    add     t0, t0, t1
    lw      t0, 0(t0)
    beqz    t0, save_all
    lw      t1, THREAD_SYSCALLS(sp)
    addi    t1, t1, 1
    sw      t1, THREAD_SYSCALLS(sp)
    lw      t1, THREAD_FAMILIES + FAMILY_INFO * 4(sp) # every light call is info
    addi    t1, t1, 1               # (gen_abi checks)
    sw      t1, THREAD_FAMILIES + FAMILY_INFO * 4(sp)
    jalr    t1, t0                  # light_<name>: sp = thread; a0/a1 = results
    csrr    t0, sepc
    addi    t0, t0, 4
    csrw    sepc, t0
    lw      t0, TF_T0(sp)
    lw      t1, TF_T1(sp)
    csrrw   sp, sscratch, sp
    sret

save_t0_all:
    sw      t0, TF_T0(sp)
# save_all: the full path (also fast_bail's).  Saves every register into
# sp's trapframe, then switches to the kernel stack (kstack_top) with
# s0 = the thread and dispatches on scause; every branch ends in
# trap_return.
.globl save_all
save_all:
    tf_kept sw, sp
    tf_scratch sw, sp
    csrr    t0, sscratch
    sw      t0, TF_SP(sp)
    csrw    sscratch, zero          # from now on a trap is the kernel's own
    csrr    t0, sepc
    sw      t0, TF_PC(sp)
    mv      s0, sp                  # s0 = the trapped thread, for every handler
    la      sp, kstack_top
    csrr    t0, scause
    bltz    t0, interrupt
    li      t1, CAUSE_ECALL_U
    beq     t0, t1, syscall_dispatch # kernel/syscall.s
    lw      t1, THREAD_SSTATUS(s0)
    andi    t1, t1, SSTATUS_SPP
    bnez    t1, idle_fault
    call    user_fault              # kernel/fault.s: stop it, tell pm
    j       trap_return

interrupt:
    slli    t0, t0, 1
    srli    t0, t0, 1
    li      t1, IRQ_S_TIMER
    beq     t0, t1, 1f
    li      t1, IRQ_S_EXTERNAL
    beq     t0, t1, 2f
    la      a0, msg_bad_interrupt
    j       panic
1:  call    timer_tick              # kernel/timer.s
    j       trap_return
2:  call    external_interrupt      # kernel/irq.s
    j       trap_return

idle_fault:
    la      a0, msg_idle_fault
    j       panic

# trap_return: leave the kernel into current_thread.  Jumped to (never
# called) on the kernel stack; switches address space only when it changes.
# Restores every register from the thread's trapframe and srets.
.globl trap_return
trap_return:
    la      t0, current_thread
    lw      t0, 0(t0)
    lw      t1, THREAD_SPACE(t0)
    lw      t1, SPACE_SATP(t1)
    csrr    t3, satp
    beq     t1, t3, 1f
    csrw    satp, t1
    sfence.vma
1:  lw      t1, THREAD_SSTATUS(t0)
    csrw    sstatus, t1
    lw      t1, TF_PC(t0)
    csrw    sepc, t1
    csrw    sscratch, t0
    tf_kept lw, t0
    tf_scratch lw, t0
    lw      t1, TF_T1(t0)
    lw      sp, TF_SP(t0)
    lw      t0, TF_T0(t0)
    sret

# kernel_trap: a trap while the kernel itself ran.  Save what we can into
# panic_frame and panic.  Entered with sp = 0, sscratch = kernel sp; uses
# t0-t1 and the stack it interrupted (panic never returns).
kernel_trap:
    csrrw   sp, sscratch, sp
    csrw    sscratch, t0
    la      t0, panic_frame
    tf_kept sw, t0                  # panic_frame is laid out as a trapframe
    tf_scratch sw, t0
    sw      t1, TF_T1(t0)
    sw      sp, TF_SP(t0)
    csrr    t1, sscratch
    sw      t1, TF_T0(t0)
    la      a0, msg_kernel_trap
    j       panic

.section .rodata
msg_bad_interrupt: .asciz "unexpected interrupt"
msg_idle_fault:    .asciz "fault in the idle thread"
msg_kernel_trap:   .asciz "trap in kernel mode"

.section .rodata
.balign 4
light_table:
    LIGHT_SYSCALL_TABLE             # abi.inc: light_<name> for numbers 0..31, or 0
.if . - light_table != LIGHT_CALLS * 4
    .error "light_table must have LIGHT_CALLS entries: trap_entry indexes it by a7 below LIGHT_CALLS"
.endif
