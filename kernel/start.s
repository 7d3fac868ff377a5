# kernel/start.s — the M-mode boot stub: give the machine to S-mode.
# Called by _start in M-mode on the boot stack; never returns.  Opens PMP
# (mret to S faults without it), delegates every exception a user can cause
# and all S-level interrupts, enables Sstc (S-mode writes stimecmp itself, so
# M-mode never runs again) and the time counter, then mret to kmain in S-mode
# with paging off.  Keeps a1 (the device-tree address, which QEMU and toyos
# place 2 MiB below the end of RAM) so frames_init can size RAM without
# parsing the tree.
.include "kernel.inc"

.equ MSTATUS_MPP_MASK, 0x1800
.equ MSTATUS_MPP_S, 0x0800
.equ MENVCFGH_STCE, 0x80000000
.equ MEDELEG_ALL_BUT_ECALL_S_M, 0xB1FF   # causes 0-8, 12, 13, 15
.equ MIDELEG_S_INTERRUPTS, 0x222        # SSIP, STIP, SEIP
.equ COUNTERS_CY_TM_IR, 0x7

.section .text
# start: from _start, M-mode, on kstack.  Never returns (mret to kmain).
.globl start
start:
    la      t0, boot_fdt            # where the device tree is tells where RAM ends
    sw      a1, 0(t0)
    li      t0, -1                  # PMP entry 0: NAPOT over all memory, RWX
    csrw    pmpaddr0, t0
    li      t0, 0x1f
    csrw    pmpcfg0, t0
    li      t0, MEDELEG_ALL_BUT_ECALL_S_M
    csrw    medeleg, t0
    li      t0, MIDELEG_S_INTERRUPTS
    csrw    mideleg, t0
    li      t0, MENVCFGH_STCE
    csrs    menvcfgh, t0
    li      t0, COUNTERS_CY_TM_IR
    csrw    mcounteren, t0
    la      t0, machine_trap        # M-mode should never trap again
    csrw    mtvec, t0
    csrw    satp, zero
    li      t0, MSTATUS_MPP_MASK
    csrc    mstatus, t0
    li      t0, MSTATUS_MPP_S
    csrs    mstatus, t0
    la      t0, kmain
    csrw    mepc, t0
    mret

# A trap into M-mode means the boot failed: exit with status 3 on QEMU/toyos.
.balign 4
machine_trap:
    li      t0, SIFIVE_TEST_BASE
    li      t1, (3 << 16) | FINISHER_FAIL
    sw      t1, 0(t0)
1:  j       1b

.section .data
.balign 4
.globl boot_fdt
boot_fdt: .word 0                # a1 from the boot ROM: the device tree address
