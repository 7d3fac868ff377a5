# userland/programs/tr.s — translate or delete bytes of the input.
#
#   tr SET1 SET2    each byte of SET1 becomes the byte at the same place in
#                   SET2 (SET2's last byte repeats when it is shorter)
#   tr -d SET1      bytes of SET1 are deleted
# Sets are bytes, ranges a-z, and the escapes \n \t \\, as in coreutils'
# tr (no classes such as [:alpha:]).

    .include "frame.inc"

    .equ SET_MAX, 256

    .text

# main(a0 = argc, a1 = argv) -> exit status. Called by _start.
# s0 = delete mode, s1 = argv.
    .globl main
main:
    prologue ra, s0, s1, s2, s3
    mv      s1, a1
    li      s0, 0
    li      t0, 3
    bne     a0, t0, .Ltr_usage
    lw      a0, 4(s1)               # -d SET1?
    la      a1, delete_text
    call    strcmp
    seqz    s0, a0
    li      t0, 0                   # the map starts as the identity
    la      t1, map
1:  add     t2, t1, t0
    sb      t0, 0(t2)
    addi    t0, t0, 1
    li      t2, 256
    bltu    t0, t2, 1b
    beqz    s0, 2f
    lw      a0, 8(s1)               # delete: mark SET1's bytes
    la      a1, set1
    call    expand_set
    mv      s2, a0
    li      t0, 0
3:  bgeu    t0, s2, .Ltr_copy
    la      t1, set1
    add     t1, t1, t0
    lbu     t1, 0(t1)
    la      t2, deleted
    add     t2, t2, t1
    li      t3, 1
    sb      t3, 0(t2)
    addi    t0, t0, 1
    j       3b
2:  lw      a0, 4(s1)               # translate: SET1 -> SET2
    la      a1, set1
    call    expand_set
    mv      s2, a0
    lw      a0, 8(s1)
    la      a1, set2
    call    expand_set
    mv      s3, a0
    beqz    s3, .Ltr_empty
    li      t0, 0
4:  bgeu    t0, s2, .Ltr_copy
    mv      t1, t0                  # SET2's last byte repeats
    bltu    t1, s3, 5f
    addi    t1, s3, -1
5:  la      t2, set2
    add     t2, t2, t1
    lbu     t2, 0(t2)
    la      t1, set1
    add     t1, t1, t0
    lbu     t1, 0(t1)
    la      t3, map
    add     t3, t3, t1
    sb      t2, 0(t3)
    addi    t0, t0, 1
    j       4b
.Ltr_copy:
    call    stdin_char
    bltz    a0, 8f
    la      t0, deleted
    add     t0, t0, a0
    lbu     t0, 0(t0)
    bnez    t0, .Ltr_copy
    la      t0, map
    add     t0, t0, a0
    lbu     a0, 0(t0)
    call    stdout_char
    j       .Ltr_copy
8:  li      a0, 0
    j       9f
.Ltr_empty:
    li      a0, 2
    la      a1, empty_text
    call    dprintf
    li      a0, 1
    j       9f
.Ltr_usage:
    li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 1
9:  epilogue
    ret

# expand_set(a0 = text, a1 = SET_MAX-byte array) -> a0 = bytes in the set.
# Ranges and escapes become their bytes; a range backwards (z-a) ends the
# program with an error. Clobbers caller-saved registers.
# s0 = text cursor, s1 = out, s2 = count.
expand_set:
    prologue_locals 16, ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      s2, 0
1:  mv      a0, s0
    call    set_byte                # a0 = byte or -1 at the end, a1 = its length
    bltz    a0, 8f
    add     s0, s0, a1
    lbu     t0, 0(s0)               # a range?
    li      t1, '-'
    bne     t0, t1, 3f
    lbu     t0, 1(s0)
    beqz    t0, 3f                  # a '-' at the end is itself
    mv      t3, a0
    addi    a0, s0, 1
    sw      t3, 0(sp)
    call    set_byte
    lw      t3, 0(sp)               # (t3 = the range's first byte)
    bltu    a0, t3, 7f
    addi    s0, s0, 1
    add     s0, s0, a1
2:  bgtu    t3, a0, 1b              # first..last
    li      t1, SET_MAX
    bgeu    s2, t1, 1b
    add     t1, s1, s2
    sb      t3, 0(t1)
    addi    s2, s2, 1
    addi    t3, t3, 1
    j       2b
3:  li      t1, SET_MAX
    bgeu    s2, t1, 1b
    add     t1, s1, s2
    sb      a0, 0(t1)
    addi    s2, s2, 1
    j       1b
7:  li      a0, 2
    la      a1, range_text
    call    dprintf
    li      a0, 1
    call    exit
8:  mv      a0, s2
    epilogue
    ret

# set_byte(a0 = text) -> a0 = its first byte (an escape decoded) or -1 at
# its end, a1 = bytes it took. Clobbers t0, t1.
set_byte:
    lbu     t0, 0(a0)
    beqz    t0, 8f
    li      t1, '\\'
    bne     t0, t1, 1f
    lbu     t0, 1(a0)
    beqz    t0, 1f                  # a '\' at the end is itself
    li      a1, 2
    li      t1, 'n'
    bne     t0, t1, 2f
    li      a0, '\n'
    ret
2:  li      t1, 't'
    bne     t0, t1, 3f
    li      a0, '\t'
    ret
3:  mv      a0, t0                  # \\ and any other: the byte itself
    ret
1:  li      a1, 1
    lbu     a0, 0(a0)
    ret
8:  li      a0, -1
    li      a1, 0
    ret

    .section .rodata
delete_text: .asciz "-d"
usage_text:  .asciz "usage: tr SET1 SET2, tr -d SET1\n"
empty_text:  .asciz "tr: SET2 must not be empty\n"
range_text:  .asciz "tr: a range must not go backwards\n"

    .bss
map:     .zero 256
deleted: .zero 256
set1:    .zero SET_MAX
set2:    .zero SET_MAX
