# userland/programs/mkdir.s — makes directories (their parents must exist).
#
# `mkdir NAME...` calls mkdir (userland/lib/file.s) on each NAME; a failure
# is reported as `mkdir: NAME: words` and the rest are still tried.
# Exits 0 if all succeeded, 1 if any failed, 2 without arguments.

    .include "frame.inc"
    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
    .globl main
main:
    prologue ra
    la      a2, mkdir
    la      a3, name_text
    call    each_arg
    epilogue
    ret

    .section .rodata
name_text: .asciz "mkdir"
