# servers/console/uart.s — the 16550A UART, driven from user space.
#
# Owns the UART registers (mapped by pm at USER_DEVICE_BASE) and the output
# ring: bytes to print are queued as they are and fed to the transmitter
# whenever it is empty, a FIFO's worth at a time (uart_init switches the
# FIFOs on), with the transmit-empty interrupt on
# only while bytes wait, so writers never wait for the line. '\n' goes out
# as "\r\n" (a terminal's ONLCR) on the way to the line, so a write's bytes
# can go into the ring as they are (console.s copies leases straight in).
# Never interprets input: it only hands received bytes upwards.

    .include "abi.inc"
    .include "console.inc"
    .include "frame.inc"

    .equ UART, USER_DEVICE_BASE     # registers and bits: UART_* in abi.inc (vm/devices/registers.py)
    .equ EARLY_RX_MAX, 16           # a receive FIFO's worth

    .text

# uart_init(): 8N1, FIFOs on, receive interrupt on. Switching the FIFOs on
# empties them (16550A data sheet; QEMU's serial.c), and QEMU gives the
# receiver the first typed byte as soon as the machine starts, before the
# kernel has run at all: so whatever the receiver holds is saved first, in
# early_rx, which uart_getc gives out before the UART's own bytes. A
# restarted console finds the FIFOs on already; writing FCR again changes
# nothing and empties nothing (it saves up to EARLY_RX_MAX bytes all the
# same, which uart_getc gives out in order). Called once by the console's
# main. Clobbers t0-t3.
    .globl uart_init
uart_init:
    li      t0, UART
    sb      zero, UART_IER(t0)
    la      t2, early_rx
    li      t3, 0                   # bytes saved
1:  lbu     t1, UART_LSR(t0)
    andi    t1, t1, UART_LSR_DR
    beqz    t1, 2f
    lbu     t1, UART_RBR(t0)
    sb      t1, 0(t2)
    addi    t2, t2, 1
    addi    t3, t3, 1
    li      t1, EARLY_RX_MAX
    bltu    t3, t1, 1b
2:  li      t1, UART_FCR_ENABLE     # right after the last look: a byte arriving in between is lost
    sb      t1, UART_FCR(t0)
    la      t2, early_rx_count
    sw      t3, 0(t2)
    li      t1, UART_LCR_8N1
    sb      t1, UART_LCR(t0)
    li      t1, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2
    sb      t1, UART_MCR(t0)
    li      t1, UART_IER_RX
    sb      t1, UART_IER(t0)
    ret

# uart_getc() -> a0 = next received byte, or -1 if none is waiting: the
# bytes uart_init saved, then the UART's.
# Called by the console's interrupt handling. Clobbers t0-t1.
    .globl uart_getc
uart_getc:
    la      t0, early_rx_next
    lw      a0, 0(t0)
    lw      t1, 4(t0)               # early_rx_count
    bgeu    a0, t1, 1f
    addi    t1, a0, 1
    sw      t1, 0(t0)
    la      t0, early_rx
    add     t0, t0, a0
    lbu     a0, 0(t0)
    ret
1:  li      t0, UART
    lbu     a0, UART_LSR(t0)
    andi    a0, a0, UART_LSR_DR
    beqz    a0, 2f
    lbu     a0, UART_RBR(t0)
    ret
2:  li      a0, -1
    ret

# out_byte(a0 = byte): queues a byte for the line. When the ring is full it
# waits for the transmitter (the only place the console ever busy-waits,
# and only when output outruns the line).
# Called by the console. Clobbers t0-t3, a0.
    .globl out_byte
out_byte:
    la      t0, out_head
    lw      t1, 0(t0)               # head: next byte to send
    lw      t2, 4(t0)               # tail: next free slot
    sub     t3, t2, t1
    li      t1, OUT_RING
    bgeu    t3, t1, 2f
    la      t1, out_ring
    andi    t3, t2, OUT_RING - 1
    add     t3, t1, t3
    sb      a0, 0(t3)
    addi    t2, t2, 1
    sw      t2, 4(t0)
    ret
2:  prologue ra, a0, a1, a2, t4, t5, t6
    call    uart_make_room
    epilogue
    j       out_byte

# uart_make_room(): waits until the ring has room for a byte, feeding the
# transmitter as it empties. Called when the ring is full. Clobbers t0-t6, a0-a2.
    .globl uart_make_room
uart_make_room:
    prologue ra
1:  call    uart_flush
    la      t0, out_head
    lw      t1, 0(t0)
    lw      t2, 4(t0)
    sub     t3, t2, t1
    li      t1, OUT_RING
    bgeu    t3, t1, 1b
    epilogue
    ret

# out_string(a0 = NUL-terminated string): queues every byte of it.
# Called by the console for its echoes and messages. Clobbers t0-t3, a0.
    .globl out_string
out_string:
    prologue ra, s0
    mv      s0, a0
1:  lbu     a0, 0(s0)
    beqz    a0, 2f
    call    out_byte
    addi    s0, s0, 1
    j       1b
2:  epilogue
    ret

# uart_flush(): sends queued bytes while the transmitter takes them: each
# time the line-status register says the transmit FIFO is empty, up to
# UART_TX_FIFO bytes without looking again (a burst stops at the ring's
# end too). A '\n' takes two places, "\r\n"; out_cr remembers a '\r'
# sent when the FIFO filled before its '\n'. Then turns the transmit-empty
# interrupt on if bytes still wait, off if not.
# Called by the console after every batch of work. Clobbers t0-t6, a0-a2.
# t1 = head, t2 = tail, t4 = UART, t5 = out_cr, a0 = '\n', a2 = the ring;
# in a burst t6 = the next byte, a1 = the burst's end, t0 = the FIFO's
# room beyond it.
    .globl uart_flush
uart_flush:
    la      t0, out_head
    lw      t1, 0(t0)
    lw      t2, 4(t0)
    lw      t5, 8(t0)
    li      t4, UART
    la      a2, out_ring
    li      a0, '\n'
1:  beq     t1, t2, 5f              # nothing (more) to send
    lbu     t3, UART_LSR(t4)
    andi    t3, t3, UART_LSR_THRE
    beqz    t3, 4f
    andi    t3, t1, OUT_RING - 1
    add     t6, a2, t3              # t6 = the head's byte
    sub     a1, t2, t1              # a1 = what waits,
    li      t0, OUT_RING            # up to the ring's end,
    sub     t3, t0, t3
    bleu    a1, t3, 2f
    mv      a1, t3
2:  li      t0, UART_TX_FIFO        # and at most the FIFO
    sub     t0, t0, a1
    bgez    t0, 21f
    li      a1, UART_TX_FIFO
    li      t0, 0
21: add     a1, t6, a1
3:  addi    t3, t6, 4               # four at a time while four are left
    bgtu    t3, a1, 35f
    lbu     t3, 0(t6)
    beq     t3, a0, 6f
    sb      t3, UART_THR(t4)
    lbu     t3, 1(t6)
    beq     t3, a0, 32f
    sb      t3, UART_THR(t4)
    lbu     t3, 2(t6)
    beq     t3, a0, 33f
    sb      t3, UART_THR(t4)
    lbu     t3, 3(t6)
    beq     t3, a0, 34f
    sb      t3, UART_THR(t4)
    addi    t6, t6, 4
    bne     t6, a1, 3b
    j       9f
32: addi    t6, t6, 1               # the '\n' is the second, third, fourth
    j       6f
33: addi    t6, t6, 2
    j       6f
34: addi    t6, t6, 3
    j       6f
35: lbu     t3, 0(t6)               # then one at a time
    beq     t3, a0, 6f
    sb      t3, UART_THR(t4)
    addi    t6, t6, 1
    bne     t6, a1, 3b
9:  andi    t1, t1, -OUT_RING       # head = the ring's lap + the burst's end
    sub     t6, t6, a2
    add     t1, t1, t6
    j       1b
6:  bnez    t5, 7f                  # '\n': its '\r' went already
    li      t3, '\r'
    sb      t3, UART_THR(t4)
    addi    t0, t0, -1              # the '\r' takes a place in the FIFO:
    bgez    t0, 7f                  # beyond the burst,
    li      t0, 0                   # or the burst's last
    addi    a1, a1, -1
    bne     t6, a1, 7f
    li      t5, 1                   # the '\n' goes in the next burst
    j       9b
7:  li      t5, 0
    sb      a0, UART_THR(t4)
    addi    t6, t6, 1
    bne     t6, a1, 3b
    j       9b
4:  li      t3, UART_IER_RX | UART_IER_TX # the line is busy: wake us when it frees
    sb      t3, UART_IER(t4)
    j       8f
5:  li      t3, UART_IER_RX
    sb      t3, UART_IER(t4)
8:  la      t0, out_head
    sw      t1, 0(t0)
    sw      t5, 8(t0)
    ret

    .bss
    .balign 4
    .globl out_head, out_tail, out_ring
out_head: .zero 4                   # free-running counters; index = counter & (OUT_RING-1)
out_tail: .zero 4
out_cr:   .zero 4                   # 1: the '\r' of the '\n' at out_head is sent
out_ring: .zero OUT_RING
early_rx_next:  .zero 4             # uart_init's saved bytes: the next to give out
early_rx_count: .zero 4             # and how many there are
early_rx: .zero EARLY_RX_MAX
