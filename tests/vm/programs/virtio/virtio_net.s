# virtio_net.s -- a virtio-net driver in miniature: probe the 8 virtio-mmio
# slots, find the network card (DeviceID 1), negotiate VIRTIO_F_VERSION_1
# with VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS, read the MAC and the link
# status, post two receive buffers, send two frames (61 bytes in one
# descriptor with its header, 1514 bytes with the header in a descriptor of
# its own; the transmit queue asks for no interrupt), then wait for two
# frames, the first by interrupt, and print them.
# The frames sent: broadcast, from our MAC, EtherType 0x88b5 (local
# experimental), payload bytes i*7+1 (first frame) and i*13+5 (second).
# What is printed is what the spec and QEMU fix (ids, features, MAC, used
# lengths, header flags, the frames' bytes), so the transcript is the same
# on QEMU (-netdev dgram ... -device virtio-net-device, with
# -global virtio-mmio.force-legacy=false) and on ours (--net udp:...).
# num_buffers is not printed: QEMU writes it only with VIRTIO_NET_F_MRG_RXBUF.
# Register names come from abi.inc (vm/devices/registers.py).
.include "../priv/privlib.inc"
.include "abi.inc"

.include "virtio_driver.inc"

.equ ETHERTYPE_HI, 0x88
.equ ETHERTYPE_LO, 0xb5
.equ SHORT_FRAME, 61            # odd, and above Ethernet's 60-byte minimum
.equ RX_BUF, VIRTIO_NET_HDR_SIZE + VIRTIO_NET_FRAME_MAX
.equ FRAMES, 2                  # sent, and awaited

    PRIV_BOOT
main:
    PRINT   "virtio_net\n"
    li      s0, 0                   # slot
    li      s1, 0                   # the card's registers, 0 until found
1:  li      t0, VIRTIO_STRIDE
    mul     t0, t0, s0
    li      t1, VIRTIO_BASE
    add     s3, t0, t1              # this slot's registers
    lw      s5, VIRTIO_MMIO_DEVICE_ID(s3)
    li      t0, VIRTIO_ID_NET
    bne     s5, t0, 2f
    bnez    s1, 2f
    mv      s1, s3
    mv      s2, s0                  # its slot
2:  addi    s0, s0, 1
    li      t0, VIRTIO_SLOTS
    blt     s0, t0, 1b
    bnez    s1, found
    PRINT   "no virtio-net found\n"
    POWER_OFF

found:
    PRINT_HEX "net slot=", s2
    addi    s2, s2, VIRTIO_IRQ_BASE # its PLIC source
    REG     t0, VIRTIO_MMIO_VERSION
    PRINT_HEX "version=", t0
    NEWLINE

    # 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queues, DRIVER_OK
    SETREG  VIRTIO_MMIO_STATUS, zero
    li      s3, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER
    SETREG  VIRTIO_MMIO_STATUS, s3
    SETREG  VIRTIO_MMIO_DEVICE_FEATURES_SEL, zero
    REG     s4, VIRTIO_MMIO_DEVICE_FEATURES
    srli    t0, s4, VIRTIO_NET_F_MAC
    andi    t0, t0, 1
    PRINT_HEX "MAC=", t0
    srli    t0, s4, VIRTIO_NET_F_STATUS
    andi    t0, t0, 1
    PRINT_HEX "STATUS=", t0
    NEWLINE
    li      t0, (1 << VIRTIO_NET_F_MAC) | (1 << VIRTIO_NET_F_STATUS)
    and     s4, s4, t0              # the features we take, of those offered
    SETREG  VIRTIO_MMIO_DRIVER_FEATURES_SEL, zero
    SETREG  VIRTIO_MMIO_DRIVER_FEATURES, s4
    li      t0, VIRTIO_F_VERSION_1 / 32
    SETREG  VIRTIO_MMIO_DRIVER_FEATURES_SEL, t0
    li      t0, 1 << (VIRTIO_F_VERSION_1 % 32)
    SETREG  VIRTIO_MMIO_DRIVER_FEATURES, t0
    ori     s3, s3, VIRTIO_STATUS_FEATURES_OK
    SETREG  VIRTIO_MMIO_STATUS, s3
    REG     t0, VIRTIO_MMIO_STATUS
    PRINT_HEX "status with FEATURES_OK=", t0
    NEWLINE

    # the MAC, byte by byte from config space, and the link status
    PRINT   "mac="
    la      s5, mac
    li      s6, 0
1:  li      t0, VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_MAC
    add     t0, t0, s1
    add     t0, t0, s6
    lbu     a0, 0(t0)
    add     t1, s5, s6
    sb      a0, 0(t1)
    call    put_byte_hex
    addi    s6, s6, 1
    li      t0, VIRTIO_NET_MAC_BYTES
    blt     s6, t0, 1b
    li      a0, ' '
    call    putc
    li      t0, VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_STATUS
    add     t0, t0, s1
    lhu     t1, 0(t0)
    PRINT_HEX "link status=", t1
    NEWLINE

    # the PLIC sends the card's source to M-mode (taken only where MIE is set below)
    li      t0, 1
    sll     t0, t0, s2
    slli    t1, s2, 2
    li      t2, PLIC_BASE + PLIC_PRIORITY
    add     t1, t1, t2
    li      t2, 1
    sw      t2, 0(t1)
    li      t1, PLIC_THRESHOLD_M
    sw      zero, 0(t1)
    li      t1, PLIC_ENABLE_M
    sw      t0, 0(t1)
    SET_IRQ_HOOK m_irq_hook, net_irq
    li      t0, MIP_MEIP
    csrw    mie, t0

    # queue 0 receives, queue 1 transmits
    li      a0, VIRTIO_NET_RX_QUEUE
    la      a1, rx_desc
    la      a2, rx_avail
    la      a3, rx_used
    call    setup_queue
    li      a0, VIRTIO_NET_TX_QUEUE
    la      a1, tx_desc
    la      a2, tx_avail
    la      a3, tx_used
    call    setup_queue

    # two receive buffers, device-writable, made available before DRIVER_OK
    la      t0, rx_desc
    la      t1, rx_bufs
    li      t2, 0
1:  sw      t1, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    li      t3, RX_BUF
    sw      t3, VIRTQ_DESC_LEN(t0)
    li      t3, VIRTQ_DESC_F_WRITE
    sh      t3, VIRTQ_DESC_FLAGS(t0)
    sh      zero, VIRTQ_DESC_NEXT(t0)
    la      t3, rx_avail
    slli    t4, t2, 1
    add     t3, t3, t4
    sh      t2, VIRTQ_AVAIL_RING(t3)
    addi    t0, t0, VIRTQ_DESC_SIZE
    li      t3, RX_BUF
    add     t1, t1, t3
    addi    t2, t2, 1
    li      t3, FRAMES
    blt     t2, t3, 1b
    fence   w, w                    # the ring entries before the index
    la      t0, rx_avail
    li      t1, FRAMES
    sh      t1, VIRTQ_AVAIL_IDX(t0)
    la      t0, tx_avail            # transmit completions raise no interrupt
    li      t1, VIRTQ_AVAIL_F_NO_INTERRUPT
    sh      t1, VIRTQ_AVAIL_FLAGS(t0)

    ori     s3, s3, VIRTIO_STATUS_DRIVER_OK
    SETREG  VIRTIO_MMIO_STATUS, s3
    REG     t0, VIRTIO_MMIO_STATUS
    PRINT_HEX "status live=", t0
    NEWLINE
    li      t0, VIRTIO_NET_RX_QUEUE
    SETREG  VIRTIO_MMIO_QUEUE_NOTIFY, t0

    # the two frames: descriptor 0 = header + short frame; 1 = header -> 2 = full frame
    la      a0, tx_short + VIRTIO_NET_HDR_SIZE
    li      a1, SHORT_FRAME
    li      a2, 7
    li      a3, 1
    call    build_frame
    la      a0, tx_full
    li      a1, VIRTIO_NET_FRAME_MAX
    li      a2, 13
    li      a3, 5
    call    build_frame
    la      t0, tx_desc
    la      t1, tx_short
    li      t2, VIRTIO_NET_HDR_SIZE + SHORT_FRAME
    li      t3, 0
    li      t4, 0
    call    set_desc
    la      t1, tx_header
    li      t2, VIRTIO_NET_HDR_SIZE
    li      t3, VIRTQ_DESC_F_NEXT
    li      t4, 2
    call    set_desc
    la      t1, tx_full
    li      t2, VIRTIO_NET_FRAME_MAX
    li      t3, 0
    li      t4, 0
    call    set_desc
    la      t0, tx_avail
    sh      zero, VIRTQ_AVAIL_RING(t0)
    li      t1, 1
    sh      t1, VIRTQ_AVAIL_RING + 2(t0)
    fence   w, w
    li      t1, FRAMES
    sh      t1, VIRTQ_AVAIL_IDX(t0)
    fence   w, w
    li      t0, VIRTIO_NET_TX_QUEUE
    SETREG  VIRTIO_MMIO_QUEUE_NOTIFY, t0
    PRINT   "sent\n"

    # both transmit chains come back (polling: no interrupt was asked for)
    la      t0, tx_used
    li      t2, SPIN_LIMIT
1:  lhu     t1, VIRTQ_USED_IDX(t0)
    li      t3, FRAMES
    beq     t1, t3, 2f
    addi    t2, t2, -1
    bnez    t2, 1b
    PRINT   "timed out waiting for the transmit queue\n"
    POWER_OFF
2:  li      s6, 0
3:  la      t0, tx_used
    slli    t1, s6, 3
    add     t0, t0, t1
    lw      t1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_ID(t0)
    PRINT_HEX "tx id=", t1
    la      t0, tx_used
    slli    t1, s6, 3
    add     t0, t0, t1
    lw      t1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_LEN(t0)
    PRINT_HEX "len=", t1
    NEWLINE
    addi    s6, s6, 1
    li      t0, FRAMES
    blt     s6, t0, 3b

    # receive: wait in WFI for the card's interrupt until both buffers are back
    PRINT   "receive, by interrupt\n"
1:  wfi                             # at least once: frames that came early left the
    csrsi   mstatus, MSTATUS_MIE    # interrupt pending; it is taken here, at a fixed pc
    csrci   mstatus, MSTATUS_MIE
    la      t0, rx_used
    lhu     t1, VIRTQ_USED_IDX(t0)
    li      t2, FRAMES
    bne     t1, t2, 1b
    csrw    mie, zero
    la      t0, irq_status_seen
    lw      t1, 0(t0)
    PRINT_HEX "interrupt status seen=", t1
    NEWLINE
    li      s6, 0
3:  la      t0, rx_used
    slli    t1, s6, 3
    add     t0, t0, t1
    lw      s7, VIRTQ_USED_RING + VIRTQ_USED_ELEM_ID(t0)
    lw      s8, VIRTQ_USED_RING + VIRTQ_USED_ELEM_LEN(t0)
    PRINT_HEX "rx id=", s7
    PRINT_HEX "len=", s8
    li      t0, RX_BUF
    mul     t0, t0, s7
    la      s9, rx_bufs
    add     s9, s9, t0              # the buffer: header, then the frame
    lbu     t1, VIRTIO_NET_HDR_FLAGS(s9)
    PRINT_HEX "flags=", t1
    lbu     t1, VIRTIO_NET_HDR_GSO_TYPE(s9)
    PRINT_HEX "gso=", t1
    NEWLINE
    addi    s9, s9, VIRTIO_NET_HDR_SIZE
    addi    s8, s8, -VIRTIO_NET_HDR_SIZE
    PRINT   "  head="
    mv      a0, s9
    li      a1, 14                  # destination, source, EtherType
    call    print_bytes
    li      a0, ' '
    call    putc
    mv      a0, s9
    mv      a1, s8
    call    byte_sum
    PRINT_HEX "sum=", a0
    NEWLINE
    PRINT   "  tail="
    addi    a0, s8, -8
    add     a0, a0, s9
    li      a1, 8
    call    print_bytes
    NEWLINE
    addi    s6, s6, 1
    li      t0, FRAMES
    blt     s6, t0, 3b

    SETREG  VIRTIO_MMIO_STATUS, zero
    PRINT   "done\n"
    POWER_OFF

# setup_queue(a0 = queue, a1 = descriptors, a2 = available ring, a3 = used ring)
setup_queue:
    SETREG  VIRTIO_MMIO_QUEUE_SEL, a0
    li      t0, QSIZE
    SETREG  VIRTIO_MMIO_QUEUE_NUM, t0
    SETREG  VIRTIO_MMIO_QUEUE_DESC_LOW, a1
    SETREG  VIRTIO_MMIO_QUEUE_DESC_HIGH, zero
    SETREG  VIRTIO_MMIO_QUEUE_DRIVER_LOW, a2
    SETREG  VIRTIO_MMIO_QUEUE_DRIVER_HIGH, zero
    SETREG  VIRTIO_MMIO_QUEUE_DEVICE_LOW, a3
    SETREG  VIRTIO_MMIO_QUEUE_DEVICE_HIGH, zero
    li      t0, 1
    SETREG  VIRTIO_MMIO_QUEUE_READY, t0
    ret

# set_desc: descriptor at t0 = (t1 address, t2 length, t3 flags, t4 next); t0 moves to the next
set_desc:
    sw      t1, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    sw      t2, VIRTQ_DESC_LEN(t0)
    sh      t3, VIRTQ_DESC_FLAGS(t0)
    sh      t4, VIRTQ_DESC_NEXT(t0)
    addi    t0, t0, VIRTQ_DESC_SIZE
    ret

# build_frame(a0 = frame, a1 = its length, a2, a3): broadcast, from `mac`, EtherType
# 0x88b5, then payload byte i = i * a2 + a3
build_frame:
    li      t0, 0xff
    li      t1, 0
1:  add     t2, a0, t1
    sb      t0, 0(t2)
    addi    t1, t1, 1
    li      t2, 6
    blt     t1, t2, 1b
    la      t3, mac
    li      t1, 0
1:  add     t2, t3, t1
    lbu     t0, 0(t2)
    add     t2, a0, t1
    sb      t0, 6(t2)
    addi    t1, t1, 1
    li      t2, 6
    blt     t1, t2, 1b
    li      t0, ETHERTYPE_HI
    sb      t0, 12(a0)
    li      t0, ETHERTYPE_LO
    sb      t0, 13(a0)
    addi    t3, a0, 14              # the payload
    addi    t4, a1, -14             # its length
    li      t1, 0                   # i
1:  bge     t1, t4, 2f
    mul     t0, t1, a2
    add     t0, t0, a3
    add     t2, t3, t1
    sb      t0, 0(t2)
    addi    t1, t1, 1
    j       1b
2:  ret

# net_irq: the M handler's hook: claim, note and acknowledge the card's interrupt
# status, complete.  Clobbers t0-t2 and a0 (privlib's rule).
net_irq:
    li      t0, PLIC_CLAIM_M
    lw      t1, 0(t0)               # the source claimed
    li      t0, VIRTIO_MMIO_INTERRUPT_STATUS
    add     t0, t0, s1
    lw      t2, 0(t0)
    sw      t2, VIRTIO_MMIO_INTERRUPT_ACK - VIRTIO_MMIO_INTERRUPT_STATUS(t0)
    la      t0, irq_status_seen
    lw      a0, 0(t0)
    or      a0, a0, t2
    sw      a0, 0(t0)
    li      t0, PLIC_CLAIM_M
    sw      t1, 0(t0)
    ret

# put_byte_hex(a0): two hex digits.  Clobbers t0, t1, a0.
put_byte_hex:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    andi    t1, a0, 0xff
    sw      t1, 8(sp)
    srli    a0, t1, 4
    call    put_digit
    lw      t1, 8(sp)
    andi    a0, t1, 15
    call    put_digit
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

put_digit:
    li      t0, 10
    blt     a0, t0, 1f
    addi    a0, a0, 39              # 'a' - 10 - '0'
1:  addi    a0, a0, '0'
    j       putc

# print_bytes(a0 = address, a1 = count): two hex digits each
print_bytes:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0
    add     s1, a0, a1
1:  bgeu    s0, s1, 2f
    lbu     a0, 0(s0)
    call    put_byte_hex
    addi    s0, s0, 1
    j       1b
2:  lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# byte_sum(a0 = address, a1 = count): a0 = the sum of the bytes
byte_sum:
    li      t0, 0
1:  beqz    a1, 2f
    lbu     t1, 0(a0)
    add     t0, t0, t1
    addi    a0, a0, 1
    addi    a1, a1, -1
    j       1b
2:  mv      a0, t0
    ret

    PRIV_LIB

    .data
    .align  4
rx_desc:    .zero 16 * QSIZE
rx_avail:   .zero 4 + 2 * QSIZE + 2
    .align  2
rx_used:    .zero 4 + 8 * QSIZE + 2
    .align  4
tx_desc:    .zero 16 * QSIZE
tx_avail:   .zero 4 + 2 * QSIZE + 2
    .align  2
tx_used:    .zero 4 + 8 * QSIZE + 2
    .align  2
irq_status_seen: .word 0
mac:        .zero 8
tx_header:  .zero VIRTIO_NET_HDR_SIZE
tx_short:   .zero VIRTIO_NET_HDR_SIZE + SHORT_FRAME
    .align  2
tx_full:    .zero VIRTIO_NET_FRAME_MAX
    .align  2
rx_bufs:    .zero RX_BUF * FRAMES
