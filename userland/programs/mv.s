# userland/programs/mv.s — moves (renames) files and directories.
#
# `mv SRC DST` renames SRC to DST (fs.rename: on one FAT volume a move is
# a rename, the data stays where it is); `mv SRC... DIR` moves each SRC
# into the directory DIR under its own base name.  A DST that is a file is
# replaced, as Unix's mv does (fs.rename replaces a file; never a directory,
# which is moved into instead).  Exits 0, 1 if any move failed, 2 with a usage line.

    .include "frame.inc"
    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
    .globl main
main:
    prologue ra
    la      a2, move_one
    la      a3, mv_name_text
    call    to_target
    epilogue
    ret

# move_one(a0 = source, a1 = target) -> a0 = 0, or 1 after reporting.
# Clobbers caller-saved. s0 = source.
move_one:
    prologue ra, s0
    mv      s0, a0
    call    rename
    bgez    a0, 8f
    la      a1, mv_name_text
    mv      a2, s0
    call    warn_errno
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

    .section .rodata
mv_name_text: .asciz "mv"
