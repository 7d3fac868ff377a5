# userland/programs/cat.s — copies files, or its input, to its output.
#
# `cat FILE...` writes each file in turn to descriptor 1; `cat` alone (or a
# FILE of `-`) copies descriptor 0 until read says end of input (Ctrl-D at
# the console) or fails (Ctrl-C: -EINTR).  A file that cannot be opened or
# read is reported as `cat: NAME: words` and the others still go out.
# Exits 0 when everything was copied, 1 after any error.

    .include "abi.inc"
    .include "frame.inc"
    .equ BUFFER, 4096

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
# s0 = argv cursor, s1 = arguments left, s2 = status.
    .globl main
main:
    prologue ra, s0, s1, s2
    addi    s0, a1, 4
    addi    s1, a0, -1
    li      s2, 0
    bnez    s1, 1f
    li      a0, 0                   # no arguments: the input
    call    copy_fd
    sltz    s2, a0
    j       9f
1:  blez    s1, 9f
    lw      a0, 0(s0)
    call    cat_file
    or      s2, s2, a0
    addi    s0, s0, 4
    addi    s1, s1, -1
    j       1b
9:  mv      a0, s2
    epilogue
    ret

# cat_file(a0 = name) -> a0 = 0, or 1 after reporting an error.
# Clobbers caller-saved. s0 = name, s1 = fd, s2 = result.
cat_file:
    prologue ra, s0, s1, s2
    mv      s0, a0
    la      a1, dash_text
    call    strcmp
    bnez    a0, 1f
    li      a0, 0                   # "-": the input
    call    copy_fd
    mv      s2, a0
    j       5f
1:  mv      a0, s0
    li      a1, O_RDONLY
    call    open
    mv      s2, a0
    bltz    a0, 5f
    mv      s1, a0
    call    copy_fd
    mv      s2, a0
    mv      a0, s1
    call    close
5:  li      a0, 0
    bgez    s2, 9f
    mv      a0, s2
    la      a1, cat_name_text
    mv      a2, s0
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

# copy_fd(a0 = fd) -> a0 = 0 at its end, or -errno from read or write.
# Clobbers caller-saved. s0 = fd, s1 = bytes just read.
copy_fd:
    prologue ra, s0, s1
    mv      s0, a0
1:  mv      a0, s0
    la      a1, buffer
    li      a2, BUFFER
    call    read
    mv      s1, a0
    blez    s1, 2f
    li      a0, 1
    la      a1, buffer
    mv      a2, s1
    call    write_all
    bgez    a0, 1b
    mv      s1, a0
2:  mv      a0, s1
    epilogue
    ret

    .section .rodata
cat_name_text: .asciz "cat"
dash_text:     .asciz "-"

    .bss
buffer: .zero BUFFER
