# servers/pipe/holders.s — who holds which pipe end, and who is alive.
#
# Owns the holder records ((end, pid, count): process pid holds that end
# count times; the records' routines are the library's holders.s, which the
# fs server uses too) and the server's view of the living: pm's ps lists every
# thread with its pid, which tells the caller's pid (remembered per tid: a
# tid never names another thread) and which holders died.  A pid is never
# reused, so a record cannot pass to a new process.  sweep_dead runs when pm
# says a process ended (NOTIFY_EXITED): the dead's records go, their ends'
# counts drop, and the waiting calls of those pipes are served (a reader
# sees the end, a writer -EPIPE); calls whose thread died meanwhile go too.

    .include "pipe.inc"
    .include "frame.inc"

    .text

# holder_find(a0 = end id, a1 = pid) -> a0 = its record, or 0.
# holder_add(a0 = end id, a1 = pid) -> a0 = 0, or -ENOMEM (no free record).
# holder_drop(a0 = end id, a1 = pid) -> a0 = 0, or -EBADF if pid does not
# hold that end.
# holders_free() -> a0 = free holder records.
# The library's holders.s on this server's table.  Clobber t0-t4, a1-a3.
    .globl holder_find
holder_find:
    la      t3, hold_find
    j       on_table
    .globl holder_add
holder_add:
    mv      t4, ra
    la      t3, hold_add
    jal     on_table
    mv      ra, t4
    beqz    a0, 1f
    li      a0, -ENOMEM
1:  ret
    .globl holder_drop
holder_drop:
    mv      t4, ra
    la      t3, hold_drop
    jal     on_table
    mv      ra, t4
    beqz    a0, 1f
    li      a0, -EBADF
1:  ret
on_table:                           # the routine in t3, on our table
    mv      a3, a1
    mv      a2, a0
    la      a0, holders
    li      a1, PIPE_HOLDERS_MAX
    jr      t3
    .globl holders_free
holders_free:
    la      a0, holders
    li      a1, PIPE_HOLDERS_MAX
    tail    hold_free_count

# fetch_ps() -> a0 = records in ps_buf, or -errno: every thread and its pid.
# Clobbers the caller-saved registers.
fetch_ps:
    prologue ra
    la      a0, ps_buf
    li      a1, NTHREADS
    call    ps
    la      t0, ps_count
    li      t1, 0
    bltz    a0, 1f
    mv      t1, a0
1:  sw      t1, 0(t0)
    epilogue
    ret

# ps_pid_of(a0 = tid) -> a0 = its pid in ps_buf, 0 if not listed.  Clobbers t0-t2.
ps_pid_of:
    la      t0, ps_buf
    la      t1, ps_count
    lw      t1, 0(t1)
1:  beqz    t1, 3f
    lw      t2, PS_TID(t0)
    beq     t2, a0, 2f
    addi    t0, t0, PS_SIZE
    addi    t1, t1, -1
    j       1b
2:  lw      a0, PS_PID(t0)
    ret
3:  li      a0, 0
    ret

# ps_has_pid(a0 = pid) -> a0 nonzero if ps_buf lists a thread of it.  Clobbers t0-t2.
ps_has_pid:
    la      t0, ps_buf
    la      t1, ps_count
    lw      t1, 0(t1)
1:  beqz    t1, 3f
    lw      t2, PS_PID(t0)
    beq     t2, a0, 2f
    addi    t0, t0, PS_SIZE
    addi    t1, t1, -1
    j       1b
2:  li      a0, 1
    ret
3:  li      a0, 0
    ret

# caller_pid() -> a0 = the pid of msg's sender, or -ESRCH.
# Clobbers the caller-saved registers.
    .globl caller_pid
caller_pid:
    prologue ra, s0
    la      t0, msg
    lw      s0, MSG_SENDER(t0)
    la      t0, pid_cache           # remembered?
    la      t1, pid_cache + PID_CACHE_MAX * 8
1:  bgeu    t0, t1, 2f
    lw      t2, 0(t0)
    beq     t2, s0, 3f
    addi    t0, t0, 8
    j       1b
3:  lw      a0, 4(t0)
    j       9f
2:  call    fetch_ps
    mv      a0, s0
    call    ps_pid_of
    bnez    a0, 4f
    li      a0, -ESRCH
    j       9f
4:  la      t0, pid_cache_next      # remember it, replacing round robin
    lw      t1, 0(t0)
    addi    t2, t1, 1
    andi    t2, t2, PID_CACHE_MAX - 1
    sw      t2, 0(t0)
    slli    t1, t1, 3
    la      t0, pid_cache
    add     t0, t0, t1
    sw      s0, 0(t0)
    sw      a0, 4(t0)
9:  epilogue
    ret

# pid_alive(a0 = pid) -> a0 nonzero while a thread of process pid lives.
# Clobbers the caller-saved registers.
    .globl pid_alive
pid_alive:
    prologue ra, s0
    mv      s0, a0
    call    fetch_ps
    mv      a0, s0
    call    ps_has_pid
    epilogue
    ret

# still_calling(a0 = tid) -> a0 nonzero while that thread waits in a call
# (to us: a waiter is never answered twice).  Clobbers the caller-saved registers.
still_calling:
    prologue ra, s0
    mv      s0, a0
    andi    a0, a0, TID_SLOT_MASK
    la      a1, tinfo
    call    thread_info
    bnez    a0, 8f
    la      t0, tinfo
    lw      t1, TINFO_TID(t0)
    bne     t1, s0, 8f
    lw      t1, TINFO_STATE(t0)
    li      t2, STATE_CALL
    bne     t1, t2, 8f
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# sweep_dead(): a process ended: drop the records of processes ps no longer
# lists and the waiting calls whose thread is gone, then serve every pipe.
# Called by main on NOTIFY_EXITED.  Clobbers the caller-saved registers.
    .globl sweep_dead
sweep_dead:
    prologue ra, s0, s1
    call    holders_free
    li      t0, PIPE_HOLDERS_MAX
    beq     a0, t0, 3f              # nobody holds anything: nothing to drop
    call    fetch_ps
    blez    a0, 3f                  # pm did not answer: drop nothing
    la      s0, holders
1:  la      t0, holders + PIPE_HOLDERS_MAX * HOLD_SIZE
    bgeu    s0, t0, 3f
    lw      t0, HOLD_OBJECT(s0)
    beqz    t0, 2f
    lw      a0, HOLD_OWNER(s0)
    call    ps_has_pid
    bnez    a0, 2f
    lw      a0, HOLD_OBJECT(s0)     # dead: its references go
    addi    a0, a0, -1
    lw      a1, HOLD_COUNT(s0)
    neg     a1, a1
    call    end_count_add
    sw      zero, HOLD_OBJECT(s0)
2:  addi    s0, s0, HOLD_SIZE
    j       1b
3:  li      s0, 0                   # waiting calls of dead threads
4:  la      t0, waiter_count
    lw      t0, 0(t0)
    bgeu    s0, t0, 6f
    slli    t0, s0, 4
    la      t1, waiters
    add     t0, t0, t1
    lw      a0, W_TID(t0)
    call    still_calling
    bnez    a0, 5f
    mv      a0, s0
    call    remove_waiter
    j       4b
5:  addi    s0, s0, 1
    j       4b
6:  li      s0, 0                   # serve every pipe in use
7:  li      t0, PIPES_MAX
    bgeu    s0, t0, 9f
    slli    a0, s0, 1
    call    pipe_of
    lw      t0, PR_USED(a0)
    beqz    t0, 8f
    slli    a0, s0, 1
    call    serve_pipe
8:  addi    s0, s0, 1
    j       7b
9:  epilogue
    ret

    .bss
    .balign 4
holders:        .zero PIPE_HOLDERS_MAX * HOLD_SIZE
pid_cache:      .zero PID_CACHE_MAX * 8
pid_cache_next: .zero 4
ps_count:       .zero 4
ps_buf:         .zero NTHREADS * PS_SIZE
tinfo:          .zero TINFO_SIZE
