# uart_irq.s -- console input by interrupt: UART RX (IRQ 10) through the
# PLIC to M-mode (context 0), then delegated to S-mode (context 1).
# Each interrupt takes exactly one byte, so the transcript does not depend
# on how many bytes the host delivered at once.  Input: 4 bytes, e.g. "hi!?".
.include "privlib.inc"

.equ UART_IRQ, 10
.equ PLIC_PRIORITY, PLIC_BASE + 4 * UART_IRQ
.equ PLIC_ENABLE_M, PLIC_BASE + 0x2000
.equ PLIC_ENABLE_S, PLIC_BASE + 0x2080
.equ PLIC_THRESHOLD_M, PLIC_BASE + 0x200000
.equ PLIC_CLAIM_M, PLIC_BASE + 0x200004
.equ PLIC_THRESHOLD_S, PLIC_BASE + 0x201000
.equ PLIC_CLAIM_S, PLIC_BASE + 0x201004
.equ UART_RBR, UART_BASE + 0
.equ UART_IER, UART_BASE + 1
.equ UART_LSR, UART_BASE + 5
.equ MIP_SEIP, 0x200
.equ MIP_MEIP, 0x800

    PRIV_BOOT
main:
    PRINT   "uart_irq\n"
    SET_IRQ_HOOK m_irq_hook, m_take_byte
    SET_IRQ_HOOK s_irq_hook, s_take_byte
    li      t0, PLIC_PRIORITY
    li      t1, 1
    sw      t1, 0(t0)
    li      t0, PLIC_THRESHOLD_M
    sw      zero, 0(t0)
    li      t0, PLIC_THRESHOLD_S
    sw      zero, 0(t0)
    li      t0, PLIC_ENABLE_M
    li      t1, 1 << UART_IRQ
    sw      t1, 0(t0)
    li      t0, UART_IER
    li      t1, 1                   # interrupt when a received byte is ready
    sb      t1, 0(t0)
    li      t0, MIP_MEIP
    csrw    mie, t0

    PRINT   "M: two bytes through PLIC context 0\n"
    wfi
    csrr    t3, mip
    li      t4, MIP_MEIP | MIP_SEIP
    and     t3, t3, t4
    PRINT_HEX "mip=", t3
    NEWLINE
1:  wfi                             # several bytes may be taken here at once
    csrsi   mstatus, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    la      t0, bytes_taken
    lw      t0, 0(t0)
    li      t1, 2
    blt     t0, t1, 1b

    PRINT   "S: two bytes through PLIC context 1, delegated\n"
    li      t0, PLIC_ENABLE_S
    li      t1, 1 << UART_IRQ
    sw      t1, 0(t0)
    li      t0, UART_IER            # QEMU's PLIC re-evaluates on the device's next
    sb      zero, 0(t0)             # update, not on an enable write: turn the UART
    li      t1, 1                   # interrupt off and on again
    sb      t1, 0(t0)
    li      t0, MIP_SEIP
    csrw    mideleg, t0
    csrw    mie, t0
    la      t0, s_trap
    csrw    stvec, t0
    la      t0, s_trap_stack_top
    csrw    sscratch, t0
    ENTER_MODE MODE_S, s_main
s_main:
    li      t0, MIP_SEIP
    csrw    sie, t0
1:  wfi
    csrsi   sstatus, MSTATUS_SIE
    csrci   sstatus, MSTATUS_SIE
    la      t0, bytes_taken
    lw      t0, 0(t0)
    li      t1, 4
    blt     t0, t1, 1b
    li      t0, PLIC_CLAIM_S
    lw      t3, 0(t0)
    PRINT_HEX "S: claim with nothing pending=", t3
    NEWLINE
    PRINT   "done\n"
    POWER_OFF

# Interrupt hooks: claim, take one byte, print it, complete.  M-mode takes
# two bytes, then switches its PLIC context off so the rest waits for S.
m_take_byte:
    li      a0, PLIC_CLAIM_M
    j       take_byte
s_take_byte:
    li      a0, PLIC_CLAIM_S
take_byte:
    lw      a1, 0(a0)               # claim
    la      t0, claim_save
    sw      a0, 0(t0)
    sw      a1, 4(t0)
    sw      ra, 12(t0)
    li      t0, UART_LSR
    lbu     t1, 0(t0)
    andi    t1, t1, 1
    beqz    t1, 1f                  # no byte: print nothing for it
    li      t0, UART_RBR
    lbu     t1, 0(t0)
    la      t0, claim_save
    sw      t1, 8(t0)
    PRINT   "  irq "
    la      t0, claim_save
    lw      a0, 4(t0)
    call    puthex
    PRINT   " byte "
    la      t0, claim_save
    lw      a0, 8(t0)
    call    putc
    NEWLINE
    la      t0, bytes_taken
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    li      t0, 2
    bne     t1, t0, 1f
    li      t0, PLIC_ENABLE_M
    sw      zero, 0(t0)
1:  la      t0, claim_save
    lw      a0, 0(t0)
    lw      a1, 4(t0)
    sw      a1, 0(a0)               # complete
    lw      ra, 12(t0)
    ret

    .data
    .align 2
bytes_taken:
    .word 0
claim_save:
    .word 0, 0, 0, 0            # claim register, irq, byte, ra
    .text

    PRIV_LIB
