# userland/programs/usertests.s — the kernel's and pm's calls, tested from
# inside (after xv6's usertests).
#
# Prints one line per case, `usertests: NAME ok` or
# `usertests: NAME FAILED (got X, want Y)`, then a summary; the exit status
# is the number of failures. Plain calls are table rows (CASE macro: number,
# arguments, expected result), riscv-tests style; IPC, threads and process
# cases are small functions (custom_table).

    .include "abi.inc"
    .include "syscall.inc"

    .equ MODE_EQ, 0                 # result == expected
    .equ MODE_GE, 1                 # result >= expected (signed)
    .equ MODE_ERR, 2                # any -errno
    .equ MODE_END, 3
    .equ HEAP_PAGE, USER_HEAP_BASE
    .equ UNOWNED_PORT, 7            # neither well-known nor dynamic: no owner
    .equ BAD_SYSCALL, 999

    # One table row: the call, its arguments, what must come back.
    .macro CASE name, number, mode, expected, arg0=0, arg1=0, arg2=0, arg3=0
    .word \number, \mode, \expected, \arg0, \arg1, \arg2, \arg3
    .asciz "\name"
    .balign 4
    .endm

    .text

# main() -> a0 = failures. Called by _start.
# s0 = row / entry cursor, s1 = failures, s2 = passes.
    .globl main
main:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    sw      s2, 0(sp)
    li      s1, 0
    li      s2, 0
    la      s0, case_table
1:  lw      t0, 4(s0)               # the table of plain calls
    li      t1, MODE_END
    beq     t0, t1, 4f
    lw      a0, 12(s0)
    lw      a1, 16(s0)
    lw      a2, 20(s0)
    lw      a3, 24(s0)
    li      a4, 0
    li      a5, 0
    lw      a6, 0(s0)
    call    raw_syscall
    mv      a2, a0                  # a2 = got
    lw      a3, 8(s0)               # a3 = expected
    lw      t0, 4(s0)
    li      a1, 0
    li      t1, MODE_EQ
    bne     t0, t1, 2f
    sub     t2, a2, a3
    seqz    a1, t2
    j       3f
2:  li      t1, MODE_GE
    bne     t0, t1, 5f
    slt     a1, a2, a3
    xori    a1, a1, 1
    j       3f
5:  li      t1, -4095               # MODE_ERR
    sltu    a1, a2, t1
    xori    a1, a1, 1
3:  addi    a0, s0, 28
    call    report
    addi    s0, s0, 28              # next row: past the name, aligned
    mv      a0, s0
    call    strlen
    add     s0, s0, a0
    addi    s0, s0, 4
    andi    s0, s0, -4
    j       1b
4:  la      s0, custom_table        # the cases that need code
6:  lw      t0, 0(s0)
    beqz    t0, 7f
    jalr    t0                      # a1 = ok, a2 = got, a3 = expected
    lw      a0, 4(s0)
    call    report
    addi    s0, s0, 8
    j       6b
7:  la      a0, summary_text
    mv      a1, s2
    mv      a2, s1
    call    printf
    mv      a0, s1
    lw      s2, 0(sp)
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# report(a0 = name, a1 = 1 if passed, a2 = got, a3 = expected): prints the
# case's line and counts it in main's s1 (failures) / s2 (passes).
# Called only by main. Clobbers caller-saved registers.
report:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    mv      t0, a1
    mv      a1, a0
    beqz    t0, 1f
    addi    s2, s2, 1
    la      a0, ok_text
    call    printf
    j       2f
1:  addi    s1, s1, 1
    la      a0, failed_text
    call    printf
2:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# ---- cases that need code: each returns a1 = 1 if passed, a2 = got,
# ---- a3 = expected (shown on failure). They may clobber caller-saved regs.

# call + recv + lease_read/lease_write + reply through a port served by a
# second thread of ours: the server upper-cases the lent buffer.
case_ipc_roundtrip:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, upcase_server
    call    start_server
    bltz    a0, 8f
    li      a1, 9                   # any label
    li      a2, 5
    li      a3, 0
    li      a4, 0
    li      a5, 0
    la      a6, ipc_buffer
    li      t0, 5
    li      t1, LEASE_R | LEASE_W
    SYSCALL CALL
    li      t0, 42                  # the server's code and words
    bne     a0, t0, 8f
    li      t0, 7
    bne     a1, t0, 8f
    la      a0, ipc_buffer
    la      a1, upper_text
    call    strcmp
    bnez    a0, 7f
    li      a1, 1
    j       9f
7:  li      a0, -1
8:  mv      a2, a0
    li      a3, 42
    li      a1, 0
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# start_server(a0 = thread function) -> a0 = the port the new thread
# created and serves (or -errno). A port belongs to the thread that made
# it, and a thread cannot call itself, so the server thread makes its own
# port and publishes it in server_port; we sleep on that word until then.
# Called by the IPC cases. Clobbers caller-saved registers.
start_server:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, server_port
    sw      zero, 0(t0)
    li      a1, 0
    call    thread_create
    bltz    a0, 2f
1:  la      a0, server_port
    lw      t0, 0(a0)
    bnez    t0, 3f
    li      a1, 0
    li      a2, 1000
    call    futex_wait
    li      t0, -ETIMEDOUT
    bne     a0, t0, 1b
    j       2f
3:  mv      a0, t0
2:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# publish_port() -> a0 = a new port of the calling (server) thread, also
# stored in server_port with its waiter woken. Clobbers caller-saved.
publish_port:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    call    port_create
    mv      s0, a0
    la      a0, server_port
    sw      s0, 0(a0)
    li      a1, 1
    call    futex_wake
    mv      a0, s0
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# upcase_server(a0 = unused): receives one call on server_port, upper-cases
# its lease (5 bytes), checks a read past the lease gives nothing, replies
# (42, 7). Runs on its own thread; ends after one call.
upcase_server:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    call    publish_port
    li      a1, 0
    SYSCALL RECV
    mv      s0, a0
    mv      a0, s0
    li      a1, 0
    addi    a2, sp, 0
    li      a3, 5
    call    lease_read
    li      t0, 5
    bne     a0, t0, 3f
    li      t1, 0                   # upper-case the 5 bytes
1:  add     t2, sp, t1
    lbu     t3, 0(t2)
    addi    t3, t3, -32
    sb      t3, 0(t2)
    addi    t1, t1, 1
    li      t0, 5
    bltu    t1, t0, 1b
    mv      a0, s0                  # past the end of the lease: nothing
    li      a1, 5
    addi    a2, sp, 8
    li      a3, 4
    call    lease_read
    bgtz    a0, 3f
    mv      a0, s0
    li      a1, 0
    addi    a2, sp, 0
    li      a3, 5
    call    lease_write
    li      t0, 5
    bne     a0, t0, 3f
    li      a1, 42
    li      a2, 7
    j       4f
3:  li      a1, -1
    li      a2, 0
4:  mv      a0, s0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    li      a0, 0
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    tail    thread_exit

# A server must not write into a read-only lease: write(1, ...) lends the
# buffer read-only, so we serve ourselves the same way through a thread.
case_lease_rights:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, rights_server
    call    start_server
    bltz    a0, 8f
    li      a1, 1
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    la      a6, ipc_buffer
    li      t0, 5
    li      t1, LEASE_R             # read-only
    SYSCALL CALL
    mv      a2, a1                  # r0 = what lease_write returned
    li      t0, -4095
    sltu    a1, a2, t0
    xori    a1, a1, 1
    li      a3, -EPERM
    j       9f
8:  mv      a2, a0
    li      a3, -EPERM
    li      a1, 0
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

rights_server:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    call    publish_port
    li      a1, 0
    SYSCALL RECV
    mv      s0, a0
    li      a1, 0
    la      a2, upper_text
    li      a3, 5
    call    lease_write             # must fail
    mv      a2, a0
    mv      a0, s0
    li      a1, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    li      a0, 0
    tail    thread_exit

# notify ourselves, then recv on notifications only: it returns at once.
case_notify_self:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    self
    li      a1, 4
    call    notify
    li      a0, 0
    li      a1, 4
    SYSCALL RECV
    mv      a2, a6
    li      a3, 4
    xori    a1, a6, 4
    seqz    a1, a1
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# A new thread runs, sets a flag and wakes us; futex_wait waits for it.
case_thread_wakes:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, flag_thread
    li      a1, 0
    call    thread_create
    bltz    a0, 8f
1:  la      a0, thread_flag
    lw      t0, 0(a0)
    bnez    t0, 2f
    li      a1, 0
    li      a2, 1000                # a second at most
    call    futex_wait
    li      t0, -ETIMEDOUT
    beq     a0, t0, 8f
    j       1b
2:  li      a1, 1
    li      a2, 1
    li      a3, 1
    j       9f
8:  mv      a2, a0
    li      a1, 0
    li      a3, 1
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

flag_thread:
    la      a0, thread_flag
    li      t0, 1
    sw      t0, 0(a0)
    li      a1, 1
    call    futex_wake
    li      a0, 0
    tail    thread_exit

# thread_kill of a thread of our own (one that would loop forever).
case_thread_kill:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, looping_thread
    li      a1, 0
    call    thread_create
    bltz    a0, 8f
    call    thread_kill
    mv      a2, a0
    seqz    a1, a0
    li      a3, 0
    j       9f
8:  mv      a2, a0
    li      a1, 0
    li      a3, 0
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

looping_thread:
    call    yield
    j       looping_thread

# A fresh heap page can be written and read back, and is zeroed.
case_heap_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, 0
    li      a1, HEAP_PAGE
    li      a2, 1
    li      a3, PROT_R | PROT_W
    call    mem_map
    bnez    a0, 8f
    li      t0, HEAP_PAGE
    lw      a2, 100(t0)             # zeroed
    bnez    a2, 7f
    li      t1, 0x5a5a
    sw      t1, 100(t0)
    lw      a2, 100(t0)
    bne     a2, t1, 7f
    li      a1, 1
    li      a3, 0x5a5a
    j       9f
7:  li      a1, 0
    li      a3, 0x5a5a
    j       9f
8:  mv      a2, a0
    li      a1, 0
    li      a3, 0
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# read and write through descriptors that are not open.
case_bad_fd:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, 9
    la      a1, ipc_buffer
    li      a2, 4
    call    read
    mv      a2, a0
    li      a3, -EBADF
    xori    a1, a0, -EBADF
    seqz    a1, a1
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# close(2) tells the console and frees the slot: writing to 2 then fails.
case_close_fd:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, 2
    call    close
    bnez    a0, 8f
    li      a0, 2
    la      a1, ipc_buffer
    li      a2, 1
    call    write
    mv      a2, a0
    li      a3, -EBADF
    xori    a1, a0, -EBADF
    seqz    a1, a1
    j       9f
8:  mv      a2, a0
    li      a3, 0
    li      a1, 0
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# write from an unmapped buffer: an error or nothing written, never a crash.
case_write_bad_buffer:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, 1
    li      a1, 0x10
    li      a2, 8
    call    write
    mv      a2, a0
    li      a3, 0
    slti    a1, a0, 1               # <= 0
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pm: spawning a program that is not in the archive.
case_spawn_missing:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, missing_argv
    call    spawn
    mv      a2, a0
    li      a3, -ENOENT
    xori    a1, a0, -ENOENT
    seqz    a1, a1
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pm: wait with no children.
case_wait_no_child:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, -1
    call    wait_pid
    mv      a2, a0
    li      a3, -ECHILD
    xori    a1, a0, -ECHILD
    seqz    a1, a1
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pm: killing a process that does not exist.
case_kill_missing:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, 31000
    call    kill
    mv      a2, a0
    li      a3, -ESRCH
    xori    a1, a0, -ESRCH
    seqz    a1, a1
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pm: our own pid.
case_getpid:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    getpid
    mv      a2, a0
    li      a3, 1
    sgtz    a1, a0
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pm: spawn a child that exits 0, wait for exactly it.
case_spawn_wait:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    la      a0, spin_argv           # "spin 0": exits 0 at once, prints nothing
    call    spawn
    blez    a0, 8f
    mv      s0, a0
    call    wait_pid
    bne     a0, s0, 8f
    or      a2, a1, a2              # status 0 and WAIT_EXITED (0)
    li      a3, 0
    seqz    a1, a2
    j       9f
8:  mv      a2, a0
    li      a3, 0
    li      a1, 0
9:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pm: a child that faults is reported as such.
case_child_fault:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    la      a0, fault_argv
    call    spawn
    blez    a0, 8f
    mv      s0, a0
    call    wait_pid
    bne     a0, s0, 8f
    li      a3, WAIT_FAULTED
    xori    a1, a2, WAIT_FAULTED
    seqz    a1, a1
    j       9f
8:  mv      a2, a0
    li      a3, WAIT_FAULTED
    li      a1, 0
9:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pm: kill a running child; wait says it was killed.
case_kill_child:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    la      a0, spin_forever_argv
    call    spawn
    blez    a0, 8f
    mv      s0, a0
    call    kill
    bnez    a0, 8f
    mv      a0, s0
    call    wait_pid
    bne     a0, s0, 8f
    li      a3, WAIT_KILLED
    xori    a1, a2, WAIT_KILLED
    seqz    a1, a1
    j       9f
8:  mv      a2, a0
    li      a3, WAIT_KILLED
    li      a1, 0
9:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# The mutex word goes back to 0 after an uncontended lock and unlock.
case_mutex:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, test_mutex
    call    mutex_lock
    la      a0, test_mutex
    lw      t0, 0(a0)
    li      t1, 1
    bne     t0, t1, 8f
    call    mutex_unlock
    la      a0, test_mutex
    lw      a2, 0(a0)
    li      a3, 0
    seqz    a1, a2
    j       9f
8:  mv      a2, t0
    li      a3, 1
    li      a1, 0
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# cond_wait / cond_signal: a thread sets a flag under the mutex and signals;
# we wait on the condition until we see it.
case_condvar:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, test_mutex
    call    mutex_lock
    la      a0, signalling_thread
    li      a1, 0
    call    thread_create
    bltz    a0, 8f
1:  la      t0, cond_flag
    lw      t0, 0(t0)
    bnez    t0, 2f
    la      a0, test_cond
    la      a1, test_mutex
    call    cond_wait
    j       1b
2:  la      a0, test_mutex
    call    mutex_unlock
    li      a1, 1
    li      a2, 1
    li      a3, 1
    j       9f
8:  mv      a2, a0
    li      a1, 0
    li      a3, 1
9:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

signalling_thread:
    la      a0, test_mutex
    call    mutex_lock
    la      t0, cond_flag
    li      t1, 1
    sw      t1, 0(t0)
    la      a0, test_cond
    call    cond_signal
    la      a0, test_mutex
    call    mutex_unlock
    li      a0, 0
    tail    thread_exit

    .section .rodata
    .balign 4
case_table:
    CASE "null", SYS_NULL, MODE_EQ, 0
    CASE "yield", SYS_YIELD, MODE_EQ, 0
    CASE "uptime", SYS_UPTIME, MODE_GE, 0
    CASE "sleep 1ms", SYS_SLEEP, MODE_EQ, 0, 1
    CASE "self", SYS_SELF, MODE_GE, 1
    CASE "frames_info", SYS_FRAMES_INFO, MODE_GE, 1
    CASE "unknown syscall", BAD_SYSCALL, MODE_EQ, -ENOSYS
    CASE "syscall past the table", NSYSCALLS, MODE_EQ, -ENOSYS
    CASE "debug_write null pointer", SYS_DEBUG_WRITE, MODE_EQ, -EFAULT, 0x10, 4
    CASE "debug_write kernel pointer", SYS_DEBUG_WRITE, MODE_EQ, -EFAULT, RAM_BASE, 4
    CASE "debug_write wrapping length", SYS_DEBUG_WRITE, MODE_EQ, -EFAULT, USER_TEXT_BASE, -1
    CASE "futex_wait value differs", SYS_FUTEX_WAIT, MODE_EQ, -EAGAIN, futex_word, 4
    CASE "futex_wait times out", SYS_FUTEX_WAIT, MODE_EQ, -ETIMEDOUT, futex_word, 5, 10
    CASE "futex_wait null pointer", SYS_FUTEX_WAIT, MODE_EQ, -EFAULT, 0x10, 0, 1
    CASE "futex_wait kernel pointer", SYS_FUTEX_WAIT, MODE_EQ, -EFAULT, RAM_BASE, 0, 1
    CASE "futex_wake nobody", SYS_FUTEX_WAKE, MODE_EQ, 0, futex_word, 1
    CASE "thread_info slot 1", SYS_THREAD_INFO, MODE_EQ, 0, 1, info_buffer
    CASE "thread_info past the table", SYS_THREAD_INFO, MODE_EQ, -EINVAL, NTHREADS, info_buffer
    CASE "thread_info kernel pointer", SYS_THREAD_INFO, MODE_EQ, -EFAULT, 1, RAM_BASE
    CASE "thread_info read-only pointer", SYS_THREAD_INFO, MODE_EQ, -EFAULT, 1, USER_TEXT_BASE
    CASE "port_create", SYS_PORT_CREATE, MODE_GE, PORT_FIRST_DYNAMIC
    CASE "call unowned port", SYS_CALL, MODE_EQ, -EDEAD, UNOWNED_PORT
    CASE "call port out of range", SYS_CALL, MODE_ERR, 0, NPORTS+5
    CASE "reply to a thread not calling us", SYS_REPLY, MODE_ERR, 0, PM_TID
    CASE "lease_read without a client", SYS_LEASE_READ, MODE_ERR, 0, PM_TID, 0, info_buffer, 4
    CASE "notify no such thread", SYS_NOTIFY, MODE_ERR, 0, 0x7fffffff, 1
    CASE "thread_kill no such thread", SYS_THREAD_KILL, MODE_ERR, 0, 0x7fffffff
    CASE "mem_map kernel address", SYS_MEM_MAP, MODE_ERR, 0, 0, RAM_BASE, 1, PROT_R|PROT_W
    CASE "mem_map null page", SYS_MEM_MAP, MODE_ERR, 0, 0, 0, 1, PROT_R|PROT_W
    CASE "mem_map unaligned", SYS_MEM_MAP, MODE_ERR, 0, 0, HEAP_PAGE+0x10001, 1, PROT_R
    CASE "mem_map over our code", SYS_MEM_MAP, MODE_ERR, 0, 0, USER_TEXT_BASE, 1, PROT_R|PROT_W
    CASE "privileged: port_assign", SYS_PORT_ASSIGN, MODE_EQ, -EPERM, PORT_FS, 1
    CASE "privileged: space_create", SYS_SPACE_CREATE, MODE_EQ, -EPERM, 0
    CASE "privileged: space_destroy", SYS_SPACE_DESTROY, MODE_EQ, -EPERM, 1
    CASE "privileged: space_copy", SYS_SPACE_COPY, MODE_EQ, -EPERM, 1, USER_TEXT_BASE, info_buffer, 4
    CASE "privileged: device_map", SYS_DEVICE_MAP, MODE_EQ, -EPERM, 0, USER_DEVICE_BASE, UART_BASE, 1
    CASE "privileged: irq_bind", SYS_IRQ_BIND, MODE_EQ, -EPERM, UART_IRQ, 1
    CASE "privileged: irq_ack", SYS_IRQ_ACK, MODE_EQ, -EPERM, UART_IRQ
    CASE "privileged: fault_info", SYS_FAULT_INFO, MODE_EQ, -EPERM
    CASE "privileged: poweroff", SYS_POWEROFF, MODE_EQ, -EPERM, 0
    CASE "privileged: thread_kill pm", SYS_THREAD_KILL, MODE_EQ, -EPERM, PM_TID
    CASE "privileged: mem_map in pm", SYS_MEM_MAP, MODE_EQ, -EPERM, 1, HEAP_PAGE, 1, PROT_R
    CASE "privileged: thread_create in pm", SYS_THREAD_CREATE, MODE_EQ, -EPERM, 1, USER_TEXT_BASE, USER_STACK_TOP
    CASE "privileged: thread_name pm", SYS_THREAD_NAME, MODE_EQ, -EPERM, PM_TID, upper_text
    .word 0, MODE_END

custom_table:
    .word case_ipc_roundtrip, ipc_roundtrip_name
    .word case_lease_rights, lease_rights_name
    .word case_notify_self, notify_self_name
    .word case_thread_wakes, thread_wakes_name
    .word case_thread_kill, thread_kill_name
    .word case_heap_page, heap_page_name
    .word case_mutex, mutex_name
    .word case_condvar, condvar_name
    .word case_bad_fd, bad_fd_name
    .word case_close_fd, close_fd_name
    .word case_write_bad_buffer, write_bad_buffer_name
    .word case_spawn_missing, spawn_missing_name
    .word case_wait_no_child, wait_no_child_name
    .word case_kill_missing, kill_missing_name
    .word case_getpid, getpid_name
    .word case_spawn_wait, spawn_wait_name
    .word case_child_fault, child_fault_name
    .word case_kill_child, kill_child_name
    .word 0, 0

missing_argv:       .word missing_name, 0
spin_argv:          .word spin_name, zero_text, 0
spin_forever_argv:  .word spin_name, 0
fault_argv:         .word fault_name, null_text, 0

ipc_roundtrip_name:    .asciz "ipc call/recv/lease/reply"
lease_rights_name:     .asciz "lease_write into a read-only lease"
notify_self_name:      .asciz "notify + recv notifications"
thread_wakes_name:     .asciz "thread_create + futex wake"
thread_kill_name:      .asciz "thread_kill own thread"
heap_page_name:        .asciz "mem_map heap page"
mutex_name:            .asciz "mutex lock/unlock"
condvar_name:          .asciz "condition variable wait/signal"
bad_fd_name:           .asciz "read closed fd"
close_fd_name:         .asciz "close then write"
write_bad_buffer_name: .asciz "write unmapped buffer"
spawn_missing_name:    .asciz "pm spawn missing program"
wait_no_child_name:    .asciz "pm wait without children"
kill_missing_name:     .asciz "pm kill missing pid"
getpid_name:           .asciz "pm getpid"
spawn_wait_name:       .asciz "pm spawn + wait exit 0"
child_fault_name:      .asciz "pm child fault reported"
kill_child_name:       .asciz "pm kill child"
missing_name:          .asciz "nosuchprogram"
spin_name:             .asciz "spin"
fault_name:            .asciz "fault"
zero_text:             .asciz "0"
null_text:             .asciz "null"
upper_text:            .asciz "HELLO"
ok_text:               .asciz "usertests: %s ok\n"
failed_text:           .asciz "usertests: %s FAILED (got %d, want %d)\n"
summary_text:          .asciz "usertests: %d passed, %d failed\n"

    .data
    .balign 4
futex_word:   .word 5
thread_flag:  .word 0
test_mutex:   .word 0
test_cond:    .word 0
cond_flag:    .word 0
server_port:  .word 0
ipc_buffer:   .asciz "hello"
    .balign 4
    .bss
    .balign 4
info_buffer:  .zero TINFO_SIZE
