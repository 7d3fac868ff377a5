# userland/programs/hexdump.s — bytes in hex and as text, like `hexdump -C`.
#
# `hexdump [-C] [FILE]` prints its input (FILE, or descriptor 0) sixteen
# bytes a line in the canonical form of BSD/util-linux `hexdump -C`:
#     00000000  68 65 6c 6c 6f 0a                                 |hello.|
#     00000006
# offset, the bytes in hex (an extra space after the eighth), then the
# bytes as text between bars ('.' for a byte outside 0x20-0x7e); a line
# equal to the one before is shown once as `*`; the last line is the
# length.  `-C` is accepted for habit: it is the only form.
# Exits 0, 1 with `hexdump: FILE: words` on a failure, 2 with a usage line.

    .include "abi.inc"
    .include "frame.inc"
    .equ CHUNK, 4096                # a multiple of 16: only the last line is short

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
# s0 = argv cursor, s1 = words left, s2 = fd, s3 = result, s4 = name.
    .globl main
main:
    prologue ra, s0, s1, s2, s3, s4
    addi    s0, a1, 4
    addi    s1, a0, -1
    la      s4, stdin_text
    li      s2, 0
    beqz    s1, 3f
    lw      a0, 0(s0)
    la      a1, canonical_text
    call    strcmp
    bnez    a0, 1f
    addi    s0, s0, 4
    addi    s1, s1, -1
1:  li      t0, 1
    bgtu    s1, t0, 7f
    beqz    s1, 3f
    lw      s4, 0(s0)
    mv      a0, s4
    li      a1, O_RDONLY
    call    open
    mv      s3, a0
    bltz    a0, 8f
    mv      s2, a0
3:  mv      a0, s2
    call    dump_fd
    mv      s3, a0
    beqz    s2, 4f
    mv      a0, s2
    call    close
4:  bltz    s3, 8f
    li      a0, 0
    j       9f
7:  li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 2
    j       9f
8:  mv      a0, s3
    la      a1, hexdump_name_text
    mv      a2, s4
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

# dump_fd(a0 = fd) -> a0 = 0 or -errno.
# Clobbers caller-saved. s0 = fd, s1 = offset, s2 = bytes in the chunk,
# s3 = line cursor, s4 = 1 after a `*` (until a line differs), s5 = 1 once
# a full line was shown (prev_line holds it).
dump_fd:
    prologue ra, s0, s1, s2, s3, s4, s5
    mv      s0, a0
    li      s1, 0
    li      s4, 0
    li      s5, 0
1:  li      s2, 0                   # fill the chunk (reads may come short)
2:  mv      a0, s0
    la      a1, chunk
    add     a1, a1, s2
    li      a2, CHUNK
    sub     a2, a2, s2
    call    read
    bltz    a0, 9f
    add     s2, s2, a0
    beqz    a0, 3f
    li      t0, CHUNK
    bltu    s2, t0, 2b
3:  beqz    s2, 8f                  # the end
    la      s3, chunk
4:  la      t0, chunk
    add     t0, t0, s2
    sub     a1, t0, s3              # bytes left in the chunk
    blez    a1, 6f
    li      t0, 16
    bleu    a1, t0, 5f
    mv      a1, t0
5:  mv      a0, s3
    call    dump_line
    addi    s3, s3, 16
    addi    s1, s1, 16
    j       4b
6:  li      t0, CHUNK
    beq     s2, t0, 1b              # a full chunk: maybe more
    sub     s1, s1, s3              # the true length: the last line was short
    add     s1, s1, s2
    la      t0, chunk
    add     s1, s1, t0
8:  li      a0, 0
    beqz    s1, 9f                  # empty input: nothing at all
    la      a0, offset_format
    mv      a1, s1
    call    printf
    li      a0, 0
9:  epilogue
    ret

# dump_line(a0 = bytes, a1 = count, 1..16), with dump_fd's s1 (offset),
# s4 and s5: prints the line, or `*` for the first of a run of lines equal
# to the one before. Clobbers caller-saved.
dump_line:
    prologue ra, s6, s7
    mv      s6, a0
    mv      s7, a1
    li      t0, 16
    bne     s7, t0, 2f              # only whole lines are compared
    beqz    s5, 1f
    la      a1, prev_line
    li      a2, 16
    call    memcmp
    bnez    a0, 1f
    bnez    s4, 9f                  # already starred
    li      s4, 1
    la      a0, star_text
    call    printf
    j       9f
1:  la      a0, prev_line
    mv      a1, s6
    li      a2, 16
    call    memcpy
    li      s5, 1
2:  li      s4, 0
    la      t6, line_text           # build the line in line_text
    mv      t0, s1                  # the offset, 8 hex digits
    li      t1, 28
3:  srl     t2, t0, t1
    andi    t2, t2, 15
    la      t3, hex_digits
    add     t3, t3, t2
    lbu     t2, 0(t3)
    sb      t2, 0(t6)
    addi    t6, t6, 1
    addi    t1, t1, -4
    bgez    t1, 3b
    li      t2, ' '
    sb      t2, 0(t6)
    addi    t6, t6, 1
    li      t1, 0                   # t1 = byte index 0..15
4:  li      t2, ' '
    sb      t2, 0(t6)
    li      t0, 8
    bne     t1, t0, 5f
    sb      t2, 1(t6)               # the gap after the eighth byte
    addi    t6, t6, 1
5:  addi    t6, t6, 1
    bgeu    t1, s7, 6f
    add     t3, s6, t1
    lbu     t3, 0(t3)
    srli    t4, t3, 4
    la      t5, hex_digits
    add     t4, t5, t4
    lbu     t4, 0(t4)
    sb      t4, 0(t6)
    andi    t4, t3, 15
    add     t4, t5, t4
    lbu     t4, 0(t4)
    sb      t4, 1(t6)
    j       7f
6:  sb      t2, 0(t6)               # past the end: blanks
    sb      t2, 1(t6)
7:  addi    t6, t6, 2
    addi    t1, t1, 1
    li      t0, 16
    bltu    t1, t0, 4b
    li      t2, ' '
    sb      t2, 0(t6)
    sb      t2, 1(t6)
    li      t2, '|'
    sb      t2, 2(t6)
    addi    t6, t6, 3
    li      t1, 0                   # the bytes as text
8:  add     t3, s6, t1
    lbu     t3, 0(t3)
    li      t0, 0x20
    bltu    t3, t0, 81f
    li      t0, 0x7e
    bleu    t3, t0, 82f
81: li      t3, '.'
82: sb      t3, 0(t6)
    addi    t6, t6, 1
    addi    t1, t1, 1
    bltu    t1, s7, 8b
    li      t2, '|'
    sb      t2, 0(t6)
    li      t2, '\n'
    sb      t2, 1(t6)
    addi    t6, t6, 2
    li      a0, 1
    la      a1, line_text
    sub     a2, t6, a1
    call    write_all
9:  epilogue
    ret

    .section .rodata
hexdump_name_text: .asciz "hexdump"
canonical_text:    .asciz "-C"
stdin_text:        .asciz "-"
usage_text:        .asciz "usage: hexdump [-C] [FILE]\n"
offset_format:     .asciz "%08x\n"
star_text:         .asciz "*\n"
hex_digits:        .ascii "0123456789abcdef"

    .bss
prev_line: .zero 16
line_text: .zero 96
chunk:     .zero CHUNK
