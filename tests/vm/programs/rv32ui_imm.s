# rv32ui_imm.s -- register-immediate ALU instructions and shifts by immediate.
# Expected values follow the RISC-V unprivileged ISA (RV32I); the
# oracle test tests/oracles/test_qemu_isa.py checks them on QEMU.
.include "rvtest.inc"

    RVTEST_CODE_BEGIN

# addi: a 12-bit immediate, sign-extended (also for sltiu)
    TEST_IMM_OP 2, addi, 0x00000000, 0x00000000, 0
    TEST_IMM_OP 3, addi, 0x00000002, 0x00000001, 1
    TEST_IMM_OP 4, addi, 0x0000000a, 0x00000003, 7
    TEST_IMM_OP 5, addi, 0xfffff800, 0x00000000, -2048
    TEST_IMM_OP 6, addi, 0x80000000, 0x80000000, 0
    TEST_IMM_OP 7, addi, 0x7ffff800, 0x80000000, -2048
    TEST_IMM_OP 8, addi, 0x000007ff, 0x00000000, 2047
    TEST_IMM_OP 9, addi, 0x7fffffff, 0x7fffffff, 0
    TEST_IMM_OP 10, addi, 0x800007fe, 0x7fffffff, 2047
    TEST_IMM_OP 11, addi, 0x800007ff, 0x80000000, 2047
    TEST_IMM_OP 12, addi, 0x7ffff7ff, 0x7fffffff, -2048
    TEST_IMM_OP 13, addi, 0xffffffff, 0x00000000, -1
    TEST_IMM_OP 14, addi, 0x00000000, 0xffffffff, 1
    TEST_IMM_OP 15, addi, 0xfffffffe, 0xffffffff, -1
    TEST_IMM_OP 16, addi, 0x12345555, 0x12345678, -291
    TEST_IMM_OP 17, addi, 0xff00fff0, 0xff00ff00, 240
    TEST_IMM_OP 18, addi, 0x00ff000e, 0x00ff00ff, -241
    TEST_IMM_SRC1_EQ_DEST 19, addi, 0x12345555, 0x12345678, -291
    TEST_IMM_ZEROSRC1 20, addi, 0xfffffaab, -1365
    TEST_IMM_ZERODEST 21, addi, 0x12345678, 33

# slti: a 12-bit immediate, sign-extended (also for sltiu)
    TEST_IMM_OP 22, slti, 0x00000000, 0x00000000, 0
    TEST_IMM_OP 23, slti, 0x00000000, 0x00000001, 1
    TEST_IMM_OP 24, slti, 0x00000001, 0x00000003, 7
    TEST_IMM_OP 25, slti, 0x00000000, 0x00000000, -2048
    TEST_IMM_OP 26, slti, 0x00000001, 0x80000000, 0
    TEST_IMM_OP 27, slti, 0x00000001, 0x80000000, -2048
    TEST_IMM_OP 28, slti, 0x00000001, 0x00000000, 2047
    TEST_IMM_OP 29, slti, 0x00000000, 0x7fffffff, 0
    TEST_IMM_OP 30, slti, 0x00000000, 0x7fffffff, 2047
    TEST_IMM_OP 31, slti, 0x00000001, 0x80000000, 2047
    TEST_IMM_OP 32, slti, 0x00000000, 0x7fffffff, -2048
    TEST_IMM_OP 33, slti, 0x00000000, 0x00000000, -1
    TEST_IMM_OP 34, slti, 0x00000001, 0xffffffff, 1
    TEST_IMM_OP 35, slti, 0x00000000, 0xffffffff, -1
    TEST_IMM_OP 36, slti, 0x00000000, 0x12345678, -291
    TEST_IMM_OP 37, slti, 0x00000001, 0xff00ff00, 240
    TEST_IMM_OP 38, slti, 0x00000000, 0x00ff00ff, -241
    TEST_IMM_SRC1_EQ_DEST 39, slti, 0x00000000, 0x12345678, -291
    TEST_IMM_ZEROSRC1 40, slti, 0x00000000, -1365
    TEST_IMM_ZERODEST 41, slti, 0x12345678, 33

# sltiu: a 12-bit immediate, sign-extended (also for sltiu)
    TEST_IMM_OP 42, sltiu, 0x00000000, 0x00000000, 0
    TEST_IMM_OP 43, sltiu, 0x00000000, 0x00000001, 1
    TEST_IMM_OP 44, sltiu, 0x00000001, 0x00000003, 7
    TEST_IMM_OP 45, sltiu, 0x00000001, 0x00000000, -2048
    TEST_IMM_OP 46, sltiu, 0x00000000, 0x80000000, 0
    TEST_IMM_OP 47, sltiu, 0x00000001, 0x80000000, -2048
    TEST_IMM_OP 48, sltiu, 0x00000001, 0x00000000, 2047
    TEST_IMM_OP 49, sltiu, 0x00000000, 0x7fffffff, 0
    TEST_IMM_OP 50, sltiu, 0x00000000, 0x7fffffff, 2047
    TEST_IMM_OP 51, sltiu, 0x00000000, 0x80000000, 2047
    TEST_IMM_OP 52, sltiu, 0x00000001, 0x7fffffff, -2048
    TEST_IMM_OP 53, sltiu, 0x00000001, 0x00000000, -1
    TEST_IMM_OP 54, sltiu, 0x00000000, 0xffffffff, 1
    TEST_IMM_OP 55, sltiu, 0x00000000, 0xffffffff, -1
    TEST_IMM_OP 56, sltiu, 0x00000001, 0x12345678, -291
    TEST_IMM_OP 57, sltiu, 0x00000000, 0xff00ff00, 240
    TEST_IMM_OP 58, sltiu, 0x00000001, 0x00ff00ff, -241
    TEST_IMM_SRC1_EQ_DEST 59, sltiu, 0x00000001, 0x12345678, -291
    TEST_IMM_ZEROSRC1 60, sltiu, 0x00000001, -1365
    TEST_IMM_ZERODEST 61, sltiu, 0x12345678, 33

# xori: a 12-bit immediate, sign-extended (also for sltiu)
    TEST_IMM_OP 62, xori, 0x00000000, 0x00000000, 0
    TEST_IMM_OP 63, xori, 0x00000000, 0x00000001, 1
    TEST_IMM_OP 64, xori, 0x00000004, 0x00000003, 7
    TEST_IMM_OP 65, xori, 0xfffff800, 0x00000000, -2048
    TEST_IMM_OP 66, xori, 0x80000000, 0x80000000, 0
    TEST_IMM_OP 67, xori, 0x7ffff800, 0x80000000, -2048
    TEST_IMM_OP 68, xori, 0x000007ff, 0x00000000, 2047
    TEST_IMM_OP 69, xori, 0x7fffffff, 0x7fffffff, 0
    TEST_IMM_OP 70, xori, 0x7ffff800, 0x7fffffff, 2047
    TEST_IMM_OP 71, xori, 0x800007ff, 0x80000000, 2047
    TEST_IMM_OP 72, xori, 0x800007ff, 0x7fffffff, -2048
    TEST_IMM_OP 73, xori, 0xffffffff, 0x00000000, -1
    TEST_IMM_OP 74, xori, 0xfffffffe, 0xffffffff, 1
    TEST_IMM_OP 75, xori, 0x00000000, 0xffffffff, -1
    TEST_IMM_OP 76, xori, 0xedcba8a5, 0x12345678, -291
    TEST_IMM_OP 77, xori, 0xff00fff0, 0xff00ff00, 240
    TEST_IMM_OP 78, xori, 0xff00fff0, 0x00ff00ff, -241
    TEST_IMM_SRC1_EQ_DEST 79, xori, 0xedcba8a5, 0x12345678, -291
    TEST_IMM_ZEROSRC1 80, xori, 0xfffffaab, -1365
    TEST_IMM_ZERODEST 81, xori, 0x12345678, 33

# ori: a 12-bit immediate, sign-extended (also for sltiu)
    TEST_IMM_OP 82, ori, 0x00000000, 0x00000000, 0
    TEST_IMM_OP 83, ori, 0x00000001, 0x00000001, 1
    TEST_IMM_OP 84, ori, 0x00000007, 0x00000003, 7
    TEST_IMM_OP 85, ori, 0xfffff800, 0x00000000, -2048
    TEST_IMM_OP 86, ori, 0x80000000, 0x80000000, 0
    TEST_IMM_OP 87, ori, 0xfffff800, 0x80000000, -2048
    TEST_IMM_OP 88, ori, 0x000007ff, 0x00000000, 2047
    TEST_IMM_OP 89, ori, 0x7fffffff, 0x7fffffff, 0
    TEST_IMM_OP 90, ori, 0x7fffffff, 0x7fffffff, 2047
    TEST_IMM_OP 91, ori, 0x800007ff, 0x80000000, 2047
    TEST_IMM_OP 92, ori, 0xffffffff, 0x7fffffff, -2048
    TEST_IMM_OP 93, ori, 0xffffffff, 0x00000000, -1
    TEST_IMM_OP 94, ori, 0xffffffff, 0xffffffff, 1
    TEST_IMM_OP 95, ori, 0xffffffff, 0xffffffff, -1
    TEST_IMM_OP 96, ori, 0xfffffefd, 0x12345678, -291
    TEST_IMM_OP 97, ori, 0xff00fff0, 0xff00ff00, 240
    TEST_IMM_OP 98, ori, 0xffffffff, 0x00ff00ff, -241
    TEST_IMM_SRC1_EQ_DEST 99, ori, 0xfffffefd, 0x12345678, -291
    TEST_IMM_ZEROSRC1 100, ori, 0xfffffaab, -1365
    TEST_IMM_ZERODEST 101, ori, 0x12345678, 33

# andi: a 12-bit immediate, sign-extended (also for sltiu)
    TEST_IMM_OP 102, andi, 0x00000000, 0x00000000, 0
    TEST_IMM_OP 103, andi, 0x00000001, 0x00000001, 1
    TEST_IMM_OP 104, andi, 0x00000003, 0x00000003, 7
    TEST_IMM_OP 105, andi, 0x00000000, 0x00000000, -2048
    TEST_IMM_OP 106, andi, 0x00000000, 0x80000000, 0
    TEST_IMM_OP 107, andi, 0x80000000, 0x80000000, -2048
    TEST_IMM_OP 108, andi, 0x00000000, 0x00000000, 2047
    TEST_IMM_OP 109, andi, 0x00000000, 0x7fffffff, 0
    TEST_IMM_OP 110, andi, 0x000007ff, 0x7fffffff, 2047
    TEST_IMM_OP 111, andi, 0x00000000, 0x80000000, 2047
    TEST_IMM_OP 112, andi, 0x7ffff800, 0x7fffffff, -2048
    TEST_IMM_OP 113, andi, 0x00000000, 0x00000000, -1
    TEST_IMM_OP 114, andi, 0x00000001, 0xffffffff, 1
    TEST_IMM_OP 115, andi, 0xffffffff, 0xffffffff, -1
    TEST_IMM_OP 116, andi, 0x12345658, 0x12345678, -291
    TEST_IMM_OP 117, andi, 0x00000000, 0xff00ff00, 240
    TEST_IMM_OP 118, andi, 0x00ff000f, 0x00ff00ff, -241
    TEST_IMM_SRC1_EQ_DEST 119, andi, 0x12345658, 0x12345678, -291
    TEST_IMM_ZEROSRC1 120, andi, 0x00000000, -1365
    TEST_IMM_ZERODEST 121, andi, 0x12345678, 33

# slli
    TEST_IMM_OP 122, slli, 0x00000001, 0x00000001, 0
    TEST_IMM_OP 123, slli, 0x00000002, 0x00000001, 1
    TEST_IMM_OP 124, slli, 0x00000080, 0x00000001, 7
    TEST_IMM_OP 125, slli, 0x00004000, 0x00000001, 14
    TEST_IMM_OP 126, slli, 0x80000000, 0x00000001, 31
    TEST_IMM_OP 127, slli, 0xffffffff, 0xffffffff, 0
    TEST_IMM_OP 128, slli, 0xfffffffe, 0xffffffff, 1
    TEST_IMM_OP 129, slli, 0xffffff80, 0xffffffff, 7
    TEST_IMM_OP 130, slli, 0xffffc000, 0xffffffff, 14
    TEST_IMM_OP 131, slli, 0x80000000, 0xffffffff, 31
    TEST_IMM_OP 132, slli, 0x21212121, 0x21212121, 0
    TEST_IMM_OP 133, slli, 0x42424242, 0x21212121, 1
    TEST_IMM_OP 134, slli, 0x90909080, 0x21212121, 7
    TEST_IMM_OP 135, slli, 0x48484000, 0x21212121, 14
    TEST_IMM_OP 136, slli, 0x80000000, 0x21212121, 31
    TEST_IMM_OP 137, slli, 0x03030302, 0x81818181, 1
    TEST_IMM_OP 138, slli, 0x80000000, 0x81818181, 31
    TEST_IMM_OP 139, slli, 0x00000000, 0x80000000, 31
    TEST_IMM_OP 140, slli, 0x00000000, 0x80000000, 30
    TEST_IMM_SRC1_EQ_DEST 141, slli, 0x80000000, 0x81818181, 31
    TEST_IMM_ZEROSRC1 142, slli, 0x00000000, 31
    TEST_IMM_ZERODEST 143, slli, 0x12345678, 31

# srli
    TEST_IMM_OP 144, srli, 0x00000001, 0x00000001, 0
    TEST_IMM_OP 145, srli, 0x00000000, 0x00000001, 1
    TEST_IMM_OP 146, srli, 0x00000000, 0x00000001, 7
    TEST_IMM_OP 147, srli, 0x00000000, 0x00000001, 14
    TEST_IMM_OP 148, srli, 0x00000000, 0x00000001, 31
    TEST_IMM_OP 149, srli, 0xffffffff, 0xffffffff, 0
    TEST_IMM_OP 150, srli, 0x7fffffff, 0xffffffff, 1
    TEST_IMM_OP 151, srli, 0x01ffffff, 0xffffffff, 7
    TEST_IMM_OP 152, srli, 0x0003ffff, 0xffffffff, 14
    TEST_IMM_OP 153, srli, 0x00000001, 0xffffffff, 31
    TEST_IMM_OP 154, srli, 0x21212121, 0x21212121, 0
    TEST_IMM_OP 155, srli, 0x10909090, 0x21212121, 1
    TEST_IMM_OP 156, srli, 0x00424242, 0x21212121, 7
    TEST_IMM_OP 157, srli, 0x00008484, 0x21212121, 14
    TEST_IMM_OP 158, srli, 0x00000000, 0x21212121, 31
    TEST_IMM_OP 159, srli, 0x40c0c0c0, 0x81818181, 1
    TEST_IMM_OP 160, srli, 0x00000001, 0x81818181, 31
    TEST_IMM_OP 161, srli, 0x00000001, 0x80000000, 31
    TEST_IMM_OP 162, srli, 0x00000002, 0x80000000, 30
    TEST_IMM_SRC1_EQ_DEST 163, srli, 0x00000001, 0x81818181, 31
    TEST_IMM_ZEROSRC1 164, srli, 0x00000000, 31
    TEST_IMM_ZERODEST 165, srli, 0x12345678, 31

# srai
    TEST_IMM_OP 166, srai, 0x00000001, 0x00000001, 0
    TEST_IMM_OP 167, srai, 0x00000000, 0x00000001, 1
    TEST_IMM_OP 168, srai, 0x00000000, 0x00000001, 7
    TEST_IMM_OP 169, srai, 0x00000000, 0x00000001, 14
    TEST_IMM_OP 170, srai, 0x00000000, 0x00000001, 31
    TEST_IMM_OP 171, srai, 0xffffffff, 0xffffffff, 0
    TEST_IMM_OP 172, srai, 0xffffffff, 0xffffffff, 1
    TEST_IMM_OP 173, srai, 0xffffffff, 0xffffffff, 7
    TEST_IMM_OP 174, srai, 0xffffffff, 0xffffffff, 14
    TEST_IMM_OP 175, srai, 0xffffffff, 0xffffffff, 31
    TEST_IMM_OP 176, srai, 0x21212121, 0x21212121, 0
    TEST_IMM_OP 177, srai, 0x10909090, 0x21212121, 1
    TEST_IMM_OP 178, srai, 0x00424242, 0x21212121, 7
    TEST_IMM_OP 179, srai, 0x00008484, 0x21212121, 14
    TEST_IMM_OP 180, srai, 0x00000000, 0x21212121, 31
    TEST_IMM_OP 181, srai, 0xc0c0c0c0, 0x81818181, 1
    TEST_IMM_OP 182, srai, 0xffffffff, 0x81818181, 31
    TEST_IMM_OP 183, srai, 0xffffffff, 0x80000000, 31
    TEST_IMM_OP 184, srai, 0xfffffffe, 0x80000000, 30
    TEST_IMM_SRC1_EQ_DEST 185, srai, 0xffffffff, 0x81818181, 31
    TEST_IMM_ZEROSRC1 186, srai, 0x00000000, 31
    TEST_IMM_ZERODEST 187, srai, 0x12345678, 31

    RVTEST_CODE_END
    RVTEST_DATA_BEGIN
    RVTEST_DATA_END
