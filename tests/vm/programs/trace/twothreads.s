# twothreads.s -- a tiny three-mode "kernel" for the tracer tests (tests/vm/test_trace_*.py).
#
# M-mode: open PMP, delegate U ecalls, page faults and the S timer to S, enable
# Sstc, drop to S.  S-mode: copy the user program to two 4 MiB regions, give
# each of two U-mode threads its own Sv32 page table (the same user VA maps
# to a different physical region), and run them with timer preemption.
# Like toyos, it keeps `current_thread` (a pointer to the running thread's
# structure) and exports the structure's offsets as absolute symbols, with
# the ABI's syscall numbers, so the tracer can name everything from outside.
#
# Each thread: self() -> tid; writes "hi from <tid>\n" (same VA, different
# page) with debug_write; futex_wait(0, 1, 0) -> -EFAULT; yield; spins long
# enough to be preempted; then thread 1 calls syscall 99 (-ENOSYS) and exits,
# thread 2 loads from an unmapped page (load page fault: the kernel stops it).
# When no thread is left the kernel powers off (sifive_test 0x5555).

.equ SYS_EXIT, 1
.equ SYS_YIELD, 2
.equ SYS_DEBUG_WRITE, 5
.equ SYS_FUTEX_WAIT, 15
.equ SYS_SELF, 31
.equ EFAULT, 14
.equ ENOSYS, 38

.globl THREAD_ID, THREAD_STATE, THREAD_PRIORITY, THREAD_NAME
.equ THREAD_ID, 132
.equ THREAD_STATE, 136
.equ THREAD_PRIORITY, 140
.equ THREAD_NAME, 152
.equ THREAD_SATP, 240                   # this kernel's own field
.equ THREAD_SIZE, 256
.equ STATE_READY, 1
.equ STATE_DEAD, 8

.equ USER_VA, 0x00400000
.equ USER_A_PA, 0x80400000
.equ USER_B_PA, 0x80800000
.equ SLICE_TICKS, 700                   # 7000 instructions in deterministic time
.equ CSR_STIMECMP, 0x14D
.equ CSR_MENVCFGH, 0x31A

    .text
    .globl _start
_start:                             # M-mode, a0 = hart id
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, 0x0F                # TOR, RWX: everything open
    csrw    pmpcfg0, t0
    li      t0, (1 << 8) | (1 << 12) | (1 << 13) | (1 << 15)
    csrw    medeleg, t0
    li      t0, (1 << 5)            # S timer
    csrw    mideleg, t0
    li      t0, 1 << 31             # menvcfgh.STCE: Sstc on
    csrw    CSR_MENVCFGH, t0
    li      t0, 2
    csrw    mcounteren, t0
    li      t0, 3 << 11
    csrc    mstatus, t0
    li      t0, 1 << 11             # MPP = S
    csrs    mstatus, t0
    la      t0, kernel_main
    csrw    mepc, t0
    mret

# ---- S-mode --------------------------------------------------------------
kernel_main:
    la      sp, kernel_stack_top
    la      t0, trap_vector
    csrw    stvec, t0
    la      a0, user_program        # copy the user program into both regions
    li      a1, USER_A_PA
    li      a2, USER_B_PA
    la      a3, user_program_end
1:  lw      t0, 0(a0)
    sw      t0, 0(a1)
    sw      t0, 0(a2)
    addi    a0, a0, 4
    addi    a1, a1, 4
    addi    a2, a2, 4
    bltu    a0, a3, 1b
    la      a0, thread_a            # each thread's satp: Sv32, its own root table
    la      a1, root_a
    call    set_satp
    la      a0, thread_b
    la      a1, root_b
    call    set_satp
    li      t0, SLICE_TICKS
    csrw    CSR_STIMECMP, t0
    li      t0, 1 << 5              # sie.STIE
    csrs    sie, t0
    li      t0, 1 << 18             # sstatus.SUM: the kernel reads user buffers
    csrs    sstatus, t0
    la      tp, thread_a
    j       return_to_user

# set_satp(a0 = thread, a1 = root table): S-mode, clobbers t0.
set_satp:
    srli    a1, a1, 12
    li      t0, 1 << 31
    or      a1, a1, t0
    sw      a1, THREAD_SATP(a0)
    ret

# trap_vector: every trap from U-mode.  sscratch holds the running thread's
# structure; its first 132 bytes are the trapframe (x1..x31 at 4*n, pc at 128).
    .balign 4
trap_vector:
    csrrw   tp, sscratch, tp
    sw      ra, 4(tp)
    sw      sp, 8(tp)
    sw      gp, 12(tp)
    sw      t0, 20(tp)
    sw      t1, 24(tp)
    sw      t2, 28(tp)
    sw      s0, 32(tp)
    sw      s1, 36(tp)
    sw      a0, 40(tp)
    sw      a1, 44(tp)
    sw      a2, 48(tp)
    sw      a3, 52(tp)
    sw      a4, 56(tp)
    sw      a5, 60(tp)
    sw      a6, 64(tp)
    sw      a7, 68(tp)
    csrr    t0, sscratch
    sw      t0, 16(tp)              # the user's tp
    csrr    t0, sepc
    sw      t0, 128(tp)
    la      sp, kernel_stack_top
    csrr    t0, scause
    bltz    t0, timer_interrupt
    li      t1, 8
    beq     t0, t1, syscall
    j       kill_current            # a fault: stop the thread

timer_interrupt:
    la      t0, next_deadline
    lw      t1, 0(t0)
    addi    t1, t1, SLICE_TICKS
    sw      t1, 0(t0)
    csrw    CSR_STIMECMP, t1
    j       switch_other

syscall:
    lw      t0, 128(tp)
    addi    t0, t0, 4
    sw      t0, 128(tp)
    lw      a7, 68(tp)
    li      t1, SYS_SELF
    beq     a7, t1, sys_self
    li      t1, SYS_DEBUG_WRITE
    beq     a7, t1, sys_debug_write
    li      t1, SYS_FUTEX_WAIT
    beq     a7, t1, sys_futex_wait
    li      t1, SYS_YIELD
    beq     a7, t1, sys_yield
    li      t1, SYS_EXIT
    beq     a7, t1, kill_current
    li      a0, -ENOSYS
    j       return_a0

sys_self:
    lw      a0, THREAD_ID(tp)
    j       return_a0

sys_debug_write:                    # (buf, len): copy to the UART through the user's mapping
    lw      a0, 40(tp)
    lw      a1, 44(tp)
    li      t0, 0x10000000
    add     t1, a0, a1
1:  bgeu    a0, t1, 2f
    lbu     t2, 0(a0)
    sb      t2, 0(t0)
    addi    a0, a0, 1
    j       1b
2:  mv      a0, a1
    j       return_a0

sys_futex_wait:
    lw      a0, 40(tp)
    li      t0, -EFAULT
    beqz    a0, 1f
    li      t0, 0
1:  mv      a0, t0
    j       return_a0

sys_yield:
    sw      zero, 40(tp)
    j       switch_other

return_a0:
    sw      a0, 40(tp)
    j       return_to_user

kill_current:
    li      t0, STATE_DEAD
    sw      t0, THREAD_STATE(tp)
    # fall through: run the other thread, or power off if none is left

# switch_other: make the other thread current if it can run.
switch_other:
    la      t0, thread_a
    la      t1, thread_b
    mv      t2, t0
    bne     tp, t0, 1f
    mv      t2, t1
1:  lw      t3, THREAD_STATE(t2)
    li      t4, STATE_READY
    bne     t3, t4, 2f
    mv      tp, t2                  # the other one is ready
    j       return_to_user
2:  lw      t3, THREAD_STATE(tp)
    beq     t3, t4, return_to_user  # only this one is left
    li      t0, 0x100000            # nobody is left: power off
    li      t1, 0x5555
    sw      t1, 0(t0)
3:  j       3b

# return_to_user: tp = the thread to run; record it as current and sret.
return_to_user:
    la      t0, current_thread
    sw      tp, 0(t0)
    lw      t0, THREAD_SATP(tp)
    csrw    satp, t0
    sfence.vma
    lw      t0, 128(tp)
    csrw    sepc, t0
    li      t0, 1 << 8              # SPP = U
    csrc    sstatus, t0
    lw      t0, 16(tp)
    csrw    sscratch, t0
    csrrw   tp, sscratch, tp        # sscratch = thread, tp = user tp
    csrr    ra, sscratch
    lw      sp, 8(ra)
    lw      gp, 12(ra)
    lw      t0, 20(ra)
    lw      t1, 24(ra)
    lw      t2, 28(ra)
    lw      s0, 32(ra)
    lw      s1, 36(ra)
    lw      a0, 40(ra)
    lw      a1, 44(ra)
    lw      a2, 48(ra)
    lw      a3, 52(ra)
    lw      a4, 56(ra)
    lw      a5, 60(ra)
    lw      a6, 64(ra)
    lw      a7, 68(ra)
    lw      ra, 4(ra)
    sret

# ---- the user program (position independent; runs at USER_VA in both threads)
    .balign 4096
user_program:
    li      a7, SYS_SELF
    ecall
    la      t1, user_message
    addi    t0, a0, '0'
    sb      t0, 8(t1)               # "hi from N\n"
    mv      a0, t1
    li      a1, 10
    li      a7, SYS_DEBUG_WRITE
    ecall
    li      a0, 0
    li      a1, 1
    li      a2, 0
    li      a7, SYS_FUTEX_WAIT
    ecall
    li      a7, SYS_YIELD
    ecall
    li      t2, 6000                # long enough for a few time slices
1:  addi    t2, t2, -1
    bnez    t2, 1b
    li      a7, SYS_SELF
    ecall
    li      t0, 1
    bne     a0, t0, 2f
    li      a7, 99                  # thread 1: an unknown syscall, then exit
    ecall
    li      a0, 0
    li      a7, SYS_EXIT
    ecall
2:  li      t0, 0x00C00000          # thread 2: a load from an unmapped page
    lw      t0, 0(t0)
3:  j       3b
user_message:
    .ascii "hi from ?\n"
    .balign 4
user_program_end:

    .data
    .balign 4
    .globl current_thread
current_thread:
    .word 0
next_deadline:
    .word SLICE_TICKS

# Megapage PTEs: V R W X A D (0xCF), and U (0xDF) for the user region.
.equ PTE_KERNEL, 0xCF
.equ PTE_USER, 0xDF
.macro ROOT_TABLE user_pa
    .word ((0x00000000 >> 12) << 10) | PTE_KERNEL      # 0x00000000: sifive_test
    .word ((\user_pa >> 12) << 10) | PTE_USER          # USER_VA: this thread's region
    .fill 0x40 - 2, 4, 0
    .word ((0x10000000 >> 12) << 10) | PTE_KERNEL      # UART
    .fill 0x200 - 0x41, 4, 0
    .word ((0x80000000 >> 12) << 10) | PTE_KERNEL      # the kernel
    .fill 1024 - 0x201, 4, 0
.endm
    .balign 4096
root_a:
    ROOT_TABLE USER_A_PA
    .balign 4096
root_b:
    ROOT_TABLE USER_B_PA

# Thread structures: trapframe (x0..x31, pc), then the fields at the offsets above.
.macro THREAD id
    .fill 32, 4, 0                      # trapframe x0..x31
    .word USER_VA                       # pc
    .word \id                           # THREAD_ID
    .word STATE_READY                   # THREAD_STATE
    .word 2                             # THREAD_PRIORITY
    .fill THREAD_NAME - THREAD_PRIORITY - 4, 1, 0
.endm
    .balign 256
thread_a:
    THREAD  1
    .ascii "alpha"
    .fill THREAD_SIZE - THREAD_NAME - 5, 1, 0
    .balign 256
thread_b:
    THREAD  2
    .ascii "beta"
    .fill THREAD_SIZE - THREAD_NAME - 4, 1, 0

    .bss
    .balign 16
kernel_stack:
    .skip 4096
kernel_stack_top:
