# servers/console/uart.s — the 16550A UART, driven from user space.
#
# Owns the UART registers (mapped by pm at USER_DEVICE_BASE) and the output
# ring: bytes to print are queued and fed to the transmitter whenever it is
# empty, with the transmit-empty interrupt on only while bytes wait, so
# writers never wait for the line. '\n' goes out as "\r\n" (a terminal's
# ONLCR). Never interprets input: it only hands received bytes upwards.

    .include "abi.inc"
    .include "frame.inc"

    .equ UART, USER_DEVICE_BASE     # registers and bits: UART_* in abi.inc (vm/devices/registers.py)
    .equ OUT_RING, 2048             # power of two; the mask must fit an immediate

    .text

# uart_init(): 8N1, receive interrupt on. The FIFO control register is left
# alone: switching the FIFOs on empties them, which would drop what was
# typed before the console started (those bytes raise the interrupt as soon
# as it is enabled, and are read then).
# Called once by the console's main. Clobbers t0, t1.
    .globl uart_init
uart_init:
    li      t0, UART
    sb      zero, UART_IER(t0)
    li      t1, UART_LCR_8N1
    sb      t1, UART_LCR(t0)
    li      t1, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2
    sb      t1, UART_MCR(t0)
    li      t1, UART_IER_RX
    sb      t1, UART_IER(t0)
    ret

# uart_getc() -> a0 = next received byte, or -1 if none is waiting.
# Called by the console's interrupt handling. Clobbers t0.
    .globl uart_getc
uart_getc:
    li      t0, UART
    lbu     a0, UART_LSR(t0)
    andi    a0, a0, UART_LSR_DR
    beqz    a0, 1f
    lbu     a0, UART_RBR(t0)
    ret
1:  li      a0, -1
    ret

# out_byte(a0 = byte): queues a byte for the line ('\n' becomes "\r\n").
# When the ring is full it waits for the transmitter (the only place the
# console ever busy-waits, and only when output outruns the line).
# Called by the console. Clobbers t0-t3, a0.
    .globl out_byte
out_byte:
    li      t0, '\n'
    bne     a0, t0, out_raw
    prologue ra
    li      a0, '\r'
    call    out_raw
    li      a0, '\n'
    call    out_raw
    epilogue
    ret

# out_raw(a0 = byte): queues a byte as is. Clobbers t0-t3.
out_raw:
    la      t0, out_head
    lw      t1, 0(t0)               # head: next byte to send
    lw      t2, 4(t0)               # tail: next free slot
    sub     t3, t2, t1
    li      t0, OUT_RING
    bltu    t3, t0, 2f
    li      t0, UART                # full: push one byte out by hand
1:  lbu     t3, UART_LSR(t0)
    andi    t3, t3, UART_LSR_THRE
    beqz    t3, 1b
    la      t0, out_ring
    andi    t3, t1, OUT_RING - 1
    add     t3, t0, t3
    lbu     t3, 0(t3)
    li      t0, UART
    sb      t3, UART_THR(t0)
    addi    t1, t1, 1
    la      t0, out_head
    sw      t1, 0(t0)
2:  la      t0, out_ring
    andi    t3, t2, OUT_RING - 1
    add     t3, t0, t3
    sb      a0, 0(t3)
    addi    t2, t2, 1
    la      t0, out_tail
    sw      t2, 0(t0)
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

# uart_flush(): sends queued bytes while the transmitter takes them, then
# turns the transmit-empty interrupt on if bytes still wait, off if not.
# Called by the console after every batch of work. Clobbers t0-t3.
    .globl uart_flush
uart_flush:
    la      t0, out_head
    lw      t1, 0(t0)
    lw      t2, 4(t0)
    li      t0, UART
1:  beq     t1, t2, 3f
    lbu     t3, UART_LSR(t0)
    andi    t3, t3, UART_LSR_THRE
    beqz    t3, 2f
    la      t3, out_ring
    andi    t0, t1, OUT_RING - 1
    add     t3, t3, t0
    lbu     t3, 0(t3)
    li      t0, UART
    sb      t3, UART_THR(t0)
    addi    t1, t1, 1
    j       1b
2:  li      t3, UART_IER_RX | UART_IER_TX # the line is busy: wake us when it frees
    sb      t3, UART_IER(t0)
    j       4f
3:  li      t3, UART_IER_RX
    sb      t3, UART_IER(t0)
4:  la      t0, out_head
    sw      t1, 0(t0)
    ret

    .bss
    .balign 4
out_head: .zero 4                   # free-running counters; index = counter & (OUT_RING-1)
out_tail: .zero 4
out_ring: .zero OUT_RING
