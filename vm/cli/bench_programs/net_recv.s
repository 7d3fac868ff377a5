# Network benchmark, receiver: keep QSIZE receive buffers posted and count frames forever
# (`received`), sleeping in WFI until the card's interrupt says frames came back.
    .include "abi.inc"
    .include "net_card.inc"
    .equ MIP_MEIP, 0x800
    .equ CLAIM_M, PLIC_BASE + PLIC_CONTEXT + PLIC_CLAIM
    .globl _start
_start:
    li      sp, 0x80010000
    call    find_card
    li      a0, VIRTIO_NET_RX_QUEUE
    la      a1, desc
    la      a2, avail
    la      a3, used
    call    setup_queue
    la      t2, desc                # QSIZE buffers, all posted
    la      t3, buffers
    la      t5, avail
    li      t4, 0
1:  sw      t3, VIRTQ_DESC_ADDR(t2)
    li      t0, BUF
    sw      t0, VIRTQ_DESC_LEN(t2)
    li      t0, VIRTQ_DESC_F_WRITE
    sh      t0, VIRTQ_DESC_FLAGS(t2)
    slli    t0, t4, 1
    add     t0, t0, t5
    sh      t4, VIRTQ_AVAIL_RING(t0)
    addi    t2, t2, VIRTQ_DESC_SIZE
    addi    t3, t3, BUF
    addi    t4, t4, 1
    li      t0, QSIZE
    blt     t4, t0, 1b
    sh      t4, VIRTQ_AVAIL_IDX(t5)
    mv      s5, t4                  # our available index
    li      s6, 0                   # used entries seen
    slli    t0, s2, 2               # the PLIC raises MEIP for the card (MIE stays off: WFI wakes)
    li      t1, PLIC_BASE + PLIC_PRIORITY
    add     t0, t0, t1
    li      t1, 1
    sw      t1, 0(t0)
    li      t0, PLIC_BASE + PLIC_CONTEXT + PLIC_THRESHOLD
    sw      zero, 0(t0)
    li      t0, 1
    sll     t0, t0, s2
    li      t1, PLIC_BASE + PLIC_ENABLE
    sw      t0, 0(t1)
    li      t0, MIP_MEIP
    csrw    mie, t0
    call    card_live
    la      s7, avail
    la      s8, used
    la      s9, received
wait:
    wfi
    li      t0, CLAIM_M
    lw      t1, 0(t0)
    lw      t2, VIRTIO_MMIO_INTERRUPT_STATUS(s1)
    sw      t2, VIRTIO_MMIO_INTERRUPT_ACK(s1)
    sw      t1, 0(t0)
1:  lhu     t0, VIRTQ_USED_IDX(s8)
    beq     t0, s6, 2f
    andi    t1, s6, QSIZE - 1       # the buffer goes straight back
    slli    t1, t1, 3
    add     t1, t1, s8
    lw      t2, VIRTQ_USED_RING + VIRTQ_USED_ELEM_ID(t1)
    andi    t3, s5, QSIZE - 1
    slli    t3, t3, 1
    add     t3, t3, s7
    sh      t2, VIRTQ_AVAIL_RING(t3)
    addi    s5, s5, 1
    addi    s6, s6, 1
    li      t3, 0xffff
    and     s6, s6, t3
    lw      t3, 0(s9)
    addi    t3, t3, 1
    sw      t3, 0(s9)
    j       1b
2:  fence   w, w
    sh      s5, VIRTQ_AVAIL_IDX(s7)
    li      t0, VIRTIO_NET_RX_QUEUE
    sw      t0, VIRTIO_MMIO_QUEUE_NOTIFY(s1)
    j       wait

    NET_CARD_LIB

    .data
    .globl received
received:   .word 0
    .align  4
desc:   .zero 16 * QSIZE
avail:  .zero 4 + 2 * QSIZE + 2
    .align  2
used:   .zero 4 + 8 * QSIZE + 2
    .align  4
buffers: .zero BUF * QSIZE
