# rv32ua_amo.s -- A extension AMOs: every operation and aq/rl form, rd = rs2, rd = x0.
# Expected values follow the RISC-V unprivileged ISA (RV32A); the
# oracle test tests/oracles/test_qemu_isa.py checks them on QEMU.
.include "rvtest.inc"

    RVTEST_CODE_BEGIN

# amoswap.w: every aq/rl form
    TEST_AMO_OP 2, amoswap.w, 0x80000000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 3, amoswap.w.aq, 0x7fffffff, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 4, amoswap.w.rl, 0x00000001, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 5, amoswap.w.aqrl, 0x00000001, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 6, amoswap.w, 0xffffffff, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 7, amoswap.w.aq, 0xf0f0f0f0, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 8, amoswap.w.rl, 0x00000005, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 9, amoswap.w.aqrl, 0x80000000, 0x00000000, 0x80000000, amo_word
test_10:
    li      gp, 10
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amoswap.w x2, x2, (x1)          # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x7fffffff
    bne     x14, t2, rvtest_fail
test_11:
    li      gp, 11
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amoswap.w x0, x2, (x1)          # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x80000000
    bne     x14, t2, rvtest_fail

# amoadd.w: every aq/rl form
    TEST_AMO_OP 12, amoadd.w, 0x7fff8000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 13, amoadd.w.aq, 0xffffffff, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 14, amoadd.w.rl, 0x80000000, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 15, amoadd.w.aqrl, 0x00000000, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 16, amoadd.w, 0x00000000, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 17, amoadd.w.aq, 0x00e100e0, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 18, amoadd.w.rl, 0x0000000a, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 19, amoadd.w.aqrl, 0x80000000, 0x00000000, 0x80000000, amo_word
test_20:
    li      gp, 20
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amoadd.w x2, x2, (x1)           # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0xffffffff
    bne     x14, t2, rvtest_fail
test_21:
    li      gp, 21
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amoadd.w x0, x2, (x1)           # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x7fff8000
    bne     x14, t2, rvtest_fail

# amoxor.w: every aq/rl form
    TEST_AMO_OP 22, amoxor.w, 0x7fff8000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 23, amoxor.w.aq, 0xffffffff, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 24, amoxor.w.rl, 0x7ffffffe, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 25, amoxor.w.aqrl, 0xfffffffe, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 26, amoxor.w, 0xfffffffe, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 27, amoxor.w.aq, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 28, amoxor.w.rl, 0x00000000, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 29, amoxor.w.aqrl, 0x80000000, 0x00000000, 0x80000000, amo_word
test_30:
    li      gp, 30
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amoxor.w x2, x2, (x1)           # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0xffffffff
    bne     x14, t2, rvtest_fail
test_31:
    li      gp, 31
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amoxor.w x0, x2, (x1)           # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x7fff8000
    bne     x14, t2, rvtest_fail

# amoand.w: every aq/rl form
    TEST_AMO_OP 32, amoand.w, 0x80000000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 33, amoand.w.aq, 0x00000000, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 34, amoand.w.rl, 0x00000001, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 35, amoand.w.aqrl, 0x00000001, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 36, amoand.w, 0x00000001, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 37, amoand.w.aq, 0x00f000f0, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 38, amoand.w.rl, 0x00000005, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 39, amoand.w.aqrl, 0x00000000, 0x00000000, 0x80000000, amo_word
test_40:
    li      gp, 40
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amoand.w x2, x2, (x1)           # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x00000000
    bne     x14, t2, rvtest_fail
test_41:
    li      gp, 41
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amoand.w x0, x2, (x1)           # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x80000000
    bne     x14, t2, rvtest_fail

# amoor.w: every aq/rl form
    TEST_AMO_OP 42, amoor.w, 0xffff8000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 43, amoor.w.aq, 0xffffffff, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 44, amoor.w.rl, 0x7fffffff, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 45, amoor.w.aqrl, 0xffffffff, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 46, amoor.w, 0xffffffff, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 47, amoor.w.aq, 0xfff0fff0, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 48, amoor.w.rl, 0x00000005, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 49, amoor.w.aqrl, 0x80000000, 0x00000000, 0x80000000, amo_word
test_50:
    li      gp, 50
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amoor.w x2, x2, (x1)            # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0xffffffff
    bne     x14, t2, rvtest_fail
test_51:
    li      gp, 51
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amoor.w x0, x2, (x1)            # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0xffff8000
    bne     x14, t2, rvtest_fail

# amomin.w: every aq/rl form
    TEST_AMO_OP 52, amomin.w, 0x80000000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 53, amomin.w.aq, 0x80000000, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 54, amomin.w.rl, 0x00000001, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 55, amomin.w.aqrl, 0xffffffff, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 56, amomin.w, 0xffffffff, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 57, amomin.w.aq, 0xf0f0f0f0, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 58, amomin.w.rl, 0x00000005, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 59, amomin.w.aqrl, 0x80000000, 0x00000000, 0x80000000, amo_word
test_60:
    li      gp, 60
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amomin.w x2, x2, (x1)           # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x80000000
    bne     x14, t2, rvtest_fail
test_61:
    li      gp, 61
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amomin.w x0, x2, (x1)           # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x80000000
    bne     x14, t2, rvtest_fail

# amomax.w: every aq/rl form
    TEST_AMO_OP 62, amomax.w, 0xffff8000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 63, amomax.w.aq, 0x7fffffff, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 64, amomax.w.rl, 0x7fffffff, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 65, amomax.w.aqrl, 0x00000001, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 66, amomax.w, 0x00000001, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 67, amomax.w.aq, 0x0ff00ff0, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 68, amomax.w.rl, 0x00000005, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 69, amomax.w.aqrl, 0x00000000, 0x00000000, 0x80000000, amo_word
test_70:
    li      gp, 70
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amomax.w x2, x2, (x1)           # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x7fffffff
    bne     x14, t2, rvtest_fail
test_71:
    li      gp, 71
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amomax.w x0, x2, (x1)           # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0xffff8000
    bne     x14, t2, rvtest_fail

# amominu.w: every aq/rl form
    TEST_AMO_OP 72, amominu.w, 0x80000000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 73, amominu.w.aq, 0x7fffffff, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 74, amominu.w.rl, 0x00000001, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 75, amominu.w.aqrl, 0x00000001, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 76, amominu.w, 0x00000001, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 77, amominu.w.aq, 0x0ff00ff0, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 78, amominu.w.rl, 0x00000005, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 79, amominu.w.aqrl, 0x00000000, 0x00000000, 0x80000000, amo_word
test_80:
    li      gp, 80
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amominu.w x2, x2, (x1)          # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x7fffffff
    bne     x14, t2, rvtest_fail
test_81:
    li      gp, 81
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amominu.w x0, x2, (x1)          # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x80000000
    bne     x14, t2, rvtest_fail

# amomaxu.w: every aq/rl form
    TEST_AMO_OP 82, amomaxu.w, 0xffff8000, 0xffff8000, 0x80000000, amo_word
    TEST_AMO_OP 83, amomaxu.w.aq, 0x80000000, 0x80000000, 0x7fffffff, amo_word
    TEST_AMO_OP 84, amomaxu.w.rl, 0x7fffffff, 0x7fffffff, 0x00000001, amo_word
    TEST_AMO_OP 85, amomaxu.w.aqrl, 0xffffffff, 0xffffffff, 0x00000001, amo_word
    TEST_AMO_OP 86, amomaxu.w, 0xffffffff, 0x00000001, 0xffffffff, amo_word
    TEST_AMO_OP 87, amomaxu.w.aq, 0xf0f0f0f0, 0x0ff00ff0, 0xf0f0f0f0, amo_word
    TEST_AMO_OP 88, amomaxu.w.rl, 0x00000005, 0x00000005, 0x00000005, amo_word
    TEST_AMO_OP 89, amomaxu.w.aqrl, 0x80000000, 0x00000000, 0x80000000, amo_word
test_90:
    li      gp, 90
    la      x1, amo_word
    li      x2, 0x80000000
    sw      x2, 0(x1)
    li      x2, 0x7fffffff
    amomaxu.w x2, x2, (x1)          # rd = rs2: memory gets the old rs2
    li      t2, 0x80000000
    bne     x2, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x80000000
    bne     x14, t2, rvtest_fail
test_91:
    li      gp, 91
    la      x1, amo_word
    li      x2, 0xffff8000
    sw      x2, 0(x1)
    li      x2, 0x80000000
    amomaxu.w x0, x2, (x1)          # rd = x0: the write still happens
    bnez    x0, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0xffff8000
    bne     x14, t2, rvtest_fail

    RVTEST_CODE_END
    RVTEST_DATA_BEGIN
    .align 4
amo_word:
    .word 0
    RVTEST_DATA_END
