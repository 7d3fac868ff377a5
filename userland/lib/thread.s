# userland/lib/thread.s — starting more threads in the caller's process.
#
# Owns the thread-stack area of the user map (USER_THREAD_STACKS): slot i
# is a 64 KiB window whose top THREAD_STACK_PAGES pages are mapped as the
# stack of the i-th thread created; the unmapped rest of the window below it
# is a guard, so an overflow faults instead of corrupting a neighbour.
# Stacks are not reused: a process creates at most THREAD_SLOTS threads.

    .include "abi.inc"
    .include "frame.inc"

    .equ THREAD_WINDOW, 0x10000
    .equ THREAD_STACK_PAGES, 4
    .equ THREAD_SLOTS, 64

    .text

# thread_create(a0 = function, a1 = argument) -> a0 = tid or -errno.
# The new thread runs function(argument) at user priority; when the function
# returns, its result is the thread's exit code (thread_exit).
# Called by anyone. Clobbers caller-saved registers.
    .globl thread_create
thread_create:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    la      t0, thread_slots_used   # claim a slot, even against racing threads
    li      t1, 1
    amoadd.w t1, t1, (t0)
    li      t2, THREAD_SLOTS
    bgeu    t1, t2, 8f
    li      t2, THREAD_WINDOW       # s2 = top of the slot's window
    mul     t1, t1, t2
    li      t2, USER_THREAD_STACKS + THREAD_WINDOW
    add     s2, t1, t2
    li      a0, 0
    li      t0, THREAD_STACK_PAGES * PAGE_SIZE
    sub     a1, s2, t0
    li      a2, THREAD_STACK_PAGES
    li      a3, PROT_R | PROT_W
    call    mem_map
    bltz    a0, 9f
    li      a0, 0                   # own space
    la      a1, thread_trampoline
    mv      a2, s2
    mv      a3, s0
    mv      a4, s1
    li      a5, PRIO_USER
    SYSCALL THREAD_CREATE
    j       9f
8:  li      a0, -ENOMEM
9:  epilogue
    ret

# thread_trampoline: first code of every created thread, on its new stack,
# with a0 = function, a1 = argument (thread_create's arg0/arg1). Calls the
# function and ends the thread with its result. Never returns.
thread_trampoline:
    mv      t0, a0
    mv      a0, a1
    jalr    t0
    tail    thread_exit

    .bss
    .balign 4
thread_slots_used: .zero 4
