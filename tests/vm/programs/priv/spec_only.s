# spec_only.s -- traps where QEMU 7.2 departs from the privileged spec, so
# tests/vm/test_priv_spec.py checks our VM against a transcript written from
# the spec instead of against QEMU:
#   - a misaligned AMO or SC raises store/AMO address-misaligned (6), an AMO
#     outside every device a store/AMO access fault (7), an AMO on an
#     unmapped page a store/AMO page fault (15); QEMU 7.2 reports load causes
#     (4, 5, 13) and lets an SC without a reservation fail silently;
#   - a jump to an address that is not 4-byte aligned traps (cause 0, tval =
#     the target, epc = the jump) on a machine without the C extension
#     (QEMU's default CPU has C);
#   - interrupt priority MSI > MTI > SSI > STI across privilege levels
#     (QEMU without AIA takes the lowest-numbered pending interrupt first);
#   - a write to minstret/minstreth/mcycle suppresses the writing
#     instruction's own increment, so the next instruction reads the value
#     written (QEMU 7.2 with -icount counts the writer: it reads one more;
#     without -icount its counters follow host time).
# The handler prints tval relative to `tval_base`, so nothing depends on
# where the linker put the program.
.include "privlib.inc"

.equ MIP_SSIP, 0x002
.equ MIP_MSIP, 0x008
.equ MIP_STIP, 0x020
.equ MIP_MTIP, 0x080

.macro TVAL_BASE label
    la      t0, \label
    la      t1, tval_base
    sw      t0, 0(t1)
.endm

.macro MPRV_AS_S
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
    li      t0, (MODE_S << 11) | MSTATUS_MPRV
    csrs    mstatus, t0
.endm

    PRIV_BOOT
main:
    la      t0, spec_trap
    csrw    mtvec, t0
    PRINT   "spec_only\n"
    TVAL_BASE word_pair
    la      s1, word_pair
    addi    t3, s1, 2
    amoadd.w t4, t4, (t3)
    addi    t3, s1, 1
    amoswap.w.aqrl t4, t4, (t3)
    addi    t3, s1, 2
    sc.w    t4, t4, (t3)
    lr.w    t4, (t3)
    sc.w    t4, t4, (t3)
    la      t1, tval_base           # absolute tvals from here
    sw      zero, 0(t1)
    li      t3, 0x0b000008
    amoor.w t4, t4, (t3)
    amomaxu.w t4, t4, (t3)

    # An AMO on an unmapped page: store/AMO page fault (15), not a load one.
    # M-mode with MPRV and MPP = S translates its loads and stores through
    # an empty page table; the trap sets MPP to M, so the handler is bare.
    la      t0, empty_root
    srli    t0, t0, 12
    li      t1, 0x80000000
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
    li      t3, 0x40000008
    MPRV_AS_S
    amoadd.w t4, t4, (t3)
    MPRV_AS_S
    amomin.w.aq t4, t4, (t3)
    MPRV_AS_S
    lr.w    t4, (t3)
    li      t0, MSTATUS_MPRV
    csrc    mstatus, t0
    csrw    satp, zero
    sfence.vma

    TVAL_BASE jump_target
    la      t3, jump_target
    li      s2, 0x5a5a
    jalr    s2, 2(t3)               # traps at the jalr; s2 stays as it was
    PRINT_HEX "s2=", s2
    NEWLINE

    # Counter writes (priv spec 3.1.10 and "Any CSR write takes effect after
    # the writing instruction has otherwise completed").
    csrw    minstret, zero
    nop
    csrr    s3, minstret            # the nop retired: 1
    csrr    s4, minstret            # 2
    csrrwi  s5, minstret, 3         # reads 3, writes 3 (no increment for itself)
    csrr    s6, minstret            # 3
    li      t0, 100
    csrw    minstreth, t0           # the low word stays 5 (li counted), what this write reads
    csrr    s7, minstret            # 5
    csrr    s8, minstreth           # 100
    csrw    mcycle, zero
    csrr    s9, mcycle              # 0
    PRINT_HEX "minstret=", s3
    PRINT_HEX "", s4
    PRINT_HEX "", s5
    PRINT_HEX "", s6
    PRINT_HEX "", s7
    PRINT_HEX "minstreth=", s8
    PRINT_HEX "mcycle=", s9
    NEWLINE

    li      t0, -1
    csrw    stimecmph, t0
    csrw    stimecmp, t0
    li      t0, 0x80000000          # menvcfgh.STCE
    csrs    menvcfgh, t0
    li      t0, MIP_MSIP | MIP_MTIP | MIP_SSIP | MIP_STIP
    csrw    mie, t0
    li      t0, CLINT_BASE
    li      t1, 1
    sw      t1, 0(t0)               # MSI
    li      t0, CLINT_MTIMECMP      # MTI: mtimecmp = 0
    sw      zero, 4(t0)
    sw      zero, 0(t0)
    li      t0, MIP_SSIP            # SSI
    csrs    mip, t0
    csrw    stimecmph, zero         # STI
    csrw    stimecmp, zero
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    PRINT   "done\n"
    POWER_OFF

jump_target:
    nop
    nop

# Print the cause and tval - tval_base; skip a faulting instruction, clear
# the source of an interrupt.
    .align 4
spec_trap:
    PRINT   "cause="
    csrr    a0, mcause
    call    puthex
    csrr    t0, mcause
    bltz    t0, 1f
    PRINT   " tval="
    csrr    a0, mtval
    la      t0, tval_base
    lw      t0, 0(t0)
    sub     a0, a0, t0
    call    puthex
    csrr    t0, mepc
    addi    t0, t0, 4
    csrw    mepc, t0
    NEWLINE
    mret
1:  NEWLINE
    csrr    t0, mcause
    andi    t0, t0, 0xff
    li      t1, 3
    bne     t0, t1, 2f
    li      t1, CLINT_BASE
    sw      zero, 0(t1)
    mret
2:  li      t1, 7
    bne     t0, t1, 3f
    li      t1, CLINT_MTIMECMP
    li      t2, -1
    sw      t2, 4(t1)
    sw      t2, 0(t1)
    mret
3:  li      t1, 1
    bne     t0, t1, 4f
    li      t1, MIP_SSIP
    csrc    mip, t1
    mret
4:  li      t1, -1
    csrw    stimecmph, t1
    csrw    stimecmp, t1
    mret

    PRIV_LIB

    .data
    .balign 4096
empty_root:
    .zero 4096
    .align 3
word_pair:
    .word 0x44332211, 0x88776655
tval_base:
    .word 0
