# rv32um_muldiv.s -- M extension: multiply high/low signed/unsigned, division by zero and signed overflow.
# Expected values follow the RISC-V unprivileged ISA (RV32M); the
# oracle test tests/oracles/test_qemu_isa.py checks them on QEMU.
.include "rvtest.inc"

    RVTEST_CODE_BEGIN

# mul
    TEST_RR_OP 2, mul, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 3, mul, 0x00000001, 0x00000001, 0x00000001
    TEST_RR_OP 4, mul, 0x00000015, 0x00000003, 0x00000007
    TEST_RR_OP 5, mul, 0x00000015, 0x00000007, 0x00000003
    TEST_RR_OP 6, mul, 0xffffffeb, 0xfffffff9, 0x00000003
    TEST_RR_OP 7, mul, 0xffffffeb, 0x00000007, 0xfffffffd
    TEST_RR_OP 8, mul, 0x00000015, 0xfffffff9, 0xfffffffd
    TEST_RR_OP 9, mul, 0x00000078, 0x00000014, 0x00000006
    TEST_RR_OP 10, mul, 0xffffff88, 0xffffffec, 0x00000006
    TEST_RR_OP 11, mul, 0xffffff88, 0x00000014, 0xfffffffa
    TEST_RR_OP 12, mul, 0x00000078, 0xffffffec, 0xfffffffa
    TEST_RR_OP 13, mul, 0x80000000, 0x80000000, 0xffffffff
    TEST_RR_OP 14, mul, 0x80000000, 0x80000000, 0x00000001
    TEST_RR_OP 15, mul, 0x00000000, 0x80000000, 0x00000000
    TEST_RR_OP 16, mul, 0x00000000, 0x00000001, 0x00000000
    TEST_RR_OP 17, mul, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 18, mul, 0x00000000, 0xffffffff, 0x00000000
    TEST_RR_OP 19, mul, 0x00000001, 0xffffffff, 0xffffffff
    TEST_RR_OP 20, mul, 0xffffffff, 0xffffffff, 0x00000001
    TEST_RR_OP 21, mul, 0x00000001, 0x7fffffff, 0x7fffffff
    TEST_RR_OP 22, mul, 0x00000000, 0x80000000, 0x80000000
    TEST_RR_OP 23, mul, 0x80000000, 0x80000000, 0x7fffffff
    TEST_RR_OP 24, mul, 0x0000ff7f, 0xaaaaaaab, 0x0002fe7d
    TEST_RR_OP 25, mul, 0x0000ff7f, 0x0002fe7d, 0xaaaaaaab
    TEST_RR_OP 26, mul, 0x00000000, 0xff000000, 0xff000000
    TEST_RR_OP 27, mul, 0x80000000, 0xffffffff, 0x80000000
    TEST_RR_OP 28, mul, 0x242d2080, 0x12345678, 0x9abcdef0
    TEST_RR_OP 29, mul, 0x242d2080, 0x9abcdef0, 0x12345678
    TEST_RR_OP 30, mul, 0xffa60000, 0x00007e00, 0xb6db6d00
    TEST_RR_OP 31, mul, 0xffa60000, 0xb6db6d00, 0x00007e00
    TEST_RR_OP 32, mul, 0xfffffffe, 0x80000001, 0xfffffffe
    TEST_RR_SRC1_EQ_DEST 33, mul, 0x00000015, 0x00000003, 0x00000007
    TEST_RR_SRC2_EQ_DEST 34, mul, 0xffa60000, 0x00007e00, 0xb6db6d00
    TEST_RR_SRC12_EQ_DEST 35, mul, 0xac690000, 0xb6db6d00
    TEST_RR_ZEROSRC1 36, mul, 0x00000000, 0xfffffffe
    TEST_RR_ZEROSRC2 37, mul, 0x00000000, 0x80000001
    TEST_RR_ZERODEST 38, mul, 0x12345678, 0x00000005

# mulh
    TEST_RR_OP 39, mulh, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 40, mulh, 0x00000000, 0x00000001, 0x00000001
    TEST_RR_OP 41, mulh, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_OP 42, mulh, 0x00000000, 0x00000007, 0x00000003
    TEST_RR_OP 43, mulh, 0xffffffff, 0xfffffff9, 0x00000003
    TEST_RR_OP 44, mulh, 0xffffffff, 0x00000007, 0xfffffffd
    TEST_RR_OP 45, mulh, 0x00000000, 0xfffffff9, 0xfffffffd
    TEST_RR_OP 46, mulh, 0x00000000, 0x00000014, 0x00000006
    TEST_RR_OP 47, mulh, 0xffffffff, 0xffffffec, 0x00000006
    TEST_RR_OP 48, mulh, 0xffffffff, 0x00000014, 0xfffffffa
    TEST_RR_OP 49, mulh, 0x00000000, 0xffffffec, 0xfffffffa
    TEST_RR_OP 50, mulh, 0x00000000, 0x80000000, 0xffffffff
    TEST_RR_OP 51, mulh, 0xffffffff, 0x80000000, 0x00000001
    TEST_RR_OP 52, mulh, 0x00000000, 0x80000000, 0x00000000
    TEST_RR_OP 53, mulh, 0x00000000, 0x00000001, 0x00000000
    TEST_RR_OP 54, mulh, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 55, mulh, 0x00000000, 0xffffffff, 0x00000000
    TEST_RR_OP 56, mulh, 0x00000000, 0xffffffff, 0xffffffff
    TEST_RR_OP 57, mulh, 0xffffffff, 0xffffffff, 0x00000001
    TEST_RR_OP 58, mulh, 0x3fffffff, 0x7fffffff, 0x7fffffff
    TEST_RR_OP 59, mulh, 0x40000000, 0x80000000, 0x80000000
    TEST_RR_OP 60, mulh, 0xc0000000, 0x80000000, 0x7fffffff
    TEST_RR_OP 61, mulh, 0xffff0081, 0xaaaaaaab, 0x0002fe7d
    TEST_RR_OP 62, mulh, 0xffff0081, 0x0002fe7d, 0xaaaaaaab
    TEST_RR_OP 63, mulh, 0x00010000, 0xff000000, 0xff000000
    TEST_RR_OP 64, mulh, 0x00000000, 0xffffffff, 0x80000000
    TEST_RR_OP 65, mulh, 0xf8cc93d6, 0x12345678, 0x9abcdef0
    TEST_RR_OP 66, mulh, 0xf8cc93d6, 0x9abcdef0, 0x12345678
    TEST_RR_OP 67, mulh, 0xffffdbff, 0x00007e00, 0xb6db6d00
    TEST_RR_OP 68, mulh, 0xffffdbff, 0xb6db6d00, 0x00007e00
    TEST_RR_OP 69, mulh, 0x00000000, 0x80000001, 0xfffffffe
    TEST_RR_SRC1_EQ_DEST 70, mulh, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_SRC2_EQ_DEST 71, mulh, 0xffffdbff, 0x00007e00, 0xb6db6d00
    TEST_RR_SRC12_EQ_DEST 72, mulh, 0x14e5e10f, 0xb6db6d00
    TEST_RR_ZEROSRC1 73, mulh, 0x00000000, 0xfffffffe
    TEST_RR_ZEROSRC2 74, mulh, 0x00000000, 0x80000001
    TEST_RR_ZERODEST 75, mulh, 0x12345678, 0x00000005

# mulhsu
    TEST_RR_OP 76, mulhsu, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 77, mulhsu, 0x00000000, 0x00000001, 0x00000001
    TEST_RR_OP 78, mulhsu, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_OP 79, mulhsu, 0x00000000, 0x00000007, 0x00000003
    TEST_RR_OP 80, mulhsu, 0xffffffff, 0xfffffff9, 0x00000003
    TEST_RR_OP 81, mulhsu, 0x00000006, 0x00000007, 0xfffffffd
    TEST_RR_OP 82, mulhsu, 0xfffffff9, 0xfffffff9, 0xfffffffd
    TEST_RR_OP 83, mulhsu, 0x00000000, 0x00000014, 0x00000006
    TEST_RR_OP 84, mulhsu, 0xffffffff, 0xffffffec, 0x00000006
    TEST_RR_OP 85, mulhsu, 0x00000013, 0x00000014, 0xfffffffa
    TEST_RR_OP 86, mulhsu, 0xffffffec, 0xffffffec, 0xfffffffa
    TEST_RR_OP 87, mulhsu, 0x80000000, 0x80000000, 0xffffffff
    TEST_RR_OP 88, mulhsu, 0xffffffff, 0x80000000, 0x00000001
    TEST_RR_OP 89, mulhsu, 0x00000000, 0x80000000, 0x00000000
    TEST_RR_OP 90, mulhsu, 0x00000000, 0x00000001, 0x00000000
    TEST_RR_OP 91, mulhsu, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 92, mulhsu, 0x00000000, 0xffffffff, 0x00000000
    TEST_RR_OP 93, mulhsu, 0xffffffff, 0xffffffff, 0xffffffff
    TEST_RR_OP 94, mulhsu, 0xffffffff, 0xffffffff, 0x00000001
    TEST_RR_OP 95, mulhsu, 0x3fffffff, 0x7fffffff, 0x7fffffff
    TEST_RR_OP 96, mulhsu, 0xc0000000, 0x80000000, 0x80000000
    TEST_RR_OP 97, mulhsu, 0xc0000000, 0x80000000, 0x7fffffff
    TEST_RR_OP 98, mulhsu, 0xffff0081, 0xaaaaaaab, 0x0002fe7d
    TEST_RR_OP 99, mulhsu, 0x0001fefe, 0x0002fe7d, 0xaaaaaaab
    TEST_RR_OP 100, mulhsu, 0xff010000, 0xff000000, 0xff000000
    TEST_RR_OP 101, mulhsu, 0xffffffff, 0xffffffff, 0x80000000
    TEST_RR_OP 102, mulhsu, 0x0b00ea4e, 0x12345678, 0x9abcdef0
    TEST_RR_OP 103, mulhsu, 0xf8cc93d6, 0x9abcdef0, 0x12345678
    TEST_RR_OP 104, mulhsu, 0x000059ff, 0x00007e00, 0xb6db6d00
    TEST_RR_OP 105, mulhsu, 0xffffdbff, 0xb6db6d00, 0x00007e00
    TEST_RR_OP 106, mulhsu, 0x80000001, 0x80000001, 0xfffffffe
    TEST_RR_SRC1_EQ_DEST 107, mulhsu, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_SRC2_EQ_DEST 108, mulhsu, 0x000059ff, 0x00007e00, 0xb6db6d00
    TEST_RR_SRC12_EQ_DEST 109, mulhsu, 0xcbc14e0f, 0xb6db6d00
    TEST_RR_ZEROSRC1 110, mulhsu, 0x00000000, 0xfffffffe
    TEST_RR_ZEROSRC2 111, mulhsu, 0x00000000, 0x80000001
    TEST_RR_ZERODEST 112, mulhsu, 0x12345678, 0x00000005

# mulhu
    TEST_RR_OP 113, mulhu, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 114, mulhu, 0x00000000, 0x00000001, 0x00000001
    TEST_RR_OP 115, mulhu, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_OP 116, mulhu, 0x00000000, 0x00000007, 0x00000003
    TEST_RR_OP 117, mulhu, 0x00000002, 0xfffffff9, 0x00000003
    TEST_RR_OP 118, mulhu, 0x00000006, 0x00000007, 0xfffffffd
    TEST_RR_OP 119, mulhu, 0xfffffff6, 0xfffffff9, 0xfffffffd
    TEST_RR_OP 120, mulhu, 0x00000000, 0x00000014, 0x00000006
    TEST_RR_OP 121, mulhu, 0x00000005, 0xffffffec, 0x00000006
    TEST_RR_OP 122, mulhu, 0x00000013, 0x00000014, 0xfffffffa
    TEST_RR_OP 123, mulhu, 0xffffffe6, 0xffffffec, 0xfffffffa
    TEST_RR_OP 124, mulhu, 0x7fffffff, 0x80000000, 0xffffffff
    TEST_RR_OP 125, mulhu, 0x00000000, 0x80000000, 0x00000001
    TEST_RR_OP 126, mulhu, 0x00000000, 0x80000000, 0x00000000
    TEST_RR_OP 127, mulhu, 0x00000000, 0x00000001, 0x00000000
    TEST_RR_OP 128, mulhu, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 129, mulhu, 0x00000000, 0xffffffff, 0x00000000
    TEST_RR_OP 130, mulhu, 0xfffffffe, 0xffffffff, 0xffffffff
    TEST_RR_OP 131, mulhu, 0x00000000, 0xffffffff, 0x00000001
    TEST_RR_OP 132, mulhu, 0x3fffffff, 0x7fffffff, 0x7fffffff
    TEST_RR_OP 133, mulhu, 0x40000000, 0x80000000, 0x80000000
    TEST_RR_OP 134, mulhu, 0x3fffffff, 0x80000000, 0x7fffffff
    TEST_RR_OP 135, mulhu, 0x0001fefe, 0xaaaaaaab, 0x0002fe7d
    TEST_RR_OP 136, mulhu, 0x0001fefe, 0x0002fe7d, 0xaaaaaaab
    TEST_RR_OP 137, mulhu, 0xfe010000, 0xff000000, 0xff000000
    TEST_RR_OP 138, mulhu, 0x7fffffff, 0xffffffff, 0x80000000
    TEST_RR_OP 139, mulhu, 0x0b00ea4e, 0x12345678, 0x9abcdef0
    TEST_RR_OP 140, mulhu, 0x0b00ea4e, 0x9abcdef0, 0x12345678
    TEST_RR_OP 141, mulhu, 0x000059ff, 0x00007e00, 0xb6db6d00
    TEST_RR_OP 142, mulhu, 0x000059ff, 0xb6db6d00, 0x00007e00
    TEST_RR_OP 143, mulhu, 0x7fffffff, 0x80000001, 0xfffffffe
    TEST_RR_SRC1_EQ_DEST 144, mulhu, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_SRC2_EQ_DEST 145, mulhu, 0x000059ff, 0x00007e00, 0xb6db6d00
    TEST_RR_SRC12_EQ_DEST 146, mulhu, 0x829cbb0f, 0xb6db6d00
    TEST_RR_ZEROSRC1 147, mulhu, 0x00000000, 0xfffffffe
    TEST_RR_ZEROSRC2 148, mulhu, 0x00000000, 0x80000001
    TEST_RR_ZERODEST 149, mulhu, 0x12345678, 0x00000005

# div
    TEST_RR_OP 150, div, 0xffffffff, 0x00000000, 0x00000000
    TEST_RR_OP 151, div, 0x00000001, 0x00000001, 0x00000001
    TEST_RR_OP 152, div, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_OP 153, div, 0x00000002, 0x00000007, 0x00000003
    TEST_RR_OP 154, div, 0xfffffffe, 0xfffffff9, 0x00000003
    TEST_RR_OP 155, div, 0xfffffffe, 0x00000007, 0xfffffffd
    TEST_RR_OP 156, div, 0x00000002, 0xfffffff9, 0xfffffffd
    TEST_RR_OP 157, div, 0x00000003, 0x00000014, 0x00000006
    TEST_RR_OP 158, div, 0xfffffffd, 0xffffffec, 0x00000006
    TEST_RR_OP 159, div, 0xfffffffd, 0x00000014, 0xfffffffa
    TEST_RR_OP 160, div, 0x00000003, 0xffffffec, 0xfffffffa
    TEST_RR_OP 161, div, 0x80000000, 0x80000000, 0xffffffff
    TEST_RR_OP 162, div, 0x80000000, 0x80000000, 0x00000001
    TEST_RR_OP 163, div, 0xffffffff, 0x80000000, 0x00000000
    TEST_RR_OP 164, div, 0xffffffff, 0x00000001, 0x00000000
    TEST_RR_OP 165, div, 0xffffffff, 0x00000000, 0x00000000
    TEST_RR_OP 166, div, 0xffffffff, 0xffffffff, 0x00000000
    TEST_RR_OP 167, div, 0x00000001, 0xffffffff, 0xffffffff
    TEST_RR_OP 168, div, 0xffffffff, 0xffffffff, 0x00000001
    TEST_RR_OP 169, div, 0x00000001, 0x7fffffff, 0x7fffffff
    TEST_RR_OP 170, div, 0x00000001, 0x80000000, 0x80000000
    TEST_RR_OP 171, div, 0xffffffff, 0x80000000, 0x7fffffff
    TEST_RR_OP 172, div, 0xffffe380, 0xaaaaaaab, 0x0002fe7d
    TEST_RR_OP 173, div, 0x00000000, 0x0002fe7d, 0xaaaaaaab
    TEST_RR_OP 174, div, 0x00000001, 0xff000000, 0xff000000
    TEST_RR_OP 175, div, 0x00000000, 0xffffffff, 0x80000000
    TEST_RR_OP 176, div, 0x00000000, 0x12345678, 0x9abcdef0
    TEST_RR_OP 177, div, 0xfffffffb, 0x9abcdef0, 0x12345678
    TEST_RR_OP 178, div, 0x00000000, 0x00007e00, 0xb6db6d00
    TEST_RR_OP 179, div, 0xffff6b65, 0xb6db6d00, 0x00007e00
    TEST_RR_OP 180, div, 0x3fffffff, 0x80000001, 0xfffffffe
    TEST_RR_SRC1_EQ_DEST 181, div, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_SRC2_EQ_DEST 182, div, 0x00000000, 0x00007e00, 0xb6db6d00
    TEST_RR_SRC12_EQ_DEST 183, div, 0x00000001, 0xb6db6d00
    TEST_RR_ZEROSRC1 184, div, 0x00000000, 0xfffffffe
    TEST_RR_ZEROSRC2 185, div, 0xffffffff, 0x80000001
    TEST_RR_ZERODEST 186, div, 0x12345678, 0x00000005

# divu
    TEST_RR_OP 187, divu, 0xffffffff, 0x00000000, 0x00000000
    TEST_RR_OP 188, divu, 0x00000001, 0x00000001, 0x00000001
    TEST_RR_OP 189, divu, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_OP 190, divu, 0x00000002, 0x00000007, 0x00000003
    TEST_RR_OP 191, divu, 0x55555553, 0xfffffff9, 0x00000003
    TEST_RR_OP 192, divu, 0x00000000, 0x00000007, 0xfffffffd
    TEST_RR_OP 193, divu, 0x00000000, 0xfffffff9, 0xfffffffd
    TEST_RR_OP 194, divu, 0x00000003, 0x00000014, 0x00000006
    TEST_RR_OP 195, divu, 0x2aaaaaa7, 0xffffffec, 0x00000006
    TEST_RR_OP 196, divu, 0x00000000, 0x00000014, 0xfffffffa
    TEST_RR_OP 197, divu, 0x00000000, 0xffffffec, 0xfffffffa
    TEST_RR_OP 198, divu, 0x00000000, 0x80000000, 0xffffffff
    TEST_RR_OP 199, divu, 0x80000000, 0x80000000, 0x00000001
    TEST_RR_OP 200, divu, 0xffffffff, 0x80000000, 0x00000000
    TEST_RR_OP 201, divu, 0xffffffff, 0x00000001, 0x00000000
    TEST_RR_OP 202, divu, 0xffffffff, 0x00000000, 0x00000000
    TEST_RR_OP 203, divu, 0xffffffff, 0xffffffff, 0x00000000
    TEST_RR_OP 204, divu, 0x00000001, 0xffffffff, 0xffffffff
    TEST_RR_OP 205, divu, 0xffffffff, 0xffffffff, 0x00000001
    TEST_RR_OP 206, divu, 0x00000001, 0x7fffffff, 0x7fffffff
    TEST_RR_OP 207, divu, 0x00000001, 0x80000000, 0x80000000
    TEST_RR_OP 208, divu, 0x00000001, 0x80000000, 0x7fffffff
    TEST_RR_OP 209, divu, 0x00003900, 0xaaaaaaab, 0x0002fe7d
    TEST_RR_OP 210, divu, 0x00000000, 0x0002fe7d, 0xaaaaaaab
    TEST_RR_OP 211, divu, 0x00000001, 0xff000000, 0xff000000
    TEST_RR_OP 212, divu, 0x00000001, 0xffffffff, 0x80000000
    TEST_RR_OP 213, divu, 0x00000000, 0x12345678, 0x9abcdef0
    TEST_RR_OP 214, divu, 0x00000008, 0x9abcdef0, 0x12345678
    TEST_RR_OP 215, divu, 0x00000000, 0x00007e00, 0xb6db6d00
    TEST_RR_OP 216, divu, 0x00017384, 0xb6db6d00, 0x00007e00
    TEST_RR_OP 217, divu, 0x00000000, 0x80000001, 0xfffffffe
    TEST_RR_SRC1_EQ_DEST 218, divu, 0x00000000, 0x00000003, 0x00000007
    TEST_RR_SRC2_EQ_DEST 219, divu, 0x00000000, 0x00007e00, 0xb6db6d00
    TEST_RR_SRC12_EQ_DEST 220, divu, 0x00000001, 0xb6db6d00
    TEST_RR_ZEROSRC1 221, divu, 0x00000000, 0xfffffffe
    TEST_RR_ZEROSRC2 222, divu, 0xffffffff, 0x80000001
    TEST_RR_ZERODEST 223, divu, 0x12345678, 0x00000005

# rem
    TEST_RR_OP 224, rem, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 225, rem, 0x00000000, 0x00000001, 0x00000001
    TEST_RR_OP 226, rem, 0x00000003, 0x00000003, 0x00000007
    TEST_RR_OP 227, rem, 0x00000001, 0x00000007, 0x00000003
    TEST_RR_OP 228, rem, 0xffffffff, 0xfffffff9, 0x00000003
    TEST_RR_OP 229, rem, 0x00000001, 0x00000007, 0xfffffffd
    TEST_RR_OP 230, rem, 0xffffffff, 0xfffffff9, 0xfffffffd
    TEST_RR_OP 231, rem, 0x00000002, 0x00000014, 0x00000006
    TEST_RR_OP 232, rem, 0xfffffffe, 0xffffffec, 0x00000006
    TEST_RR_OP 233, rem, 0x00000002, 0x00000014, 0xfffffffa
    TEST_RR_OP 234, rem, 0xfffffffe, 0xffffffec, 0xfffffffa
    TEST_RR_OP 235, rem, 0x00000000, 0x80000000, 0xffffffff
    TEST_RR_OP 236, rem, 0x00000000, 0x80000000, 0x00000001
    TEST_RR_OP 237, rem, 0x80000000, 0x80000000, 0x00000000
    TEST_RR_OP 238, rem, 0x00000001, 0x00000001, 0x00000000
    TEST_RR_OP 239, rem, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 240, rem, 0xffffffff, 0xffffffff, 0x00000000
    TEST_RR_OP 241, rem, 0x00000000, 0xffffffff, 0xffffffff
    TEST_RR_OP 242, rem, 0x00000000, 0xffffffff, 0x00000001
    TEST_RR_OP 243, rem, 0x00000000, 0x7fffffff, 0x7fffffff
    TEST_RR_OP 244, rem, 0x00000000, 0x80000000, 0x80000000
    TEST_RR_OP 245, rem, 0xffffffff, 0x80000000, 0x7fffffff
    TEST_RR_OP 246, rem, 0xffff952b, 0xaaaaaaab, 0x0002fe7d
    TEST_RR_OP 247, rem, 0x0002fe7d, 0x0002fe7d, 0xaaaaaaab
    TEST_RR_OP 248, rem, 0x00000000, 0xff000000, 0xff000000
    TEST_RR_OP 249, rem, 0xffffffff, 0xffffffff, 0x80000000
    TEST_RR_OP 250, rem, 0x12345678, 0x12345678, 0x9abcdef0
    TEST_RR_OP 251, rem, 0xf5c28f48, 0x9abcdef0, 0x12345678
    TEST_RR_OP 252, rem, 0x00007e00, 0x00007e00, 0xb6db6d00
    TEST_RR_OP 253, rem, 0xffffb700, 0xb6db6d00, 0x00007e00
    TEST_RR_OP 254, rem, 0xffffffff, 0x80000001, 0xfffffffe
    TEST_RR_SRC1_EQ_DEST 255, rem, 0x00000003, 0x00000003, 0x00000007
    TEST_RR_SRC2_EQ_DEST 256, rem, 0x00007e00, 0x00007e00, 0xb6db6d00
    TEST_RR_SRC12_EQ_DEST 257, rem, 0x00000000, 0xb6db6d00
    TEST_RR_ZEROSRC1 258, rem, 0x00000000, 0xfffffffe
    TEST_RR_ZEROSRC2 259, rem, 0x80000001, 0x80000001
    TEST_RR_ZERODEST 260, rem, 0x12345678, 0x00000005

# remu
    TEST_RR_OP 261, remu, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 262, remu, 0x00000000, 0x00000001, 0x00000001
    TEST_RR_OP 263, remu, 0x00000003, 0x00000003, 0x00000007
    TEST_RR_OP 264, remu, 0x00000001, 0x00000007, 0x00000003
    TEST_RR_OP 265, remu, 0x00000000, 0xfffffff9, 0x00000003
    TEST_RR_OP 266, remu, 0x00000007, 0x00000007, 0xfffffffd
    TEST_RR_OP 267, remu, 0xfffffff9, 0xfffffff9, 0xfffffffd
    TEST_RR_OP 268, remu, 0x00000002, 0x00000014, 0x00000006
    TEST_RR_OP 269, remu, 0x00000002, 0xffffffec, 0x00000006
    TEST_RR_OP 270, remu, 0x00000014, 0x00000014, 0xfffffffa
    TEST_RR_OP 271, remu, 0xffffffec, 0xffffffec, 0xfffffffa
    TEST_RR_OP 272, remu, 0x80000000, 0x80000000, 0xffffffff
    TEST_RR_OP 273, remu, 0x00000000, 0x80000000, 0x00000001
    TEST_RR_OP 274, remu, 0x80000000, 0x80000000, 0x00000000
    TEST_RR_OP 275, remu, 0x00000001, 0x00000001, 0x00000000
    TEST_RR_OP 276, remu, 0x00000000, 0x00000000, 0x00000000
    TEST_RR_OP 277, remu, 0xffffffff, 0xffffffff, 0x00000000
    TEST_RR_OP 278, remu, 0x00000000, 0xffffffff, 0xffffffff
    TEST_RR_OP 279, remu, 0x00000000, 0xffffffff, 0x00000001
    TEST_RR_OP 280, remu, 0x00000000, 0x7fffffff, 0x7fffffff
    TEST_RR_OP 281, remu, 0x00000000, 0x80000000, 0x80000000
    TEST_RR_OP 282, remu, 0x00000001, 0x80000000, 0x7fffffff
    TEST_RR_OP 283, remu, 0x0000d5ab, 0xaaaaaaab, 0x0002fe7d
    TEST_RR_OP 284, remu, 0x0002fe7d, 0x0002fe7d, 0xaaaaaaab
    TEST_RR_OP 285, remu, 0x00000000, 0xff000000, 0xff000000
    TEST_RR_OP 286, remu, 0x7fffffff, 0xffffffff, 0x80000000
    TEST_RR_OP 287, remu, 0x12345678, 0x12345678, 0x9abcdef0
    TEST_RR_OP 288, remu, 0x091a2b30, 0x9abcdef0, 0x12345678
    TEST_RR_OP 289, remu, 0x00007e00, 0x00007e00, 0xb6db6d00
    TEST_RR_OP 290, remu, 0x00007500, 0xb6db6d00, 0x00007e00
    TEST_RR_OP 291, remu, 0x80000001, 0x80000001, 0xfffffffe
    TEST_RR_SRC1_EQ_DEST 292, remu, 0x00000003, 0x00000003, 0x00000007
    TEST_RR_SRC2_EQ_DEST 293, remu, 0x00007e00, 0x00007e00, 0xb6db6d00
    TEST_RR_SRC12_EQ_DEST 294, remu, 0x00000000, 0xb6db6d00
    TEST_RR_ZEROSRC1 295, remu, 0x00000000, 0xfffffffe
    TEST_RR_ZEROSRC2 296, remu, 0x80000001, 0x80000001
    TEST_RR_ZERODEST 297, remu, 0x12345678, 0x00000005

    RVTEST_CODE_END
    RVTEST_DATA_BEGIN
    RVTEST_DATA_END
