# virtio_rng.s -- a virtio 1.x driver in miniature: probe the 8 virtio-mmio
# slots, find the entropy device (DeviceID 4), negotiate VIRTIO_F_VERSION_1,
# set up its request queue in RAM, and have it fill buffers twice: once
# waiting for its interrupt through the PLIC (M-mode context), once polling
# the used ring.  Prints only what the spec and QEMU fix (ids, versions,
# status bits, used lengths, the interrupt), never the random bytes, so the
# transcript is the same on QEMU (-device virtio-rng-device, with
# -global virtio-mmio.force-legacy=false) and on ours (--rng).
# Register names come from abi.inc (vm/devices/registers.py).
.include "../priv/privlib.inc"
.include "abi.inc"

.include "virtio_driver.inc"

    PRIV_BOOT
main:
    PRINT   "virtio_rng\n"
    li      s0, 0                   # slot
    li      s1, 0                   # the rng's registers, 0 until found
1:  li      t0, VIRTIO_STRIDE
    mul     t0, t0, s0
    li      t1, VIRTIO_BASE
    add     s3, t0, t1              # this slot's registers
    lw      t0, VIRTIO_MMIO_MAGIC_VALUE(s3)
    li      t1, VIRTIO_MMIO_MAGIC
    bne     t0, t1, 2f
    lw      s4, VIRTIO_MMIO_VERSION(s3)
    lw      s5, VIRTIO_MMIO_DEVICE_ID(s3)
    PRINT_HEX "slot=", s0
    PRINT_HEX "version=", s4
    PRINT_HEX "device=", s5
    NEWLINE
    li      t0, VIRTIO_ID_RNG
    bne     s5, t0, 2f
    bnez    s1, 2f
    mv      s1, s3
    mv      s2, s0                  # its slot
2:  addi    s0, s0, 1
    li      t0, VIRTIO_SLOTS
    blt     s0, t0, 1b
    bnez    s1, found
    PRINT   "no virtio-rng found\n"
    POWER_OFF

found:
    addi    s2, s2, VIRTIO_IRQ_BASE # its PLIC source
    PRINT_HEX "rng slot irq=", s2
    REG     t0, VIRTIO_MMIO_VENDOR_ID
    PRINT_HEX "vendor=", t0
    NEWLINE

    # 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queues, DRIVER_OK
    SETREG  VIRTIO_MMIO_STATUS, zero
    REG     t0, VIRTIO_MMIO_STATUS
    PRINT_HEX "status after reset=", t0
    NEWLINE
    li      s3, VIRTIO_STATUS_ACKNOWLEDGE
    SETREG  VIRTIO_MMIO_STATUS, s3
    ori     s3, s3, VIRTIO_STATUS_DRIVER
    SETREG  VIRTIO_MMIO_STATUS, s3
    li      t0, VIRTIO_F_VERSION_1 / 32
    SETREG  VIRTIO_MMIO_DEVICE_FEATURES_SEL, t0
    REG     t0, VIRTIO_MMIO_DEVICE_FEATURES
    andi    t0, t0, 1 << (VIRTIO_F_VERSION_1 % 32)
    PRINT_HEX "VERSION_1 offered=", t0
    NEWLINE
    SETREG  VIRTIO_MMIO_DRIVER_FEATURES_SEL, zero
    SETREG  VIRTIO_MMIO_DRIVER_FEATURES, zero # no feature of word 0
    li      t0, VIRTIO_F_VERSION_1 / 32
    SETREG  VIRTIO_MMIO_DRIVER_FEATURES_SEL, t0
    li      t0, 1 << (VIRTIO_F_VERSION_1 % 32)
    SETREG  VIRTIO_MMIO_DRIVER_FEATURES, t0
    ori     s3, s3, VIRTIO_STATUS_FEATURES_OK
    SETREG  VIRTIO_MMIO_STATUS, s3
    REG     t0, VIRTIO_MMIO_STATUS
    PRINT_HEX "status with FEATURES_OK=", t0
    NEWLINE

    SETREG  VIRTIO_MMIO_QUEUE_SEL, zero
    REG     t0, VIRTIO_MMIO_QUEUE_READY
    PRINT_HEX "queue 0 ready=", t0
    REG     t0, VIRTIO_MMIO_QUEUE_NUM_MAX
    PRINT_HEX "num max=", t0
    li      t0, 1
    SETREG  VIRTIO_MMIO_QUEUE_SEL, t0
    REG     t0, VIRTIO_MMIO_QUEUE_NUM_MAX
    PRINT_HEX "queue 1 num max=", t0
    NEWLINE
    SETREG  VIRTIO_MMIO_QUEUE_SEL, zero
    li      t0, QSIZE
    SETREG  VIRTIO_MMIO_QUEUE_NUM, t0
    la      t0, desc
    SETREG  VIRTIO_MMIO_QUEUE_DESC_LOW, t0
    SETREG  VIRTIO_MMIO_QUEUE_DESC_HIGH, zero
    la      t0, avail
    SETREG  VIRTIO_MMIO_QUEUE_DRIVER_LOW, t0
    SETREG  VIRTIO_MMIO_QUEUE_DRIVER_HIGH, zero
    la      t0, used
    SETREG  VIRTIO_MMIO_QUEUE_DEVICE_LOW, t0
    SETREG  VIRTIO_MMIO_QUEUE_DEVICE_HIGH, zero
    li      t0, 1
    SETREG  VIRTIO_MMIO_QUEUE_READY, t0
    REG     t0, VIRTIO_MMIO_QUEUE_READY
    PRINT_HEX "queue 0 ready=", t0
    NEWLINE
    ori     s3, s3, VIRTIO_STATUS_DRIVER_OK
    SETREG  VIRTIO_MMIO_STATUS, s3
    REG     t0, VIRTIO_MMIO_STATUS
    PRINT_HEX "status live=", t0
    NEWLINE

    # the PLIC routes the rng's source to M-mode
    ROUTE_IRQ_TO_M

    # request 1: one 16-byte buffer, wait for the interrupt
    PRINT   "request 1: 16 bytes, by interrupt\n"
    li      a0, 0                   # descriptor 0
    la      a1, buffer1
    li      a2, 16
    li      a3, VIRTQ_DESC_F_WRITE
    li      a4, 0
    call    set_desc
    li      a0, 0
    call    post
1:  wfi
    csrsi   mstatus, MSTATUS_MIE    # the interrupt is taken here, at a fixed pc
    csrci   mstatus, MSTATUS_MIE
    la      t0, irqs_taken
    lw      t0, 0(t0)
    beqz    t0, 1b
    li      a0, 0
    call    show_used
    la      a0, buffer1
    li      a1, 16
    call    show_filled

    # request 2: a chain of 8 + 4 bytes, polled with the interrupt masked
    PRINT   "request 2: 8+4 bytes chained, by polling\n"
    csrw    mie, zero
    li      a0, 1
    la      a1, buffer2
    li      a2, 8
    li      a3, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT
    li      a4, 2
    call    set_desc
    li      a0, 2
    la      a1, buffer2 + 8
    li      a2, 4
    li      a3, VIRTQ_DESC_F_WRITE
    li      a4, 0
    call    set_desc
    li      a0, 1
    call    post
    la      t0, used
    li      t2, SPIN_LIMIT
1:  lhu     t1, VIRTQ_USED_IDX(t0)
    li      t3, 2
    beq     t1, t3, 2f
    addi    t2, t2, -1
    bnez    t2, 1b
    PRINT   "timed out polling the used ring\n"
    POWER_OFF
2:  li      a0, 1
    call    show_used
    la      a0, buffer2
    li      a1, 12
    call    show_filled
    REG     t0, VIRTIO_MMIO_INTERRUPT_STATUS
    PRINT_HEX "interrupt status=", t0
    NEWLINE
    SETREG  VIRTIO_MMIO_INTERRUPT_ACK, t0

    # a reset forgets the queue
    SETREG  VIRTIO_MMIO_STATUS, zero
    REG     t0, VIRTIO_MMIO_STATUS
    PRINT_HEX "after reset status=", t0
    REG     t0, VIRTIO_MMIO_QUEUE_READY
    PRINT_HEX "ready=", t0
    REG     t0, VIRTIO_MMIO_INTERRUPT_STATUS
    PRINT_HEX "interrupt status=", t0
    NEWLINE
    PRINT   "done\n"
    POWER_OFF

# set_desc(a0 = index, a1 = address, a2 = length, a3 = flags, a4 = next)
set_desc:
    la      t0, desc
    slli    t1, a0, 4
    add     t0, t0, t1
    sw      a1, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    sw      a2, VIRTQ_DESC_LEN(t0)
    sh      a3, VIRTQ_DESC_FLAGS(t0)
    sh      a4, VIRTQ_DESC_NEXT(t0)
    ret

# post(a0 = head): make the chain available and notify queue 0
post:
    la      t0, avail
    lhu     t1, VIRTQ_AVAIL_IDX(t0)
    andi    t2, t1, QSIZE - 1
    slli    t2, t2, 1
    add     t2, t2, t0
    sh      a0, VIRTQ_AVAIL_RING(t2)
    fence   w, w                    # the ring entry before the index
    addi    t1, t1, 1
    sh      t1, VIRTQ_AVAIL_IDX(t0)
    fence   w, w                    # the index before the notify
    SETREG  VIRTIO_MMIO_QUEUE_NOTIFY, zero
    ret

# show_used(a0 = used-ring entry): print the used index and that entry
show_used:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s4, 8(sp)
    mv      s4, a0
    la      t0, used
    lhu     t1, VIRTQ_USED_IDX(t0)
    PRINT_HEX "used idx=", t1
    la      t0, used
    slli    t1, s4, 3
    add     t0, t0, t1
    lw      t1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_ID(t0)
    PRINT_HEX "id=", t1
    la      t0, used
    slli    t1, s4, 3
    add     t0, t0, t1
    lw      t1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_LEN(t0)
    PRINT_HEX "len=", t1
    NEWLINE
    lw      s4, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# show_filled(a0 = buffer, a1 = length): "filled=1" if any byte is nonzero
# (the buffers start zeroed; 12 or 16 random bytes all zero would be a wonder)
show_filled:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      t2, 0
1:  lbu     t1, 0(a0)
    or      t2, t2, t1
    addi    a0, a0, 1
    addi    a1, a1, -1
    bnez    a1, 1b
    sltu    t2, zero, t2
    PRINT_HEX "filled=", t2
    NEWLINE
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    PRIV_LIB
    VIRTIO_DRIVER_LIB

    .data
    VIRTIO_RINGS
buffer1: .zero 16
buffer2: .zero 12
