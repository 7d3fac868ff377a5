# userland/programs/hello.s — the smallest program: greets and exits 0.

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start (crt0).
main:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, hello_text
    call    printf
    li      a0, 0
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
hello_text: .asciz "hello, world\n"
