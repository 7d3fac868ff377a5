# userland/programs/uniq.s — drop repeated adjacent lines of the input.
#
#   uniq [-c] [-d] [-u]
# as coreutils' uniq: -c puts each line's count before it ("%7d "), -d
# prints only lines that repeat, -u only lines that do not.  Lines are
# compared whole, up to LINE_MAX - 1 bytes (a longer line counts as several);
# a last line without '\n' gets one.

    .include "frame.inc"

    .equ LINE_MAX, 1024
    .equ OPT_COUNT, 1
    .equ OPT_REPEATED, 2
    .equ OPT_UNIQUE, 4

    .text

# main(a0 = argc, a1 = argv) -> exit status. Called by _start.
# s0 = options, s1 = count of the held line, s2 = held line length.
    .globl main
main:
    prologue ra, s0, s1, s2, s3
    li      s0, 0
    addi    s3, a1, 4
1:  lw      t0, 0(s3)
    beqz    t0, 4f
    lbu     t1, 0(t0)
    li      t2, '-'
    bne     t1, t2, .Luq_usage
    lbu     t1, 1(t0)
    lbu     t2, 2(t0)
    bnez    t2, .Luq_usage
    li      t2, 'c'
    li      t3, OPT_COUNT
    beq     t1, t2, 2f
    li      t2, 'd'
    li      t3, OPT_REPEATED
    beq     t1, t2, 2f
    li      t2, 'u'
    li      t3, OPT_UNIQUE
    bne     t1, t2, .Luq_usage
2:  or      s0, s0, t3
    addi    s3, s3, 4
    j       1b
4:  la      a0, held
    li      a1, LINE_MAX
    call    read_line
    mv      s2, a0
    beqz    s2, 8f                  # no input at all
    li      s1, 1
5:  la      a0, next
    li      a1, LINE_MAX
    call    read_line
    mv      s3, a0
    bne     s3, s2, 6f              # another line?
    la      a0, held
    la      a1, next
    mv      a2, s2
    call    memcmp
    bnez    a0, 6f
    addi    s1, s1, 1               # the same again
    j       5b
6:  call    emit_held
    beqz    s3, 8f
    la      a0, held                # the new one is held now
    la      a1, next
    mv      a2, s3
    call    memcpy
    mv      s2, s3
    li      s1, 1
    j       5b
8:  li      a0, 0
    j       9f
.Luq_usage:
    li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 1
9:  epilogue
    ret

# read_line(a0 = buffer, a1 = size) -> a0 = length, '\n' included (added
# to a last line without one); 0 at the end. Clobbers caller-saved.
read_line:
    prologue ra, s0
    mv      s0, a0
    addi    a1, a1, -1              # room for a '\n' we may add
    call    stdin_line
    beqz    a0, 9f
    add     t0, s0, a0
    lbu     t1, -1(t0)
    li      t2, '\n'
    beq     t1, t2, 9f
    sb      t2, 0(t0)
    addi    a0, a0, 1
9:  epilogue
    ret

# emit_held(), with s0 = options, s1 = count, s2 = length: prints the held
# line if the options want it. Clobbers caller-saved registers.
emit_held:
    prologue ra
    andi    t0, s0, OPT_REPEATED
    beqz    t0, 1f
    li      t1, 1
    beq     s1, t1, 9f              # -d: only repeated ones
1:  andi    t0, s0, OPT_UNIQUE
    beqz    t0, 2f
    li      t1, 1
    bne     s1, t1, 9f              # -u: only single ones
2:  andi    t0, s0, OPT_COUNT
    beqz    t0, 3f
    mv      a0, s1
    li      a1, 7
    call    stdout_uint_width
    li      a0, ' '
    call    stdout_char
3:  la      a0, held
    mv      a1, s2
    call    stdout_write
9:  epilogue
    ret

    .section .rodata
usage_text: .asciz "usage: uniq [-c] [-d] [-u]\n"

    .bss
held: .zero LINE_MAX
next: .zero LINE_MAX
