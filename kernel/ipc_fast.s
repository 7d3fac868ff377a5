# kernel/ipc_fast.s — the IPC fast path: call and reply_recv without the
# scheduler or the full trap path.
# Jumped to from trap_entry (kernel/trap.s) with sp = the calling thread,
# its t0-t1 already in its trapframe, every other register still the
# user's.  When the common case holds (the server waits in recv on the
# port / the client waits for this server's reply, nothing else pending),
# the message stays in a1-a5, only the registers the other side must not
# see are saved, and the kernel returns straight into the other thread.
# Otherwise it restores t2 and takes the general path (save_all), which
# handles every case; the result is the same, only slower.
.include "kernel.inc"

# call_switch_space: load sp's address space if it is not the active one.
# Uses t1, t4, t5 (callers restore them afterwards).
.macro call_switch_space
    lw t1, THREAD_SPACE(sp)
    lw t1, SPACE_SATP(t1)
    csrr t4, satp
    beq t1, t4, 1f
    la t4, active_satp
    sw t1, 0(t4)
    csrw satp, t1
    sfence.vma
1:
.endm

.section .text
# call(port, label, w0..w3; a6 = lease, t0 = len, t1 = rights)
.globl fast_call
fast_call:
    sw t2, TF_T2(sp)
    addi t0, a0, -1              # port in 1..NPORTS-1
    sltiu t0, t0, NPORTS - 1
    beqz t0, fast_bail
    slli t0, a0, 2
    la t1, port_owner
    add t1, t1, t0
    lw t0, 0(t1)                 # t0 = the server
    beqz t0, fast_bail
    beq t0, sp, fast_bail
    lw t1, THREAD_STATE(t0)
    addi t1, t1, -STATE_RECV
    bnez t1, fast_bail
    lw t1, THREAD_WAIT_PORT(t0)
    bne t1, a0, fast_bail
    # The server waits for us: save what the reply must not clobber.
    sw ra, TF_RA(sp)
    sw gp, TF_GP(sp)
    sw tp, TF_TP(sp)
    sw t3, TF_T3(sp)
    sw t4, TF_T4(sp)
    sw t5, TF_T5(sp)
    sw t6, TF_T6(sp)
    sw s0, TF_S0(sp)
    sw s1, TF_S1(sp)
    sw s2, TF_S2(sp)
    sw s3, TF_S3(sp)
    sw s4, TF_S4(sp)
    sw s5, TF_S5(sp)
    sw s6, TF_S6(sp)
    sw s7, TF_S7(sp)
    sw s8, TF_S8(sp)
    sw s9, TF_S9(sp)
    sw s10, TF_S10(sp)
    sw s11, TF_S11(sp)
    sw a5, TF_A5(sp)
    sw a6, TF_A6(sp)
    sw a7, TF_A7(sp)
    csrr t1, sscratch
    sw t1, TF_SP(sp)
    csrr t1, sepc
    addi t1, t1, 4
    sw t1, TF_PC(sp)
    lw t1, THREAD_SYSCALLS(sp)
    addi t1, t1, 1
    sw t1, THREAD_SYSCALLS(sp)
    sw a0, THREAD_WAIT_PORT(sp)  # the client now waits for the reply
    sw a6, THREAD_LEASE_ADDR(sp)
    lw t2, TF_T0(sp)
    sw t2, THREAD_LEASE_LEN(sp)
    lw t3, TF_T1(sp)
    andi t3, t3, LEASE_R | LEASE_W
    sw t3, THREAD_LEASE_RIGHTS(sp)
    li t1, STATE_CALL
    sw t1, THREAD_STATE(sp)
    sw t0, THREAD_PARTNER(sp)
    lw a0, THREAD_ID(sp)         # the server's recv results: a0 = sender,
    lw t4, THREAD_NOTIFY_BITS(t0) # a1-a5 as they are, a6 = notifications,
    lw t5, THREAD_NOTIFY_MASK(t0) # t0/t1 = lease length and rights
    and a6, t4, t5
    xor t4, t4, a6
    sw t4, THREAD_NOTIFY_BITS(t0)
    mv sp, t0                    # now the server runs
    li t1, STATE_RUN
    sw t1, THREAD_STATE(sp)
    lw t1, THREAD_SWITCHES(sp)
    addi t1, t1, 1
    sw t1, THREAD_SWITCHES(sp)
    la t1, current_thread
    sw sp, 0(t1)
    call_switch_space
    lw t1, TF_PC(sp)
    csrw sepc, t1
    mv t0, t2
    mv t1, t3
    lw ra, TF_RA(sp)
    lw gp, TF_GP(sp)
    lw tp, TF_TP(sp)
    lw t4, TF_T4(sp)
    lw t5, TF_T5(sp)
    lw t6, TF_T6(sp)
    lw s0, TF_S0(sp)
    lw s1, TF_S1(sp)
    lw s2, TF_S2(sp)
    lw s3, TF_S3(sp)
    lw s4, TF_S4(sp)
    lw s5, TF_S5(sp)
    lw s6, TF_S6(sp)
    lw s7, TF_S7(sp)
    lw s8, TF_S8(sp)
    lw s9, TF_S9(sp)
    lw s10, TF_S10(sp)
    lw s11, TF_S11(sp)
    lw a7, TF_A7(sp)
    lw t2, TF_T2(sp)
    lw t3, TF_T3(sp)
    csrw sscratch, sp
    lw sp, TF_SP(sp)
    sret

# reply_recv(tid, code, r0..r3; a6 = port)
.globl fast_reply_recv
fast_reply_recv:
    sw t2, TF_T2(sp)
    beqz a0, fast_bail
    andi t0, a0, NTHREADS - 1    # t0 = the client
    slli t0, t0, THREAD_SHIFT
    la t1, threads
    add t0, t0, t1
    lw t1, THREAD_ID(t0)
    bne t1, a0, fast_bail
    lw t1, THREAD_STATE(t0)
    addi t1, t1, -STATE_CALL
    bnez t1, fast_bail
    lw t1, THREAD_PARTNER(t0)
    bne t1, sp, fast_bail
    addi t1, a6, -1              # our port in 1..NPORTS-1 ...
    sltiu t1, t1, NPORTS - 1
    beqz t1, fast_bail
    slli t1, a6, 2
    la t2, port_owner
    add t2, t2, t1
    lw t1, 0(t2)
    bne t1, sp, fast_bail        # ... owned by us
    lw t1, NPORTS * 4(t2)        # nobody queued on it (port_senders)
    bnez t1, fast_bail
    lw t1, THREAD_NOTIFY_BITS(sp) # no notification to take first
    lw t2, THREAD_NOTIFY_MASK(sp)
    and t1, t1, t2
    bnez t1, fast_bail
    # Reply and wait: save what the next message will not overwrite.
    sw ra, TF_RA(sp)
    sw gp, TF_GP(sp)
    sw tp, TF_TP(sp)
    sw t3, TF_T3(sp)
    sw t4, TF_T4(sp)
    sw t5, TF_T5(sp)
    sw t6, TF_T6(sp)
    sw s0, TF_S0(sp)
    sw s1, TF_S1(sp)
    sw s2, TF_S2(sp)
    sw s3, TF_S3(sp)
    sw s4, TF_S4(sp)
    sw s5, TF_S5(sp)
    sw s6, TF_S6(sp)
    sw s7, TF_S7(sp)
    sw s8, TF_S8(sp)
    sw s9, TF_S9(sp)
    sw s10, TF_S10(sp)
    sw s11, TF_S11(sp)
    sw a7, TF_A7(sp)
    csrr t1, sscratch
    sw t1, TF_SP(sp)
    csrr t1, sepc
    addi t1, t1, 4
    sw t1, TF_PC(sp)
    lw t1, THREAD_SYSCALLS(sp)
    addi t1, t1, 1
    sw t1, THREAD_SYSCALLS(sp)
    li t1, STATE_RECV
    sw t1, THREAD_STATE(sp)
    sw a6, THREAD_WAIT_PORT(sp)
    mv a0, a1                    # the client's call results: a0 = code,
    mv a1, a2                    # a1-a4 = r0..r3
    mv a2, a3
    mv a3, a4
    mv a4, a5
    mv sp, t0                    # now the client runs
    li t1, STATE_RUN
    sw t1, THREAD_STATE(sp)
    lw t1, THREAD_SWITCHES(sp)
    addi t1, t1, 1
    sw t1, THREAD_SWITCHES(sp)
    la t1, current_thread
    sw sp, 0(t1)
    call_switch_space
    lw t1, TF_PC(sp)
    csrw sepc, t1
    lw ra, TF_RA(sp)
    lw gp, TF_GP(sp)
    lw tp, TF_TP(sp)
    lw t3, TF_T3(sp)
    lw t4, TF_T4(sp)
    lw t5, TF_T5(sp)
    lw t6, TF_T6(sp)
    lw s0, TF_S0(sp)
    lw s1, TF_S1(sp)
    lw s2, TF_S2(sp)
    lw s3, TF_S3(sp)
    lw s4, TF_S4(sp)
    lw s5, TF_S5(sp)
    lw s6, TF_S6(sp)
    lw s7, TF_S7(sp)
    lw s8, TF_S8(sp)
    lw s9, TF_S9(sp)
    lw s10, TF_S10(sp)
    lw s11, TF_S11(sp)
    lw a5, TF_A5(sp)
    lw a6, TF_A6(sp)
    lw a7, TF_A7(sp)
    lw t0, TF_T0(sp)
    lw t1, TF_T1(sp)
    lw t2, TF_T2(sp)
    csrw sscratch, sp
    lw sp, TF_SP(sp)
    sret

# Not the common case: undo the fast path's use of t2 and take the long way.
fast_bail:
    lw t2, TF_T2(sp)
    j save_all
