# userland/programs/wc.s — count the lines, words and bytes of the input.
#
#   wc [-l] [-w] [-c]
# reads descriptor 0 to its end.  Without options it prints all three, each
# right-aligned in 7 columns, as coreutils' wc does for its standard input;
# with options only those counts (one count alone: just the number).  A
# word is a run of bytes that are not space, tab, newline, CR, VT or FF.

    .include "frame.inc"

    .equ WANT_LINES, 1
    .equ WANT_WORDS, 2
    .equ WANT_BYTES, 4

    .text

# main(a0 = argc, a1 = argv) -> exit status. Called by _start.
# s0 = lines, s1 = words, s2 = bytes, s3 = in a word, s4 = counts wanted.
    .globl main
main:
    prologue ra, s0, s1, s2, s3, s4, s5
    li      s4, 0
    addi    s5, a1, 4               # the options
1:  lw      t0, 0(s5)
    beqz    t0, 3f
    lbu     t1, 0(t0)
    li      t2, '-'
    bne     t1, t2, .Lwc_usage
    addi    t0, t0, 1
    lbu     t1, 0(t0)
    beqz    t1, .Lwc_usage
2:  lbu     t1, 0(t0)
    beqz    t1, 4f
    li      t2, 'l'
    li      t3, WANT_LINES
    beq     t1, t2, 5f
    li      t2, 'w'
    li      t3, WANT_WORDS
    beq     t1, t2, 5f
    li      t2, 'c'
    li      t3, WANT_BYTES
    bne     t1, t2, .Lwc_usage
5:  or      s4, s4, t3
    addi    t0, t0, 1
    j       2b
4:  addi    s5, s5, 4
    j       1b
3:  bnez    s4, 6f
    li      s4, WANT_LINES | WANT_WORDS | WANT_BYTES
6:  li      s0, 0
    li      s1, 0
    li      s2, 0
    li      s3, 0
.Lwc_next:
    call    stdin_char
    bltz    a0, .Lwc_print
    addi    s2, s2, 1
    li      t0, '\n'
    bne     a0, t0, 1f
    addi    s0, s0, 1
1:  li      t0, ' '                 # white space: ' ', \t \n \v \f \r
    beq     a0, t0, 2f
    addi    t0, a0, -9
    li      t1, 5
    bltu    t0, t1, 2f
    bnez    s3, .Lwc_next           # inside a word
    li      s3, 1
    addi    s1, s1, 1
    j       .Lwc_next
2:  li      s3, 0
    j       .Lwc_next
.Lwc_print:
    li      s5, 0                   # counts printed so far
    la      a0, width_text          # one count alone: no padding
    li      t0, WANT_LINES
    beq     s4, t0, 1f
    li      t0, WANT_WORDS
    beq     s4, t0, 1f
    li      t0, WANT_BYTES
    beq     s4, t0, 1f
    la      a0, padded_text
1:  la      t0, format
    sw      a0, 0(t0)
    andi    t0, s4, WANT_LINES
    beqz    t0, 2f
    mv      a0, s0
    call    print_count
2:  andi    t0, s4, WANT_WORDS
    beqz    t0, 3f
    mv      a0, s1
    call    print_count
3:  andi    t0, s4, WANT_BYTES
    beqz    t0, 4f
    mv      a0, s2
    call    print_count
4:  la      a0, newline_text
    call    printf
    li      a0, 0
    j       9f
.Lwc_usage:
    li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 1
9:  epilogue
    ret

# print_count(a0 = count), with s5 = counts printed: a space between counts.
print_count:
    prologue ra, s0
    mv      s0, a0
    beqz    s5, 1f
    la      a0, space_text
    call    printf
1:  addi    s5, s5, 1
    la      t0, format
    lw      a0, 0(t0)
    mv      a1, s0
    call    printf
    epilogue
    ret

    .section .rodata
usage_text:   .asciz "usage: wc [-l] [-w] [-c]\n"
width_text:   .asciz "%u"
padded_text:  .asciz "%7u"
space_text:   .asciz " "
newline_text: .asciz "\n"

    .bss
    .balign 4
format: .zero 4
