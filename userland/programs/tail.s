# userland/programs/tail.s — the last lines of files.
#
# `tail [-n N | -N] [FILE...]` writes the last N lines (10 by default) of
# each FILE, or of its input without one; with several files each starts
# with `==> FILE <==`, as GNU tail does.  The input is read to its end
# keeping its last WINDOW bytes, so the lines shown are those that end in
# that window (a longer line shows its end only).  A FILE that cannot be
# read is reported as `tail: FILE: words`.
# Exits 0, 1 if any FILE failed, 2 with a usage line.

    .include "abi.inc"
    .include "frame.inc"
    .equ WINDOW, 16384

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
    .globl main
main:
    prologue ra
    la      a2, tail_fd
    la      a3, tail_name_text
    call    lines_of_files
    epilogue
    ret

# tail_fd(a0 = fd, a1 = lines) -> a0 = 0 or -errno.
# Clobbers caller-saved. s0 = fd, s1 = lines, s2 = bytes in the window.
tail_fd:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      s2, 0
1:  li      t0, WINDOW              # full: keep its second half
    bltu    s2, t0, 2f
    la      a0, window
    la      a1, window + WINDOW / 2
    li      a2, WINDOW / 2
    call    memmove
    li      s2, WINDOW / 2
2:  mv      a0, s0
    la      a1, window
    add     a1, a1, s2
    li      a2, WINDOW
    sub     a2, a2, s2
    call    read
    bltz    a0, 9f
    add     s2, s2, a0
    bnez    a0, 1b
    la      t0, window              # the end: back over `lines` newlines
    add     t1, t0, s2              # t1 = cursor, t2 = window's end
    mv      t2, t1
    beqz    s1, 6f
    beq     t1, t0, 6f
    lbu     t3, -1(t1)              # a last newline ends the last line
    li      t4, '\n'
    bne     t3, t4, 4f
    addi    t1, t1, -1
4:  beq     t1, t0, 6f
    lbu     t3, -1(t1)
    bne     t3, t4, 5f
    addi    s1, s1, -1
    beqz    s1, 6f
5:  addi    t1, t1, -1
    j       4b
6:  li      a0, 1
    mv      a1, t1
    sub     a2, t2, t1
    beqz    a2, 7f                  # nothing to show (-n 0, empty input)
    call    write_all
    bltz    a0, 9f
7:  li      a0, 0
9:  epilogue
    ret

    .section .rodata
tail_name_text: .asciz "tail"

    .bss
window: .zero WINDOW
