# rv32ui_ldst.s -- loads and stores: every width, sign extension, misaligned accesses, x0.
# Expected values follow the RISC-V unprivileged ISA (RV32I); the
# oracle test tests/oracles/test_qemu_isa.py checks them on QEMU.
.include "rvtest.inc"

    RVTEST_CODE_BEGIN

# lb: from ld_mid, backwards and forwards
    TEST_LD_OP 2, lb, 0xffffffff, -12, ld_mid
    TEST_LD_OP 3, lb, 0x00000000, -11, ld_mid
    TEST_LD_OP 4, lb, 0xfffffff0, -10, ld_mid
    TEST_LD_OP 5, lb, 0x0000000f, -9, ld_mid
    TEST_LD_OP 6, lb, 0x00000000, -8, ld_mid
    TEST_LD_OP 7, lb, 0xffffffff, -7, ld_mid
    TEST_LD_OP 8, lb, 0x0000000f, -6, ld_mid
    TEST_LD_OP 9, lb, 0xfffffff0, -5, ld_mid
    TEST_LD_OP 10, lb, 0xffffff80, -4, ld_mid
    TEST_LD_OP 11, lb, 0x0000007f, -3, ld_mid
    TEST_LD_OP 12, lb, 0x00000001, -2, ld_mid
    TEST_LD_OP 13, lb, 0xfffffffe, -1, ld_mid
    TEST_LD_OP 14, lb, 0x00000012, 0, ld_mid
    TEST_LD_OP 15, lb, 0x00000034, 1, ld_mid
    TEST_LD_OP 16, lb, 0x00000056, 2, ld_mid
    TEST_LD_OP 17, lb, 0x00000078, 3, ld_mid
    TEST_LD_OP 18, lb, 0xffffff9a, 4, ld_mid
    TEST_LD_OP 19, lb, 0xffffffbc, 5, ld_mid
    TEST_LD_OP 20, lb, 0xffffffde, 6, ld_mid
    TEST_LD_OP 21, lb, 0xfffffff0, 7, ld_mid
    TEST_LD_OP 22, lb, 0xffffffa5, 8, ld_mid
    TEST_LD_OP 23, lb, 0x0000005a, 9, ld_mid
    TEST_LD_OP 24, lb, 0xffffff81, 10, ld_mid
    TEST_LD_OP 25, lb, 0x00000018, 11, ld_mid

# lbu: from ld_mid, backwards and forwards
    TEST_LD_OP 26, lbu, 0x000000ff, -12, ld_mid
    TEST_LD_OP 27, lbu, 0x00000000, -11, ld_mid
    TEST_LD_OP 28, lbu, 0x000000f0, -10, ld_mid
    TEST_LD_OP 29, lbu, 0x0000000f, -9, ld_mid
    TEST_LD_OP 30, lbu, 0x00000000, -8, ld_mid
    TEST_LD_OP 31, lbu, 0x000000ff, -7, ld_mid
    TEST_LD_OP 32, lbu, 0x0000000f, -6, ld_mid
    TEST_LD_OP 33, lbu, 0x000000f0, -5, ld_mid
    TEST_LD_OP 34, lbu, 0x00000080, -4, ld_mid
    TEST_LD_OP 35, lbu, 0x0000007f, -3, ld_mid
    TEST_LD_OP 36, lbu, 0x00000001, -2, ld_mid
    TEST_LD_OP 37, lbu, 0x000000fe, -1, ld_mid
    TEST_LD_OP 38, lbu, 0x00000012, 0, ld_mid
    TEST_LD_OP 39, lbu, 0x00000034, 1, ld_mid
    TEST_LD_OP 40, lbu, 0x00000056, 2, ld_mid
    TEST_LD_OP 41, lbu, 0x00000078, 3, ld_mid
    TEST_LD_OP 42, lbu, 0x0000009a, 4, ld_mid
    TEST_LD_OP 43, lbu, 0x000000bc, 5, ld_mid
    TEST_LD_OP 44, lbu, 0x000000de, 6, ld_mid
    TEST_LD_OP 45, lbu, 0x000000f0, 7, ld_mid
    TEST_LD_OP 46, lbu, 0x000000a5, 8, ld_mid
    TEST_LD_OP 47, lbu, 0x0000005a, 9, ld_mid
    TEST_LD_OP 48, lbu, 0x00000081, 10, ld_mid
    TEST_LD_OP 49, lbu, 0x00000018, 11, ld_mid

# lh: from ld_mid, backwards and forwards
    TEST_LD_OP 50, lh, 0x000000ff, -12, ld_mid
    TEST_LD_OP 51, lh, 0x00000ff0, -10, ld_mid
    TEST_LD_OP 52, lh, 0xffffff00, -8, ld_mid
    TEST_LD_OP 53, lh, 0xfffff00f, -6, ld_mid
    TEST_LD_OP 54, lh, 0x00007f80, -4, ld_mid
    TEST_LD_OP 55, lh, 0xfffffe01, -2, ld_mid
    TEST_LD_OP 56, lh, 0x00003412, 0, ld_mid
    TEST_LD_OP 57, lh, 0x00007856, 2, ld_mid
    TEST_LD_OP 58, lh, 0xffffbc9a, 4, ld_mid
    TEST_LD_OP 59, lh, 0xfffff0de, 6, ld_mid
    TEST_LD_OP 60, lh, 0x00005aa5, 8, ld_mid
    TEST_LD_OP 61, lh, 0x00001881, 10, ld_mid
# lh: misaligned addresses complete (as on QEMU)
    TEST_LD_OP 62, lh, 0xfffff000, -11, ld_mid
    TEST_LD_OP 63, lh, 0x0000000f, -9, ld_mid
    TEST_LD_OP 64, lh, 0x00000fff, -7, ld_mid
    TEST_LD_OP 65, lh, 0xffff80f0, -5, ld_mid
    TEST_LD_OP 66, lh, 0x0000017f, -3, ld_mid
    TEST_LD_OP 67, lh, 0x000012fe, -1, ld_mid
    TEST_LD_OP 68, lh, 0x00005634, 1, ld_mid
    TEST_LD_OP 69, lh, 0xffff9a78, 3, ld_mid
    TEST_LD_OP 70, lh, 0xffffdebc, 5, ld_mid
    TEST_LD_OP 71, lh, 0xffffa5f0, 7, ld_mid

# lhu: from ld_mid, backwards and forwards
    TEST_LD_OP 72, lhu, 0x000000ff, -12, ld_mid
    TEST_LD_OP 73, lhu, 0x00000ff0, -10, ld_mid
    TEST_LD_OP 74, lhu, 0x0000ff00, -8, ld_mid
    TEST_LD_OP 75, lhu, 0x0000f00f, -6, ld_mid
    TEST_LD_OP 76, lhu, 0x00007f80, -4, ld_mid
    TEST_LD_OP 77, lhu, 0x0000fe01, -2, ld_mid
    TEST_LD_OP 78, lhu, 0x00003412, 0, ld_mid
    TEST_LD_OP 79, lhu, 0x00007856, 2, ld_mid
    TEST_LD_OP 80, lhu, 0x0000bc9a, 4, ld_mid
    TEST_LD_OP 81, lhu, 0x0000f0de, 6, ld_mid
    TEST_LD_OP 82, lhu, 0x00005aa5, 8, ld_mid
    TEST_LD_OP 83, lhu, 0x00001881, 10, ld_mid
# lhu: misaligned addresses complete (as on QEMU)
    TEST_LD_OP 84, lhu, 0x0000f000, -11, ld_mid
    TEST_LD_OP 85, lhu, 0x0000000f, -9, ld_mid
    TEST_LD_OP 86, lhu, 0x00000fff, -7, ld_mid
    TEST_LD_OP 87, lhu, 0x000080f0, -5, ld_mid
    TEST_LD_OP 88, lhu, 0x0000017f, -3, ld_mid
    TEST_LD_OP 89, lhu, 0x000012fe, -1, ld_mid
    TEST_LD_OP 90, lhu, 0x00005634, 1, ld_mid
    TEST_LD_OP 91, lhu, 0x00009a78, 3, ld_mid
    TEST_LD_OP 92, lhu, 0x0000debc, 5, ld_mid
    TEST_LD_OP 93, lhu, 0x0000a5f0, 7, ld_mid

# lw: from ld_mid, backwards and forwards
    TEST_LD_OP 94, lw, 0x0ff000ff, -12, ld_mid
    TEST_LD_OP 95, lw, 0xf00fff00, -8, ld_mid
    TEST_LD_OP 96, lw, 0xfe017f80, -4, ld_mid
    TEST_LD_OP 97, lw, 0x78563412, 0, ld_mid
    TEST_LD_OP 98, lw, 0xf0debc9a, 4, ld_mid
    TEST_LD_OP 99, lw, 0x18815aa5, 8, ld_mid
# lw: misaligned addresses complete (as on QEMU)
    TEST_LD_OP 100, lw, 0x000ff000, -11, ld_mid
    TEST_LD_OP 101, lw, 0xff000ff0, -10, ld_mid
    TEST_LD_OP 102, lw, 0x0fff000f, -9, ld_mid
    TEST_LD_OP 103, lw, 0x80f00fff, -7, ld_mid
    TEST_LD_OP 104, lw, 0x7f80f00f, -6, ld_mid
    TEST_LD_OP 105, lw, 0x017f80f0, -5, ld_mid
    TEST_LD_OP 106, lw, 0x12fe017f, -3, ld_mid
    TEST_LD_OP 107, lw, 0x3412fe01, -2, ld_mid
    TEST_LD_OP 108, lw, 0x563412fe, -1, ld_mid
    TEST_LD_OP 109, lw, 0x9a785634, 1, ld_mid
    TEST_LD_OP 110, lw, 0xbc9a7856, 2, ld_mid
    TEST_LD_OP 111, lw, 0xdebc9a78, 3, ld_mid
    TEST_LD_OP 112, lw, 0xa5f0debc, 5, ld_mid
    TEST_LD_OP 113, lw, 0x5aa5f0de, 6, ld_mid
    TEST_LD_OP 114, lw, 0x815aa5f0, 7, ld_mid

# the base register is also the destination
test_115:
    li      gp, 115
    la      x1, ld_mid
    lw      x1, 4(x1)
    li      t2, 0xf0debc9a
    bne     x1, t2, rvtest_fail

# a load into x0 is dropped
test_116:
    li      gp, 116
    la      x1, ld_mid
    lw      x0, 4(x1)
    bnez    x0, rvtest_fail

# a misaligned word that straddles a 4 KiB page boundary
    TEST_LD_OP 117, lw, 0xffeeddcc, -2, ld_page
    TEST_LD_OP 118, lh, 0xffffddcc, -2, ld_page
    TEST_LD_OP 119, lhu, 0x0000eedd, -1, ld_page
    TEST_ST_OP 120, lw, sw, 0x13579bdf, -3, st_page
    TEST_ST_WORD 121, sw, 0x13579bdf, -3, st_page, -4, 0x579bdf00
    TEST_ST_WORD 122, sw, 0x13579bdf, -3, st_page, 0, 0x00000013

# sb: store, load back, then check the enclosing word
    TEST_ST_OP 123, lbu, sb, 0x000000aa, -8, st_mid
    TEST_ST_WORD 124, sb, 0x000000aa, -8, st_mid, -8, 0x000000aa
    TEST_ST_OP 125, lbu, sb, 0x0000000a, -7, st_mid
    TEST_ST_WORD 126, sb, 0x0000000a, -7, st_mid, -8, 0x00000aaa
    TEST_ST_OP 127, lbu, sb, 0x000000a0, -6, st_mid
    TEST_ST_WORD 128, sb, 0x000000a0, -6, st_mid, -8, 0x00a00aaa
    TEST_ST_OP 129, lbu, sb, 0x00000055, -5, st_mid
    TEST_ST_WORD 130, sb, 0x00000055, -5, st_mid, -8, 0x55a00aaa

# sh: store, load back, then check the enclosing word
    TEST_ST_OP 131, lhu, sh, 0x0000aabb, -8, st_mid
    TEST_ST_WORD 132, sh, 0x0000aabb, -8, st_mid, -8, 0x55a0aabb
    TEST_ST_OP 133, lhu, sh, 0x00000aa0, -6, st_mid
    TEST_ST_WORD 134, sh, 0x00000aa0, -6, st_mid, -8, 0x0aa0aabb
    TEST_ST_OP 135, lhu, sh, 0x0000a00a, -4, st_mid
    TEST_ST_WORD 136, sh, 0x0000a00a, -4, st_mid, -4, 0x0000a00a
    TEST_ST_OP 137, lhu, sh, 0x0000beef, -2, st_mid
    TEST_ST_WORD 138, sh, 0x0000beef, -2, st_mid, -4, 0xbeefa00a
    TEST_ST_OP 139, lhu, sh, 0x0000aabb, 1, st_mid
    TEST_ST_WORD 140, sh, 0x0000aabb, 1, st_mid, 0, 0x00aabb00
    TEST_ST_OP 141, lhu, sh, 0x00000aa0, 3, st_mid
    TEST_ST_WORD 142, sh, 0x00000aa0, 3, st_mid, 0, 0xa0aabb00
    TEST_ST_WORD 143, sh, 0x00000aa0, 3, st_mid, 4, 0x0000000a
    TEST_ST_OP 144, lhu, sh, 0x0000a00a, 5, st_mid
    TEST_ST_WORD 145, sh, 0x0000a00a, 5, st_mid, 4, 0x00a00a0a
    TEST_ST_OP 146, lhu, sh, 0x0000beef, 7, st_mid
    TEST_ST_WORD 147, sh, 0x0000beef, 7, st_mid, 4, 0xefa00a0a
    TEST_ST_WORD 148, sh, 0x0000beef, 7, st_mid, 8, 0x000000be

# sw: store, load back, then check the enclosing word
    TEST_ST_OP 149, lw, sw, 0xaabbccdd, -8, st_mid
    TEST_ST_WORD 150, sw, 0xaabbccdd, -8, st_mid, -8, 0xaabbccdd
    TEST_ST_OP 151, lw, sw, 0x0aa00aa0, -4, st_mid
    TEST_ST_WORD 152, sw, 0x0aa00aa0, -4, st_mid, -4, 0x0aa00aa0
    TEST_ST_OP 153, lw, sw, 0xa00aa00a, 0, st_mid
    TEST_ST_WORD 154, sw, 0xa00aa00a, 0, st_mid, 0, 0xa00aa00a
    TEST_ST_OP 155, lw, sw, 0xdeadbeef, 4, st_mid
    TEST_ST_WORD 156, sw, 0xdeadbeef, 4, st_mid, 4, 0xdeadbeef
    TEST_ST_OP 157, lw, sw, 0xaabbccdd, 1, st_mid
    TEST_ST_WORD 158, sw, 0xaabbccdd, 1, st_mid, 0, 0xbbccdd0a
    TEST_ST_WORD 159, sw, 0xaabbccdd, 1, st_mid, 4, 0xdeadbeaa
    TEST_ST_OP 160, lw, sw, 0x0aa00aa0, 3, st_mid
    TEST_ST_WORD 161, sw, 0x0aa00aa0, 3, st_mid, 0, 0xa0ccdd0a
    TEST_ST_WORD 162, sw, 0x0aa00aa0, 3, st_mid, 4, 0xde0aa00a
    TEST_ST_OP 163, lw, sw, 0xa00aa00a, 5, st_mid
    TEST_ST_WORD 164, sw, 0xa00aa00a, 5, st_mid, 4, 0x0aa00a0a
    TEST_ST_WORD 165, sw, 0xa00aa00a, 5, st_mid, 8, 0x000000a0
    TEST_ST_OP 166, lw, sw, 0xdeadbeef, 6, st_mid
    TEST_ST_WORD 167, sw, 0xdeadbeef, 6, st_mid, 4, 0xbeef0a0a
    TEST_ST_WORD 168, sw, 0xdeadbeef, 6, st_mid, 8, 0x0000dead
    TEST_ST_OP 169, lw, sw, 0xaabbccdd, 7, st_mid
    TEST_ST_WORD 170, sw, 0xaabbccdd, 7, st_mid, 4, 0xddef0a0a
    TEST_ST_WORD 171, sw, 0xaabbccdd, 7, st_mid, 8, 0x00aabbcc

# the high bits of rs2 are ignored by sb/sh
    TEST_ST_WORD 172, sb, 0x12345678, 24, st_mid, 24, 0x00000078
    TEST_ST_WORD 173, sh, 0x87654321, 28, st_mid, 28, 0x00004321

    RVTEST_CODE_END
    RVTEST_DATA_BEGIN
ld_data:
    .word 0x0ff000ff, 0xf00fff00, 0xfe017f80
ld_mid:
    .word 0x78563412, 0xf0debc9a, 0x18815aa5
st_data:
    .zero 16
st_mid:
    .zero 32
    .balign 4096
    .zero 4092
    .byte 0xaa, 0xbb, 0xcc, 0xdd
ld_page:
    .byte 0xee, 0xff, 0x11, 0x22
    .balign 4096
    .zero 4092
st_page:
    .zero 8
    RVTEST_DATA_END
