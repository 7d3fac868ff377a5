# userland/programs/sort.s — sort the lines of the input.
#
#   sort [-r] [-n] [-u]
# Lines compare byte by byte (as coreutils' sort in the C locale); -n
# compares the numbers the lines start with (blanks, an optional '-',
# digits; no number is 0), equal numbers then by bytes; -r reverses; -u
# keeps one of each run of equal lines (equal numbers, with -n).  The whole
# input is held: up to SORT_BYTES bytes in SORT_LINES lines, more is an
# error.  A last line without '\n' gets one.  Merge sort: n log n compares.

    .include "frame.inc"

    .equ SORT_BYTES, 262144
    .equ SORT_LINES, 16384
    .equ OPT_REVERSE, 1
    .equ OPT_NUMERIC, 2
    .equ OPT_UNIQUE, 4

    .text

# main(a0 = argc, a1 = argv) -> exit status. Called by _start.
# s0 = bytes used, s1 = lines, s2 = argv cursor / index, s3 = previous line printed.
    .globl main
main:
    prologue ra, s0, s1, s2, s3
    addi    s2, a1, 4
1:  lw      t0, 0(s2)               # options: -r -n -u, alone or together
    beqz    t0, 4f
    lbu     t1, 0(t0)
    li      t2, '-'
    bne     t1, t2, .Lsort_usage
    addi    t0, t0, 1
    lbu     t1, 0(t0)
    beqz    t1, .Lsort_usage
2:  lbu     t1, 0(t0)
    beqz    t1, 3f
    li      t2, 'r'
    li      t3, OPT_REVERSE
    beq     t1, t2, 5f
    li      t2, 'n'
    li      t3, OPT_NUMERIC
    beq     t1, t2, 5f
    li      t2, 'u'
    li      t3, OPT_UNIQUE
    bne     t1, t2, .Lsort_usage
5:  la      t2, options
    lw      t4, 0(t2)
    or      t4, t4, t3
    sw      t4, 0(t2)
    addi    t0, t0, 1
    j       2b
3:  addi    s2, s2, 4
    j       1b
4:  li      s0, 0                   # read every line
    li      s1, 0
.Lsort_read:
    la      a0, data
    add     a0, a0, s0
    li      a1, SORT_BYTES - 1
    sub     a1, a1, s0
    li      t0, 2
    blt     a1, t0, .Lsort_big
    call    stdin_line
    beqz    a0, .Lsort_sort
    la      t0, data
    add     t0, t0, s0              # t0 = the line
    add     t1, t0, a0
    lbu     t2, -1(t1)
    li      t3, '\n'
    beq     t2, t3, 6f
    li      t4, SORT_BYTES - 2      # no newline: the buffer ran out, or the last line
    add     t5, s0, a0
    bgeu    t5, t4, .Lsort_big
    sb      t3, 0(t1)
    addi    a0, a0, 1
6:  li      t2, SORT_LINES
    bgeu    s1, t2, .Lsort_big
    slli    t2, s1, 2
    la      t3, lines
    add     t2, t2, t3
    sw      t0, 0(t2)
    addi    s1, s1, 1
    add     s0, s0, a0
    j       .Lsort_read
.Lsort_sort:
    mv      a0, s1
    call    merge_sort
    li      s2, 0
    li      s3, 0
7:  bgeu    s2, s1, 8f
    slli    t0, s2, 2
    la      t1, lines
    add     t0, t0, t1
    lw      s0, 0(t0)               # (s0 is free now: this line)
    addi    s2, s2, 1
    la      t0, options
    lw      t0, 0(t0)
    andi    t0, t0, OPT_UNIQUE
    beqz    t0, 10f
    beqz    s3, 10f
    mv      a0, s3
    mv      a1, s0
    call    compare_keys
    beqz    a0, 7b                  # equal to the one printed: dropped
10: mv      s3, s0
    mv      a0, s0
    call    line_length
    mv      a1, a0
    mv      a0, s0
    call    stdout_write
    j       7b
8:  li      a0, 0
    j       9f
.Lsort_big:
    li      a0, 2
    la      a1, big_text
    li      a2, SORT_LINES
    li      a3, SORT_BYTES / 1024
    call    dprintf
    li      a0, 1
    j       9f
.Lsort_usage:
    li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 1
9:  epilogue
    ret

# line_length(a0 = line) -> a0 = its length, '\n' included. Clobbers t0, t1.
line_length:
    mv      t0, a0
1:  lbu     t1, 0(t0)
    addi    t0, t0, 1
    li      a1, '\n'
    bne     t1, a1, 1b
    sub     a0, t0, a0
    ret

# merge_sort(a0 = n): sorts lines[0..n) with compare, bottom-up, through
# scratch[]. Clobbers caller-saved registers.
# s0 = n, s1 = run width, s2 = left start, s3..s5 = merge cursors, s6 = out.
merge_sort:
    prologue ra, s0, s1, s2, s3, s4, s5, s6, s7, s8
    mv      s0, a0
    li      s1, 1
1:  bgeu    s1, s0, 9f
    li      s2, 0
2:  bgeu    s2, s0, 8f              # merge [s2, s2+w) and [s2+w, s2+2w)
    add     s7, s2, s1              # s7 = middle
    bleu    s7, s0, 3f
    mv      s7, s0
3:  add     s8, s7, s1              # s8 = end
    bleu    s8, s0, 4f
    mv      s8, s0
4:  mv      s3, s2                  # left cursor
    mv      s4, s7                  # right cursor
    mv      s6, s2                  # out
5:  bgeu    s6, s8, 7f
    bgeu    s3, s7, 6f              # left used up: take right
    bgeu    s4, s8, 10f             # right used up: take left
    slli    t0, s3, 2
    la      t1, lines
    add     t0, t0, t1
    lw      a0, 0(t0)
    slli    t0, s4, 2
    add     t0, t0, t1
    lw      a1, 0(t0)
    call    compare
    bgtz    a0, 6f                  # right first only when strictly smaller
10: slli    t0, s3, 2
    addi    s3, s3, 1
    j       11f
6:  slli    t0, s4, 2
    addi    s4, s4, 1
11: la      t1, lines
    add     t0, t0, t1
    lw      t0, 0(t0)
    slli    t2, s6, 2
    la      t1, scratch
    add     t2, t2, t1
    sw      t0, 0(t2)
    addi    s6, s6, 1
    j       5b
7:  mv      s3, s2                  # copy the merged run back
12: bgeu    s3, s8, 13f
    slli    t0, s3, 2
    la      t1, scratch
    add     t1, t1, t0
    lw      t1, 0(t1)
    la      t2, lines
    add     t2, t2, t0
    sw      t1, 0(t2)
    addi    s3, s3, 1
    j       12b
13: mv      s2, s8
    j       2b
8:  slli    s1, s1, 1
    j       1b
9:  epilogue
    ret

# compare(a0 = line, a1 = line) -> a0 < 0, 0, > 0 in the order the options
# ask. compare_keys: the same without the last resort (bytes) after equal
# numbers, for -u. Clobbers caller-saved registers.
compare:
    li      a2, 1
    j       compare_lines
compare_keys:
    li      a2, 0
compare_lines:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    mv      s2, a2
    la      t0, options
    lw      t0, 0(t0)
    andi    t0, t0, OPT_NUMERIC
    beqz    t0, 2f
    mv      a0, s0
    call    leading_number
    mv      t3, a0
    mv      a0, s1
    call    leading_number
    slt     t0, a0, t3              # sign(left - right), without overflow
    slt     t1, t3, a0
    sub     a0, t0, t1
    bnez    a0, 8f
    beqz    s2, 8f                  # equal keys, no last resort
2:  mv      t0, s0                  # bytes; a line that ends first is smaller
    mv      t1, s1
3:  lbu     t2, 0(t0)
    lbu     t3, 0(t1)
    li      t4, '\n'
    beq     t2, t4, 4f
    beq     t3, t4, 5f
    sub     a0, t2, t3
    bnez    a0, 8f
    addi    t0, t0, 1
    addi    t1, t1, 1
    j       3b
4:  li      a0, 0                   # left ended: equal or smaller
    beq     t3, t4, 8f
    li      a0, -1
    j       8f
5:  li      a0, 1
8:  la      t0, options
    lw      t0, 0(t0)
    andi    t0, t0, OPT_REVERSE
    beqz    t0, 9f
    neg     a0, a0
9:  epilogue
    ret

# leading_number(a0 = line) -> a0 = the number it starts with (after blanks;
# 0 if none). Clobbers t0-t2.
leading_number:
    li      t1, 0
    li      t2, 0                   # negative?
1:  lbu     t0, 0(a0)
    li      a1, ' '
    beq     t0, a1, 2f
    li      a1, '\t'
    bne     t0, a1, 3f
2:  addi    a0, a0, 1
    j       1b
3:  li      a1, '-'
    bne     t0, a1, 4f
    li      t2, 1
    addi    a0, a0, 1
4:  lbu     t0, 0(a0)
    addi    t0, t0, -'0'
    li      a1, 10
    bgeu    t0, a1, 5f
    mul     t1, t1, a1
    add     t1, t1, t0
    addi    a0, a0, 1
    j       4b
5:  mv      a0, t1
    beqz    t2, 6f
    neg     a0, a0
6:  ret

    .section .rodata
usage_text: .asciz "usage: sort [-r] [-n] [-u]\n"
big_text:   .asciz "sort: input too large (at most %u lines, %u KiB)\n"

    .bss
    .balign 4
options: .zero 4
lines:   .zero 4 * SORT_LINES
scratch: .zero 4 * SORT_LINES
data:    .zero SORT_BYTES
