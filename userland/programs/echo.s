# userland/programs/echo.s — prints its arguments separated by spaces.

    .include "frame.inc"
    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = 0. Called by _start (crt0).
# s0 = argv cursor, s1 = arguments left.
main:
    prologue ra, s0, s1
    addi    s0, a1, 4               # skip argv[0], the program name
    addi    s1, a0, -1
1:  blez    s1, 3f
    lw      a1, 0(s0)
    la      a0, word_text
    call    printf
    addi    s0, s0, 4
    addi    s1, s1, -1
    blez    s1, 3f
    la      a0, space_text
    call    printf
    j       1b
3:  la      a0, newline_text
    call    printf
    li      a0, 0
    epilogue
    ret

    .section .rodata
word_text:    .asciz "%s"
space_text:   .asciz " "
newline_text: .asciz "\n"
