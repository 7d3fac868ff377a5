# servers/pm/jobs.s — job control in pm: Ctrl-Z stops the foreground job,
# pm.stop stops or continues a process (the shell's pipelines, fg, bg).
# The foreground job is what Ctrl-C ends too: a process a service (the
# shell) waits for by pid.  Stopping is the kernel's (thread_stop: a
# stopped thread is never run), so a stopped job takes no CPU; pm only
# says which threads: those of the process and of every process it started
# (descendants), so a job that runs programs of its own stops whole.
# A Ctrl-Z that comes while the shell is between two waits (no process
# waited for) is kept as a count, as Ctrl-C's is: the shell's next wait by
# pid for a process started before it stops that process (op_wait_stopped).
.include "pm.inc"
.include "frame.inc"

.section .text
# handle_stop(): Ctrl-Z: stop every process a service waits for by pid,
# and answer that wait: pid, status 0, how WAIT_STOPPED.  Called by
# main_loop.  Clobbers caller-saved registers.  s1 = the waiting entry.
.globl handle_stop
handle_stop:
    prologue ra, s1, s2
    la      t0, stops
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      s1, procs
1:  la      t0, procs + NPROCS * PROC_SIZE
    bgeu    s1, t0, 9f
    lw      t0, P_WAIT_TID(s1)
    beqz    t0, 2f
    lw      t0, P_SERVICE(s1)
    beqz    t0, 2f
    lw      a0, P_WAIT_PID(s1)
    blez    a0, 2f
    call    proc_by_pid
    beqz    a0, 2f
    lw      t0, P_STATE(a0)
    li      t1, PS_LIVE
    bne     t0, t1, 2f
    mv      s2, a0
    li      a1, 1
    call    stop_tree
    lw      a0, P_WAIT_TID(s1)
    sw      zero, P_WAIT_TID(s1)
    lw      a1, P_PID(s2)
    li      a2, 0
    li      a3, WAIT_STOPPED
    call    reply_code
2:  addi    s1, s1, PROC_SIZE
    j       1b
9:  epilogue
    ret

# op_wait_stopped(a0 = the waited-for child's entry, a1 = the waiter's
# entry) -> a0 nonzero when the wait was answered WAIT_STOPPED: for a
# service waiting by pid, a child that is stopped, or that a Ctrl-Z
# missed (one came since it was started or last continued, while nobody
# waited for it) and is stopped now.  Called by op_wait.  Clobbers
# caller-saved registers.  s1 = the child.
.globl op_wait_stopped
op_wait_stopped:
    prologue ra, s1
    mv      s1, a0
    lw      t0, P_SERVICE(a1)
    beqz    t0, 8f
    lw      t0, P_STOPPED(s1)
    bnez    t0, 2f
    lw      t0, P_STOPS(s1)
    la      t1, stops
    lw      t1, 0(t1)
    beq     t0, t1, 8f
    mv      a0, s1
    li      a1, 1
    call    stop_tree
2:  la      t0, msg
    lw      a0, MSG_SENDER(t0)
    lw      a1, P_PID(s1)
    li      a2, 0
    li      a3, WAIT_STOPPED
    call    reply_code
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# stop(pid, stop) -> 0, -ESRCH, -EPERM, -EINVAL: stop (1) or continue (0)
# the process and its descendants.  Who may is who may kill it (may_end:
# the shell for the user at the console); never pm or a service, which
# nobody would continue.
.globl op_stop
op_stop:
    prologue ra, s1
    la      t0, msg
    li      a1, -EINVAL
    lw      t1, MSG_W1(t0)
    li      t2, 1
    bgtu    t1, t2, 8f
    lw      a0, MSG_W0(t0)
    call    proc_by_pid
    li      a1, -ESRCH
    beqz    a0, 8f
    lw      t0, P_STATE(a0)
    li      t1, PS_LIVE
    bne     t0, t1, 8f
    li      a1, -EPERM
    lw      t0, P_SERVICE(a0)
    bnez    t0, 8f
    lw      t0, P_PID(a0)
    li      t1, 1
    beq     t0, t1, 8f
    mv      s1, a0
    call    may_end                 # ops.s
    li      a1, -EPERM
    beqz    a0, 8f
    mv      a0, s1
    la      t0, msg
    lw      a1, MSG_W1(t0)
    call    stop_tree
    li      a1, 0
8:  la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a2, 0
    li      a3, 0
    call    reply_code
    epilogue
    ret

# stop_tree(a0 = entry, a1 = 1 to stop, 0 to continue): the process and
# every live process it started (and they started, ...).  Clobbers
# caller-saved registers.  s1 = root pid, s2 = stop, s3 = entry.
.globl stop_tree
stop_tree:
    prologue ra, s1, s2, s3
    lw      s1, P_PID(a0)
    mv      s2, a1
    la      s3, procs
1:  la      t0, procs + NPROCS * PROC_SIZE
    bgeu    s3, t0, 9f
    lw      t0, P_STATE(s3)
    li      t1, PS_LIVE
    bne     t0, t1, 3f
    mv      a0, s3
    mv      a1, s1
    call    descends_from
    beqz    a0, 3f
    mv      a0, s3
    mv      a1, s2
    call    stop_proc
3:  addi    s3, s3, PROC_SIZE
    j       1b
9:  epilogue
    ret

# descends_from(a0 = entry, a1 = pid) -> a0 nonzero when the entry is that
# process or one it started (walking up the parents).  Clobbers t0-t3.
descends_from:
    prologue ra, s1
    mv      s1, a1
1:  lw      t3, P_PID(a0)
    beq     t3, s1, 7f
    lw      a0, P_PARENT(a0)
    li      t0, 1
    ble     a0, t0, 8f              # pm's or nobody's
    call    proc_by_pid
    bnez    a0, 1b
8:  li      a0, 0
    j       9f
7:  li      a0, 1
9:  epilogue
    ret

# stop_proc(a0 = entry, a1 = stop): every thread of its space, through the
# kernel's thread_stop.  Both ways it counts as seen by the Ctrl-Z and
# Ctrl-C that came so far (P_STOPS, P_INTERRUPTS: op_wait must not end or
# stop a continued job at the shell's next wait for it).  Clobbers
# caller-saved registers.  s1 = entry, s2 = stop, s3 = thread slot.
stop_proc:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    sw      s2, P_STOPPED(s1)
    la      t0, stops
    lw      t0, 0(t0)
    sw      t0, P_STOPS(s1)
    la      t0, interrupts          # ops.s
    lw      t0, 0(t0)
    sw      t0, P_INTERRUPTS(s1)
    li      s3, 1                   # slot 0 is the kernel's idle thread
1:  li      t0, NTHREADS
    bgeu    s3, t0, 9f
    mv      a0, s3
    la      a1, tinfo_jobs
    SYSCALL THREAD_INFO
    addi    s3, s3, 1
    bnez    a0, 1b
    la      t0, tinfo_jobs
    lw      t1, TINFO_SPACE(t0)
    lw      t2, P_SPACE(s1)
    bne     t1, t2, 1b
    lw      a0, TINFO_TID(t0)
    mv      a1, s2
    SYSCALL THREAD_STOP
    j       1b
9:  epilogue
    ret

.section .bss
.balign 4
.globl stops
stops:      .space 4             # Ctrl-Z notifications so far
tinfo_jobs: .space TINFO_SIZE
