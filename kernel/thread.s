# kernel/thread.s — the thread table and the calls that make, end, name
# and describe threads.
# A thread is a 256-byte slot of `threads` (layout in abi.toml [thread]); its
# trapframe is at offset 0, so sscratch / current_thread point at both.
# tid = generation << 6 | slot.  Slot 0 is the idle thread (S-mode, wfi).
# Generations stop at TID_GEN_LAST (abi.toml): tids stay positive, and a
# slot that used the last one is never handed out again, so a stale tid can
# never name a live thread (after 2^25 threads in a slot, a long while).
# Which thread runs is kernel/sched.s; blocked threads just carry a state.
.include "kernel.inc"
.include "ipc.inc"

# For outside tracers (vm/trace, the GDB stub): the offsets of a thread's
# fields as absolute ELF symbols (current_thread, in kernel/sched.s, says
# where the running one is).
.globl THREAD_ID
.globl THREAD_NAME
.globl THREAD_STATE
.globl THREAD_PRIORITY
.globl THREAD_SIZE
.globl NTHREADS

.section .text
# threads_init: the idle thread in slot 0.  Called once by kmain.
# Clobbers t0-t1.
.globl threads_init
threads_init:
    la      t0, threads
    sw      zero, THREAD_ID(t0)
    li      t1, STATE_RUN           # it is on the CPU from now on
    sw      t1, THREAD_STATE(t0)
    sw      zero, THREAD_PRIORITY(t0)
    la      t1, spaces              # the kernel's space
    sw      t1, THREAD_SPACE(t0)
    li      t1, SSTATUS_SPP | SSTATUS_SPIE
    sw      t1, THREAD_SSTATUS(t0)
    la      t1, idle_loop
    sw      t1, TF_PC(t0)
    li      t1, 0x656c6469          # "idle"
    sw      t1, THREAD_NAME(t0)
    la      t1, current_thread
    sw      t0, 0(t1)
    ret

# The idle thread: runs in S-mode with interrupts on, waiting for one.
.balign 4
idle_loop:
    wfi
    j       idle_loop

# thread_alloc() -> a0 = a zeroed free slot with its new tid, or 0.
# A free slot whose tid has generation TID_GEN_LAST is retired: skipped.
# Clobbers t0-t3.
.globl thread_alloc
thread_alloc:
    la      a0, threads + THREAD_SIZE
    la      t0, threads + NTHREADS * THREAD_SIZE
1:  bgeu    a0, t0, 4f
    lw      t1, THREAD_STATE(a0)
    beqz    t1, 2f
5:  addi    a0, a0, THREAD_SIZE
    j       1b
2:  la      t1, threads
    sub     t1, a0, t1
    srli    t1, t1, THREAD_SHIFT    # slot
    lw      t2, THREAD_ID(a0)
    beqz    t2, 6f                  # first use of the slot: tid = slot
    srli    t2, t2, TID_SLOT_BITS   # else the next generation, unless the
    li      t3, TID_GEN_LAST        # last one was used: then the slot is
    beq     t2, t3, 5b              # retired, as its last tid may be held
    addi    t2, t2, 1
    slli    t2, t2, TID_SLOT_BITS
6:  or      t2, t2, t1
    mv      t0, a0
    addi    t1, a0, THREAD_SIZE
3:  sw      zero, 0(t0)
    addi    t0, t0, 4
    bltu    t0, t1, 3b
    sw      t2, THREAD_ID(a0)
    ret
4:  li      a0, 0
    ret

# thread_lookup(a0 = tid) -> a0 = live thread with that tid, or 0.
# tid 0 (idle) is never a valid argument.  Clobbers t0-t1.
.globl thread_lookup
thread_lookup:
    beqz    a0, 1f
    andi    t0, a0, TID_SLOT_MASK
    slli    t0, t0, THREAD_SHIFT
    la      t1, threads
    add     t0, t0, t1
    lw      t1, THREAD_ID(t0)
    bne     t1, a0, 1f
    lw      t1, THREAD_STATE(t0)
    beqz    t1, 1f
    mv      a0, t0
    ret
1:  li      a0, 0
    ret

# fail_clients(a0 = server thread): every call it will never answer ends
# with -EDEAD: callers waiting for its reply, and callers queued on its
# ports.  Clobbers a0-a3, t0-t3.
.globl fail_clients
fail_clients:
    prologue ra
    mv      a3, a0
    la      a1, threads + THREAD_SIZE
    la      a2, threads + NTHREADS * THREAD_SIZE
1:  bgeu    a1, a2, 9f
    lw      t0, THREAD_STATE(a1)
    li      t1, STATE_CALL
    bne     t0, t1, 2f
    lw      t1, THREAD_PARTNER(a1)
    beq     t1, a3, 4f
    j       5f
2:  li      t1, STATE_SEND
    bne     t0, t1, 5f
    lw      t1, THREAD_WAIT_PORT(a1)
    table_slot t2, port_owner, t1, t1
    lw      t3, 0(t2)
    bne     t3, a3, 5f
    lw      t3, NPORTS * 4(t2)      # one sender fewer on that port
    addi    t3, t3, -1
    sw      t3, NPORTS * 4(t2)
4:  li      t0, -EDEAD
    sw      t0, TF_IPC_REPLIED_CODE(a1)
    ipc_call_ended a1
    mv      a0, a1
    call    make_ready
5:  addi    a1, a1, THREAD_SIZE
    j       1b
9:  epilogue
    ret

# thread_destroy(a0 = thread): free the slot; its ports and IRQs become
# unowned, and callers waiting on it get -EDEAD.  Does not reschedule.
# Clobbers a0-a3, t0-t6.
.globl thread_destroy
thread_destroy:
    prologue ra, s1
    mv      s1, a0
    lw      t0, THREAD_STATE(s1)
    li      t1, STATE_ZOMBIE        # a zombie already left its space's count
    beq     t0, t1, 1f
    lw      a0, THREAD_SPACE(s1)    # its accounting stays with its space
    mv      a1, s1
    call    acct_leave
    lw      t0, THREAD_STATE(s1)
    li      t1, STATE_SEND          # it no longer waits on its port
    bne     t0, t1, 1f
    lw      t0, THREAD_WAIT_PORT(s1)
    table_slot t0, port_senders, t0, t1
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
1:  sw      zero, THREAD_STATE(s1)
    sw      zero, THREAD_PARTNER(s1) # only a CALL thread has a partner
    mv      a0, s1                  # its callers get -EDEAD
    call    fail_clients
    la      t0, port_owner
    li      t1, NPORTS
2:  lw      t2, 0(t0)
    bne     t2, s1, 3f
    sw      zero, 0(t0)             # its ports: no owner, no queue
    sw      zero, NPORTS * 4(t0)    # (port_senders follows port_owner)
3:  addi    t0, t0, 4
    addi    t1, t1, -1
    bnez    t1, 2b
    la      t0, irq_thread
    li      t1, NIRQS
4:  lw      t2, 0(t0)
    bne     t2, s1, 5f
    sw      zero, 0(t0)             # unbind, and complete it in case it was
    li      t2, NIRQS               # claimed: the next driver must hear it
    sub     t2, t2, t1
    li      t3, KPLIC_S_CLAIM
    sw      t2, 0(t3)
5:  addi    t0, t0, 4
    addi    t1, t1, -1
    bnez    t1, 4b
9:  epilogue
    ret

# space_kill_threads(a0 = space): destroy every thread in it.
# Clobbers a0-a3, t0-t6.
.globl space_kill_threads
space_kill_threads:
    prologue ra, s1, s2
    mv      s2, a0
    la      s1, threads + THREAD_SIZE
1:  la      t0, threads + NTHREADS * THREAD_SIZE
    bgeu    s1, t0, 3f
    lw      t0, THREAD_STATE(s1)
    beqz    t0, 2f
    lw      t0, THREAD_SPACE(s1)
    bne     t0, s2, 2f
    mv      a0, s1
    call    thread_destroy
2:  addi    s1, s1, THREAD_SIZE
    j       1b
3:  epilogue
    ret

# thread_start(a0 = thread, a1 = space, a2 = pc, a3 = sp, a4 = arg0,
#              a5 = arg1, a6 = priority): a U-mode thread, READY at the
# tail of its queue, born now (its space too, if it is the first).
# Clobbers t0-t2.
.globl thread_start
thread_start:
    mv      t2, ra
    sw      a1, THREAD_SPACE(a0)
    lw      t0, SPACE_SATP(a1)
    sw      t0, THREAD_SATP(a0)
    sw      a2, TF_PC(a0)
    sw      a3, TF_SP(a0)
    sw      a4, TF_A0(a0)
    sw      a5, TF_A1(a0)
    sw      a6, THREAD_PRIORITY(a0)
    li      t0, SSTATUS_SPIE
    sw      t0, THREAD_SSTATUS(a0)
    la      t0, jiffies
    lw      t0, 0(t0)
    sw      t0, THREAD_BORN(a0)
    lw      t1, SPACE_ACCT + ACCT_THREADS(a1)
    bnez    t1, 1f
    sw      t0, SPACE_ACCT + ACCT_BORN(a1) # its first thread: the process is submitted
1:  addi    t1, t1, 1
    sw      t1, SPACE_ACCT + ACCT_THREADS(a1)
    lw      t0, SPACE_NTHREADS(a1)
    addi    t0, t0, 1
    sw      t0, SPACE_NTHREADS(a1)
    call    rerank
    enqueue a0, t0, t1
    jr      t2

# thread_create(space, pc, sp, arg0, arg1, priority) -> tid
.globl sys_thread_create
sys_thread_create:
    prologue ra, s1
    call    space_lookup
    beqz    a0, 9f
    mv      s1, a0
    lw      t0, TF_SYSCALL_ARG1(s0)
    bltz    t0, 7f                  # pc must be a user address
    caller_is_pm t0
    lw      a6, TF_SYSCALL_ARG5(s0)
    bnez    t0, 1f
    lw      t0, THREAD_PRIORITY(s0) # others: at most their own priority
    blez    a6, 2f
    ble     a6, t0, 3f
2:  mv      a6, t0
    j       3f
1:  blez    a6, 4f                  # pm: any priority up to PRIO_MAX
    li      t0, PRIO_MAX
    ble     a6, t0, 3f
4:  li      a6, PRIO_USER
3:  call    thread_alloc
    beqz    a0, 8f
    mv      a1, s1
    lw      a2, TF_SYSCALL_ARG1(s0)
    lw      a3, TF_SYSCALL_ARG2(s0)
    lw      a4, TF_SYSCALL_ARG3(s0)
    lw      a5, TF_SYSCALL_ARG4(s0)
    call    thread_start
    lw      t0, THREAD_SPACE(s0)    # same space: inherit the name
    bne     t0, s1, 5f
    copy_words a0, THREAD_NAME, s0, THREAD_NAME, THREAD_NAME_SIZE, t0
5:  lw      a0, THREAD_ID(a0)
    j       10f
7:  li      a0, -EINVAL
    j       10f
8:  li      a0, -EAGAIN
    j       10f
9:  mv      a0, a1
10: epilogue
    ret

# thread_exit(code): never returns.  The last thread of a space stays as a
# zombie and pm hears of it (fault_info cause FAULT_EXIT, tval = code).
.globl sys_thread_exit
sys_thread_exit:
    mv      a1, a0
    mv      a0, s0
    li      a2, FAULT_EXIT
    call    thread_end
    j       block_current

# thread_end(a0 = thread, a1 = code, a2 = cause): the one way a thread's
# life ends on request (thread_exit, thread_kill): the last live thread of
# a space other than pm's stays as a zombie with a fault report (a2, tval
# = a1) so pm reaps the process; any other thread is destroyed.  Does not
# reschedule.  Clobbers a0-a3, t0-t6.
thread_end:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    lw      t0, THREAD_STATE(s1)
    li      t1, STATE_ZOMBIE        # already reported: just free it
    beq     t0, t1, 1f
    lw      t0, THREAD_SPACE(s1)
    lw      t1, SPACE_NTHREADS(t0)
    li      t2, 1
    bne     t1, t2, 1f
    lw      t1, SPACE_FLAGS(t0)
    andi    t1, t1, SPACE_PM
    bnez    t1, 1f
    mv      a0, s1                  # last thread: zombie, pm told
    call    thread_destroy
    li      t0, STATE_ZOMBIE
    sw      t0, THREAD_STATE(s1)
    sw      s3, THREAD_FAULT_CAUSE(s1)
    lw      t0, TF_PC(s1)
    sw      t0, THREAD_FAULT_PC(s1)
    sw      s2, THREAD_FAULT_TVAL(s1)
    sw      zero, THREAD_REPORTED(s1)
    li      a0, NOTIFY_FAULT
    call    notify_pm               # kernel/fault.s
    j       9f
1:  mv      a0, s1
    call    thread_destroy
9:  epilogue
    ret

# yield(): to the tail of its queue: let threads of the same rank run.
.globl sys_yield
sys_yield:
    sw      zero, TF_SYSCALL_RESULT0(s0)
    stamp   s0, t0, t1
    li      t1, REASON_YIELD
    la      t0, sched_reason
    sw      t1, 0(t0)
    j       block_current

# thread_kill(tid): another space's threads only for pm.
.globl sys_thread_kill
sys_thread_kill:
    prologue ra
    call    thread_lookup
    beqz    a0, 8f
    la      t0, pm_thread
    lw      t0, 0(t0)
    beq     a0, t0, 7f
    lw      t0, THREAD_SPACE(a0)
    lw      t1, THREAD_SPACE(s0)
    beq     t0, t1, 1f
    caller_is_pm t0
    beqz    t0, 7f
1:  sw      zero, TF_SYSCALL_RESULT0(s0)
    li      a1, 0                   # a process whose last thread is killed
    li      a2, FAULT_KILLED        # is reaped like one that exited
    call    thread_end
    epilogue
    j       block_current           # whoever is best runs (maybe not s0)
7:  li      a0, -EPERM
    j       9f
8:  li      a0, -ESRCH
9:  epilogue
    ret

# thread_info(slot, info): fill a [thread_info] record.
.globl sys_thread_info
sys_thread_info:
    prologue ra
    li      t0, NTHREADS
    bgeu    a0, t0, 7f
    slli    t0, a0, THREAD_SHIFT
    la      t1, threads
    add     t0, t0, t1
    lw      t1, THREAD_STATE(t0)
    beqz    t1, 8f
    la      t2, info_scratch
    sw      t1, TINFO_STATE(t2)
    lw      t1, THREAD_STOP(t0)     # stopped by pm, whatever it waits for
    snez    t1, t1                  # (kernel/stop.s)
    sw      t1, TINFO_STOPPED(t2)
    lw      t1, THREAD_ID(t0)
    sw      t1, TINFO_TID(t2)
    lw      t1, THREAD_SPACE(t0)
    lw      t3, SPACE_FLAGS(t1)
    sw      t3, TINFO_SPACE_FLAGS(t2)
    la      t3, spaces
    sub     t1, t1, t3
    srli    t1, t1, SPACE_SHIFT
    sw      t1, TINFO_SPACE(t2)
    lw      t1, THREAD_PRIORITY(t0)
    sw      t1, TINFO_PRIORITY(t2)
    lw      t1, THREAD_WAIT_PORT(t0)
    li      t3, WAIT_PORT_STOPPED - 1 # (ports are below it)
    and     t1, t1, t3
    sw      t1, TINFO_WAIT_PORT(t2)
    lw      t1, THREAD_PARTNER(t0)
    beqz    t1, 1f
    lw      t1, THREAD_ID(t1)
1:  sw      t1, TINFO_PARTNER_TID(t2)
.irp f, TICKS, SYSCALLS, SWITCHES, SYS_TICKS, READY_TICKS, BLOCKED_TICKS, BORN, LEVEL, RANK, READY_AT
    lw      t1, THREAD_\f(t0)
    sw      t1, TINFO_\f(t2)
.endr
    copy_words t2, TINFO_NAME, t0, THREAD_NAME, THREAD_NAME_SIZE, t1
    copy_words t2, TINFO_FAMILIES, t0, THREAD_FAMILIES, THREAD_FAMILIES_SIZE, t1
    addi    a0, t2, TINFO_FAMILIES
    lw      a1, TINFO_SYSCALLS(t2)
    call    derive_comm
    la      t2, info_scratch
    thread_root a0, s0
    lw      a1, TF_SYSCALL_ARG1(s0)
    li      a2, 0
    mv      a3, t2
    li      a4, TINFO_SIZE
    li      a5, PTE_U | PTE_W
    call    copy_between
    j       9f
7:  li      a0, -EINVAL
    j       9f
8:  li      a0, -ESRCH
9:  epilogue
    ret

# thread_name(tid, name): tid 0 = the caller.  Own space, or pm for any.
.globl sys_thread_name
sys_thread_name:
    prologue ra, s1, s2, s3
    mv      s1, s0
    beqz    a0, 1f
    call    thread_lookup
    beqz    a0, 8f
    mv      s1, a0
    lw      t0, THREAD_SPACE(s1)
    lw      t1, THREAD_SPACE(s0)
    beq     t0, t1, 1f
    caller_is_pm t0
    beqz    t0, 7f
1:  li      s2, 0                   # bytes copied
    lw      s3, TF_SYSCALL_ARG1(s0)
2:  li      t0, THREAD_NAME_SIZE - 1 # the last byte stays NUL
    bgeu    s2, t0, 4f
    thread_root a0, s0
    add     a1, s3, s2
    li      a2, PTE_U | PTE_R
    call    user_translate
    beqz    a0, 6f
    lbu     t0, 0(a0)
    beqz    t0, 4f
    add     t1, s1, s2
    sb      t0, THREAD_NAME(t1)
    addi    s2, s2, 1
    j       2b
4:  li      t0, THREAD_NAME_SIZE    # NUL-pad
    bgeu    s2, t0, 5f
    add     t1, s1, s2
    sb      zero, THREAD_NAME(t1)
    addi    s2, s2, 1
    j       4b
5:  li      a0, 0
    j       9f
6:  li      a0, -EFAULT
    j       9f
7:  li      a0, -EPERM
    j       9f
8:  li      a0, -ESRCH
9:  epilogue
    ret

# derive_comm(a0 = a families array, a1 = syscalls in all): its comm
# count is what the other families leave: the IPC fast path counts only
# the total (abi.toml [thread] families).  Clobbers a1, t0.
.globl derive_comm
derive_comm:
.irp f, PROCESS, DEVICE, INFO
    lw      t0, FAMILY_\f * 4(a0)
    sub     a1, a1, t0
.endr
    sw      a1, FAMILY_COMM * 4(a0)
    ret
.if NFAMILIES != 4 || FAMILY_COMM != 3
    .error "derive_comm knows four families, comm the derived one"
.endif

.macro acct_add_field thread_field, acct_field
    lw      t0, THREAD_\thread_field(a1)
    lw      t1, ACCT_\acct_field(a0)
    add     t1, t1, t0
    sw      t1, ACCT_\acct_field(a0)
.endm
# acct_add(a0 = [acct] record, a1 = thread): add the thread's buckets and
# counts to the record.  Clobbers t0-t1.
.globl acct_add
acct_add:
    acct_add_field TICKS, USER
    acct_add_field SYS_TICKS, SYS
    acct_add_field READY_TICKS, READY
    acct_add_field BLOCKED_TICKS, BLOCKED
    acct_add_field SWITCHES, SWITCHES
    acct_add_field SYSCALLS, SYSCALLS
.set .Lfam, 0
.rept NFAMILIES
    lw      t0, THREAD_FAMILIES + .Lfam(a1)
    lw      t1, ACCT_FAMILIES + .Lfam(a0)
    add     t1, t1, t0
    sw      t1, ACCT_FAMILIES + .Lfam(a0)
    .set .Lfam, .Lfam + 4
.endr
    ret

# acct_leave(a0 = space, a1 = thread): the thread ends: its accounting
# stays with the space, and when it was the last, the process ended now.
# Clobbers a0, t0-t1.
acct_leave:
    lw      t0, SPACE_NTHREADS(a0)
    addi    t0, t0, -1
    sw      t0, SPACE_NTHREADS(a0)
    bnez    t0, 1f
    la      t0, jiffies
    lw      t0, 0(t0)
    sw      t0, SPACE_ACCT + ACCT_ENDED(a0)
1:  addi    a0, a0, SPACE_ACCT
    j       acct_add

# acct_info(space, acct): the space's [acct] record: what its dead threads
# left plus its live threads' buckets.  Own space, or pm for any.
.globl sys_acct_info
sys_acct_info:
    prologue ra, s1, s2
    call    space_lookup
    beqz    a0, 8f
    mv      s1, a0
    la      a0, acct_scratch        # the record so far
    addi    a1, s1, SPACE_ACCT
    copy_words a0, 0, a1, 0, ACCT_SIZE, t0
    la      s2, threads + THREAD_SIZE
1:  la      t0, threads + NTHREADS * THREAD_SIZE
    bgeu    s2, t0, 3f
    lw      t0, THREAD_STATE(s2)
    beqz    t0, 2f
    li      t1, STATE_ZOMBIE        # a zombie's are in the space already
    beq     t0, t1, 2f
    lw      t0, THREAD_SPACE(s2)
    bne     t0, s1, 2f
    la      a0, acct_scratch
    mv      a1, s2
    call    acct_add
2:  addi    s2, s2, THREAD_SIZE
    j       1b
3:  lw      t0, SPACE_NTHREADS(s1)  # still alive: "ended" is now (so far)
    beqz    t0, 4f
    la      t0, jiffies
    lw      t0, 0(t0)
    la      t1, acct_scratch
    sw      t0, ACCT_ENDED(t1)
4:  la      a0, acct_scratch + ACCT_FAMILIES
    lw      a1, ACCT_SYSCALLS - ACCT_FAMILIES(a0)
    call    derive_comm
    thread_root a0, s0
    lw      a1, TF_SYSCALL_ARG1(s0)
    li      a2, 0
    la      a3, acct_scratch
    li      a4, ACCT_SIZE
    li      a5, PTE_U | PTE_W
    call    copy_between
    j       9f
8:  mv      a0, a1
9:  epilogue
    ret

.section .bss
.balign 64
.globl threads
threads:
    .space NTHREADS * THREAD_SIZE
info_scratch:
    .space TINFO_SIZE
acct_scratch:
    .space ACCT_SIZE
.if TINFO_NAME_SIZE != THREAD_NAME_SIZE
    .error "thread_info copies THREAD_NAME_SIZE bytes into TINFO_NAME: the two must agree"
.endif
