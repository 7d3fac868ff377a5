# kernel/futex.s — wait and wake on a user word (mutexes, semaphores and
# condition variables are built on these in the user library).  A waiter is
# keyed by the physical address of the word, so threads of different
# spaces sharing a page would meet too.
.include "kernel.inc"

.section .text
# futex_wait(addr, expected, timeout_ms): block while *addr == expected.
.globl sys_futex_wait
sys_futex_wait:
    andi    t0, a0, 3
    bnez    t0, ret_einval
    prologue ra
    mv      a1, a0
    thread_root a0, s0
    li      a2, PTE_U | PTE_R
    call    user_translate
    epilogue
    beqz    a0, ret_efault
    lw      t0, 0(a0)
    lw      t1, TF_SYSCALL_ARG1(s0)
    bne     t0, t1, ret_eagain      # it changed: do not sleep
    sw      a0, THREAD_FUTEX_PA(s0)
    lw      a0, TF_SYSCALL_ARG2(s0) # timeout (0 = never) as a wake jiffy
    beqz    a0, 1f
    call    wake_jiffy              # (kernel/timer.s; we never return here)
1:  sw      a0, THREAD_WAKE(s0)
    li      t0, STATE_FUTEX
    sw      t0, THREAD_STATE(s0)
    sw      zero, TF_SYSCALL_RESULT0(s0)
    j       block_current

# futex_wake(addr, count) -> threads woken.
.globl sys_futex_wake
sys_futex_wake:
    andi    t0, a0, 3
    bnez    t0, ret_einval
    prologue ra, s1, s2, s3
    mv      a1, a0
    thread_root a0, s0
    li      a2, PTE_U | PTE_R
    call    user_translate
    beqz    a0, 8f
    mv      s1, a0                  # physical address
    li      s2, 0                   # woken
    la      s3, threads + THREAD_SIZE
1:  la      t0, threads + NTHREADS * THREAD_SIZE
    bgeu    s3, t0, 9f
    lw      t0, TF_SYSCALL_ARG1(s0)
    bgeu    s2, t0, 9f
    lw      t0, THREAD_STATE(s3)
    li      t1, STATE_FUTEX
    bne     t0, t1, 2f
    lw      t0, THREAD_FUTEX_PA(s3)
    bne     t0, s1, 2f
    sw      zero, TF_SYSCALL_RESULT0(s3)
    mv      a0, s3
    call    make_ready
    addi    s2, s2, 1
2:  addi    s3, s3, THREAD_SIZE
    j       1b
8:  li      s2, -EFAULT
9:  mv      a0, s2
    epilogue
    ret
