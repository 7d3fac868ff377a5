# kernel/entry.s — the first instructions of the image.
# QEMU's boot ROM (and toyos's) jumps here in M-mode with a0 = hart id and
# a1 = device tree (ignored: the board is fixed, see vm/memmap.py).  There is
# one hart.  Set up the boot stack, then start (M-mode) drops to S-mode kmain.
.include "kernel.inc"

.section .text
.globl _start
_start:
    la      sp, kstack_top
    call    start                   # never returns: mret to kmain
1:  wfi
    j       1b

.section .bss
.balign 16
.globl kstack
kstack:
    .space KSTACK_SIZE
.globl kstack_top
kstack_top:
