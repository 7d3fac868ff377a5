# userland/programs/sync.s — writes every dirty block of the disk out.
#
# `sync` asks the fs server to write its cache to the disk and flush it
# (fs.sync); when it returns, everything written before is on the disk.
# Exits 0, or 1 with `sync: words` when the server refused or is absent.

    .include "frame.inc"
    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
    .globl main
main:
    prologue ra
    call    sync
    bgez    a0, 1f
    la      a1, name_text
    la      a2, disk_text
    call    warn_errno
    li      a0, 1
    j       9f
1:  li      a0, 0
9:  epilogue
    ret

    .section .rodata
name_text: .asciz "sync"
disk_text: .asciz "disk"
