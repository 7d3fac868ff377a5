# userland/programs/cp.s — copies files.
#
# `cp SRC DST` copies the file SRC to DST (created, or truncated if it
# exists); `cp SRC... DIR` copies each SRC into the directory DIR under its
# own base name, as does `cp SRC DIR`.  Failures read like Unix's:
# `cp: SRC: no such file or directory`, `cp: DIR: not a directory`.
# Exits 0, 1 if any copy failed, 2 with a usage line.

    .include "abi.inc"
    .include "frame.inc"
    .equ BUFFER, 4096

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
    .globl main
main:
    prologue ra
    la      a2, copy_file
    la      a3, cp_name_text
    call    to_target
    epilogue
    ret

# copy_file(a0 = source, a1 = target) -> a0 = 0, or 1 after reporting.
# Clobbers caller-saved. s0 = source, s1 = target, s2 = source fd,
# s3 = target fd, s4 = error, s5 = the name it is about.
copy_file:
    prologue ra, s0, s1, s2, s3, s4, s5
    mv      s0, a0
    mv      s1, a1
    mv      s5, s0
    li      a1, O_RDONLY
    call    open
    mv      s4, a0
    bltz    a0, 8f
    mv      s2, a0
    mv      s5, s1
    mv      a0, s1
    li      a1, O_WRONLY | O_CREAT | O_TRUNC
    call    open
    mv      s4, a0
    bltz    a0, 7f
    mv      s3, a0
1:  mv      a0, s2
    la      a1, buffer
    li      a2, BUFFER
    call    read
    mv      s4, a0
    mv      s5, s0
    blez    a0, 6f                  # the end, or the source failed
    mv      a2, a0
    mv      a0, s3
    la      a1, buffer
    call    write_all
    mv      s4, a0
    mv      s5, s1
    bgez    a0, 1b
6:  mv      a0, s3
    call    close
    bltz    s4, 7f                  # the first error is the one to tell
    bgez    a0, 7f
    mv      s4, a0                  # a close that failed: the target's
    mv      s5, s1
7:  mv      a0, s2
    call    close
8:  li      a0, 0
    bgez    s4, 9f
    mv      a0, s4
    la      a1, cp_name_text
    mv      a2, s5
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
cp_name_text: .asciz "cp"

    .bss
buffer: .zero BUFFER
