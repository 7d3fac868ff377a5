# userland/programs/touch.s — makes empty files.
#
# `touch NAME...` opens each NAME for writing, creating it when missing
# (O_CREAT, without O_TRUNC: an existing file keeps its bytes), and closes
# it; a directory is left as it is.  A failure is reported as `touch:
# NAME: words`; the rest are still tried.  An existing file's time is left as it is (the fs protocol has no
# call to set it).  Exits 0 if all succeeded, 1 if any failed, 2 without
# arguments.

    .include "abi.inc"
    .include "frame.inc"
    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
    .globl main
main:
    prologue ra
    la      a2, touch_one
    la      a3, name_text
    call    each_arg
    epilogue
    ret

# touch_one(a0 = name) -> a0 = 0 or -errno. Clobbers caller-saved.
touch_one:
    prologue ra
    li      a1, O_WRONLY | O_CREAT
    call    open
    bltz    a0, 8f
    call    close
    j       9f
8:  li      t0, -EISDIR             # a directory exists: nothing to make
    bne     a0, t0, 9f
    li      a0, 0
9:  epilogue
    ret

    .section .rodata
name_text: .asciz "touch"
