# kernel/printk.s — polled UART output for the kernel, and panic.
# Callable from any kernel code after pagetable_init (the UART is at its
# 0xF0... alias).  kputc clobbers t0-t1; kputs/kputhex/kputdec clobber a0-a2, t0-t2.
.include "kernel.inc"

.section .text
# kputc(a0 = byte): busy-waits for the transmitter.
.globl kputc
kputc:
    li      t0, KUART
1:  lbu     t1, UART_LSR(t0)
    andi    t1, t1, UART_LSR_THRE
    beqz    t1, 1b
    sb      a0, UART_THR(t0)
    ret

# kputs(a0 = NUL-terminated string).  Pushes a frame of ra.
.globl kputs
kputs:
    prologue ra
    mv      a2, a0
1:  lbu     a0, 0(a2)
    beqz    a0, 2f
    call    kputc
    addi    a2, a2, 1
    j       1b
2:  epilogue
    ret

# kputhex(a0 = word): eight hex digits.  Pushes a frame of ra.
.globl kputhex
kputhex:
    prologue ra
    mv      a2, a0
    li      a1, 28
1:  srl     a0, a2, a1
    andi    a0, a0, 15
    li      t2, 10
    blt     a0, t2, 2f
    addi    a0, a0, 'a' - '0' - 10
2:  addi    a0, a0, '0'
    call    kputc
    addi    a1, a1, -4
    bgez    a1, 1b
    epilogue
    ret

# panic(a0 = message): print it with the registers saved in panic_frame
# (by kernel_trap) or the current ones, then power off with status 1.
# Jumped to from anywhere in the kernel, on whatever stack sp holds;
# never returns, so it clobbers what it likes (s1-s3 among them).
.globl panic
panic:
    csrw    sie, zero
    mv      s1, a0
    la      a0, panic_prefix
    call    kputs
    mv      a0, s1
    call    kputs
    la      a0, panic_csrs
    call    kputs
    csrr    a0, scause
    call    kputhex
    la      a0, panic_sepc
    call    kputs
    csrr    a0, sepc
    call    kputhex
    la      a0, panic_stval
    call    kputs
    csrr    a0, stval
    call    kputhex
    li      a0, '\n'
    call    kputc
    la      s2, panic_frame         # x1..x31 saved by kernel_trap
    li      s3, 1
1:  li      t0, 32
    bgeu    s3, t0, 3f
    li      a0, 'x'
    call    kputc
    li      t0, 10
    bgeu    s3, t0, 2f
    li      a0, '0'
    call    kputc
    mv      a0, s3
    addi    a0, a0, '0'
    call    kputc
    j       4f
2:  li      t0, 10                  # two digits
    divu    a0, s3, t0
    addi    a0, a0, '0'
    call    kputc
    li      t0, 10
    remu    a0, s3, t0
    addi    a0, a0, '0'
    call    kputc
4:  li      a0, '='
    call    kputc
    slli    t0, s3, 2
    add     t0, s2, t0
    lw      a0, 0(t0)
    call    kputhex
    andi    t0, s3, 3
    li      a0, ' '
    li      t1, 3
    bne     t0, t1, 5f
    li      a0, '\n'
5:  call    kputc
    addi    s3, s3, 1
    j       1b
3:  li      t0, KTEST
    li      t1, (1 << 16) | FINISHER_FAIL
    sw      t1, 0(t0)
6:  j       6b

.section .rodata
panic_prefix: .asciz "\nkernel panic: "
panic_csrs:   .asciz "\n scause="
panic_sepc:   .asciz " sepc="
panic_stval:  .asciz " stval="

.section .bss
.balign 4
.globl panic_frame
panic_frame:                        # x1..x31 at their trapframe offsets
    .space TF_PC
