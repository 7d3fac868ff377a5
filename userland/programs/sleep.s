# userland/programs/sleep.s — `sleep N`: waits N seconds.
#
# A program rather than a shell builtin so that Ctrl-C ends it: pm kills the
# foreground child the shell waits for, and the shell is back at its prompt
# at once (a builtin sleeping inside the shell could not be cut short).

    .include "frame.inc"
    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = 0, or 1 after the usage line.
# Called by _start (crt0).
main:
    prologue ra
    li      t0, 2
    bne     a0, t0, 8f
    lw      a0, 4(a1)
    call    parse_int
    beqz    a1, 8f
    bltz    a0, 8f
    li      t0, 4294967             # more would wrap in ms (sleep 99999999999999
    bgtu    a0, t0, 8f              # was 18 days)
    li      t0, 1000
    mul     a0, a0, t0
    call    sleep
    li      a0, 0
    j       9f
8:  la      a0, usage_text
    call    printf
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
usage_text:   .asciz "usage: sleep SECONDS\n"
