# userland/programs/head.s — the first lines of files.
#
# `head [-n N | -N] [FILE...]` writes the first N lines (10 by default) of
# each FILE, or of its input without one; with several files each starts
# with `==> FILE <==` (and a blank line between), as GNU head does.  A FILE
# that cannot be read is reported as `head: FILE: words`.
# Exits 0, 1 if any FILE failed, 2 with a usage line.

    .include "abi.inc"
    .include "frame.inc"
    .equ BUFFER, 4096

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
    .globl main
main:
    prologue ra
    la      a2, head_fd
    la      a3, head_name_text
    call    lines_of_files
    epilogue
    ret

# head_fd(a0 = fd, a1 = lines) -> a0 = 0 or -errno: copies up to the
# lines'th newline (or the end) to descriptor 1.
# Clobbers caller-saved. s0 = fd, s1 = lines left, s2 = bytes read.
head_fd:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      a0, 0
    beqz    s1, 9f
1:  mv      a0, s0
    la      a1, buffer
    li      a2, BUFFER
    call    read
    blez    a0, 9f                  # the end (0) or an error
    mv      s2, a0
    la      t0, buffer              # find the lines'th newline
    add     t1, t0, s2
    li      t2, '\n'
2:  beq     t0, t1, 4f
    lbu     t3, 0(t0)
    addi    t0, t0, 1
    bne     t3, t2, 2b
    addi    s1, s1, -1
    bnez    s1, 2b
    la      t1, buffer              # the last line ends here
    sub     a2, t0, t1
    li      a0, 1
    la      a1, buffer
    call    write_all
    j       8f
4:  li      a0, 1
    la      a1, buffer
    mv      a2, s2
    call    write_all
    bgez    a0, 1b
    j       9f
8:  bltz    a0, 9f
    li      a0, 0
9:  epilogue
    ret

    .section .rodata
head_name_text: .asciz "head"

    .bss
buffer: .zero BUFFER
