# userland/programs/grep.s — print the lines of the input that match a pattern.
#
#   grep [-v] [-c] [-n] PATTERN
# PATTERN is a POSIX basic regular expression, this subset: a character
# matches itself; `.` any character; `[abc]`, `[a-z]`, `[^...]` a class
# (a `]` first in it is itself); `*` after any of these repeats it zero or
# more times; `^` at the start and `$` at the end anchor to the line's
# ends (elsewhere they are themselves); `\` makes the next character
# itself.  -v prints the lines that do not match, -c only their count, -n
# puts "N:" before each line.  Exit status 0 if a line was selected, 1 if
# none, 2 for a bad pattern or option (as coreutils' grep).  Lines are
# matched in pieces of LINE_MAX - 1 bytes at most.
# The matcher is Kernighan and Pike's (The Practice of Programming, 9.2)
# with classes and escapes added.

    .include "frame.inc"

    .equ LINE_MAX, 1024
    .equ OPT_INVERT, 1
    .equ OPT_COUNT, 2
    .equ OPT_NUMBER, 4

    .text

# main(a0 = argc, a1 = argv) -> exit status. Called by _start.
# s0 = options, s1 = pattern, s2 = line number, s3 = lines selected, s4 = length.
    .globl main
main:
    prologue ra, s0, s1, s2, s3, s4, s5
    li      s0, 0
    li      s1, 0
    addi    s5, a1, 4
1:  lw      t0, 0(s5)
    beqz    t0, 4f
    bnez    s1, .Lgrep_usage        # one pattern, options before it
    lbu     t1, 0(t0)
    li      t2, '-'
    bne     t1, t2, 3f
    lbu     t1, 1(t0)
    beqz    t1, 3f                  # "-" alone is a pattern
    addi    t0, t0, 1
2:  lbu     t1, 0(t0)
    beqz    t1, 5f
    li      t2, 'v'
    li      t3, OPT_INVERT
    beq     t1, t2, 6f
    li      t2, 'c'
    li      t3, OPT_COUNT
    beq     t1, t2, 6f
    li      t2, 'n'
    li      t3, OPT_NUMBER
    bne     t1, t2, .Lgrep_usage
6:  or      s0, s0, t3
    addi    t0, t0, 1
    j       2b
3:  mv      s1, t0
5:  addi    s5, s5, 4
    j       1b
4:  beqz    s1, .Lgrep_usage
    mv      a0, s1                  # a bad pattern is refused before any input
    call    check_pattern
    bnez    a0, .Lgrep_bad
    li      s2, 0
    li      s3, 0
.Lgrep_line:
    la      a0, line
    li      a1, LINE_MAX
    call    stdin_line
    beqz    a0, .Lgrep_end
    mv      s4, a0
    addi    s2, s2, 1
    la      t0, line                # match without the '\n'
    add     t0, t0, s4
    lbu     t1, -1(t0)
    li      t2, '\n'
    bne     t1, t2, 7f
    sb      zero, -1(t0)
7:  mv      a0, s1
    la      a1, line
    call    match
    andi    t0, s0, OPT_INVERT
    snez    t0, t0
    beq     a0, t0, .Lgrep_line     # not selected
    addi    s3, s3, 1
    andi    t0, s0, OPT_COUNT
    bnez    t0, .Lgrep_line
    andi    t0, s0, OPT_NUMBER
    beqz    t0, 8f
    mv      a0, s2
    call    stdout_uint
    li      a0, ':'
    call    stdout_char
8:  la      a0, line                # the line as it came, '\n' back
    call    strlen
    mv      a1, a0
    la      a0, line
    call    stdout_write
    li      a0, '\n'
    call    stdout_char
    j       .Lgrep_line
.Lgrep_end:
    andi    t0, s0, OPT_COUNT
    beqz    t0, 9f
    mv      a0, s3
    call    stdout_uint
    li      a0, '\n'
    call    stdout_char
9:  seqz    a0, s3                  # 0: something selected, 1: nothing
    j       10f
.Lgrep_bad:
    li      a0, 2
    la      a1, bad_text
    mv      a2, s1
    call    dprintf
    li      a0, 2
    j       10f
.Lgrep_usage:
    li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 2
10: epilogue
    ret

# check_pattern(a0 = pattern) -> a0 = 0, or 1 if a class is not closed.
# Clobbers caller-saved registers.
check_pattern:
    prologue ra, s0
    mv      s0, a0
1:  lbu     t0, 0(s0)
    beqz    t0, 2f
    mv      a0, s0
    call    element_length
    beqz    a0, 3f
    add     s0, s0, a0
    j       1b
2:  li      a0, 0
    j       9f
3:  li      a0, 1
9:  epilogue
    ret

# element_length(a0 = pattern element) -> a0 = its length in bytes (0: a
# class that is not closed). Clobbers t0, t1.
element_length:
    lbu     t0, 0(a0)
    li      t1, '\\'
    bne     t0, t1, 1f
    lbu     t0, 1(a0)
    beqz    t0, 5f                  # a '\' at the end is itself
    li      a0, 2
    ret
1:  li      t1, '['
    bne     t0, t1, 5f
    addi    t0, a0, 1               # t0 = cursor
    lbu     t1, 0(t0)
    li      a1, '^'
    bne     t1, a1, 2f
    addi    t0, t0, 1
2:  lbu     t1, 0(t0)               # a ']' first is itself
    li      a1, ']'
    bne     t1, a1, 3f
    addi    t0, t0, 1
3:  lbu     t1, 0(t0)
    beqz    t1, 4f
    li      a1, ']'
    beq     t1, a1, 6f
    addi    t0, t0, 1
    j       3b
6:  addi    t0, t0, 1
    sub     a0, t0, a0
    ret
4:  li      a0, 0
    ret
5:  li      a0, 1
    ret

# element_matches(a0 = element, a1 = character) -> a0 nonzero if it
# matches (the character is never NUL). Clobbers t0-t4.
element_matches:
    lbu     t0, 0(a0)
    li      t1, '.'
    bne     t0, t1, 1f
    li      a0, 1
    ret
1:  li      t1, '\\'
    bne     t0, t1, 2f
    lbu     t0, 1(a0)               # \x: x itself (even '[' or '.')
    bnez    t0, 11f
    li      t0, '\\'
    j       11f
2:  li      t1, '['
    beq     t0, t1, 3f
11: sub     a0, t0, a1              # itself
    seqz    a0, a0
    ret
3:  addi    t0, a0, 1               # a class: t0 = cursor, t4 = negated
    li      t4, 0
    lbu     t1, 0(t0)
    li      t2, '^'
    bne     t1, t2, 4f
    li      t4, 1
    addi    t0, t0, 1
4:  li      a0, 0                   # found?
    lbu     t1, 0(t0)               # the first item may be ']'
    j       6f
5:  lbu     t1, 0(t0)
    li      t2, ']'
    beq     t1, t2, 9f
6:  lbu     t2, 1(t0)               # a range c-d (not when '-' is last)
    li      t3, '-'
    bne     t2, t3, 7f
    lbu     t2, 2(t0)
    li      t3, ']'
    beq     t2, t3, 7f
    beqz    t2, 7f
    bltu    a1, t1, 8f
    bgtu    a1, t2, 8f
    li      a0, 1
8:  addi    t0, t0, 3
    j       5b
7:  bne     a1, t1, 10f
    li      a0, 1
10: addi    t0, t0, 1
    j       5b
9:  xor     a0, a0, t4
    ret

# match(a0 = pattern, a1 = text) -> a0 nonzero if the pattern matches
# somewhere in the text. Clobbers caller-saved registers.
match:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    lbu     t0, 0(s0)
    li      t1, '^'
    bne     t0, t1, 1f
    addi    a0, s0, 1
    call    match_here
    j       9f
1:  mv      a0, s0                  # at each position, the empty end too
    mv      a1, s1
    call    match_here
    bnez    a0, 9f
    lbu     t0, 0(s1)
    addi    s1, s1, 1
    bnez    t0, 1b
    li      a0, 0
9:  epilogue
    ret

# match_here(a0 = pattern, a1 = text) -> a0 nonzero if the pattern matches
# at the start of the text. Clobbers caller-saved registers.
# s0 = pattern, s1 = text, s2 = element length.
match_here:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
1:  lbu     t0, 0(s0)
    beqz    t0, 7f                  # the pattern is used up: a match
    mv      a0, s0
    call    element_length
    mv      s2, a0
    add     t0, s0, s2
    lbu     t1, 0(t0)
    li      t2, '*'
    bne     t1, t2, 2f
    mv      a0, s0                  # element* then the rest
    addi    a1, t0, 1
    mv      a2, s1
    call    match_star
    j       9f
2:  lbu     t0, 0(s0)               # `$` at the very end
    li      t1, '$'
    bne     t0, t1, 3f
    lbu     t0, 1(s0)
    bnez    t0, 3f
    lbu     t0, 0(s1)
    seqz    a0, t0
    j       9f
3:  lbu     a1, 0(s1)
    beqz    a1, 8f
    mv      a0, s0
    call    element_matches
    beqz    a0, 8f
    add     s0, s0, s2
    addi    s1, s1, 1
    j       1b
7:  li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# match_star(a0 = element, a1 = rest of the pattern, a2 = text) -> a0
# nonzero if element* rest matches at the text. Clobbers caller-saved.
match_star:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    mv      s2, a2
1:  mv      a0, s1
    mv      a1, s2
    call    match_here
    bnez    a0, 9f
    lbu     a1, 0(s2)
    beqz    a1, 8f
    mv      a0, s0
    call    element_matches
    beqz    a0, 8f
    addi    s2, s2, 1
    j       1b
8:  li      a0, 0
9:  epilogue
    ret

    .section .rodata
usage_text: .asciz "usage: grep [-v] [-c] [-n] PATTERN\n"
bad_text:   .asciz "grep: %s: a [ is not closed\n"

    .bss
line: .zero LINE_MAX
