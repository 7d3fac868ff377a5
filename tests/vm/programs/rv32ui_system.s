# rv32ui_system.s -- fence, fence.tso, fence.i (with self-modifying code),
# the six Zicsr instructions on mscratch, and ecall/ebreak/mret in M-mode.
# Expected values follow the RISC-V ISA; tests/oracles/test_qemu_isa.py
# checks them on QEMU.
.include "rvtest.inc"

# A CSR instruction on mscratch: set it to `before`, run `inst` with
# `operand` (a register value or a 5-bit immediate), check the old value
# in rd and the new value of the CSR.
.macro TEST_CSR testnum, inst, operand, before, after
test_\testnum:
    li      gp, \testnum
    li      t0, \before
    csrw    mscratch, t0
    li      x1, \operand
    \inst   x14, mscratch, x1
    li      t2, \before
    bne     x14, t2, rvtest_fail
    csrr    x14, mscratch
    li      t2, \after
    bne     x14, t2, rvtest_fail
.endm

.macro TEST_CSRI testnum, inst, zimm, before, after
test_\testnum:
    li      gp, \testnum
    li      t0, \before
    csrw    mscratch, t0
    \inst   x14, mscratch, \zimm
    li      t2, \before
    bne     x14, t2, rvtest_fail
    csrr    x14, mscratch
    li      t2, \after
    bne     x14, t2, rvtest_fail
.endm

    RVTEST_CODE_BEGIN

# fences are accepted and do nothing visible on one hart
test_2:
    li      gp, 2
    li      x14, 5
    fence
    fence   rw, rw
    fence   iorw, iorw
    fence   r, w
    fence.tso
    fence.i
    li      t2, 5
    bne     x14, t2, rvtest_fail

# fence.i makes a store to code visible to instruction fetch
test_3:
    li      gp, 3
    jal     ra, smc_slot            # runs the original: x14 = 1
    li      t2, 1
    bne     x14, t2, rvtest_fail
    la      t0, smc_slot
    li      t1, 0x02a00713          # addi x14, x0, 42
    sw      t1, 0(t0)
    fence.i
    jal     ra, smc_slot
    li      t2, 42
    bne     x14, t2, rvtest_fail

    TEST_CSR 4, csrrw, 0x12345678, 0xffffffff, 0x12345678
    TEST_CSR 5, csrrs, 0x0000f0f0, 0x12345678, 0x1234f6f8
    TEST_CSR 6, csrrc, 0x0000f0f0, 0x1234ffff, 0x12340f0f
    TEST_CSR 7, csrrs, 0, 0xcafebabe, 0xcafebabe
    TEST_CSR 8, csrrc, 0, 0xcafebabe, 0xcafebabe
    TEST_CSRI 9, csrrwi, 31, 0x80000000, 0x0000001f
    TEST_CSRI 10, csrrsi, 0x15, 0x80000000, 0x80000015
    TEST_CSRI 11, csrrci, 0x1f, 0xffffffff, 0xffffffe0
    TEST_CSRI 12, csrrwi, 0, 0x0000abcd, 0x00000000
    TEST_CSRI 13, csrrsi, 0, 0x0000abcd, 0x0000abcd

# csrrw with rd = x0 writes; csrrs/csrrc with rs1 = x0 only read
test_14:
    li      gp, 14
    li      t0, 0x600d
    csrrw   x0, mscratch, t0
    csrrs   x14, mscratch, x0
    li      t2, 0x600d
    bne     x14, t2, rvtest_fail
    csrrc   x14, mscratch, x0
    bne     x14, t2, rvtest_fail
# rd = rs1: the old value goes to rd, the CSR gets the register's old value
test_15:
    li      gp, 15
    li      t0, 0x1234
    csrw    mscratch, t0
    li      x14, 0x5678
    csrrw   x14, mscratch, x14
    li      t2, 0x1234
    bne     x14, t2, rvtest_fail
    csrr    x14, mscratch
    li      t2, 0x5678
    bne     x14, t2, rvtest_fail

# ecall and ebreak in M-mode trap to mtvec with mcause 11 and 3, mepc = the
# instruction; mret returns to mepc (moved past it by the handler)
test_16:
    li      gp, 16
    la      t0, skip_trap
    csrw    mtvec, t0
    li      x14, 0
1:  ecall
    li      t2, 11
    bne     x14, t2, rvtest_fail    # the handler copies mcause to x14
    la      t2, 1b
    bne     x15, t2, rvtest_fail    # and mepc to x15
test_17:
    li      gp, 17
    li      x14, 0
1:  ebreak
    li      t2, 3
    bne     x14, t2, rvtest_fail
    la      t2, 1b
    bne     x15, t2, rvtest_fail
    la      t0, rvtest_trap
    csrw    mtvec, t0

    RVTEST_CODE_END

# Replaced by test 3 at run time.
smc_slot:
    addi    x14, x0, 1
    ret

# Trap handler for tests 16-17: record mcause and mepc, return past the
# trapping instruction.
    .align 2
skip_trap:
    csrr    x14, mcause
    csrr    x15, mepc
    addi    t0, x15, 4
    csrw    mepc, t0
    mret

    RVTEST_DATA_BEGIN
    RVTEST_DATA_END
