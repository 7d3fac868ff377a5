/* crt0.S — start-up for the compiled benchmark programs (vm/cli/bench_c/*.c).
 * M-mode: open PMP, identity-map the first 4 MiB of RAM as user pages under
 * Sv32, arm the machine timer far away (interrupts live, none taken), drop to
 * U-mode and call main().  main's ecall(exit) comes back to M, which powers off
 * through the sifive_test device: 0x5555 for status 0, (status<<16)|0x3333
 * otherwise.  The same binary runs on toyos, QEMU virt and Unicorn.
 */
    .equ RAM, 0x80000000
    .equ TEST_DEVICE, 0x100000
    .equ MTIMECMP, 0x2004000

    .section .text.start
    .globl _start
_start:
    la t0, m_trap
    csrw mtvec, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    /* level-1 entry for RAM's first 4 MiB -> pt_l0; 1024 leaves V R W X U A D */
    la a0, pt_root
    la a1, pt_l0
    srli t0, a1, 12
    slli t0, t0, 10
    ori t0, t0, 1
    li t1, (RAM >> 22) * 4
    add t1, a0, t1
    sw t0, 0(t1)
    li t2, 0
    li t3, 1024
    li t4, RAM >> 12
1:  add t0, t4, t2
    slli t0, t0, 10
    ori t0, t0, 0xdf
    slli t5, t2, 2
    add t5, a1, t5
    sw t0, 0(t5)
    addi t2, t2, 1
    bne t2, t3, 1b
    srli t0, a0, 12
    li t1, 0x80000000
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li t0, MTIMECMP                 /* timer live, deadline far away */
    li t1, -1
    sw t1, 4(t0)
    sw t1, 0(t0)
    li t1, 0x80
    csrw mie, t1
    li t0, 0x1800                   /* MPP = U */
    csrc mstatus, t0
    li t0, 0x80                     /* MPIE: interrupts on in U */
    csrs mstatus, t0
    la t0, user_start
    csrw mepc, t0
    mret

user_start:
    la sp, stack_top
    call main
    ecall                           /* a0 = main's status */

    /* Only that ecall arrives here: the timer's deadline never comes. */
    .align 2
m_trap:
    li t0, TEST_DEVICE
    bnez a0, 1f
    li t1, 0x5555
    sw t1, 0(t0)
1:  slli a0, a0, 16
    li t1, 0x3333
    or a0, a0, t1
    sw a0, 0(t0)
2:  j 2b

    .bss
    .align 12
pt_root:
    .space 4096
pt_l0:
    .space 4096
    .space 65536
stack_top:
