# servers/net/nic.s — the virtio-net driver of the net server (virtio 1.x
# over virtio-mmio version 2: receiveq1 and transmitq1, split rings).
#
# Owns the card: pm maps every virtio-mmio slot at USER_DEVICE_BASE and the
# driver takes the first network card it finds (slot 6 on our board when a
# disk is there, the highest free slot on QEMU 7.2 run with
# -global virtio-mmio.force-legacy=false, as the fs server needs too).
# Its IRQ arrives as notification bit NIC_NOTIFY (NIC_POLL from the poller
# thread when an interrupt was lost); rings and buffers live in
# dma_alloc memory (net.inc: DMA_*; userland/lib/dma.s translates, and
# refuses a buffer outside it).  Every receive buffer is posted at
# start and posted again as soon as its frame was handled; a transmit
# buffer is taken in ring order and is free again once the device returned
# it (transmit completions ask for no interrupt: we look when we need one).
# It never parses a frame: eth.s does.

.include "net.inc"

.text
# nic_init() -> a0 = 0, or -EIO after printing why.  Called once by main.
# Clobbers caller-saved registers.
.globl nic_init
nic_init:
    prologue ra, s1, s2, s3
    li      s1, USER_DEVICE_BASE    # s1 = the slot being looked at
    li      s2, 0                   # its number
1:  lw      t0, VIRTIO_MMIO_MAGIC_VALUE(s1)
    li      t1, VIRTIO_MMIO_MAGIC
    bne     t0, t1, 2f
    lw      t0, VIRTIO_MMIO_VERSION(s1)
    li      t1, VIRTIO_MMIO_VERSION_2
    bne     t0, t1, 2f
    lw      t0, VIRTIO_MMIO_DEVICE_ID(s1)
    li      t1, VIRTIO_ID_NET
    beq     t0, t1, 3f
2:  li      t0, VIRTIO_STRIDE
    add     s1, s1, t0
    addi    s2, s2, 1
    li      t0, VIRTIO_SLOTS
    blt     s2, t0, 1b
    la      a0, msg_no_card
    j       8f
3:  la      t0, nic_regs
    sw      s1, 0(t0)
    addi    a0, s2, VIRTIO_IRQ_BASE
    la      t0, nic_irq
    sw      a0, 0(t0)
    li      a1, NIC_NOTIFY
    call    irq_bind
    bnez    a0, 7f
    li      a0, DMA_VA
    li      a1, DMA_PAGES
    call    dma_setup
    li      t0, -ERRNO_MAX          # a physical address in RAM is "negative"
    bgeu    a0, t0, 7f
    # virtio 1.x 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queues, DRIVER_OK
    sw      zero, VIRTIO_MMIO_STATUS(s1)
    li      s3, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER
    sw      s3, VIRTIO_MMIO_STATUS(s1)
    sw      zero, VIRTIO_MMIO_DEVICE_FEATURES_SEL(s1)
    lw      t0, VIRTIO_MMIO_DEVICE_FEATURES(s1)
    li      t1, 1 << VIRTIO_NET_F_MAC
    and     t0, t0, t1              # the MAC is all we take (no offloads, no merged buffers)
    la      a0, msg_no_mac
    beqz    t0, 8f
    sw      zero, VIRTIO_MMIO_DRIVER_FEATURES_SEL(s1)
    sw      t0, VIRTIO_MMIO_DRIVER_FEATURES(s1)
    li      t0, VIRTIO_F_VERSION_1 / 32
    sw      t0, VIRTIO_MMIO_DRIVER_FEATURES_SEL(s1)
    li      t0, 1 << (VIRTIO_F_VERSION_1 % 32)
    sw      t0, VIRTIO_MMIO_DRIVER_FEATURES(s1)
    ori     s3, s3, VIRTIO_STATUS_FEATURES_OK
    sw      s3, VIRTIO_MMIO_STATUS(s1)
    lw      t0, VIRTIO_MMIO_STATUS(s1)
    andi    t0, t0, VIRTIO_STATUS_FEATURES_OK
    la      a0, msg_features
    beqz    t0, 8f
    li      t2, 0                   # the MAC, byte by byte from config space
    la      t3, nic_mac
4:  add     t0, s1, t2
    lbu     t1, VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_MAC(t0)
    add     t0, t3, t2
    sb      t1, 0(t0)
    addi    t2, t2, 1
    li      t0, VIRTIO_NET_MAC_BYTES
    blt     t2, t0, 4b
    li      a0, VIRTIO_NET_RX_QUEUE
    li      a1, DMA_RX_DESC
    call    queue_setup
    bnez    a0, 8f
    li      a0, VIRTIO_NET_TX_QUEUE
    li      a1, DMA_TX_DESC
    call    queue_setup
    bnez    a0, 8f
    li      t0, DMA_TX_AVAIL        # transmit completions raise no interrupt
    li      t1, VIRTQ_AVAIL_F_NO_INTERRUPT
    sh      t1, VIRTQ_AVAIL_FLAGS(t0)
    li      s2, 0                   # every receive buffer, device-writable, posted
5:  li      t0, BUF_SIZE
    mul     a0, s2, t0
    li      t0, DMA_RX_BUFS
    add     a0, a0, t0
    li      a1, BUF_SIZE
    call    dma_address
    slli    t0, s2, 4
    li      t1, DMA_RX_DESC
    add     t0, t0, t1
    sw      a0, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    li      t1, BUF_SIZE
    sw      t1, VIRTQ_DESC_LEN(t0)
    li      t1, VIRTQ_DESC_F_WRITE
    sh      t1, VIRTQ_DESC_FLAGS(t0)
    sh      zero, VIRTQ_DESC_NEXT(t0)
    li      t0, DMA_RX_AVAIL
    slli    t1, s2, 1
    add     t0, t0, t1
    sh      s2, VIRTQ_AVAIL_RING(t0)
    addi    s2, s2, 1
    li      t0, QSIZE
    blt     s2, t0, 5b
    fence   w, w                    # the ring entries before the index
    li      t0, DMA_RX_AVAIL
    li      t1, QSIZE
    sh      t1, VIRTQ_AVAIL_IDX(t0)
    ori     s3, s3, VIRTIO_STATUS_DRIVER_OK
    sw      s3, VIRTIO_MMIO_STATUS(s1)
    fence   w, w
    li      t0, VIRTIO_NET_RX_QUEUE
    sw      t0, VIRTIO_MMIO_QUEUE_NOTIFY(s1)
    li      a0, 0
    j       9f
7:  la      a0, msg_no_dma
8:  call    net_say
    li      a0, -EIO
9:  epilogue
    ret

# queue_setup(a0 = queue, a1 = its descriptor table; avail at +0x100, used
# at +0x200) -> a0 = 0, or a message when the device's queue is too small.
# Clobbers caller-saved registers.
queue_setup:
    prologue ra, s1, s2
    mv      s2, a1
    la      t0, nic_regs
    lw      s1, 0(t0)
    sw      a0, VIRTIO_MMIO_QUEUE_SEL(s1)
    lw      t0, VIRTIO_MMIO_QUEUE_NUM_MAX(s1)
    li      t1, QSIZE
    la      a0, msg_queue
    bltu    t0, t1, 9f
    sw      t1, VIRTIO_MMIO_QUEUE_NUM(s1)
    mv      a0, s2
    li      a1, VIRTQ_DESC_SIZE * QSIZE
    call    dma_address
    sw      a0, VIRTIO_MMIO_QUEUE_DESC_LOW(s1)
    sw      zero, VIRTIO_MMIO_QUEUE_DESC_HIGH(s1)
    addi    a0, s2, 0x100
    li      a1, VIRTQ_AVAIL_RING + 2 * QSIZE
    call    dma_address
    sw      a0, VIRTIO_MMIO_QUEUE_DRIVER_LOW(s1)
    sw      zero, VIRTIO_MMIO_QUEUE_DRIVER_HIGH(s1)
    addi    a0, s2, 0x200
    li      a1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_SIZE * QSIZE
    call    dma_address
    sw      a0, VIRTIO_MMIO_QUEUE_DEVICE_LOW(s1)
    sw      zero, VIRTIO_MMIO_QUEUE_DEVICE_HIGH(s1)
    li      t0, 1
    sw      t0, VIRTIO_MMIO_QUEUE_READY(s1)
    li      a0, 0
9:  epilogue
    ret

# nic_interrupt(): acknowledge the card's interrupt at the device and at the
# PLIC, so it can fire again.  Called after every notification with
# NIC_NOTIFY or NIC_POLL (completing a source that is not claimed does
# nothing).  Clobbers caller-saved registers.
.globl nic_interrupt
nic_interrupt:
    la      t0, nic_regs
    lw      t0, 0(t0)
    lw      t1, VIRTIO_MMIO_INTERRUPT_STATUS(t0)
    sw      t1, VIRTIO_MMIO_INTERRUPT_ACK(t0)
    la      t0, nic_irq
    lw      a0, 0(t0)
    tail    irq_ack

# nic_poller(a0 = the main thread's tid): a thread of its own that looks
# every POLL_MS whether the card has returned a frame the server has not
# taken, and if so notifies the server (NIC_POLL), which then serves the
# card as if it had interrupted.  A card interrupt whose notification is
# lost (toyos fi drops one) leaves the source claimed, so without this the
# card's frames would wait for ever; now they wait at most about POLL_MS.
# It only reads: the ring and rx_seen stay main's, and a look that races
# main's own receive costs one notification that finds nothing.  The
# console's poll_uart does the same for the UART.  Never returns.
.globl nic_poller
nic_poller:
    mv      s1, a0
1:  li      a0, POLL_MS
    call    sleep
    fence   r, r
    li      t0, DMA_RX_USED
    lhu     t1, VIRTQ_USED_IDX(t0)
    la      t2, rx_seen
    lhu     t2, 0(t2)
    beq     t1, t2, 1b              # nothing waits: the server sleeps on
    mv      a0, s1
    li      a1, NIC_POLL
    call    notify
    j       1b

# nic_receive(): hand every frame the card returned to eth_input, then post
# its buffer again, and tell the card once when any was posted.  Called
# after each interrupt (and once at start).  Clobbers caller-saved registers.
.globl nic_receive
nic_receive:
    prologue ra, s1, s2, s3
    li      s3, 0                   # buffers posted again
1:  fence   r, r
    li      t0, DMA_RX_USED
    lhu     t1, VIRTQ_USED_IDX(t0)
    la      t2, rx_seen
    lhu     s1, 0(t2)               # s1 = the next used entry to take
    beq     t1, s1, 5f
    andi    t1, s1, QSIZE - 1
    slli    t1, t1, 3
    add     t0, t0, t1
    lw      s2, VIRTQ_USED_RING + VIRTQ_USED_ELEM_ID(t0)
    lw      a1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_LEN(t0)
    li      t0, QSIZE               # a device that names no buffer of ours: take none
    bgeu    s2, t0, 5f
    li      t0, BUF_SIZE
    bgtu    a1, t0, 2f              # a length past the buffer is the device's lie: drop
    addi    a1, a1, -HDR
    bltz    a1, 2f
    li      t0, BUF_SIZE
    mul     a0, s2, t0
    li      t0, DMA_RX_BUFS + HDR
    add     a0, a0, t0
    call    eth_input
    j       3f
2:  COUNT   RX_FRAMES
    COUNT   RX_SHORT
3:  li      t0, DMA_RX_AVAIL        # the buffer goes back to the card
    lhu     t1, VIRTQ_AVAIL_IDX(t0)
    andi    t2, t1, QSIZE - 1
    slli    t2, t2, 1
    add     t2, t2, t0
    sh      s2, VIRTQ_AVAIL_RING(t2)
    fence   w, w
    addi    t1, t1, 1
    sh      t1, VIRTQ_AVAIL_IDX(t0)
    addi    s1, s1, 1
    la      t2, rx_seen
    sh      s1, 0(t2)
    addi    s3, s3, 1
    j       1b
5:  beqz    s3, 9f
    fence   w, w
    la      t0, nic_regs
    lw      t0, 0(t0)
    li      t1, VIRTIO_NET_RX_QUEUE
    sw      t1, VIRTIO_MMIO_QUEUE_NOTIFY(t0)
9:  epilogue
    ret

# nic_tx_buffer() -> a0 = where the next frame to send goes (in DMA
# memory, after its virtio-net header, which is zeroed), or 0 when all
# QSIZE transmit buffers are still the card's (counted tx_queue_full).
# Clobbers t0-t3.
.globl nic_tx_buffer
nic_tx_buffer:
    li      t0, DMA_TX_USED
    fence   r, r
    lhu     t1, VIRTQ_USED_IDX(t0)
    li      t0, DMA_TX_AVAIL
    lhu     t2, VIRTQ_AVAIL_IDX(t0)
    sub     t3, t2, t1
    slli    t3, t3, 16
    srli    t3, t3, 16              # buffers in flight
    li      t0, QSIZE
    bgeu    t3, t0, 8f
    andi    t2, t2, QSIZE - 1
    li      t0, BUF_SIZE
    mul     a0, t2, t0
    li      t0, DMA_TX_BUFS
    add     a0, a0, t0
    sw      zero, 0(a0)             # the header asks for nothing (no offloads)
    sw      zero, 4(a0)
    sw      zero, 8(a0)
    addi    a0, a0, HDR
    ret
8:  COUNT   TX_QUEUE_FULL
    li      a0, 0
    ret

# nic_send(a0 = frame length, of the frame nic_tx_buffer gave): pads it to
# ETH_MIN, hands it to the card and notifies.  Clobbers caller-saved registers.
.globl nic_send
nic_send:
    prologue ra, s1, s2
    li      t0, DMA_TX_AVAIL
    lhu     s2, VIRTQ_AVAIL_IDX(t0)
    andi    s1, s2, QSIZE - 1       # s1 = the buffer and its descriptor
    li      t0, BUF_SIZE
    mul     t0, s1, t0
    li      t1, DMA_TX_BUFS + HDR
    add     t0, t0, t1              # t0 = the frame
    li      t1, ETH_MIN
1:  bgeu    a0, t1, 2f              # zeros up to the minimum, never stale bytes
    add     t2, t0, a0
    sb      zero, 0(t2)
    addi    a0, a0, 1
    j       1b
2:  addi    a0, a0, HDR
    slli    t0, s1, 4
    li      t1, DMA_TX_DESC
    add     t0, t0, t1
    sw      a0, VIRTQ_DESC_LEN(t0)
    mv      a0, s1
    li      t1, BUF_SIZE
    mul     a0, a0, t1
    li      t1, DMA_TX_BUFS
    add     a0, a0, t1
    li      a1, BUF_SIZE
    call    dma_address
    slli    t0, s1, 4
    li      t1, DMA_TX_DESC
    add     t0, t0, t1
    sw      a0, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    sh      zero, VIRTQ_DESC_FLAGS(t0)
    sh      zero, VIRTQ_DESC_NEXT(t0)
    li      t0, DMA_TX_AVAIL
    andi    t1, s2, QSIZE - 1
    slli    t1, t1, 1
    add     t1, t1, t0
    sh      s1, VIRTQ_AVAIL_RING(t1)
    fence   w, w                    # the entry before the index, the index before the notify
    addi    s2, s2, 1
    sh      s2, VIRTQ_AVAIL_IDX(t0)
    fence   w, w
    la      t0, nic_regs
    lw      t0, 0(t0)
    li      t1, VIRTIO_NET_TX_QUEUE
    sw      t1, VIRTIO_MMIO_QUEUE_NOTIFY(t0)
    COUNT   TX_FRAMES
    epilogue
    ret

.section .rodata
msg_no_card:  .asciz "net: no virtio-net card found\n"
msg_no_dma:   .asciz "net: cannot bind the card's IRQ or get DMA memory\n"
msg_no_mac:   .asciz "net: the card offers no MAC address\n"
msg_features: .asciz "net: the card refused our features\n"
msg_queue:    .asciz "net: the card's queues are too small\n"

.section .data
.balign 4
nic_regs:     .word 0               # the card's registers
nic_irq:      .word 0               # its PLIC source
rx_seen:      .word 0               # used-ring index of the next received frame (16 bits)
.globl nic_mac
nic_mac:      .space 8              # the card's MAC (6 bytes)
