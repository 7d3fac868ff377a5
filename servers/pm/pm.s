# servers/pm/pm.s — the process manager (placeholder: prints and waits).
.include "abi.inc"

.section .text
.globl _start
_start:
    la a0, hello
    li a1, 12
    li a7, SYS_DEBUG_WRITE
    ecall
1:  li a0, 0
    li a1, 0
    li a7, SYS_RECV
    ecall
    j 1b

.section .rodata
hello: .ascii "pm: started\n"
