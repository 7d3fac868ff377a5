# userland/programs/usertests/ipc.s — cases for IPC, threads and sync.
#
# Owns the cases that need a second thread: call/recv/lease/reply through a
# port served by a thread of ours, lease rights, notifications, thread
# creation and kill, and the library's mutex and condition variable.

    .include "abi.inc"
    .include "frame.inc"

    .text

# call + recv + lease_read/lease_write + reply through a port served by a
# second thread of ours: the server upper-cases the lent buffer.
    .globl case_ipc_roundtrip
case_ipc_roundtrip:
    prologue ra
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
9:  epilogue
    ret

# start_server(a0 = thread function) -> a0 = the port the new thread
# created and serves (or -errno). A port belongs to the thread that made
# it, and a thread cannot call itself, so the server thread makes its own
# port and publishes it in server_port; we sleep on that word until then.
# Called by the IPC cases. Clobbers caller-saved registers.
    .globl start_server
start_server:
    prologue ra
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
2:  epilogue
    ret

# publish_port() -> a0 = a new port of the calling (server) thread, also
# stored in server_port with its waiter woken. Clobbers caller-saved.
    .globl publish_port
publish_port:
    prologue ra, s0
    call    port_create
    mv      s0, a0
    la      a0, server_port
    sw      s0, 0(a0)
    li      a1, 1
    call    futex_wake
    mv      a0, s0
    epilogue
    ret

# upcase_server(a0 = unused): receives one call on server_port, upper-cases
# its lease (5 bytes), checks a read past the lease gives nothing, replies
# (42, 7). Runs on its own thread; ends after one call.
upcase_server:
    prologue_locals 24, ra, s0
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
    epilogue
    tail    thread_exit

# A server must not write into a read-only lease: write(1, ...) lends the
# buffer read-only, so we serve ourselves the same way through a thread.
    .globl case_lease_rights
case_lease_rights:
    prologue ra
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
    li      t0, -ERRNO_MAX          # results in [-ERRNO_MAX, -1] are errors
    sltu    a1, a2, t0
    xori    a1, a1, 1
    li      a3, -EPERM
    j       9f
8:  mv      a2, a0
    li      a3, -EPERM
    li      a1, 0
9:  epilogue
    ret

rights_server:
    prologue ra, s0
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
    .globl case_notify_self
case_notify_self:
    prologue ra
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
    epilogue
    ret

# A new thread runs, sets a flag and wakes us; futex_wait waits for it.
    .globl case_thread_wakes
case_thread_wakes:
    prologue ra
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
9:  epilogue
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
    .globl case_thread_kill
case_thread_kill:
    prologue ra
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
9:  epilogue
    ret

looping_thread:
    call    yield
    j       looping_thread

# The mutex word goes back to 0 after an uncontended lock and unlock.
    .globl case_mutex
case_mutex:
    prologue ra
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
9:  epilogue
    ret

# cond_wait / cond_signal: a thread sets a flag under the mutex and signals;
# we wait on the condition until we see it.
    .globl case_condvar
case_condvar:
    prologue ra
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
9:  epilogue
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

# Reply capabilities (kernel/abi.toml, IPC): the kernel answers the caller
# it delivered, not a tid the server hands back.

# REPLY_CALLER: the server bends its copy of the sender, then answers
# REPLY_CALLER: the answer still reaches us.
    .globl case_reply_caller
case_reply_caller:
    prologue ra
    la      a0, bent_sender_server
    call    start_server
    bltz    a0, 8f
    li      a1, 9
    IPC_NO_LEASE
    SYSCALL CALL
    li      t0, 77
    bne     a0, t0, 8f
    li      a1, 1
    j       9f
8:  mv      a2, a0
    li      a3, 77
    li      a1, 0
9:  epilogue
    ret

bent_sender_server:
    call    publish_port
    li      a1, 0
    SYSCALL RECV
    xori    a0, a0, 1 << 3          # a sender misread (toyos fi's ipc fault)
    li      a0, REPLY_CALLER
    li      a1, 77
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    li      a0, 0
    tail    thread_exit

# The drop rule: a server that receives again without answering or keeping
# the call it holds: that caller gets -EDROPPED at once, not a wait for
# ever; the server's next call is served as usual.
    .globl case_dropped_call
case_dropped_call:
    prologue ra
    la      a0, dropping_server
    call    start_server
    bltz    a0, 8f
    la      t0, dropping_port
    sw      a0, 0(t0)
    li      a1, 9
    IPC_NO_LEASE
    SYSCALL CALL
    li      t0, -EDROPPED
    bne     a0, t0, 8f
    la      t0, dropping_port
    lw      a0, 0(t0)
    li      a1, 10
    IPC_NO_LEASE
    SYSCALL CALL                    # the second call is answered: 5
    li      t0, 5
    bne     a0, t0, 7f
    li      a1, 1
    j       9f
7:  addi    a0, a0, 1000            # (tells the second call's result apart)
8:  mv      a2, a0
    li      a3, -EDROPPED
    li      a1, 0
9:  epilogue
    ret

dropping_server:
    call    publish_port
    mv      s0, a0
    li      a1, 0
    SYSCALL RECV                    # the first call: neither answered nor kept
    mv      a0, s0
    li      a1, 0
    SYSCALL RECV                    # dropped here; the second call comes
    li      a0, REPLY_CALLER
    li      a1, 5
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    li      a0, 0
    tail    thread_exit

# reply_keep: the server keeps the call (the tid from the kernel's record),
# receives again (a notification to itself wakes it), and answers later:
# the kept call is not dropped, REPLY_CALLER no longer names it (-ESRCH),
# nor does a second reply_keep.  We get 55, r0 = the second reply_keep's
# result, r1 = the REPLY_CALLER reply's, r2 = kept tid - the sender it read.
    .globl case_reply_keep
case_reply_keep:
    prologue ra
    la      a0, keeping_server
    call    start_server
    bltz    a0, 8f
    li      a1, 9
    IPC_NO_LEASE
    SYSCALL CALL
    li      t0, 55
    bne     a0, t0, 8f
    li      t0, -ESRCH
    mv      a0, a1
    bne     a1, t0, 8f
    mv      a0, a2
    bne     a2, t0, 8f
    mv      a0, a3
    bnez    a3, 8f
    li      a1, 1
    j       9f
8:  mv      a2, a0
    li      a3, 55
    li      a1, 0
9:  epilogue
    ret

keeping_server:
    prologue_locals 16, ra, s0, s1, s2, s3
    call    publish_port
    mv      s0, a0
    li      a1, 0
    SYSCALL RECV
    mv      s3, a0                  # the sender it read
    SYSCALL REPLY_KEEP
    mv      s1, a0                  # the kept tid
    SYSCALL REPLY_KEEP              # nothing more to keep: -ESRCH
    mv      s2, a0
    call    self                    # wake our own receive at once
    li      a1, 4
    call    notify
    mv      a0, s0
    li      a1, 4
    SYSCALL RECV                    # the drop rule leaves the kept call
    li      a0, REPLY_CALLER        # names nobody now: -ESRCH
    li      a1, 1
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    mv      a3, a0
    mv      a0, s1
    li      a1, 55
    mv      a2, s2
    sub     a4, s1, s3
    li      a5, 0
    call    reply
    li      a0, 0
    tail    thread_exit

    .section .rodata
upper_text:   .asciz "HELLO"

    .data
    .balign 4
thread_flag:  .word 0
test_mutex:   .word 0
test_cond:    .word 0
cond_flag:    .word 0
server_port:  .word 0
dropping_port: .word 0
ipc_buffer:   .asciz "hello"
