# kernel/ipc.s — ports, synchronous IPC, leases and notifications (the
# lease copies themselves are kernel/lease.s).
# A port is owned by one server thread (port_owner); another thread of the
# same space takes it over by receiving on it.  call delivers the
# label, four words and a lease description straight into a server waiting
# in recv (its trapframe's a0-a6, t0-t1) and switches to it; otherwise the
# caller waits in SEND until the server's next recv.  The reply goes
# straight into the caller's trapframe.  No message is ever buffered.
.include "kernel.inc"
.include "ipc.inc"

.section .text
# deliver(a0 = server, a1 = client): the client's message becomes the
# server's recv result; the client now waits for the reply.  Clobbers t0-t2.
# Called here and by kernel/stop.s.
.globl deliver
deliver:
    lw      t0, THREAD_ID(a1)
    sw      t0, TF_IPC_RECEIVED_SENDER(a0)
.irp field, LABEL, W0, W1, W2, W3   # abi.toml [ipc]: call's fields -> received's
    lw      t0, TF_IPC_CALL_\field(a1)
    sw      t0, TF_IPC_RECEIVED_\field(a0)
.endr
    lw      t0, THREAD_LEASE_LEN(a1)
    sw      t0, TF_IPC_RECEIVED_LEASE_LEN(a0)
    lw      t0, THREAD_LEASE_RIGHTS(a1)
    sw      t0, TF_IPC_RECEIVED_LEASE_RIGHTS(a0)
    lw      t0, THREAD_NOTIFY_BITS(a0) # pending notifications ride along
    lw      t1, THREAD_NOTIFY_MASK(a0)
    and     t2, t0, t1
    ipc_take_notifications a0, t0, t2
    ipc_call_delivered a1, a0, t0
    ret

# The IPC calls clobber the caller-saved registers that carry no result
# (abi.toml).  The fast path leaves kernel values in them; the slow path
# writes IPC_POISON into the trapframe, so code that relies on one of them
# surviving breaks at once, whichever path its call takes.  It spares a7,
# and a call's a5 (w3, which a later recv reads).  Each entry clobbers t0 (and
# writes only s0's trapframe); sys_call poisons a6/t0/t1 itself once it
# has taken the lease from them.
.equ IPC_POISON, 0xdeadc0de
ipc_clobber_reply:                  # reply (once delivered): all but a0, a7
    li      t0, IPC_POISON
.irp slot, TF_A1, TF_A2, TF_A3, TF_A4, TF_A5, TF_A6, TF_T0, TF_T1
    sw      t0, \slot(s0)
.endr
    j       1f
ipc_clobber_call:                   # call, recv, reply_recv: t2-t6 (the rest
    li      t0, IPC_POISON          # are arguments, results or spared)
1:
.irp slot, TF_T2, TF_T3, TF_T4, TF_T5, TF_T6
    sw      t0, \slot(s0)
.endr
    ret

# call(port, label, w0..w3; a6 = lease addr, t0 = len, t1 = rights)
.globl sys_call
sys_call:
    mv      t1, ra
    call    ipc_clobber_call
    mv      ra, t1
    beqz    a0, ret_einval
    li      t0, NPORTS
    bgeu    a0, t0, ret_einval
    lw      t0, TF_IPC_CALL_LEASE_LEN(s0) # a lease must not run past 2^32
    add     t2, a6, t0              # (ipc_fast.s checks it too)
    bltu    t2, a6, ret_einval
    lw      t0, THREAD_SPACE(s0)    # the process's first output, if none
    lw      t2, SPACE_ACCT + ACCT_FIRST_OUTPUT(t0) # was seen yet (abi.toml
    bnez    t2, 2f                  # [acct] first_output; ipc_fast.s too):
    li      t2, CONSOLE_WRITE_INLINE # the console's write_inline,
    bne     a1, t2, 3f
    li      t2, PORT_CONSOLE
    beq     a0, t2, 4f
    j       2f
3:  li      t2, IO_WRITE            # or an io write lending data to any
    bne     a1, t2, 2f              # port but pm's
    li      t2, PORT_PM
    beq     a0, t2, 2f
    lw      t2, TF_IPC_CALL_LEASE_RIGHTS(s0)
    andi    t2, t2, LEASE_R
    beqz    t2, 2f
4:  lw      t2, TF_IPC_CALL_LEASE_LEN(s0) # with a lease length (the fast
    beqz    t2, 2f                  # path sees no other)
    la      t2, jiffies
    lw      t2, 0(t2)
    sw      t2, SPACE_ACCT + ACCT_FIRST_OUTPUT(t0)
2:
    table_slot t1, port_owner, a0, t0
    lw      a1, 0(t1)               # the server
    beqz    a1, ret_edead
    beq     a1, s0, ret_einval      # calling yourself would never return
    lw      t0, THREAD_STATE(a1)
    li      t2, STATE_FAULTED       # a stopped server will never answer
    beq     t0, t2, ret_edead
    sw      a0, THREAD_WAIT_PORT(s0)
.if TF_IPC_CALL_LEASE_ADDR != TF_A6     # a6 is still live here: saves a load
.error "abi.toml [ipc] call.lease_addr moved: sys_call reads a6"
.endif
    sw      a6, THREAD_LEASE_ADDR(s0) # the lease (its length is 0 again once
    lw      t0, TF_IPC_CALL_LEASE_LEN(s0) # the call is over: the fast path
    sw      t0, THREAD_LEASE_LEN(s0) # counts on it)
    lw      t0, TF_IPC_CALL_LEASE_RIGHTS(s0)
    andi    t0, t0, LEASE_R | LEASE_W
    sw      t0, THREAD_LEASE_RIGHTS(s0)
    li      t0, IPC_POISON          # the lease is kept above: its registers
.irp slot, TF_IPC_CALL_LEASE_ADDR, TF_IPC_CALL_LEASE_LEN, TF_IPC_CALL_LEASE_RIGHTS
    sw      t0, \slot(s0)           # are clobbered like the others
.endr
    lw      t0, THREAD_STATE(a1)
    li      t2, STATE_RECV
    bne     t0, t2, 1f
    lw      t0, THREAD_WAIT_PORT(a1)
    bne     t0, a0, 1f
    mv      a0, a1                  # fast path: the server is waiting
    mv      a1, s0
    call    deliver
    li      t0, STATE_READY
    sw      t0, THREAD_STATE(a0)
    call    switch_to
    j       trap_return
1:  li      t0, STATE_SEND          # queue: the server's recv will find us
    sw      t0, THREAD_STATE(s0)
    la      t0, send_seq
    lw      t2, 0(t0)
    addi    t2, t2, 1
    sw      t2, 0(t0)
    sw      t2, THREAD_SEND_SEQ(s0)
    table_slot t1, port_senders, a0, t0
    lw      t0, 0(t1)
    addi    t0, t0, 1
    sw      t0, 0(t1)
    j       block_current

# recv(port, mask)
.globl sys_recv
sys_recv:
    call    ipc_clobber_call
    sw      a1, THREAD_NOTIFY_MASK(s0)
    li      a1, 0                   # no client to switch to
    j       recv_common

# reply(tid, code, r0..r3)
.globl sys_reply
sys_reply:
    prologue ra
    call    reply_deliver
    beqz    a0, 1f
    call    make_ready_kept
    li      a0, 0
    j       2f
1:  li      a0, -ESRCH
2:  call    ipc_clobber_reply
    epilogue
    ret

# reply_keep() -> the tid of the caller delivered last, which the server
# will answer later: no longer its reply capability, so neither
# REPLY_CALLER nor the drop rule (recv_common) touches it; -ESRCH if that
# caller no longer waits for the server's reply.
.globl sys_reply_keep
sys_reply_keep:
    lw      t0, THREAD_CALLER(s0)
    sw      zero, THREAD_CALLER(s0)
    sw      zero, THREAD_REPLY_TO(s0) # REPLY_CALLER on the fast path too
    li      a0, -ESRCH
    beqz    t0, 1f
    lw      t1, THREAD_STATE(t0)
    li      t2, STATE_CALL
    bne     t1, t2, 1f
    lw      t1, THREAD_PARTNER(t0)
    bne     t1, s0, 1f
    lw      a0, THREAD_ID(t0)
1:  ret

# reply_recv(tid, code, r0..r3; a6 = port): a reply to a client that is
# gone is dropped; then recv, switching straight to the client if idle.
.globl sys_reply_recv
sys_reply_recv:
    call    ipc_clobber_call
    call    reply_deliver
    mv      a1, a0
    lw      a0, TF_IPC_REPLY_RECV_PORT(s0)
    # fall through

# recv_common(a0 = port, a1 = client to switch to if we block, or 0): from
# sys_recv and sys_reply_recv, with no frame pushed.  Never returns:
# finishes in trap_return.
# The drop rule: a receive on a port (a new call may come: port 0 only
# takes notifications, as the fs server does waiting for its disk) ends
# the call the thread received last if it is neither answered nor kept
# (reply_keep): that caller gets -EDROPPED and runs when scheduled.  A
# server whose sender was misread, or whose code skipped the reply, would
# otherwise leave it waiting for ever (toyos fi found both).
recv_common:
    beqz    a0, 2f
    li      t0, NPORTS
    bgeu    a0, t0, 9f
    table_slot t1, port_owner, a0, t0
    lw      t2, 0(t1)
    beq     t2, s0, 1f
    beqz    t2, 9f                  # another thread of the owner's space may
    lw      t2, THREAD_SPACE(t2)    # take the port over
    lw      t3, THREAD_SPACE(s0)
    bne     t2, t3, 9f
    sw      s0, 0(t1)
1:  lw      t0, THREAD_CALLER(s0)   # the drop rule (above)
    beqz    t0, 2f
    sw      zero, THREAD_CALLER(s0)
    lw      t1, THREAD_STATE(t0)
    li      t2, STATE_CALL
    bne     t1, t2, 2f
    lw      t1, THREAD_PARTNER(t0)
    bne     t1, s0, 2f
    li      t1, -EDROPPED
    sw      t1, TF_IPC_REPLIED_CODE(t0)
    ipc_call_ended t0
    enqueue t0, t1, t2              # no switch: recv goes on below
    lw      t1, THREAD_REPLY_TO(s0)
    bne     t1, t0, 2f
    sw      zero, THREAD_REPLY_TO(s0)
2:  lw      t0, THREAD_NOTIFY_BITS(s0)
    lw      t1, THREAD_NOTIFY_MASK(s0)
    and     t2, t0, t1
    beqz    t2, 3f
    ipc_notified s0, t0, t2         # notifications first
    j       trap_return
3:  mv      t5, a0
    mv      t6, a1
    call    take_sender
    beqz    a0, 6f
    mv      a1, a0
    mv      a0, s0
    call    deliver
    lw      t0, THREAD_STOP(a1)     # pm stopped that caller: the fast
    beqz    t0, 4f                  # reply_recv must not run it (stop.s)
    sw      zero, THREAD_REPLY_TO(s0)
4:  j       trap_return
6:  mv      a0, t5
    mv      a1, t6
    ipc_wait_recv s0, a0, t0        # nothing to do: wait
    beqz    a1, block_current
    lw      t0, THREAD_STATE(a1)    # the client just answered, unless pm
    li      t1, STATE_READY         # stopped it (parked: kernel/stop.s)
    bne     t0, t1, block_current
    mv      a0, a1                  # straight back to it
    call    switch_to
    j       trap_return
9:  li      t0, -EINVAL
    sw      t0, TF_SYSCALL_RESULT0(s0)
    j       trap_return

# take_sender(a0 = port) -> a0 = the oldest thread queued in SEND on it (one
# sender fewer counted), or 0.  Called by recv_common and kernel/stop.s.
# Clobbers t0-t4.
.globl take_sender
take_sender:
    beqz    a0, 6f
    table_slot t1, port_senders, a0, t0
    lw      t0, 0(t1)
    beqz    t0, 6f
    addi    t0, t0, -1              # take the oldest sender
    sw      t0, 0(t1)
    la      t0, threads + THREAD_SIZE
    la      t1, threads + NTHREADS * THREAD_SIZE
    li      t2, 0                   # best so far
4:  bgeu    t0, t1, 5f
    lw      t3, THREAD_STATE(t0)
    li      t4, STATE_SEND
    bne     t3, t4, 7f
    lw      t3, THREAD_WAIT_PORT(t0)
    bne     t3, a0, 7f
    beqz    t2, 8f
    lw      t3, THREAD_SEND_SEQ(t0)
    lw      t4, THREAD_SEND_SEQ(t2)
    sub     t3, t3, t4
    bgez    t3, 7f
8:  mv      t2, t0
7:  addi    t0, t0, THREAD_SIZE
    j       4b
5:  mv      a0, t2
    ret
6:  li      a0, 0
    ret

# reply_deliver(a0 = tid) -> a0 = the client, now READY with s0's reply
# (TF a1 = code, a2..a5 = words) in its a0..a4; or 0 if tid is not waiting
# for s0.  tid REPLY_CALLER: s0's reply capability (caller).  Clobbers t0-t1.
reply_deliver:
    prologue ra
    addi    t0, a0, -REPLY_CALLER
    bnez    t0, 3f
    lw      a0, THREAD_CALLER(s0)
    j       4f
3:  call    thread_lookup
4:  beqz    a0, 1f
    lw      t0, THREAD_STATE(a0)
    li      t1, STATE_CALL
    bne     t0, t1, 2f
    lw      t0, THREAD_PARTNER(a0)
    bne     t0, s0, 2f
    lw      t0, TF_IPC_REPLY_CODE(s0)
    sw      t0, TF_IPC_REPLIED_CODE(a0)
.irp word, R0, R1, R2, R3           # abi.toml [ipc]: reply's words -> replied's
    lw      t0, TF_IPC_REPLY_\word(s0)
    sw      t0, TF_IPC_REPLIED_\word(a0)
.endr
    ready_state a0, t0              # (parked if pm stopped it)
    sw      t0, THREAD_STATE(a0)
    ipc_call_ended a0
    j       1f
2:  li      a0, 0
1:  epilogue
    ret

# notify(tid, bits): a thread of the caller's own space, or any thread for
# pm and drivers (the console tells pm of Ctrl-C); others get -EPERM, so a
# program cannot forge a Ctrl-C or a fault report to pm.
.globl sys_notify
sys_notify:
    prologue ra
    call    thread_lookup
    beqz    a0, 1f
    lw      t0, THREAD_SPACE(a0)
    lw      t1, THREAD_SPACE(s0)
    beq     t0, t1, 3f
    caller_flags t0, SPACE_PM | SPACE_DRIVER
    beqz    t0, 4f
3:  lw      a1, TF_SYSCALL_ARG1(s0)
    call    notify_thread
    li      a0, 0
    j       2f
4:  li      a0, -EPERM
    j       2f
1:  li      a0, -ESRCH
2:  epilogue
    ret

# notify_thread(a0 = thread, a1 = bits): set them; wake it if it waits in
# recv for any of them.  Clobbers t0-t2.
.globl notify_thread
notify_thread:
    lw      t0, THREAD_NOTIFY_BITS(a0)
    or      t0, t0, a1
    sw      t0, THREAD_NOTIFY_BITS(a0)
    lw      t1, THREAD_STATE(a0)
    li      t2, STATE_RECV
    bne     t1, t2, 1f
    lw      t1, THREAD_NOTIFY_MASK(a0)
    and     t2, t0, t1
    beqz    t2, 1f
    ipc_notified a0, t0, t2
    j       make_ready
1:  ret

# port_create() -> a dynamic port owned by the caller
.globl sys_port_create
sys_port_create:
    la      t0, port_owner + PORT_FIRST_DYNAMIC * 4
    li      a0, PORT_FIRST_DYNAMIC
    li      t1, NPORTS
1:  bgeu    a0, t1, ret_eagain      # every dynamic port is taken
    lw      t2, 0(t0)
    beqz    t2, 3f
    addi    t0, t0, 4
    addi    a0, a0, 1
    j       1b
3:  sw      s0, 0(t0)
    table_slot t1, port_senders, a0, t0 # no stale senders can be counted
    sw      zero, 0(t1)
    ret

# port_assign(port, tid): pm gives a port to a server (tid 0: nobody).
.globl sys_port_assign
sys_port_assign:
    prologue ra, s1
    mv      s1, a0
    caller_is_pm t0
    beqz    t0, 7f
    beqz    s1, 8f
    li      t0, NPORTS
    bgeu    s1, t0, 8f
    lw      a0, TF_SYSCALL_ARG1(s0)
    beqz    a0, 1f
    call    thread_lookup
    beqz    a0, 9f
1:  table_slot t1, port_owner, s1, t0
    sw      a0, 0(t1)
    li      a0, 0
    j       10f
7:  li      a0, -EPERM
    j       10f
8:  li      a0, -EINVAL
    j       10f
9:  li      a0, -ESRCH
10: epilogue
    ret

.section .bss
# port_senders follows port_owner: the fast path (ipc_fast.s) reaches it as
# %lo(port_owner) + NPORTS * 4 from port_owner's %hi, so both tables sit in
# one aligned block (no carry out of the low 12 bits between them).
.balign 2 * NPORTS * 4
.globl port_owner
port_owner:   .space NPORTS * 4  # thread that receives on each port, or 0
.globl port_senders
port_senders: .space NPORTS * 4  # threads waiting in SEND on each port
.if port_senders - port_owner != NPORTS * 4
    .error "port_senders must follow port_owner: ipc_fast.s and thread.s reach it as port_owner + NPORTS * 4"
.endif
send_seq:     .space 4           # arrival counter for FIFO service
