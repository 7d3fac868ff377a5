# userland/programs/seq.s — print a sequence of integers, one per line.
#
#   seq LAST              1, 2, ... LAST
#   seq FIRST LAST        FIRST, FIRST+1, ... LAST
#   seq FIRST INCR LAST   FIRST, FIRST+INCR, ... while not past LAST
# as coreutils' seq does for integers (INCR may be negative, not 0).
# Output goes through stdio's buffer, so a pipeline gets large writes.

    .include "abi.inc"
    .include "frame.inc"

    .text

# main(a0 = argc, a1 = argv) -> exit status. Called by _start.
# s0 = next value, s1 = increment, s2 = last, s3 = argv, s4 = argc.
    .globl main
main:
    prologue_locals 16, ra, s0, s1, s2, s3, s4
    mv      s3, a1
    mv      s4, a0
    li      s0, 1
    li      s1, 1
    addi    t0, s4, -2
    li      t1, 2
    bgtu    t0, t1, .Lseq_usage     # 1 to 3 numbers
    lw      a0, 4(s3)
    call    number
    mv      s2, a0                  # seq LAST
    li      t0, 2
    beq     s4, t0, .Lseq_run
    mv      s0, s2                  # seq FIRST LAST
    lw      a0, 8(s3)
    call    number
    mv      s2, a0
    li      t0, 3
    beq     s4, t0, .Lseq_run
    mv      s1, s2                  # seq FIRST INCR LAST
    lw      a0, 12(s3)
    call    number
    mv      s2, a0
    bnez    s1, .Lseq_run
    li      a0, 2
    la      a1, zero_text
    call    dprintf
    li      a0, 1
    j       9f
.Lseq_run:
    bltz    s1, 2f
1:  bgt     s0, s2, 8f              # counting up
    mv      a0, s0
    call    print_line
    add     t0, s0, s1
    blt     t0, s0, 8f              # past the largest int: done
    mv      s0, t0
    j       1b
2:  blt     s0, s2, 8f              # counting down
    mv      a0, s0
    call    print_line
    add     t0, s0, s1
    bgt     t0, s0, 8f
    mv      s0, t0
    j       2b
8:  li      a0, 0
    j       9f
.Lseq_usage:
    li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 1
9:  epilogue
    ret

# number(a0 = text) -> a0 = its value; a word that is not a number ends
# the program: "seq: invalid argument 'x'". Clobbers caller-saved.
number:
    prologue ra, s0
    mv      s0, a0
    call    parse_int
    beqz    a1, 1f
    epilogue
    ret
1:  li      a0, 2
    la      a1, invalid_text
    mv      a2, s0
    call    dprintf
    li      a0, 1
    call    exit

# print_line(a0 = value): its decimal digits and a newline. Clobbers caller-saved.
print_line:
    prologue ra, s0
    mv      s0, a0
    bgez    s0, 1f
    li      a0, '-'
    call    stdout_char
    neg     s0, s0                  # -2^31 stays itself: unsigned, it is 2^31
1:  mv      a0, s0
    call    stdout_uint
    li      a0, '\n'
    call    stdout_char
    epilogue
    ret

    .section .rodata
usage_text:   .asciz "usage: seq LAST, seq FIRST LAST, seq FIRST INCR LAST\n"
invalid_text: .asciz "seq: invalid argument '%s'\n"
zero_text:    .asciz "seq: the increment must not be 0\n"
