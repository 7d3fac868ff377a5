# servers/pm/ops.s — the operations of the pm protocol (abi.toml, "pm"),
# and what pm does with the kernel's notifications.  Each op reads the
# message from `msg` and replies itself (or deliberately later: wait).
.include "pm.inc"
.include "frame.inc"

.section .text
# spawn(argc, nfds, flags; lease = nfds fd pairs, then the strings: argv,
# the working directory, the environment) -> pid, r0 = its first tid
.globl op_spawn
op_spawn:
    prologue ra, s1, s2, s3, s4
    la      s1, msg
    lw      s3, MSG_W1(s1)          # nfds
    li      a0, -EINVAL
    li      t0, FDS_MAX
    bgtu    s3, t0, 8f
    li      t0, FD_PAIR_SIZE
    mul     s2, s3, t0              # s2 = bytes of fd pairs (lease_read keeps s2, s3)
    beqz    s2, 1f
    lw      a0, MSG_SENDER(s1)      # copy the pairs in
    li      a1, 0
    la      a2, spawn_fds
    mv      a3, s2
    SYSCALL LEASE_READ
    bltz    a0, 8f
    sub     t0, a0, s2
    li      a0, -EINVAL             # the lease is shorter than the pairs
    bnez    t0, 8f
    la      a0, spawn_fds
    mv      a1, s3
    call    check_fds
    bltz    a0, 8f
1:  lw      a3, MSG_LEASE_LEN(s1)   # then the strings
    sub     a3, a3, s2
    li      t0, STRINGS_MAX
    bleu    a3, t0, 2f
    mv      a3, t0
2:  lw      a0, MSG_SENDER(s1)
    mv      a1, s2
    la      a2, args
    SYSCALL LEASE_READ
    bltz    a0, 8f
    la      t0, spawn_nfds
    sw      s3, 0(t0)
    la      t0, args                # terminate, count the strings present;
    add     t1, t0, a0              # a second NUL ends the environment
    sb      zero, 0(t1)             # (abi.toml "Process start-up")
    sb      zero, 1(t1)
    mv      s2, a0                  # length
    li      t1, 0                   # strings seen
    li      t2, 0                   # offset
5:  bgeu    t2, s2, 3f
    add     t0, t2, 0
    la      a1, args
    add     t0, t0, a1
    lbu     t0, 0(t0)
    addi    t2, t2, 1
    bnez    t0, 5b
    addi    t1, t1, 1
    j       5b
3:  lw      s3, MSG_W0(s1)          # argc: as claimed, at most as present
    li      a0, -EINVAL
    blez    s3, 8f
    ble     s3, t1, 4f
    mv      s3, t1
4:  li      a0, -E2BIG
    li      t0, ARGC_MAX
    bgt     s3, t0, 8f
    li      a0, -EINVAL
    beqz    s3, 8f
    la      t0, disk_unfit
    sw      zero, 0(t0)
    la      t0, msg                 # SPAWN_ARCHIVE: the archive only
    lw      t0, MSG_W2(t0)
    andi    t0, t0, SPAWN_ARCHIVE
    bnez    t0, 40f
    la      a0, args                # /bin on the disk first (disk.s),
    call    disk_load
    mv      s4, a0
    bnez    s4, 41f
40: la      t0, archive             # then the boot archive
    lw      a0, 0(t0)
    la      a1, args
    call    cpio_find
    mv      s4, a0
41: li      a0, -ENOEXEC            # on the disk but unfit, and not in the archive
    la      t0, disk_unfit
    lw      t0, 0(t0)
    bnez    t0, 42f
    li      a0, -ENOENT
42: beqz    s4, 8f
    call    proc_alloc
    mv      s1, a0
    li      a0, -EAGAIN
    beqz    s1, 8f
    mv      a0, s4
    la      a1, args
    mv      a2, s2
    addi    a2, a2, 2               # the two final NULs too
    mv      a3, s3
    la      a4, spawn_fds           # the caller's descriptors
    li      a5, 0
    li      a6, PRIO_USER
    la      t0, spawn_nfds
    lw      a7, 0(t0)
    call    load_program
    bltz    a0, 7f
    sw      a0, P_SPACE(s1)
    sw      a1, P_TID(s1)
    mv      s4, a1
    li      t0, PS_LIVE
    sw      t0, P_STATE(s1)
    la      t0, interrupts
    lw      t0, 0(t0)
    sw      t0, P_INTERRUPTS(s1)
    la      t0, stops               # (jobs.s)
    lw      t0, 0(t0)
    sw      t0, P_STOPS(s1)
    la      a0, args                # named after argv[0]'s last component
    call    base_name               # (/bin/ls is ls, as ps shows it)
    mv      s2, a0
    addi    a1, s1, P_NAME
    call    copy_name
    mv      a0, s4
    mv      a1, s2
    SYSCALL THREAD_NAME
    la      t0, msg                 # parent: the caller's process
    lw      a0, MSG_SENDER(t0)
    call    proc_by_tid
    beqz    a0, 5f
    lw      a0, P_PID(a0)
5:  sw      a0, P_PARENT(s1)
    lw      a1, P_PID(s1)
    lw      a2, P_TID(s1)           # r0: its first thread (the fs server's io share needs it)
    j       9f
7:  mv      s2, a0
    mv      a0, s1
    call    proc_free
    mv      a0, s2
8:  mv      a1, a0
    li      a2, 0
9:  la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a3, 0
    call    reply_code
    epilogue
    ret

# base_name(a0 = path) -> a0 = what follows its last '/' (the path itself
# without one).  Clobbers t0, t1.
base_name:
    mv      t0, a0
1:  lbu     t1, 0(t0)
    addi    t0, t0, 1
    beqz    t1, 2f
    addi    t1, t1, -'/'
    bnez    t1, 1b
    mv      a0, t0
    j       1b
2:  ret

# check_fds(a0 = fd pairs, a1 = how many) -> a0 = 0, or -EBADF if a port
# is not a port number or a closed one (port 0) has a handle.  Clobbers t0-t2.
check_fds:
    li      t2, NPORTS
1:  beqz    a1, 3f
    lw      t0, FD_PAIR_PORT(a0)
    lw      t1, FD_PAIR_HANDLE(a0)
    bgeu    t0, t2, 2f
    bnez    t0, 4f
    bnez    t1, 2f
4:  addi    a0, a0, FD_PAIR_SIZE
    addi    a1, a1, -1
    j       1b
2:  li      a0, -EBADF
    ret
3:  li      a0, 0
    ret

# exit(code): never answered; the caller's process is gone.
.globl op_exit
op_exit:
    prologue ra
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    call    proc_by_tid
    beqz    a0, 1f
    li      t0, 1
    lw      t1, P_PID(a0)
    beq     t1, t0, 1f
    la      t0, msg
    lw      a1, MSG_W0(t0)
    li      a2, WAIT_EXITED
    call    finish_proc
1:  epilogue
    ret

# wait(pid or -1, flags) -> pid, r0 = status, r1 = how; answered when a
# child ends (WAIT_NOHANG: -EAGAIN at once if none has), or, for a service
# waiting by pid, when Ctrl-Z stops that child (WAIT_STOPPED, jobs.s).
# pm keeps one pending wait per process (P_WAIT_TID): while a thread of it
# waits, another thread's wait that would have to wait too is -EBUSY at
# once.  A queue would let one process make pm hold unbounded state, and
# overwriting (as before) left the first waiter unanswered for ever.
.globl op_wait
op_wait:
    prologue_locals 16, ra, s1, s2, s3
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    call    proc_by_tid
    li      a1, -ECHILD
    beqz    a0, 8f
    mv      s1, a0                  # the parent
    la      t0, msg
    lw      s2, MSG_W0(t0)          # wanted pid
    li      s3, 0                   # a live child matches
    la      t0, procs
1:  la      t1, procs + NPROCS * PROC_SIZE
    bgeu    t0, t1, 4f
    lw      t1, P_PID(t0)
    beqz    t1, 3f
    lw      t2, P_PARENT(t0)
    lw      a0, P_PID(s1)
    bne     t2, a0, 3f
    bltz    s2, 2f
    bne     t1, s2, 3f
2:  lw      t2, P_STATE(t0)
    li      a0, PS_ZOMBIE
    beq     t2, a0, 5f
    li      s3, 1
3:  addi    t0, t0, PROC_SIZE
    j       1b
4:  li      a1, -ECHILD
    beqz    s3, 8f
    la      t0, msg                 # WAIT_NOHANG: none ended, say so now
    lw      t0, MSG_W1(t0)
    andi    t0, t0, WAIT_NOHANG
    li      a1, -EAGAIN
    bnez    t0, 8f
    lw      a0, P_WAIT_TID(s1)      # one wait per process: another thread
    beqz    a0, 10f                 # already waiting makes this one -EBUSY
    call    still_waiting
    li      a1, -EBUSY
    bnez    a0, 8f
10: blez    s2, 11f                 # a stopped child: the shell hears it
    mv      a0, s2                  # at once (jobs.s)
    call    proc_by_pid
    beqz    a0, 11f
    mv      a1, s1
    call    op_wait_stopped
    bnez    a0, 9f
11: SYSCALL REPLY_KEEP              # answer when it ends (finish_proc): keep
    blez    a0, 9f                  # the call (its caller may be gone)
    sw      a0, P_WAIT_TID(s1)
    sw      s2, P_WAIT_PID(s1)
    blez    s2, 9f                  # a Ctrl-C between the spawn of the child
    mv      a0, s2                  # and this wait for it by pid (the shell's
    call    proc_by_pid             # foreground job) ends it now, as it would
    beqz    a0, 9f                  # have a moment later
    lw      t0, P_INTERRUPTS(a0)
    la      t1, interrupts
    lw      t1, 0(t1)
    beq     t0, t1, 9f
    li      a1, STATUS_INTERRUPTED
    li      a2, WAIT_KILLED
    call    finish_proc
    j       9f
5:  mv      s1, t0                  # a zombie: collect it now
    mv      a1, s1
    lw      a2, P_STATUS(s1)
    lw      a3, P_HOW(s1)
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    call    reply_wait
    mv      a0, s1
    call    proc_free
    j       9f
8:  la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a2, 0
    li      a3, 0
    call    reply_code
9:  epilogue
    ret

# still_waiting(a0 = tid) -> a0 nonzero while that thread still waits for
# pm's reply (it may have been killed since it called).
# Clobbers the caller-saved registers.
still_waiting:
    prologue ra, s1
    mv      s1, a0
    andi    a0, a0, TID_SLOT_MASK
    la      a1, tinfo_ps
    SYSCALL THREAD_INFO
    bnez    a0, 8f                  # a free slot
    la      t0, tinfo_ps
    lw      t1, TINFO_TID(t0)
    bne     t1, s1, 8f              # another thread now
    lw      t1, TINFO_STATE(t0)
    li      t2, STATE_CALL
    bne     t1, t2, 8f
    lw      t1, TINFO_PARTNER_TID(t0)
    li      t2, PM_TID
    bne     t1, t2, 8f
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# kill(pid) -> 0, -ESRCH, or -EPERM: pm itself, or a caller that may not
# end that process (may_end).
.globl op_kill
op_kill:
    prologue ra, s1
    la      t0, msg
    lw      a0, MSG_W0(t0)
    li      a1, -EPERM
    li      t0, 1
    beq     a0, t0, 8f
    call    proc_by_pid
    li      a1, -ESRCH
    beqz    a0, 8f
    lw      t0, P_STATE(a0)
    li      t1, PS_LIVE
    bne     t0, t1, 8f
    mv      s1, a0
    call    may_end
    li      a1, -EPERM
    beqz    a0, 8f
    mv      a0, s1
    li      a1, STATUS_KILLED
    li      a2, WAIT_KILLED
    call    finish_proc
    li      a1, 0
8:  la      t0, msg                 # (a caller that killed itself is gone:
    lw      a0, MSG_SENDER(t0)      #  the reply is dropped)
    li      a2, 0
    li      a3, 0
    call    reply_code
    epilogue
    ret

# may_end(a0 = target entry) -> a0 nonzero when the caller (msg's sender)
# may kill it: the process itself, one of its ancestors (its parent, the
# parent's parent...), or a service pm supervises (the shell's `kill`
# acts for the user at the console).  DESIGN.md section 4.  Also pm.stop's
# rule (jobs.s).  Clobbers the caller-saved registers.
.globl may_end
may_end:
    prologue ra, s1, s2
    mv      s1, a0
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    call    proc_by_tid
    beqz    a0, 8f                  # a thread of no process
    lw      t0, P_SERVICE(a0)
    bnez    t0, 7f
    lw      s2, P_PID(a0)           # the caller's pid
1:  lw      t0, P_PID(s1)           # walk up from the target
    beq     t0, s2, 7f
    lw      a0, P_PARENT(s1)
    li      t0, 1
    ble     a0, t0, 8f              # pm's or nobody's: not the caller's
    call    proc_by_pid
    beqz    a0, 8f
    mv      s1, a0
    j       1b
7:  li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# ps(max; lease = records) -> records written, one per kernel thread.
.globl op_ps
op_ps:
    prologue_locals 16, ra, s1, s2, s3
    li      s1, 0                   # slot
    li      s2, 0                   # records written
    la      t0, msg
    lw      s3, MSG_LEASE_LEN(t0)   # room: min(max, lease / PS_SIZE)
    li      t1, PS_SIZE
    divu    s3, s3, t1
    lw      t1, MSG_W0(t0)
    bgeu    t1, s3, 1f
    mv      s3, t1
1:  li      t0, NTHREADS
    bgeu    s1, t0, 9f
    bgeu    s2, s3, 9f
    mv      a0, s1
    la      a1, tinfo_ps
    SYSCALL THREAD_INFO
    addi    s1, s1, 1
    bnez    a0, 1b
    la      t0, tinfo_ps
    la      t1, ps_rec
    lw      t2, TINFO_TID(t0)
    sw      t2, PS_TID(t1)
    lw      t2, TINFO_STATE(t0)
    lw      t3, TINFO_STOPPED(t0)   # ps says stopped, whatever it waits for
    beqz    t3, 3f
    li      t2, STATE_STOPPED
3:  sw      t2, PS_STATE(t1)
    lw      t2, TINFO_WAIT_PORT(t0)
    sw      t2, PS_WAIT_PORT(t1)
    lw      t2, TINFO_PRIORITY(t0)
    sw      t2, PS_PRIORITY(t1)
    lw      t2, TINFO_TICKS(t0)
    sw      t2, PS_TICKS(t1)
    lw      t2, TINFO_SYSCALLS(t0)
    sw      t2, PS_SYSCALLS(t1)
.irp f, SWITCHES, SYS_TICKS, READY_TICKS, BLOCKED_TICKS, BORN, LEVEL, RANK
    lw      t2, TINFO_\f(t0)
    sw      t2, PS_\f(t1)
.endr
.set .Lw, 0
.rept PS_NAME_SIZE / 4
    lw      t2, TINFO_NAME + .Lw(t0)
    sw      t2, PS_NAME + .Lw(t1)
    .set .Lw, .Lw + 4
.endr
.set .Lw, 0
.rept PS_FAMILIES_SIZE / 4
    lw      t2, TINFO_FAMILIES + .Lw(t0)
    sw      t2, PS_FAMILIES + .Lw(t1)
    .set .Lw, .Lw + 4
.endr
    lw      a0, TINFO_SPACE(t0)     # pid: 0 for the kernel's idle thread
    beqz    a0, 2f
    call    proc_by_space
    beqz    a0, 2f
    lw      a0, P_PID(a0)
2:  la      t1, ps_rec
    sw      a0, PS_PID(t1)
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a1, PS_SIZE
    mul     a1, a1, s2
    la      a2, ps_rec
    li      a3, PS_SIZE
    SYSCALL LEASE_WRITE
    bltz    a0, 9f
    addi    s2, s2, 1
    j       1b
9:  call    uptime_jiffies
    mv      a3, a0
    la      t0, jobs_done
    lw      a2, 0(t0)
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    mv      a1, s2
    call    reply_code
    epilogue
    ret

# uptime_jiffies() -> a0 = timer ticks since boot (the kernel's clock of
# [acct]: pm's own record ends "now" while pm lives).  Clobbers
# caller-saved registers.
uptime_jiffies:
    prologue ra
    li      a0, 0
    la      a1, pm_acct
    SYSCALL ACCT_INFO
    la      t0, pm_acct
    lw      a0, ACCT_ENDED(t0)
    epilogue
    ret

# sched(policy, slice_ms) -> previous policy, r0 = previous slice.
# Anyone may ask (policy < 0); only a service pm supervises (the shell,
# for the user at the console) may change it, like shutdown.
.globl op_sched
op_sched:
    prologue ra, s1
    la      t0, msg
    lw      s1, MSG_W0(t0)
    bltz    s1, 2f
    lw      a0, MSG_SENDER(t0)
    call    proc_by_tid
    beqz    a0, 1f
    lw      t0, P_SERVICE(a0)
    bnez    t0, 2f
1:  li      a1, -EPERM
    li      a2, 0
    j       3f
2:  mv      a0, s1
    la      t0, msg
    lw      a1, MSG_W1(t0)
    SYSCALL SCHED_POLICY
    mv      a2, a1
    mv      a1, a0
3:  la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a3, 0
    call    reply_code
    epilogue
    ret

# shutdown(code): let the console drain, then power off.  Only a service
# pm supervises may (the shell's `shutdown`, for the user at the console);
# any other caller gets -EPERM.
.globl op_shutdown
op_shutdown:
    prologue ra
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    call    proc_by_tid
    beqz    a0, 1f
    lw      t0, P_SERVICE(a0)
    bnez    t0, 2f
1:  la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a1, -EPERM
    li      a2, 0
    li      a3, 0
    call    reply_code
    j       9f
2:  li      a0, PORT_FS             # the disk first: the fs server writes back
    li      a1, FS_SYNC             # (-EDEAD without one; it calls only the console)
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t0, 0
    li      t1, 0
    SYSCALL CALL
    li      a0, 50
    SYSCALL SLEEP
    la      t0, msg
    lw      a0, MSG_W0(t0)
    SYSCALL POWEROFF
9:  epilogue
    ret

# getpid() -> pid, r0 = parent pid.
.globl op_getpid
op_getpid:
    prologue ra
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    call    proc_by_tid
    li      a1, -ESRCH
    li      a2, 0
    beqz    a0, 1f
    lw      a1, P_PID(a0)
    lw      a2, P_PARENT(a0)
1:  la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a3, 0
    call    reply_code
    epilogue
    ret

# handle_faults(): collect every fault report; print and end the process.
.globl handle_faults
handle_faults:
    prologue ra, s1, s2, s3, s4, s5
1:  SYSCALL FAULT_INFO
    bltz    a0, 9f
    mv      s2, a1                  # cause
    mv      s3, a2                  # pc
    mv      s4, a3                  # tval
    mv      s5, a0
    call    proc_by_tid
    mv      s1, a0
    bnez    s1, 2f
    mv      a0, s5                  # a thread of no process: just end it
    SYSCALL THREAD_KILL
    j       1b
2:  li      t0, FAULT_EXIT
    bne     s2, t0, 10f
    mv      a0, s1                  # its last thread ended without pm.exit
    mv      a1, s4
    li      a2, WAIT_EXITED
    call    finish_proc
    j       1b
10: li      t0, FAULT_KILLED
    bne     s2, t0, 3f
    mv      a0, s1                  # its last thread was killed (by itself)
    li      a1, STATUS_KILLED
    li      a2, WAIT_KILLED
    call    finish_proc
    j       1b
3:  la      a0, msg_fault1          # fault[pid]: cause at tval, pc pc — killed
    call    log_str
    lw      a0, P_PID(s1)
    call    log_dec
    la      a0, msg_fault2
    call    log_str
    la      a0, cause_unknown
    li      t0, NCAUSE_NAMES
    bgeu    s2, t0, 4f
    slli    t0, s2, 2
    la      t1, cause_names
    add     t1, t1, t0
    lw      t0, 0(t1)
    beqz    t0, 4f
    mv      a0, t0
4:  call    log_str
    li      t0, CAUSE_ILLEGAL_INSTRUCTION # tval is the instruction word,
    beq     s2, t0, 5f              # not an address
    li      t0, CAUSE_BREAKPOINT    # tval says nothing more than the pc
    beq     s2, t0, 6f
    la      a0, msg_fault3
    call    log_str
    mv      a0, s4
    call    log_hex
    j       6f
5:  la      a0, msg_fault_insn
    call    log_str
    mv      a0, s4
    call    log_hex
    li      a0, ')'
    call    log_char
6:  la      a0, msg_fault4
    call    log_str
    mv      a0, s3
    call    log_hex
    la      a0, msg_fault5
    call    log_str
    mv      a0, s1                  # end it first: the console may be the one
    mv      a1, s2
    li      a2, WAIT_FAULTED
    call    finish_proc
    call    log_flush
    j       1b
9:  epilogue
    ret

# handle_interrupt(): Ctrl-C: end every process that a parent is waiting
# for by pid (the shell's foreground job), and count it so that op_wait ends
# a child spawned before it but not waited for yet.  A service waiting for
# any child (the shell's `wait`) gets -EINTR: the jobs go on in the
# background and the shell takes commands again (it used to wait on, deaf).
.globl handle_interrupt
handle_interrupt:
    prologue ra, s1
    la      t0, interrupts          # for the children not waited for yet
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      s1, procs
1:  la      t0, procs + NPROCS * PROC_SIZE
    bgeu    s1, t0, 9f
    lw      t0, P_WAIT_TID(s1)
    beqz    t0, 2f
    lw      a0, P_WAIT_PID(s1)
    bgtz    a0, 3f
    lw      t1, P_SERVICE(s1)
    beqz    t1, 2f
    sw      zero, P_WAIT_TID(s1)
    mv      a0, t0
    li      a1, -EINTR
    li      a2, 0
    li      a3, 0
    call    reply_code
    j       2f
3:  call    proc_by_pid
    beqz    a0, 2f
    lw      t0, P_STATE(a0)
    li      t1, PS_LIVE
    bne     t0, t1, 2f
    li      a1, STATUS_INTERRUPTED
    li      a2, WAIT_KILLED
    call    finish_proc
2:  addi    s1, s1, PROC_SIZE
    j       1b
9:  epilogue
    ret

.section .rodata
.balign 4
cause_names:                        # scause of a user fault: the machine's names (abi.inc)
    CAUSE_NAME_TABLE
cause_unknown: .asciz "fault"
msg_fault1: .asciz "fault["
msg_fault2: .asciz "]: "
msg_fault3: .asciz " at "
msg_fault_insn: .asciz " (instruction "
msg_fault4: .asciz ", pc "
msg_fault5: .asciz " \xe2\x80\x94 killed\n"

.section .bss
.balign 4
.globl interrupts
interrupts: .space 4             # Ctrl-C notifications so far
args:     .space STRINGS_MAX + 2 # the lease's strings, then two NULs
spawn_nfds: .space 4
spawn_fds: .space FDS_MAX * FD_PAIR_SIZE
tinfo_ps: .space TINFO_SIZE
pm_acct:  .space ACCT_SIZE
ps_rec:   .space PS_SIZE
