# userland/lib/sync.s — mutex, semaphore and condition variable.
#
# Owns the user-space halves of blocking synchronisation. Each object is one
# 32-bit word in the caller's memory (zero-initialised = unlocked / count 0 /
# no signals yet). The fast paths are a single AMO or LR/SC; the kernel is
# entered (futex_wait / futex_wake, userland/lib/syscalls.s) only to sleep or
# to wake a sleeper. Never allocates, never spins forever.
#
# Mutex word: 0 = unlocked, 1 = locked, 2 = locked and maybe waited on
# (Drepper, "Futexes Are Tricky", mutex #2).

    .include "frame.inc"
    .text

# mutex_lock(a0 = &mutex). Returns when the caller holds the mutex.
# Called by any thread. Clobbers caller-saved registers.
    .globl mutex_lock
mutex_lock:
1:  lr.w.aq t0, (a0)                # fast path: 0 -> 1
    bnez    t0, 2f
    li      t1, 1
    sc.w    t1, t1, (a0)
    bnez    t1, 1b
    ret
2:  addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    li      t1, 2                   # slow path: announce a waiter
    amoswap.w.aq t0, t1, (s0)
    beqz    t0, 4f                  # it was released meanwhile: ours now
3:  mv      a0, s0
    li      a1, 2
    li      a2, 0                   # no timeout
    call    futex_wait              # sleeps only while the word is still 2
    li      t1, 2
    amoswap.w.aq t0, t1, (s0)
    bnez    t0, 3b
4:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# mutex_unlock(a0 = &mutex). The caller must hold the mutex.
# Called by the holder. Clobbers caller-saved registers.
    .globl mutex_unlock
mutex_unlock:
    amoswap.w.rl t0, zero, (a0)
    li      t1, 2
    beq     t0, t1, 1f
    ret
1:  li      a1, 1                   # someone may sleep on it: wake one
    tail    futex_wake

# sem_wait(a0 = &sem). Takes one unit, sleeping while the count is 0.
# Called by any thread. Clobbers caller-saved registers.
    .globl sem_wait
sem_wait:
    prologue ra, s0
    mv      s0, a0
1:  lr.w.aq t0, (s0)
    beqz    t0, 2f
    addi    t0, t0, -1
    sc.w    t1, t0, (s0)
    bnez    t1, 1b
    epilogue
    ret
2:  mv      a0, s0
    li      a1, 0
    li      a2, 0
    call    futex_wait              # returns at once if a post came first
    j       1b

# sem_post(a0 = &sem). Adds one unit and wakes one sleeper, if any.
# Called by any thread. Clobbers caller-saved registers.
    .globl sem_post
sem_post:
    li      t0, 1
    amoadd.w.rl zero, t0, (a0)
    li      a1, 1
    tail    futex_wake

# cond_wait(a0 = &cond, a1 = &mutex). The caller holds the mutex; it is
# released while sleeping and held again on return. The cond word counts
# signals, so a signal between the unlock and the sleep is never lost:
# futex_wait sees the changed count and returns at once. Spurious wake-ups
# are possible, as with pthreads: callers re-check their condition.
# Called by any thread. Clobbers caller-saved registers.
    .globl cond_wait
cond_wait:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    lw      s2, 0(s0)               # the signal count we will sleep on
    mv      a0, s1
    call    mutex_unlock
    mv      a0, s0
    mv      a1, s2
    li      a2, 0
    call    futex_wait
    mv      a0, s1
    call    mutex_lock
    epilogue
    ret

# cond_signal(a0 = &cond): wakes one waiter. cond_broadcast: wakes all.
# Called by any thread, usually holding the mutex. Clobbers caller-saved.
    .globl cond_signal
cond_signal:
    li      t0, 1
    amoadd.w zero, t0, (a0)
    li      a1, 1
    tail    futex_wake

    .globl cond_broadcast
cond_broadcast:
    li      t0, 1
    amoadd.w zero, t0, (a0)
    li      a1, 0x7fffffff
    tail    futex_wake
