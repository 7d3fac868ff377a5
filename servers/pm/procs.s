# servers/pm/procs.s — the process table, ending processes, and services.
# A process is an entry of `procs` (pm.inc): pid, kernel space, first tid,
# parent, and while a zombie its status for wait.  Services (console,
# shell) are supervised: when one ends, pm starts it again.
.include "pm.inc"
.include "frame.inc"

.section .text
# proc_alloc() -> a0 = a free entry (zeroed, pid assigned) or 0.
# Clobbers t0-t2.
.globl proc_alloc
proc_alloc:
    la      a0, procs
    la      t0, procs + NPROCS * PROC_SIZE
1:  bgeu    a0, t0, 3f
    lw      t1, P_PID(a0)
    beqz    t1, 2f
    addi    a0, a0, PROC_SIZE
    j       1b
2:  addi    t1, a0, PROC_SIZE
    mv      t0, a0
4:  sw      zero, 0(t0)
    addi    t0, t0, 4
    bltu    t0, t1, 4b
    la      t0, next_pid
    lw      t1, 0(t0)
    sw      t1, P_PID(a0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    ret
3:  li      a0, 0
    ret

# proc_by_pid(a0 = pid) -> a0 = entry or 0.  Clobbers t0-t2.
.globl proc_by_pid
proc_by_pid:
    la      t0, procs
    la      t1, procs + NPROCS * PROC_SIZE
    beqz    a0, 3f
1:  bgeu    t0, t1, 3f
    lw      t2, P_PID(t0)
    beq     t2, a0, 2f
    addi    t0, t0, PROC_SIZE
    j       1b
2:  mv      a0, t0
    ret
3:  li      a0, 0
    ret

# proc_by_space(a0 = space handle) -> a0 = live entry or 0.  Clobbers t0-t2.
.globl proc_by_space
proc_by_space:
    la      t0, procs
    la      t1, procs + NPROCS * PROC_SIZE
1:  bgeu    t0, t1, 3f
    lw      t2, P_PID(t0)
    beqz    t2, 2f
    lw      t2, P_STATE(t0)
    addi    t2, t2, -PS_LIVE
    bnez    t2, 2f
    lw      t2, P_SPACE(t0)
    beq     t2, a0, 4f
2:  addi    t0, t0, PROC_SIZE
    j       1b
3:  li      a0, 0
    ret
4:  mv      a0, t0
    ret

# proc_by_tid(a0 = tid) -> a0 = live entry of the process it belongs to,
# or 0.  Asks the kernel which space the thread is in.  Clobbers a1, t0-t2, a7.
.globl proc_by_tid
proc_by_tid:
    prologue ra, s1
    mv      s1, a0
    andi    a0, a0, TID_SLOT_MASK
    la      a1, tinfo
    SYSCALL THREAD_INFO
    bnez    a0, 1f
    la      t0, tinfo
    lw      t1, TINFO_TID(t0)
    bne     t1, s1, 1f
    lw      a0, TINFO_SPACE(t0)
    call    proc_by_space
    j       2f
1:  li      a0, 0
2:  epilogue
    ret

# proc_free(a0 = entry).  Clobbers nothing else.
.globl proc_free
proc_free:
    sw      zero, P_PID(a0)
    sw      zero, P_STATE(a0)
    ret

# finish_proc(a0 = entry, a1 = status, a2 = how): the process is over.
# Frees its space and orphans its children (a restarted service keeps its
# pid, and must not inherit the jobs of the one that died; a stopped one
# goes on), then restarts
# it if it is a service, else makes it a zombie for its parent (answering a
# waiting parent at once).  Clobbers the caller-saved registers.
.globl finish_proc
finish_proc:
    prologue ra, s1, s2, s3, s4
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    lw      a0, P_SPACE(s1)         # its accounting, kept until the parent
    addi    a1, s1, P_ACCT          # waits (the kernel forgets it with the space)
    SYSCALL ACCT_INFO
    lw      a0, P_SPACE(s1)
    SYSCALL SPACE_DESTROY
    call    notify_services
    la      s4, procs               # orphan its children
2:  la      t0, procs + NPROCS * PROC_SIZE
    bgeu    s4, t0, 4f
    lw      t0, P_PID(s4)
    beqz    t0, 3f
    lw      t0, P_PARENT(s4)
    lw      t1, P_PID(s1)
    bne     t0, t1, 3f
    sw      zero, P_PARENT(s4)
    lw      t0, P_STATE(s4)
    addi    t0, t0, -PS_ZOMBIE
    bnez    t0, 31f
    mv      a0, s4
    call    proc_free
    j       3f
31: lw      t0, P_STOPPED(s4)       # a stopped orphan: nobody would ever
    beqz    t0, 3f                  # continue it (POSIX sends SIGCONT)
    mv      a0, s4
    li      a1, 0
    call    stop_tree               # jobs.s
3:  addi    s4, s4, PROC_SIZE
    j       2b
4:  lw      a0, P_SERVICE(s1)
    beqz    a0, 1f
    mv      a1, s1                  # a service: start it again
    call    restart_service
    j       9f
1:  la      t0, jobs_done           # a job finished (throughput: pm.ps)
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    li      t0, PS_ZOMBIE
    sw      t0, P_STATE(s1)
    sw      s2, P_STATUS(s1)
    sw      s3, P_HOW(s1)
    lw      a0, P_PARENT(s1)
    li      t0, 1
    ble     a0, t0, 6f              # nobody (or pm) waits for it
    call    proc_by_pid
    beqz    a0, 6f
    lw      t0, P_WAIT_TID(a0)
    beqz    t0, 9f                  # the parent collects it later
    lw      t1, P_WAIT_PID(a0)
    bltz    t1, 5f
    lw      t2, P_PID(s1)
    bne     t1, t2, 9f
5:  sw      zero, P_WAIT_TID(a0)
    mv      a0, t0
    mv      a1, s1
    mv      a2, s2
    mv      a3, s3
    call    reply_wait
6:  mv      a0, s1
    call    proc_free
9:  epilogue
    ret

# reply_wait(a0 = waiting tid, a1 = the child's entry, a2 = status,
# a3 = how): answer a wait: the child's [acct] record into the waiter's
# lease if it lent one (like wait4's rusage), then pid, status, how.
# Clobbers the caller-saved registers.
.globl reply_wait
reply_wait:
    prologue ra, s1, s2, s3, s4
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s4, a3
    li      a1, 0                   # no lease, or a short one: not our problem
    addi    a2, s2, P_ACCT
    li      a3, ACCT_SIZE
    SYSCALL LEASE_WRITE
    mv      a0, s1
    lw      a1, P_PID(s2)
    mv      a2, s3
    mv      a3, s4
    call    reply_code
    epilogue
    ret

# notify_services(): a process ended: tell each live service that asked
# (SV_NOTIFY: the pipe server drops the ends the dead process held).  A
# notification never blocks pm.  Clobbers a0, a1, a7, t0-t2.
notify_services:
    prologue ra, s1
    la      s1, procs
1:  la      t0, procs + NPROCS * PROC_SIZE
    bgeu    s1, t0, 9f
    lw      t0, P_SERVICE(s1)
    beqz    t0, 2f
    lw      a1, SV_NOTIFY(t0)
    beqz    a1, 2f
    lw      t0, P_STATE(s1)
    li      t1, PS_LIVE
    bne     t0, t1, 2f
    lw      a0, P_TID(s1)
    SYSCALL NOTIFY
2:  addi    s1, s1, PROC_SIZE
    j       1b
9:  epilogue
    ret

# start_services(): start every service of the table, in order, but
# those whose SV_NEEDS word is 0 (the fs server when there is no disk,
# the net server when there is no network card).
.globl start_services
start_services:
    prologue ra, s1
    call    virtio_probe
    la      s1, services
1:  lw      t0, SV_NAME(s1)
    beqz    t0, 2f
    lw      t0, SV_NEEDS(s1)
    beqz    t0, 3f
    lw      t0, 0(t0)
    beqz    t0, 4f
3:  call    proc_alloc
    mv      a1, a0
    mv      a0, s1
    call    start_service
4:  addi    s1, s1, SV_SIZE
    j       1b
2:  epilogue
    ret

# virtio_probe(): disk_present = 1 when a virtio-mmio slot holds a block
# device the fs server can drive, net_present = 1 when one holds a network
# card the net server can drive (magic, version 2, device id 2 or 1: what
# the servers look for too).  pm maps the slots into itself to look; they
# stay mapped, unused.  Clobbers a0-a3, a7, t0-t3.
virtio_probe:
    li      a0, 0
    li      a1, USER_DEVICE_BASE
    li      a2, VIRTIO_BASE
    li      a3, VIRTIO_SLOTS
    SYSCALL DEVICE_MAP
    bnez    a0, 3f
    li      t0, USER_DEVICE_BASE
    li      t1, USER_DEVICE_BASE + VIRTIO_SLOTS * VIRTIO_STRIDE
1:  lw      t2, VIRTIO_MMIO_MAGIC_VALUE(t0)
    li      t3, VIRTIO_MMIO_MAGIC
    bne     t2, t3, 2f
    lw      t2, VIRTIO_MMIO_VERSION(t0)
    li      t3, VIRTIO_MMIO_VERSION_2
    bne     t2, t3, 2f
    lw      t2, VIRTIO_MMIO_DEVICE_ID(t0)
    la      a0, disk_present
    li      t3, VIRTIO_ID_BLOCK
    beq     t2, t3, 4f
    la      a0, net_present
    li      t3, VIRTIO_ID_NET
    bne     t2, t3, 2f
4:  li      t3, 1
    sw      t3, 0(a0)
2:  li      t2, VIRTIO_STRIDE
    add     t0, t0, t2
    bltu    t0, t1, 1b
3:  ret

# restart_service(a0 = service, a1 = its entry): the service died: log and
# start it again, unless it spent its restart budget (pm.inc), then hold it
# (its entry is freed) and say so.  Clobbers a0-a7, t0-t2.
restart_service:
    prologue ra, s1, s2
    mv      s1, a0
    mv      s2, a1
    SYSCALL UPTIME
    lw      t0, SV_WINDOW_MS(s1)
    sub     t1, a0, t0
    li      t2, RESTART_WINDOW_MS
    lw      t0, SV_WINDOW_COUNT(s1)
    bltu    t1, t2, 1f
    sw      a0, SV_WINDOW_MS(s1)    # a new window begins with this death
    li      t0, 0
1:  addi    t0, t0, 1
    sw      t0, SV_WINDOW_COUNT(s1)
    li      t1, RESTART_BUDGET
    bgtu    t0, t1, 2f
    lw      t0, SV_RESTARTS(s1)
    addi    t0, t0, 1
    sw      t0, SV_RESTARTS(s1)
    la      a0, msg_restart1
    call    log_str
    lw      a0, SV_NAME(s1)
    call    log_str
    la      a0, msg_restart2
    lw      t0, SV_SILENT(s1)       # ended by the watchdog (watchdog.s)
    beqz    t0, 4f
    la      a0, msg_silent
    li      t1, SILENT_WRONG
    bne     t0, t1, 4f
    la      a0, msg_wrong
4:  call    log_str
    call    log_flush
    mv      a0, s1
    mv      a1, s2
    call    start_service
    j       9f
2:  li      t0, SVC_HELD            # pm: NAME held: died N times in T s
    sw      t0, SV_STATE(s1)
    lw      t0, SV_PORT(s1)         # a held console: pm's log goes to the UART
    li      t1, PORT_CONSOLE
    bne     t0, t1, 3f
    la      t0, console_up
    sw      zero, 0(t0)
3:  mv      a0, s2
    call    proc_free
    la      a0, msg_restart1
    call    log_str
    lw      a0, SV_NAME(s1)
    call    log_str
    la      a0, msg_held1
    call    log_str
    lw      a0, SV_WINDOW_COUNT(s1)
    call    log_dec
    la      a0, msg_held2
    call    log_str
    li      a0, RESTART_WINDOW_MS / 1000
    call    log_dec
    la      a0, msg_held3
    call    log_str
    call    log_flush
9:  epilogue
    ret

# start_service(a0 = service, a1 = entry to fill, or 0): load its program
# from the archive, map its device, give it its port, log it.
# Clobbers a0-a7, t0-t2.
start_service:
    prologue_locals 16, ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    beqz    s2, 8f
    la      t0, console_up          # the console's port is down meanwhile
    lw      t1, SV_PORT(s1)
    li      t2, PORT_CONSOLE
    bne     t1, t2, 1f
    sw      zero, 0(t0)
    call    console_restarted       # foreground.s: tell the new one
1:  la      t0, archive
    lw      a0, 0(t0)
    lw      a1, SV_NAME(s1)
    call    cpio_find
    beqz    a0, 8f
    lw      a1, SV_NAME(s1)         # argv = { name }
    mv      a2, a1
2:  lbu     t0, 0(a2)
    addi    a2, a2, 1
    bnez    t0, 2b
    sub     a2, a2, a1
    li      a3, 1
    lw      a4, SV_FDS(s1)
    lw      a5, SV_FLAGS(s1)
    lw      a6, SV_PRIO(s1)
    lw      a7, SV_NFDS(s1)
    call    load_program
    bltz    a0, 8f
    sw      a0, P_SPACE(s2)
    sw      a1, P_TID(s2)
    sw      zero, P_WAIT_TID(s2)    # a restart forgets the old one's wait
    sw      zero, SV_SILENT(s1)
    lw      t0, SV_GEN(s1)          # a new generation of the service
    addi    t0, t0, 1
    sw      t0, SV_GEN(s1)
    li      t0, SVC_UP
    sw      t0, SV_STATE(s1)
    mv      s3, a1
    li      t0, PS_LIVE
    sw      t0, P_STATE(s2)
    sw      s1, P_SERVICE(s2)
    lw      a0, SV_NAME(s1)         # name: the thread and the entry
    addi    a1, s2, P_NAME
    call    copy_name
    mv      a0, s3
    lw      a1, SV_NAME(s1)
    SYSCALL THREAD_NAME
    lw      a1, SV_DEVICE(s1)
    beqz    a1, 3f
    lw      a0, P_SPACE(s2)
    mv      a2, a1
    li      a1, USER_DEVICE_BASE
    lw      a3, SV_PAGES(s1)
    SYSCALL DEVICE_MAP
3:  lw      a0, SV_PORT(s1)
    beqz    a0, 4f
    mv      a1, s3
    SYSCALL PORT_ASSIGN
    lw      t0, SV_PORT(s1)
    li      t1, PORT_CONSOLE
    bne     t0, t1, 4f
    la      t0, console_up
    li      t1, 1
    sw      t1, 0(t0)
4:  la      a0, msg_service1
    call    log_str
    lw      a0, SV_NAME(s1)
    call    log_str
    la      a0, msg_service2
    call    log_str
    lw      a0, P_PID(s2)
    call    log_dec
    li      a0, ')'
    call    log_char
    li      a0, '\n'
    call    log_char
    call    log_flush
    j       9f
8:  la      a0, msg_service_fail
    call    log_str
    lw      a0, SV_NAME(s1)
    call    log_str
    li      a0, '\n'
    call    log_char
    call    log_flush
    beqz    s2, 9f
    mv      a0, s2
    call    proc_free
9:  epilogue
    ret

# svc(index, action; lease = a [svc_record]): SVC_LIST writes the record of
# service number `index` of the table; SVC_RESTART starts it again (a new
# generation, held or not), SVC_HOLD stops it and keeps it stopped,
# SVC_COMPLAIN (a client saw it break its protocol) has the watchdog end it
# like a silent one, inside the restart budget.  Only a service pm
# supervises may restart, hold or complain (the shell's `svc`, for the
# user; the shell's editor, of the console); the answer goes first, since
# the caller may be the service itself.
.globl op_svc
op_svc:
    prologue_locals SVCREC_SIZE, ra, s1, s2, s3
    la      t0, msg
    lw      t1, MSG_W0(t0)          # s1 = the service at index
    la      s1, services
1:  lw      t2, SV_NAME(s1)
    beqz    t2, 8f                  # past the last: -ESRCH
    beqz    t1, 2f
    addi    t1, t1, -1
    addi    s1, s1, SV_SIZE
    j       1b
2:  mv      a0, s1
    call    service_proc
    mv      s2, a0                  # s2 = its live process, or 0
    la      t0, msg
    lw      s3, MSG_W1(t0)          # s3 = action
    bnez    s3, 4f                  # SVC_LIST
    lw      a0, SV_NAME(s1)
    mv      a1, sp
    call    copy_name
    lw      t0, SV_STATE(s1)
    sw      t0, SVCREC_STATE(sp)
    lw      t0, SV_GEN(s1)
    sw      t0, SVCREC_GENERATION(sp)
    lw      t0, SV_RESTARTS(s1)
    sw      t0, SVCREC_RESTARTS(sp)
    li      t0, 0
    beqz    s2, 3f
    lw      t0, P_PID(s2)
3:  sw      t0, SVCREC_PID(sp)
    la      t0, msg
    lw      t1, MSG_LEASE_LEN(t0)   # a whole record or nothing
    li      t2, SVCREC_SIZE
    li      a0, -EINVAL
    bltu    t1, t2, 7f
    lw      a0, MSG_SENDER(t0)
    li      a1, 0
    mv      a2, sp
    li      a3, SVCREC_SIZE
    SYSCALL LEASE_WRITE
    bltz    a0, 7f                  # a lease that cannot take it: its error
    li      a0, 0
    j       7f
4:  li      t0, SVC_COMPLAIN
    bgtu    s3, t0, 6f
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    call    proc_by_tid
    beqz    a0, 5f
    lw      t0, P_SERVICE(a0)
    beqz    t0, 5f
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a1, 0
    li      a2, 0
    li      a3, 0
    call    reply_code
    li      t0, SVC_COMPLAIN
    beq     s3, t0, 3f
    mv      a0, s1
    mv      a1, s2
    mv      a2, s3
    call    service_by_hand
    j       9f
3:  beqz    s2, 9f                  # not running: nothing to end
    la      t0, wd_accused          # watchdog.s ends it at its next tick
    sw      s1, 0(t0)
    j       9f
5:  li      a0, -EPERM
    j       7f
6:  li      a0, -EINVAL
    j       7f
8:  li      a0, -ESRCH
7:  mv      a1, a0
    la      t0, msg
    lw      a0, MSG_SENDER(t0)
    li      a2, 0
    li      a3, 0
    call    reply_code
9:  epilogue
    ret

# service_proc(a0 = service) -> a0 = its live process entry, or 0.
# Called by pm's threads (the watchdog's too: it only reads). Clobbers t0-t2.
.globl service_proc
service_proc:
    la      t0, procs
    la      t1, procs + NPROCS * PROC_SIZE
1:  bgeu    t0, t1, 3f
    lw      t2, P_PID(t0)
    beqz    t2, 2f
    lw      t2, P_SERVICE(t0)
    bne     t2, a0, 2f
    lw      t2, P_STATE(t0)
    addi    t2, t2, -PS_LIVE
    beqz    t2, 4f
2:  addi    t0, t0, PROC_SIZE
    j       1b
3:  li      a0, 0
    ret
4:  mv      a0, t0
    ret

# service_by_hand(a0 = service, a1 = its live entry or 0, a2 = SVC_RESTART
# or SVC_HOLD): end the running one (its clients get -EDEAD from the
# kernel), then start a new generation or hold it.  The restart budget
# starts afresh.  Clobbers a0-a7, t0-t2.
service_by_hand:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    sw      zero, SV_WINDOW_COUNT(s1)
    beqz    s2, 1f
    lw      a0, P_SPACE(s2)
    SYSCALL SPACE_DESTROY
    lw      t0, SV_PORT(s1)         # the console's port is down meanwhile
    li      t1, PORT_CONSOLE
    bne     t0, t1, 1f
    la      t0, console_up
    sw      zero, 0(t0)
1:  la      a0, msg_restart1        # pm: NAME restarted by hand / held by hand
    call    log_str
    lw      a0, SV_NAME(s1)
    call    log_str
    li      t0, SVC_HOLD
    bne     s3, t0, 3f
    li      t0, SVC_HELD
    sw      t0, SV_STATE(s1)
    la      a0, msg_held_by_hand
    call    log_str
    call    log_flush
    beqz    s2, 9f
    mv      a0, s2
    call    proc_free
    j       9f
3:  la      a0, msg_restarted_by_hand
    call    log_str
    call    log_flush
    bnez    s2, 4f
    call    proc_alloc              # a held one has no entry any more
    mv      s2, a0
4:  mv      a0, s1
    mv      a1, s2
    call    start_service
9:  epilogue
    ret

# copy_name(a0 = string, a1 = PS_NAME_SIZE-byte field): NUL-padded, the
# last byte always NUL (a thread name's size, as the kernel keeps it).
# Clobbers t0-t2.
.globl copy_name
copy_name:
    li      t0, 0
1:  li      t2, PS_NAME_SIZE - 1
    bgeu    t0, t2, 2f
    add     t1, a0, t0
    lbu     t1, 0(t1)
    beqz    t1, 2f
    add     t2, a1, t0
    sb      t1, 0(t2)
    addi    t0, t0, 1
    j       1b
2:  li      t2, PS_NAME_SIZE
    bgeu    t0, t2, 3f
    add     t1, a1, t0
    sb      zero, 0(t1)
    addi    t0, t0, 1
    j       2b
3:  ret

# The supervised services (layout SV_* in pm.inc), started in this order.
.section .data
.balign 4
.globl services
services:
    .word name_console, PORT_CONSOLE, SPACE_DRIVER, PRIO_SERVER, UART_BASE, 0, 0, 1, 0, 0
    .space SV_SIZE - SV_TABLE_BYTES # state, generation, restarts...: kept by pm
    # the fs server gets every virtio slot and finds the disk among them itself;
    # like the pipe server it drops what a process that ended held
    .word name_fs, PORT_FS, SPACE_DRIVER, PRIO_SERVER, VIRTIO_BASE, shell_fds, 3, VIRTIO_SLOTS, disk_present, NOTIFY_EXITED
    .space SV_SIZE - SV_TABLE_BYTES
    .word name_pipe, PORT_PIPE, 0, PRIO_SERVER, 0, 0, 0, 0, 0, NOTIFY_EXITED
    .space SV_SIZE - SV_TABLE_BYTES
    # the net server, like fs, gets every slot and finds its card itself
    .word name_net, PORT_NET, SPACE_DRIVER, PRIO_SERVER, VIRTIO_BASE, shell_fds, 3, VIRTIO_SLOTS, net_present, NOTIFY_EXITED
    .space SV_SIZE - SV_TABLE_BYTES
    # the print spooler keeps its queue on the disk: no disk, no spooler
    .word name_lpd, PORT_LPD, 0, PRIO_SERVER, 0, shell_fds, 3, 0, disk_present, 0
    .space SV_SIZE - SV_TABLE_BYTES
.globl shell_service
shell_service:                      # watchdog.s watches it after a Ctrl-C
    .word name_shell, 0, 0, PRIO_USER, 0, shell_fds, 3, 0, 0, 0
    .space SV_SIZE - SV_TABLE_BYTES
    .word 0
shell_fds:                          # 0, 1, 2 of the shell, fs and net: the console ([fd_pair]s)
    .word PORT_CONSOLE, 0, PORT_CONSOLE, 0, PORT_CONSOLE, 0
disk_present: .word 0               # virtio_probe found a virtio-blk device
net_present:  .word 0               # virtio_probe found a virtio-net card

.section .rodata
name_console:     .asciz "console"
name_shell:       .asciz "shell"
name_pipe:        .asciz "pipe"
name_fs:          .asciz "fs"
name_net:         .asciz "net"
name_lpd:         .asciz "lpd"
msg_service1:     .asciz "pm: started "
msg_service2:     .asciz " (pid "
msg_service_fail: .asciz "pm: cannot start "
msg_restart1:     .asciz "pm: "
msg_restart2:     .asciz " died, restarting\n"
msg_silent:       .asciz " not answering, restarting\n"
msg_wrong:        .asciz " answering wrongly, restarting\n"
msg_held_by_hand: .asciz " held by hand\n"
msg_restarted_by_hand: .asciz " restarted by hand\n"
msg_held1:        .asciz " held: died "
msg_held2:        .asciz " times in "
msg_held3:        .asciz " s\n"

.section .bss
.balign 4
tinfo: .space TINFO_SIZE
.globl jobs_done
jobs_done: .space 4             # processes that ended, services' restarts aside
