# userland/programs/hello.s — the smallest program: greets and exits 0.

    .include "frame.inc"
    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start (crt0).
main:
    prologue ra
    la      a0, hello_text
    call    printf
    li      a0, 0
    epilogue
    ret

    .section .rodata
hello_text: .asciz "hello, world\n"
