# servers/fs/clients.s — who holds which handle, and who is still alive.
#
# A handle is held by processes: the one that opened it, and each one it
# was shared with (io share: spawn shares every descriptor a child
# inherits).  The records ((handle, owner, count): holders.s of the
# library, the pipe server's too) sum up into the handle's H_REFS; the
# handle closes when the last holder closes it or ends.
#
# An owner is a process as this server tells them apart.  It cannot ask
# pm (pm's ps, as the pipe server does): pm calls this server while it
# loads programs from /bin, so a call the other way could deadlock.  The
# kernel's thread_info gives a thread's space, but a space slot is reused
# by later processes; so the server numbers each incarnation of a space
# itself (space_owner: the owner number of the process living in that
# slot, a number never reused) and remembers, for each thread slot, the
# tid it saw there and its owner.  pm notifies this server (NOTIFY_EXITED)
# after every space it destroys and before it can create another in the
# same slot; the kernel hands notifications over before (or with) any
# later request, and fs.s sweeps before serving it.  The sweep keeps an
# owner while a thread known to be its own still lives (a tid never names
# another thread), and adopts then every other live thread of its space;
# an owner none of whose known threads lives is dead, its records go.  So
# a new process in a reused slot never inherits the dead one's handles.
# The one case judged wrong: a process whose every thread the server knew
# ended, leaving only threads born since the last sweep that never called
# it; its handles are closed early (DESIGN.md, "The fs server").

.include "fs.inc"

.text
# owner_of(a0 = tid, a1 = nonzero to trust what was seen before) -> a0 =
# the owner of that thread's process (a new one for a space seen first),
# or -ESRCH when tid is not a live thread.  Clobbers caller-saved registers.
.globl owner_of
owner_of:
    prologue ra, s1, s2, s3
    mv      s1, a0
    li      a0, -ESRCH
    blez    s1, 9f                  # tid 0 is the idle thread's
    andi    s2, s1, TID_SLOT_MASK
    slli    s3, s2, 2
    beqz    a1, 1f
    la      t1, slot_tid            # seen before (the caller is alive)
    add     t1, t1, s3
    lw      t2, 0(t1)
    bne     t2, s1, 1f
    la      t1, slot_owner
    add     t1, t1, s3
    lw      a0, 0(t1)
    bnez    a0, 9f
1:  mv      a0, s2
    la      a1, tinfo
    call    thread_info
    bnez    a0, 8f
    la      t0, tinfo
    lw      t1, TINFO_TID(t0)
    bne     t1, s1, 8f
    lw      t1, TINFO_STATE(t0)
    li      t2, STATE_ZOMBIE        # ended: its process is going
    beq     t1, t2, 8f
    lw      t1, TINFO_SPACE(t0)
    li      t2, NSPACES
    bgeu    t1, t2, 8f
    slli    t1, t1, 2
    la      t2, space_owner
    add     t2, t2, t1
    lw      a0, 0(t2)
    bnez    a0, 2f
    la      t0, next_owner          # a space not seen since it was made
    lw      a0, 0(t0)
    addi    t1, a0, 1
    sw      t1, 0(t0)
    sw      a0, 0(t2)
2:  la      t1, slot_tid
    add     t1, t1, s3
    sw      s1, 0(t1)
    la      t1, slot_owner
    add     t1, t1, s3
    sw      a0, 0(t1)
    j       9f
8:  li      a0, -ESRCH
9:  epilogue
    ret

# caller_owner() -> a0 = the owner of the request's sender.
# Clobbers caller-saved registers.
.globl caller_owner
caller_owner:
    la      t0, request
    lw      a0, RQ_TID(t0)
    li      a1, 1
    tail    owner_of

# owner_live(a0 = owner) -> a0 nonzero while a space is its.  Clobbers t0-t2.
owner_live:
    la      t0, space_owner
    la      t1, space_owner + NSPACES * 4
1:  bgeu    t0, t1, 2f
    lw      t2, 0(t0)
    beq     t2, a0, 3f
    addi    t0, t0, 4
    j       1b
2:  li      a0, 0
3:  ret

# handle_held(a0 = handle number, a1 = owner) -> a0 nonzero when owner
# holds it.  Clobbers t0-t2, a1-a3.
.globl handle_held
handle_held:
    mv      a2, a0
    mv      a3, a1
    la      a0, holders
    li      a1, HOLDERS_MAX
    tail    hold_find

# handle_hold(a0 = handle number, a1 = owner) -> a0 = 0, or -ENOMEM: owner
# holds the handle once more.  Clobbers caller-saved registers.
.globl handle_hold
handle_hold:
    prologue ra, s1
    mv      s1, a0
    mv      a2, a0
    mv      a3, a1
    la      a0, holders
    li      a1, HOLDERS_MAX
    call    hold_add
    li      t0, -ENOMEM
    bnez    a0, 8f
    mv      a0, s1
    call    handle_get
    lw      t0, H_REFS(a0)
    addi    t0, t0, 1
    sw      t0, H_REFS(a0)
    li      t0, 0
8:  mv      a0, t0
    epilogue
    ret

# handle_release(a0 = handle number, a1 = owner) -> a0 = 0, or -EBADF if
# owner does not hold it; a1 = nonzero when that was the last hold (the
# handle is then closed: handle_close's answer in a0).
# Clobbers caller-saved registers.
.globl handle_release
handle_release:
    prologue ra, s1
    mv      s1, a0
    mv      a2, a0
    mv      a3, a1
    la      a0, holders
    li      a1, HOLDERS_MAX
    call    hold_drop
    li      a1, 0
    beqz    a0, 1f
    li      a0, -EBADF
    j       9f
1:
    mv      a0, s1
    call    handle_get
    lw      t0, H_REFS(a0)
    addi    t0, t0, -1
    sw      t0, H_REFS(a0)
    li      a1, 0
    bnez    t0, 8f
    call    handle_close
    li      a1, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# handle_close(a0 = handle): the last hold is gone: the handle is free, its
# node's entry written if it changed, and an O_SYNC file's blocks reach
# the disk -> a0 = 0 or -errno.  Clobbers caller-saved registers.
.globl handle_close
handle_close:
    prologue ra, s1
    lw      s1, H_FLAGS(a0)
    call    handle_free
    call    node_flush              # opswrite.s: its entry, if dirty
    bnez    a0, 9f
    li      t0, O_SYNC
    and     t0, t0, s1
    beqz    t0, 9f
    call    cache_sync
9:  epilogue
    ret

# handle_abandon(a0 = handle number): an open that did not finish: every
# record of it goes and the handle is free, nothing written.
# Clobbers caller-saved registers.
.globl handle_abandon
handle_abandon:
    addi    t3, a0, 1
    la      t0, holders
    la      t1, holders + HOLDERS_MAX * HOLD_SIZE
1:  bgeu    t0, t1, 3f
    lw      t2, HOLD_OBJECT(t0)
    bne     t2, t3, 2f
    sw      zero, HOLD_OBJECT(t0)
2:  addi    t0, t0, HOLD_SIZE
    j       1b
3:
    prologue ra
    call    handle_get
    call    handle_free
    epilogue
    ret

# sweep_if_due(): pm said a process ended: sweep (again while blk.s saw
# another notification during the sweep's own disk writes).
# Clobbers caller-saved registers.
.globl sweep_if_due
sweep_if_due:
    prologue ra
1:  la      t0, exited_due
    lw      t1, 0(t0)
    beqz    t1, 9f
    sw      zero, 0(t0)
    call    sweep
    j       1b
9:  epilogue
    ret

# forget_slots(a0 = owner): no thread slot is its any more.  Clobbers t0-t3.
forget_slots:
    la      t0, slot_owner
    la      t1, slot_tid
    li      t2, NTHREADS
1:  lw      t3, 0(t0)
    bne     t3, a0, 2f
    sw      zero, 0(t0)
    sw      zero, 0(t1)
2:  addi    t0, t0, 4
    addi    t1, t1, 4
    addi    t2, t2, -1
    bnez    t2, 1b
    ret

# sweep(): find the owners that ended (the file's header) and drop what
# they held: a handle whose last hold goes is closed.
# Clobbers caller-saved registers.
sweep:
    prologue ra, s1, s2, s3, s4
    la      a0, holders
    li      a1, HOLDERS_MAX
    call    hold_free_count
    li      t0, HOLDERS_MAX
    bne     a0, t0, 1f
    la      t0, space_owner         # nothing held: forget every owner (the
    la      t1, slot_owner_end      # next call numbers its space afresh)
10: sw      zero, 0(t0)
    addi    t0, t0, 4
    bltu    t0, t1, 10b
    j       9f
1:  li      s1, 0                   # every thread slot: its tid and space now
2:  li      t0, NTHREADS
    bgeu    s1, t0, 3f
    mv      a0, s1
    la      a1, tinfo
    call    thread_info
    li      t1, 0
    li      t2, -1
    bnez    a0, 21f
    la      t0, tinfo
    lw      t1, TINFO_TID(t0)
    lw      t2, TINFO_SPACE(t0)
21: slli    t0, s1, 2
    la      t3, live_tid
    add     t3, t3, t0
    sw      t1, 0(t3)
    la      t3, live_space
    add     t3, t3, t0
    sw      t2, 0(t3)
    addi    s1, s1, 1
    j       2b
3:  li      s1, 0                   # s1 = space, s2 = its owner
4:  li      t0, NSPACES
    bgeu    s1, t0, 7f
    slli    t0, s1, 2
    la      t1, space_owner
    add     t1, t1, t0
    lw      s2, 0(t1)
    beqz    s2, 6f
    li      s3, 0                   # does a thread known to be its own live?
5:  li      t0, NTHREADS
    bgeu    s3, t0, 55f             # no: dead
    slli    t0, s3, 2
    la      t1, slot_owner
    add     t1, t1, t0
    lw      t2, 0(t1)
    bne     t2, s2, 51f
    la      t1, slot_tid
    add     t1, t1, t0
    lw      t2, 0(t1)
    la      t1, live_tid
    add     t1, t1, t0
    lw      t3, 0(t1)
    beqz    t3, 51f
    beq     t2, t3, 52f
51: addi    s3, s3, 1
    j       5b
52: li      s3, 0                   # alive: its space's live threads are its own
53: li      t0, NTHREADS
    bgeu    s3, t0, 6f
    slli    t0, s3, 2
    la      t1, live_space
    add     t1, t1, t0
    lw      t2, 0(t1)
    bne     t2, s1, 54f
    la      t1, live_tid
    add     t1, t1, t0
    lw      t2, 0(t1)
    beqz    t2, 54f
    la      t1, slot_tid
    add     t1, t1, t0
    sw      t2, 0(t1)
    la      t1, slot_owner
    add     t1, t1, t0
    sw      s2, 0(t1)
54: addi    s3, s3, 1
    j       53b
55: slli    t0, s1, 2               # dead: the slot is nobody's
    la      t1, space_owner
    add     t1, t1, t0
    sw      zero, 0(t1)
    mv      a0, s2
    call    forget_slots
6:  addi    s1, s1, 1
    j       4b
7:  la      s1, holders             # the records of owners that ended
71: la      t0, holders + HOLDERS_MAX * HOLD_SIZE
    bgeu    s1, t0, 9f
    lw      t0, HOLD_OBJECT(s1)
    beqz    t0, 72f
    lw      a0, HOLD_OWNER(s1)
    call    owner_live
    bnez    a0, 72f
    lw      s2, HOLD_OBJECT(s1)
    addi    s2, s2, -1              # the handle
    lw      s3, HOLD_COUNT(s1)
    sw      zero, HOLD_OBJECT(s1)
    mv      a0, s2
    call    handle_get
    beqz    a0, 72f
    lw      t0, H_REFS(a0)
    sub     t0, t0, s3
    sw      t0, H_REFS(a0)
    bnez    t0, 72f
    call    handle_close            # an error has nobody to go to
72: addi    s1, s1, HOLD_SIZE
    j       71b
9:  epilogue
    ret

.section .data
.balign 4
next_owner: .word 1                 # owner numbers are never reused

.section .bss
.balign 4
holders:     .space HOLDERS_MAX * HOLD_SIZE
space_owner: .space NSPACES * 4     # the owner living in each space slot (0: none known)
slot_tid:    .space NTHREADS * 4    # the tid seen in each thread slot
slot_owner:  .space NTHREADS * 4    # and its owner (0: none)
slot_owner_end:
live_tid:    .space NTHREADS * 4    # the sweep's view: each slot's tid now (0: free)
live_space:  .space NTHREADS * 4    # and its space
tinfo:       .space TINFO_SIZE
