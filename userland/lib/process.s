# userland/lib/process.s — asking pm for process services.
#
# Owns the client side of the pm protocol (kernel/abi.toml, server "pm"):
# spawn, exit, wait (with or without the child's accounting), kill, ps,
# shutdown, getpid, sched. Each is one IPC call to
# PORT_PM; nothing here keeps state.

    .include "abi.inc"
    .include "frame.inc"

    .equ SPAWN_LEASE, 0             # spawn's lease: its frame's locals
    .equ SPAWN_LEASE_MAX, FDS_MAX * FD_PAIR_SIZE + ARGS_MAX + ENV_MAX

    .text

# pm_call(a1 = label, a2..a5 = words) -> a0 = code, a1..a4 = reply words.
# A call to pm that lends nothing. Called by the routines below.
# Clobbers the caller-saved registers (the IPC call does).
pm_call:
    li      a0, PORT_PM
    IPC_NO_LEASE
    SYSCALL CALL
    ret

# exit(a0 = status): flushes the buffered output of stdio.s, then ends the
# whole process; pm reports status to wait().
# Never returns (if pm cannot be reached the thread still ends).
# Called by _start after main, and by anyone. Clobbers everything.
    .globl exit
exit:
    mv      s0, a0                  # exit never returns: s0 needs no saving
    call    stdout_flush            # what stdio.s still buffers for fd 1
    mv      a2, s0
    li      a1, PM_EXIT
    call    pm_call
    mv      a0, s0
    tail    thread_exit

# spawn(a0 = argv, NULL-terminated; argv[0] names a program: NAME is
# /bin/NAME on the disk or NAME of the boot archive, a path (with a '/')
# is resolved against the working directory) -> a0 = pid or -errno
# (-ENOENT no such program, -ENOEXEC, -E2BIG, path_resolve's).
# The child inherits our open descriptors (fd_count of them, as pairs),
# our working directory (the string after argv's, kernel/abi.toml
# "Process start-up"; the arguments and it share ARGS_MAX) and the
# environment block `environ` points at (env.s; ENV_MAX bytes, else -E2BIG).
# Each distinct pair's server is told the child holds it too (io share).
# Called by the shell. Clobbers caller-saved registers.
# Stack: ra, s0-s4 saved above the lease (fd pairs, then the argv strings).
    .globl spawn
spawn:
    li      a1, FDS_MAX
    # fall through

# spawn_fds(a0 = argv, a1 = n) -> as spawn, but the child inherits only our
# descriptors 0..n-1 (a shell passes 0, 1 and 2: a pipe end it keeps for
# the next stage must not reach this one, or the pipe never ends).
    .globl spawn_fds
spawn_fds:
    li      a2, 0
    # fall through

# spawn_flags(a0 = argv, a1 = n, a2 = pm.spawn flags: SPAWN_ARCHIVE) -> as
# spawn_fds; SPAWN_ARCHIVE looks for argv[0] in the boot archive only.
    .globl spawn_flags
spawn_flags:
    prologue_locals SPAWN_LEASE_MAX, ra, s0, s1, s2, s3, s4, s5
    mv      s5, a2                  # s5 = flags
    mv      s3, a0                  # s3 = argv
    mv      s4, a1
    call    fd_count
    bleu    s4, a0, 0f
    mv      s4, a0                  # s4 = nfds = min(n, fd_count)
0:  li      s0, 0                   # the pairs: our descriptors 0..nfds-1
    addi    s2, sp, SPAWN_LEASE
1:  bgeu    s0, s4, 2f
    mv      a0, s0
    call    fd_port
    sw      a0, FD_PAIR_PORT(s2)
    sw      a1, FD_PAIR_HANDLE(s2)
    addi    s2, s2, FD_PAIR_SIZE
    addi    s0, s0, 1
    j       1b
2:  mv      s0, s3                  # s0 = argv cursor, s2 = pack cursor
    li      s1, 1                   # s1 = argc
    lw      a0, 0(s0)               # argv[0] with a '/' is a path: pm takes
    beqz    a0, 3f                  # absolute ones only, so resolve it
    li      a1, '/'
    call    strchr
    beqz    a0, 3f
    lw      a0, 0(s0)
    mv      a1, s2                  # (FS_PATH_MAX + 1 < ARGS_MAX: it fits)
    call    path_resolve
    bltz    a0, 9f
    add     s2, s2, a0
    addi    s2, s2, 1
    addi    s0, s0, 4
    j       5f
3:  li      s1, 0
5:  lw      a1, 0(s0)
    beqz    a1, 4f
    mv      a0, a1
    call    strlen
    addi    t0, a0, 1               # room for the string and its NUL?
    add     t0, s2, t0
    li      t1, FD_PAIR_SIZE        # the strings may take ARGS_MAX after the pairs
    mul     t1, t1, s4
    add     t1, t1, sp
    addi    t1, t1, SPAWN_LEASE + ARGS_MAX
    bgtu    t0, t1, 8f
    mv      s3, t0
    mv      a0, s2
    lw      a1, 0(s0)
    call    strcpy
    mv      s2, s3
    addi    s1, s1, 1
    addi    s0, s0, 4
    j       5b
4:  la      a0, cwd                 # then the working directory
    call    strlen
    addi    t0, a0, 1
    add     t0, s2, t0
    li      t1, FD_PAIR_SIZE
    mul     t1, t1, s4
    add     t1, t1, sp
    addi    t1, t1, SPAWN_LEASE + ARGS_MAX
    bgtu    t0, t1, 8f
    mv      s3, t0
    mv      a0, s2
    la      a1, cwd
    call    strcpy
    mv      s2, s3
    la      t0, environ             # then the environment's strings (pm
    lw      t0, 0(t0)               # ends them with an empty one)
    beqz    t0, 16f
    li      t1, ENV_MAX
    add     t1, t1, s2              # t1 = where they must end
15: lbu     t2, 0(t0)
    beqz    t2, 16f                 # the empty string: the end
17: bgeu    s2, t1, 8f
    sb      t2, 0(s2)
    addi    s2, s2, 1
    addi    t0, t0, 1
    beqz    t2, 15b
    lbu     t2, 0(t0)
    j       17b
16: mv      a3, s4                  # w1 = nfds
    mv      a2, s1                  # w0 = argc
    mv      a4, s5                  # w2 = flags
    li      a5, 0
    li      a1, PM_SPAWN
    li      a0, PORT_PM
    addi    a6, sp, SPAWN_LEASE     # lease: pairs and strings, read-only
    sub     a7, s2, a6
    IPC_LEASE a6, a7, LEASE_R
    SYSCALL CALL
    blez    a0, 9f
    mv      s3, a1                  # its first tid (for the fs server)
    mv      s1, a0                  # the child holds what it inherited:
    li      s0, 0                   # share each distinct pair with it (io
    addi    s2, sp, SPAWN_LEASE     # share: the child's close of its last
10: bgeu    s0, s4, 12f             # copy drops it), so a pipe stays open
    lw      a0, FD_PAIR_PORT(s2)    # while the child lives, whatever we close
    beqz    a0, 11f
    lw      a1, FD_PAIR_HANDLE(s2)
    addi    t0, sp, SPAWN_LEASE     # the same pair earlier: shared already
13: bgeu    t0, s2, 14f
    lw      t1, FD_PAIR_PORT(t0)
    lw      t2, FD_PAIR_HANDLE(t0)
    addi    t0, t0, FD_PAIR_SIZE
    bne     t1, a0, 13b
    bne     t2, a1, 13b
    j       11f
14: mv      a2, s1
    mv      a3, s3
    call    fd_share
11: addi    s2, s2, FD_PAIR_SIZE
    addi    s0, s0, 1
    j       10b
12: mv      a0, s1
    j       9f
8:  li      a0, -E2BIG
9:  epilogue
    ret

# wait_pid(a0 = pid, or -1 for any child) -> a0 = pid of the child that
# ended or -errno (-ECHILD: none), a1 = its status, a2 = how it ended
# (WAIT_EXITED, WAIT_KILLED, WAIT_FAULTED; for the shell waiting by pid
# also WAIT_STOPPED: Ctrl-Z stopped it). Blocks until a child ends.
# Called by the shell. Clobbers caller-saved registers.
    .globl wait_pid
wait_pid:
    mv      a2, a0
    li      a3, 0                   # no flags: wait until one ends
    li      a1, PM_WAIT
    j       pm_call

# wait_nohang(a0 = pid or -1) -> as wait_pid, or -EAGAIN at once when no
# child ended yet. Called by the shell before a prompt. Clobbers caller-saved.
    .globl wait_nohang
wait_nohang:
    mv      a2, a0
    li      a3, WAIT_NOHANG
    li      a1, PM_WAIT
    j       pm_call

# stop_pid(a0 = pid, a1 = 1 to stop, 0 to continue) -> a0 = 0 or -errno:
# the process and those it started stop or go on (job control: the shell's
# Ctrl-Z of a pipeline, fg, bg). Clobbers caller-saved registers.
    .globl stop_pid
stop_pid:
    mv      a3, a1
    mv      a2, a0
    li      a1, PM_STOP
    j       pm_call

# wait_acct(a0 = pid or -1, a1 = ACCT_SIZE-byte buffer) -> as wait_pid;
# pm also fills the buffer with the child's [acct] record (its accounting:
# abi.toml [acct]), as wait4 fills a struct rusage. Clobbers caller-saved.
    .globl wait_acct
wait_acct:
    li      a7, ACCT_SIZE
    IPC_LEASE a1, a7, LEASE_W
    mv      a2, a0
    li      a3, 0                   # no flags
    li      a1, PM_WAIT
    li      a0, PORT_PM
    SYSCALL CALL
    ret

# sched(a0 = policy SCHED_*, or -1 to ask; a1 = slice in ms, 0 = keep)
# -> a0 = the previous policy or -errno (-EPERM: only the shell may
# change it), a1 = the previous slice in ms. Clobbers caller-saved.
    .globl sched
sched:
    mv      a3, a1
    mv      a2, a0
    li      a1, PM_SCHED
    j       pm_call

# kill(a0 = pid) -> a0 = 0 or -ESRCH. Called by anyone. Clobbers caller-saved registers.
    .globl kill
kill:
    mv      a2, a0
    li      a1, PM_KILL
    j       pm_call

# getpid() -> a0 = our pid, a1 = parent's pid. Clobbers caller-saved registers.
    .globl getpid
getpid:
    li      a1, PM_GETPID
    j       pm_call

# shutdown(a0 = code): asks pm to power the machine off. Never returns
# unless pm refuses (then a0 = -errno). Clobbers caller-saved registers.
    .globl shutdown
shutdown:
    mv      a2, a0
    li      a1, PM_SHUTDOWN
    j       pm_call

# ps(a0 = buffer, a1 = record capacity) -> a0 = records written or -errno,
# a1 = jobs finished since boot, a2 = jiffies (timer ticks) since boot.
# pm fills one [ps_record] (PS_* offsets, PS_SIZE bytes) per thread.
# Called by the shell's ps. Clobbers caller-saved registers.
    .globl ps
ps:
    li      a7, PS_SIZE
    mul     a7, a7, a1
    IPC_LEASE a0, a7, LEASE_W
    mv      a2, a1
    li      a1, PM_PS
    li      a0, PORT_PM
    SYSCALL CALL
    ret
