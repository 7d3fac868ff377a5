# rv32ua_lrsc.s -- A extension LR/SC: success, failure, every aq/rl form.
# sc.w writes 0 on success and 1 on failure (as QEMU does; the spec only
# says nonzero).  An SC pairs with the most recent LR on the same word; an
# AMO that changes the reserved word makes the SC fail, as on QEMU.
.include "rvtest.inc"

# LR from `base` (expect `old`), SC `new` there: rd must be 0 and memory new.
.macro TEST_LRSC_OK testnum, lr, sc, old, new
test_\testnum:
    li      gp, \testnum
    la      x1, lrsc_word
    li      x2, \old
    sw      x2, 0(x1)
    \lr     x14, (x1)
    li      t2, \old
    bne     x14, t2, rvtest_fail
    li      x2, \new
    \sc     x14, x2, (x1)
    bnez    x14, rvtest_fail
    lw      x14, 0(x1)
    li      t2, \new
    bne     x14, t2, rvtest_fail
.endm

    RVTEST_CODE_BEGIN

# an SC with no LR before it fails and stores nothing
test_2:
    li      gp, 2
    la      x1, lrsc_word
    li      x2, 0x1111
    sw      x2, 0(x1)
    li      x2, 0x2222
    sc.w    x14, x2, (x1)
    li      t2, 1
    bne     x14, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x1111
    bne     x14, t2, rvtest_fail

# LR then SC succeeds, for every aq/rl form of both
    TEST_LRSC_OK 3, lr.w, sc.w, 0x00000001, 0x00000002
    TEST_LRSC_OK 4, lr.w.aq, sc.w.aq, 0xffffffff, 0x80000000
    TEST_LRSC_OK 5, lr.w.rl, sc.w.rl, 0x12345678, 0x9abcdef0
    TEST_LRSC_OK 6, lr.w.aqrl, sc.w.aqrl, 0x7fffffff, 0x00000000
    TEST_LRSC_OK 7, lr.w.aq, sc.w.rl, 0x00000000, 0xdeadbeef

# a second SC after a successful one fails: the reservation is used up
test_8:
    li      gp, 8
    la      x1, lrsc_word
    lr.w    x14, (x1)
    li      x2, 0x3333
    sc.w    x14, x2, (x1)
    bnez    x14, rvtest_fail
    li      x2, 0x4444
    sc.w    x14, x2, (x1)
    li      t2, 1
    bne     x14, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x3333
    bne     x14, t2, rvtest_fail

# an SC to another word than the LR's fails and leaves both words alone
test_9:
    li      gp, 9
    la      x1, lrsc_word
    la      x5, lrsc_other
    li      x2, 0x5555
    sw      x2, 0(x1)
    sw      x2, 0(x5)
    lr.w    x14, (x1)
    li      x2, 0x6666
    sc.w    x14, x2, (x5)
    li      t2, 1
    bne     x14, t2, rvtest_fail
    lw      x14, 0(x5)
    li      t2, 0x5555
    bne     x14, t2, rvtest_fail
    lw      x14, 0(x1)
    bne     x14, t2, rvtest_fail

# an AMO that changes the reserved word between LR and SC makes the SC fail
test_10:
    li      gp, 10
    la      x1, lrsc_word
    li      x2, 100
    sw      x2, 0(x1)
    lr.w    x14, (x1)
    li      x2, 1
    amoadd.w x0, x2, (x1)
    li      x2, 7
    sc.w    x14, x2, (x1)
    li      t2, 1
    bne     x14, t2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 101
    bne     x14, t2, rvtest_fail

# the most recent LR is the one that counts
test_11:
    li      gp, 11
    la      x1, lrsc_word
    la      x5, lrsc_other
    lr.w    x14, (x5)
    lr.w    x14, (x1)
    li      x2, 0x7777
    sc.w    x14, x2, (x1)
    bnez    x14, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x7777
    bne     x14, t2, rvtest_fail

# LR into x0 still reserves; SC with rd = rs2 writes the old rs2 to memory
test_12:
    li      gp, 12
    la      x1, lrsc_word
    li      x2, 0x8888
    sw      x2, 0(x1)
    lr.w    x0, (x1)
    bnez    x0, rvtest_fail
    li      x2, 0x9999
    sc.w    x2, x2, (x1)
    bnez    x2, rvtest_fail
    lw      x14, 0(x1)
    li      t2, 0x9999
    bne     x14, t2, rvtest_fail

# the usual retry loop: an atomic increment done 100 times
test_13:
    li      gp, 13
    la      x1, lrsc_word
    sw      zero, 0(x1)
    li      x5, 100
1:  lr.w    x14, (x1)
    addi    x14, x14, 1
    sc.w    x6, x14, (x1)
    bnez    x6, 1b
    addi    x5, x5, -1
    bnez    x5, 1b
    lw      x14, 0(x1)
    li      t2, 100
    bne     x14, t2, rvtest_fail

    RVTEST_CODE_END
    RVTEST_DATA_BEGIN
    .align 4
lrsc_word:
    .word 0
    .zero 60
lrsc_other:
    .word 0
    RVTEST_DATA_END
