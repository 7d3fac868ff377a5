# kernel/ipc_fast.s — the IPC fast path: call and reply_recv without the
# scheduler or the full trap path.
# Jumped to from trap_entry (kernel/trap.s) with sp = the calling thread,
# its t1 already in its trapframe (t0 still live), every other register
# still the user's.  When the common case holds (the server waits in recv
# on the port / the client waits for this server's reply, nothing else
# pending), the message stays in a0-a5, a lease's description goes into
# the client's thread (for lease_read/lease_write) and t0/t1, and the
# kernel returns straight into the other thread.  Calls that lend a buffer
# (every read and write) take this path too: nothing here keeps a
# register for the tracer, which reads a call's lease at its entry
# (vm/trace/record.py).  The IPC ABI (abi.toml) lets call and reply_recv
# clobber the caller-saved registers, so only what must survive is saved:
# ra, sp, gp, tp, s0-s11 and the pc.  t2-t6 serve as scratch and end up
# holding kernel values, never the other thread's.
# Otherwise fast_bail puts t0 in the trapframe and takes the general path
# (save_all), which handles every case; the result is the same, only
# slower.
.include "kernel.inc"
.include "trapframe.inc"
.include "ipc.inc"

# save_callee: the registers the ABI keeps across IPC, into sp's trapframe,
# with the user sp (in sscratch) and the pc after the ecall.  Uses t3.
.macro save_callee
    tf_kept sw, sp
    csrr    t3, sscratch
    sw      t3, TF_SP(sp)
    csrr    t3, sepc
    addi    t3, t3, 4
    sw      t3, TF_PC(sp)
    lw      t3, THREAD_SYSCALLS(sp)
    addi    t3, t3, 1
    sw      t3, THREAD_SYSCALLS(sp)
.endm

# port_owner_of RD, PORT, BASE: RD = port_owner[PORT], one instruction fewer
# than table_slot and a load; BASE keeps %hi(port_owner) + PORT * 4, from which
# %lo(port_owner) + NPORTS * 4 reaches port_senders[PORT] (kernel/ipc.s
# aligns the two tables so that this cannot carry).
.macro port_owner_of rd, port, base
    slli    \rd, \port, 2
    lui     \base, %hi(port_owner)
    add     \base, \base, \rd
    lw      \rd, %lo(port_owner)(\base)
.endm

# run_other: sp = the thread to run next: make it current and RUN, load
# its address space, restore what save_callee saved, and return into it.
# Writes t3-t6.
.macro run_other
    li      t3, STATE_RUN           # (t3-t6 all get kernel values here, so
    sw      t3, THREAD_STATE(sp)    # nothing of the other thread's is left;
    lui     t4, %hi(current_thread) # a direct hand-off is not counted in
    sw      sp, %lo(current_thread)(t4) # THREAD_SWITCHES)
    lw      t5, THREAD_SATP(sp)     # each space has its own ASID: no
    csrw    satp, t5                # sfence.vma (kernel/space.s)
    lw      t6, TF_PC(sp)
    csrw    sepc, t6
    tf_kept lw, sp
    csrw    sscratch, sp
    lw      sp, TF_SP(sp)
    sret
.endm

.section .text
# fast_call: call(port, label, w0..w3; a6 = lease, t0 = len, t1 = rights (in
# the trapframe)).  No stack (sp = the calling thread); scratch t2-t6.
.globl fast_call
fast_call:
    sltiu   t2, a0, NPORTS          # port 0 never has an owner
    beqz    t2, fast_bail
    bnez    t0, .Lfc_lease          # a lease: checked and accounted below
.Lfc_port:
    port_owner_of t2, a0, t3        # t2 = the server
    beqz    t2, fast_bail
    lw      t3, THREAD_STATE(t2)    # waiting in recv on this port (never us:
    addi    t3, t3, -STATE_RECV     # we are RUN)
    bnez    t3, fast_bail
    lw      t3, THREAD_WAIT_PORT(t2)
    bne     t3, a0, fast_bail
    # The server waits for us.  A thread in recv has no notification under
    # its mask pending (it would have been woken), so a6 = 0 below.
    save_callee
    sw      a0, THREAD_WAIT_PORT(sp) # the client now waits for the reply
    sw      a6, THREAD_LEASE_ADDR(sp) # its lease, as sys_call keeps it (the
    sw      t0, THREAD_LEASE_LEN(sp) # length is 0 again once the call ends)
    lw      t1, TF_T1(sp)
    andi    t1, t1, LEASE_R | LEASE_W
    sw      t1, THREAD_LEASE_RIGHTS(sp)
    ipc_call_delivered sp, t2, t3
    lw      a0, THREAD_ID(sp)       # the server's recv results: a0 = sender,
    li      a6, 0                   # a1-a5 as they are, a6 = notifications,
    mv      sp, t2                  # t0/t1 = lease length and rights
    run_other

# A call with a lease length (a lease, or console.write_inline's count):
# one past 2^32 is the slow path's -EINVAL.  It may be its process's first
# output (abi.toml [acct] first_output; as sys_call does, whichever path
# then serves the call): an io write lending data to any port but pm's, or
# the console's write_inline.  The space's first_output is tested first: once
# set, as it is after a process's first write, the lease costs 5
# instructions here.  Scratch t2-t3.
.Lfc_lease:
    add     t2, a6, t0
    bltu    t2, a6, fast_bail
    lw      t2, THREAD_SPACE(sp)
    lw      t3, SPACE_ACCT + ACCT_FIRST_OUTPUT(t2)
    bnez    t3, .Lfc_port
    li      t3, CONSOLE_WRITE_INLINE
    beq     a1, t3, .Lfc_inline
    li      t3, IO_WRITE
    bne     a1, t3, .Lfc_port
    li      t3, PORT_PM
    beq     a0, t3, .Lfc_port
    lw      t3, TF_T1(sp)           # the rights
    andi    t3, t3, LEASE_R
    beqz    t3, .Lfc_port
.Lfc_first:
    la      t3, jiffies
    lw      t3, 0(t3)
    sw      t3, SPACE_ACCT + ACCT_FIRST_OUTPUT(t2)
    j       .Lfc_port
.Lfc_inline:                        # its label means write_inline on the console only
    li      t3, PORT_CONSOLE
    beq     a0, t3, .Lfc_first
    j       .Lfc_port

# fast_reply_recv: reply_recv(tid, code, r0..r3; a6 = port).  No stack
# (sp = the calling thread); scratch t0-t6.  Answering reply_to answers the
# reply capability (caller) too: both name the client delivered last, and
# only the slow path (a stopped client, reply_keep) lets them differ.
.globl fast_reply_recv
fast_reply_recv:
    lw      t0, THREAD_REPLY_TO(sp) # t0 = the client we last received: tid
    beqz    t0, fast_bail           # a0 (or REPLY_CALLER), still waiting for
    lw      t1, THREAD_ID(t0)       # our reply (only a thread in CALL has a
    beq     t1, a0, 1f              # partner)
    addi    t1, a0, -REPLY_CALLER
    bnez    t1, fast_bail
1:  lw      t1, THREAD_PARTNER(t0)
    bne     t1, sp, fast_bail
    sltiu   t1, a6, NPORTS          # our port (port 0 has no owner) ...
    beqz    t1, fast_bail
    port_owner_of t1, a6, t3
    bne     t1, sp, fast_bail       # ... owned by us
    lw      t1, %lo(port_owner) + NPORTS * 4(t3) # nobody queued (port_senders)
    bnez    t1, fast_bail
    lw      t1, THREAD_NOTIFY_BITS(sp) # no notification to take first
    bnez    t1, .Lrr_pending
.Lrr_wait:                          # reply and wait

    save_callee
    ipc_wait_recv sp, a6, t2
    ipc_call_ended t0
    mv      a0, a1                  # the client's call results: a0 = code,
    mv      a1, a2                  # a1-a4 = r0..r3
    mv      a2, a3
    mv      a3, a4
    mv      a4, a5
    mv      sp, t0                  # now the client runs (a6 = our port,
    run_other                       # t1 = 0: nothing of ours leaks)
.Lrr_pending:
    lw      t3, THREAD_NOTIFY_MASK(sp) # pending, but is any under the mask?
    and     t1, t1, t3
    beqz    t1, .Lrr_wait
    # fall through: recv takes the notification first

# Not the common case: put t0 in the trapframe too and take the long way.
fast_bail:
    sw      t0, TF_T0(sp)
    j       save_all
