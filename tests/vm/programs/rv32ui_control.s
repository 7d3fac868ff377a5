# rv32ui_control.s -- branches (taken/not taken, both directions), jal, jalr, lui, auipc.
# Expected values follow the RISC-V unprivileged ISA (RV32I); the
# oracle test tests/oracles/test_qemu_isa.py checks them on QEMU.
.include "rvtest.inc"


.macro TEST_CASE_LUI testnum, imm20, result
test_\testnum:
    li      gp, \testnum
    lui     t0, \imm20
    li      t2, \result
    bne     t0, t2, rvtest_fail
.endm

    RVTEST_CODE_BEGIN

# beq
    TEST_BR2_OP_TAKEN 2, beq, 0x00000000, 0x00000000
    TEST_BR2_OP_TAKEN 3, beq, 0x00000001, 0x00000001
    TEST_BR2_OP_TAKEN 4, beq, 0xffffffff, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 5, beq, 0x00000000, 0x00000001
    TEST_BR2_OP_NOTTAKEN 6, beq, 0x00000001, 0x00000000
    TEST_BR2_OP_NOTTAKEN 7, beq, 0xffffffff, 0x00000000
    TEST_BR2_OP_NOTTAKEN 8, beq, 0x00000000, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 9, beq, 0xffffffff, 0x00000001
    TEST_BR2_OP_NOTTAKEN 10, beq, 0x00000001, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 11, beq, 0x80000000, 0x7fffffff
    TEST_BR2_OP_NOTTAKEN 12, beq, 0x7fffffff, 0x80000000
    TEST_BR2_OP_TAKEN 13, beq, 0x80000000, 0x80000000
    TEST_BR2_OP_NOTTAKEN 14, beq, 0xffffffff, 0xfffffffe
    TEST_BR2_OP_NOTTAKEN 15, beq, 0xfffffffe, 0xffffffff
test_16:
    li      gp, 16
    li      x1, -1
    beq     x0, x1, 1f
    j       2f
1:  j       rvtest_fail
2:

# bne
    TEST_BR2_OP_NOTTAKEN 17, bne, 0x00000000, 0x00000000
    TEST_BR2_OP_NOTTAKEN 18, bne, 0x00000001, 0x00000001
    TEST_BR2_OP_NOTTAKEN 19, bne, 0xffffffff, 0xffffffff
    TEST_BR2_OP_TAKEN 20, bne, 0x00000000, 0x00000001
    TEST_BR2_OP_TAKEN 21, bne, 0x00000001, 0x00000000
    TEST_BR2_OP_TAKEN 22, bne, 0xffffffff, 0x00000000
    TEST_BR2_OP_TAKEN 23, bne, 0x00000000, 0xffffffff
    TEST_BR2_OP_TAKEN 24, bne, 0xffffffff, 0x00000001
    TEST_BR2_OP_TAKEN 25, bne, 0x00000001, 0xffffffff
    TEST_BR2_OP_TAKEN 26, bne, 0x80000000, 0x7fffffff
    TEST_BR2_OP_TAKEN 27, bne, 0x7fffffff, 0x80000000
    TEST_BR2_OP_NOTTAKEN 28, bne, 0x80000000, 0x80000000
    TEST_BR2_OP_TAKEN 29, bne, 0xffffffff, 0xfffffffe
    TEST_BR2_OP_TAKEN 30, bne, 0xfffffffe, 0xffffffff
test_31:
    li      gp, 31
    li      x1, -1
    bne     x0, x1, 1f
    j       rvtest_fail
1:  j       2f
2:

# blt
    TEST_BR2_OP_NOTTAKEN 32, blt, 0x00000000, 0x00000000
    TEST_BR2_OP_NOTTAKEN 33, blt, 0x00000001, 0x00000001
    TEST_BR2_OP_NOTTAKEN 34, blt, 0xffffffff, 0xffffffff
    TEST_BR2_OP_TAKEN 35, blt, 0x00000000, 0x00000001
    TEST_BR2_OP_NOTTAKEN 36, blt, 0x00000001, 0x00000000
    TEST_BR2_OP_TAKEN 37, blt, 0xffffffff, 0x00000000
    TEST_BR2_OP_NOTTAKEN 38, blt, 0x00000000, 0xffffffff
    TEST_BR2_OP_TAKEN 39, blt, 0xffffffff, 0x00000001
    TEST_BR2_OP_NOTTAKEN 40, blt, 0x00000001, 0xffffffff
    TEST_BR2_OP_TAKEN 41, blt, 0x80000000, 0x7fffffff
    TEST_BR2_OP_NOTTAKEN 42, blt, 0x7fffffff, 0x80000000
    TEST_BR2_OP_NOTTAKEN 43, blt, 0x80000000, 0x80000000
    TEST_BR2_OP_NOTTAKEN 44, blt, 0xffffffff, 0xfffffffe
    TEST_BR2_OP_TAKEN 45, blt, 0xfffffffe, 0xffffffff
test_46:
    li      gp, 46
    li      x1, -1
    blt     x0, x1, 1f
    j       2f
1:  j       rvtest_fail
2:

# bge
    TEST_BR2_OP_TAKEN 47, bge, 0x00000000, 0x00000000
    TEST_BR2_OP_TAKEN 48, bge, 0x00000001, 0x00000001
    TEST_BR2_OP_TAKEN 49, bge, 0xffffffff, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 50, bge, 0x00000000, 0x00000001
    TEST_BR2_OP_TAKEN 51, bge, 0x00000001, 0x00000000
    TEST_BR2_OP_NOTTAKEN 52, bge, 0xffffffff, 0x00000000
    TEST_BR2_OP_TAKEN 53, bge, 0x00000000, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 54, bge, 0xffffffff, 0x00000001
    TEST_BR2_OP_TAKEN 55, bge, 0x00000001, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 56, bge, 0x80000000, 0x7fffffff
    TEST_BR2_OP_TAKEN 57, bge, 0x7fffffff, 0x80000000
    TEST_BR2_OP_TAKEN 58, bge, 0x80000000, 0x80000000
    TEST_BR2_OP_TAKEN 59, bge, 0xffffffff, 0xfffffffe
    TEST_BR2_OP_NOTTAKEN 60, bge, 0xfffffffe, 0xffffffff
test_61:
    li      gp, 61
    li      x1, -1
    bge     x0, x1, 1f
    j       rvtest_fail
1:  j       2f
2:

# bltu
    TEST_BR2_OP_NOTTAKEN 62, bltu, 0x00000000, 0x00000000
    TEST_BR2_OP_NOTTAKEN 63, bltu, 0x00000001, 0x00000001
    TEST_BR2_OP_NOTTAKEN 64, bltu, 0xffffffff, 0xffffffff
    TEST_BR2_OP_TAKEN 65, bltu, 0x00000000, 0x00000001
    TEST_BR2_OP_NOTTAKEN 66, bltu, 0x00000001, 0x00000000
    TEST_BR2_OP_NOTTAKEN 67, bltu, 0xffffffff, 0x00000000
    TEST_BR2_OP_TAKEN 68, bltu, 0x00000000, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 69, bltu, 0xffffffff, 0x00000001
    TEST_BR2_OP_TAKEN 70, bltu, 0x00000001, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 71, bltu, 0x80000000, 0x7fffffff
    TEST_BR2_OP_TAKEN 72, bltu, 0x7fffffff, 0x80000000
    TEST_BR2_OP_NOTTAKEN 73, bltu, 0x80000000, 0x80000000
    TEST_BR2_OP_NOTTAKEN 74, bltu, 0xffffffff, 0xfffffffe
    TEST_BR2_OP_TAKEN 75, bltu, 0xfffffffe, 0xffffffff
test_76:
    li      gp, 76
    li      x1, -1
    bltu    x0, x1, 1f
    j       rvtest_fail
1:  j       2f
2:

# bgeu
    TEST_BR2_OP_TAKEN 77, bgeu, 0x00000000, 0x00000000
    TEST_BR2_OP_TAKEN 78, bgeu, 0x00000001, 0x00000001
    TEST_BR2_OP_TAKEN 79, bgeu, 0xffffffff, 0xffffffff
    TEST_BR2_OP_NOTTAKEN 80, bgeu, 0x00000000, 0x00000001
    TEST_BR2_OP_TAKEN 81, bgeu, 0x00000001, 0x00000000
    TEST_BR2_OP_TAKEN 82, bgeu, 0xffffffff, 0x00000000
    TEST_BR2_OP_NOTTAKEN 83, bgeu, 0x00000000, 0xffffffff
    TEST_BR2_OP_TAKEN 84, bgeu, 0xffffffff, 0x00000001
    TEST_BR2_OP_NOTTAKEN 85, bgeu, 0x00000001, 0xffffffff
    TEST_BR2_OP_TAKEN 86, bgeu, 0x80000000, 0x7fffffff
    TEST_BR2_OP_NOTTAKEN 87, bgeu, 0x7fffffff, 0x80000000
    TEST_BR2_OP_TAKEN 88, bgeu, 0x80000000, 0x80000000
    TEST_BR2_OP_TAKEN 89, bgeu, 0xffffffff, 0xfffffffe
    TEST_BR2_OP_NOTTAKEN 90, bgeu, 0xfffffffe, 0xffffffff
test_91:
    li      gp, 91
    li      x1, -1
    bgeu    x0, x1, 1f
    j       2f
1:  j       rvtest_fail
2:

# jal: the link register gets pc+4; rd = x0 links nothing
test_92:
    li      gp, 92
    li      ra, 0
    jal     ra, 1f
2:  j       rvtest_fail
1:  la      t2, 2b
    bne     ra, t2, rvtest_fail
test_93:
    li      gp, 93
    jal     x0, 1f
    j       rvtest_fail
1:  bnez    x0, rvtest_fail
test_94:
    li      gp, 94
    j       3f
1:  j       4f                      # backward jal target
3:  jal     t0, 1b
    j       rvtest_fail
4:  la      t2, 3b
    addi    t2, t2, 4
    bne     t0, t2, rvtest_fail

# jalr: target = (rs1 + imm) with bit 0 cleared; link = pc+4
test_95:
    li      gp, 95
    la      t0, 1f
    jalr    ra, 0(t0)
2:  j       rvtest_fail
1:  la      t2, 2b
    bne     ra, t2, rvtest_fail
test_96:
    li      gp, 96
    la      t0, 1f
    addi    t0, t0, -15             # odd: -15 + 16 = 1, the low bit is dropped
    jalr    ra, 15(t0)
2:  j       rvtest_fail
    j       rvtest_fail
1:  la      t2, 2b
    bne     ra, t2, rvtest_fail
test_97:
    li      gp, 97
    la      t0, 1f
    addi    t0, t0, 100
    jalr    x0, -100(t0)
    j       rvtest_fail
1:  bnez    x0, rvtest_fail
test_98:
    li      gp, 98
    la      t0, 1f
    jalr    t0, 0(t0)               # rd = rs1: the target is read before the link is written
2:  j       rvtest_fail
1:  la      t2, 2b
    bne     t0, t2, rvtest_fail


# lui and auipc
    TEST_CASE_LUI 99, 0x00000, 0x00000000
    TEST_CASE_LUI 100, 0xfffff, 0xfffff000
    TEST_CASE_LUI 101, 0x7ffff, 0x7ffff000
    TEST_CASE_LUI 102, 0x80000, 0x80000000
    TEST_CASE_LUI 103, 0x12345, 0x12345000
test_104:
    li      gp, 104
    lui     x0, 0x12345
    bnez    x0, rvtest_fail
test_105:
    li      gp, 105
1:  auipc   t0, 0
    la      t2, 1b
    bne     t0, t2, rvtest_fail
test_106:
    li      gp, 106
1:  auipc   t0, 0xfffff             # -4096 from here
    la      t2, 1b
    li      t1, 4096
    sub     t2, t2, t1
    bne     t0, t2, rvtest_fail
test_107:
    li      gp, 107
1:  auipc   t0, 0x80000             # wraps round the address space
    la      t2, 1b
    li      t1, 0x80000000
    add     t2, t2, t1
    bne     t0, t2, rvtest_fail
test_108:
    li      gp, 108
    auipc   x0, 1
    bnez    x0, rvtest_fail


    RVTEST_CODE_END
    RVTEST_DATA_BEGIN
    RVTEST_DATA_END
