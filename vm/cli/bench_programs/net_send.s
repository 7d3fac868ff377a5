# Network benchmark, sender: send `frames_total` frames of `frame_len` bytes (the host patches
# both words) through the card's transmit queue, keeping up to QSIZE in flight, then power off.
# All descriptors point at one buffer: the header and a frame of zeros.
    .include "abi.inc"
    .include "net_card.inc"
    .globl _start
_start:
    li      sp, 0x80010000
    call    find_card
    li      a0, VIRTIO_NET_TX_QUEUE
    la      a1, desc
    la      a2, avail
    la      a3, used
    call    setup_queue
    la      t0, frame_len
    lw      t1, 0(t0)
    addi    t1, t1, HDR
    la      t2, desc
    la      t3, buffer
    li      t4, QSIZE
1:  sw      t3, VIRTQ_DESC_ADDR(t2)
    sw      t1, VIRTQ_DESC_LEN(t2)
    addi    t2, t2, VIRTQ_DESC_SIZE
    addi    t4, t4, -1
    bnez    t4, 1b
    la      t0, avail               # completions need no interrupt: we poll
    li      t1, VIRTQ_AVAIL_F_NO_INTERRUPT
    sh      t1, VIRTQ_AVAIL_FLAGS(t0)
    call    card_live
    la      t0, frames_total
    lw      s4, 0(t0)               # frames still to queue
    li      s5, 0                   # our available index
    la      s7, avail
    la      s8, used
send:
    lhu     s6, VIRTQ_USED_IDX(s8)  # what the device gave back
    sub     t0, s5, s6
    li      t1, 0xffff
    and     t0, t0, t1              # in flight
    bnez    s4, 1f
    beqz    t0, done
    j       send
1:  li      t1, QSIZE
    bgeu    t0, t1, send            # the ring is full: wait for the device
fill:
    andi    t2, s5, QSIZE - 1
    slli    t3, t2, 1
    add     t3, t3, s7
    sh      t2, VIRTQ_AVAIL_RING(t3)
    addi    s5, s5, 1
    addi    s4, s4, -1
    addi    t0, t0, 1
    beqz    s4, 2f
    bltu    t0, t1, fill            # fill the ring, then one notify
2:  fence   w, w
    sh      s5, VIRTQ_AVAIL_IDX(s7)
    fence   w, w
    li      t0, VIRTIO_NET_TX_QUEUE
    sw      t0, VIRTIO_MMIO_QUEUE_NOTIFY(s1)
    j       send
done:
    li      t0, SIFIVE_TEST_BASE
    li      t1, FINISHER_PASS
    sw      t1, 0(t0)
3:  j       3b

    NET_CARD_LIB

    .data
    .globl frame_len, frames_total
frame_len:      .word 1514
frames_total:   .word 1000
    .align  4
desc:   .zero 16 * QSIZE
avail:  .zero 4 + 2 * QSIZE + 2
    .align  2
used:   .zero 4 + 8 * QSIZE + 2
    .align  4
buffer: .zero BUF
