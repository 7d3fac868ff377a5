# virtio_blk.s -- a virtio-blk driver in miniature: probe the 8 virtio-mmio
# slots, find the disk (DeviceID 2), negotiate VIRTIO_F_VERSION_1 (and FLUSH
# when offered), read the capacity, set up the request queue, then: read
# sector 0 waiting for the interrupt; write sector 1, flush, read it back,
# read past the end, ask for the id and send an unknown request, polling.
# Prints what the spec and QEMU fix (ids, features, statuses, used lengths,
# the bytes read), so the transcript is the same on QEMU (-device
# virtio-blk-device, -global virtio-mmio.force-legacy=false) and on ours
# (--disk).  The test checks the image file afterwards.
# Register names come from abi.inc (vm/devices/registers.py).
.include "../priv/privlib.inc"
.include "abi.inc"

.include "virtio_driver.inc"

.equ T_UNKNOWN, 0x99            # no such request type

    PRIV_BOOT
main:
    PRINT   "virtio_blk\n"
    li      s0, 0                   # slot
    li      s1, 0                   # the disk's registers, 0 until found
1:  li      t0, VIRTIO_STRIDE
    mul     t0, t0, s0
    li      t1, VIRTIO_BASE
    add     s3, t0, t1              # this slot's registers
    lw      s5, VIRTIO_MMIO_DEVICE_ID(s3)
    li      t0, VIRTIO_ID_BLOCK
    bne     s5, t0, 2f
    bnez    s1, 2f
    mv      s1, s3
    mv      s2, s0                  # its slot
2:  addi    s0, s0, 1
    li      t0, VIRTIO_SLOTS
    blt     s0, t0, 1b
    bnez    s1, found
    PRINT   "no virtio-blk found\n"
    POWER_OFF

found:
    PRINT_HEX "disk slot=", s2
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
    srli    t0, s4, VIRTIO_BLK_F_RO
    andi    t0, t0, 1
    PRINT_HEX "RO=", t0
    srli    t0, s4, VIRTIO_BLK_F_FLUSH
    andi    t0, t0, 1
    PRINT_HEX "FLUSH=", t0
    NEWLINE
    li      t0, (1 << VIRTIO_BLK_F_FLUSH) | (1 << VIRTIO_BLK_F_RO)
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
    REG     s6, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY
    PRINT_HEX "capacity=", s6
    REG     t0, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4
    PRINT_HEX "capacity high=", t0
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
    ori     s3, s3, VIRTIO_STATUS_DRIVER_OK
    SETREG  VIRTIO_MMIO_STATUS, s3
    REG     t0, VIRTIO_MMIO_STATUS
    PRINT_HEX "status live=", t0
    NEWLINE

    # the PLIC routes the disk's source to M-mode
    ROUTE_IRQ_TO_M

    # 1: read sector 0, waiting for the interrupt
    PRINT   "read sector 0, by interrupt\n"
    li      a0, VIRTIO_BLK_T_IN
    li      a1, 0
    la      a2, sector_buf
    li      a3, VIRTIO_BLK_SECTOR_SIZE
    li      a4, VIRTQ_DESC_F_WRITE
    call    post_request
1:  wfi
    csrsi   mstatus, MSTATUS_MIE    # the interrupt is taken here, at a fixed pc
    csrci   mstatus, MSTATUS_MIE
    la      t0, irqs_taken
    lw      t0, 0(t0)
    beqz    t0, 1b
    call    show_result
    la      t0, sector_buf
    lbu     t1, 11(t0)
    PRINT_HEX "byte 11=", t1
    la      t0, sector_buf
    lbu     t1, 12(t0)
    PRINT_HEX "byte 12=", t1
    la      t0, sector_buf
    lhu     t1, 510(t0)
    PRINT_HEX "signature=", t1
    NEWLINE
    csrw    mie, zero               # the rest polls

    # 2: write the pattern to sector 1
    PRINT   "write sector 1\n"
    la      t0, pattern
    li      t1, 0
1:  addi    t2, t1, 0x21            # bytes 0x21, 0x22, ... (mod 256)
    sb      t2, 0(t0)
    addi    t0, t0, 1
    addi    t1, t1, 1
    li      t2, VIRTIO_BLK_SECTOR_SIZE
    blt     t1, t2, 1b
    li      a0, VIRTIO_BLK_T_OUT
    li      a1, 1
    la      a2, pattern
    li      a3, VIRTIO_BLK_SECTOR_SIZE
    li      a4, 0
    call    request

    # 3: flush (only when negotiated; otherwise it is an unsupported request)
    PRINT   "flush\n"
    li      a0, VIRTIO_BLK_T_FLUSH
    li      a1, 0
    li      a2, 0
    call    request

    # 4: read sector 1 back
    PRINT   "read sector 1\n"
    la      a0, sector_buf
    li      a1, VIRTIO_BLK_SECTOR_SIZE
    call    zero_bytes
    li      a0, VIRTIO_BLK_T_IN
    li      a1, 1
    la      a2, sector_buf
    li      a3, VIRTIO_BLK_SECTOR_SIZE
    li      a4, VIRTQ_DESC_F_WRITE
    call    request
    la      t0, sector_buf
    la      t1, pattern
    li      t2, VIRTIO_BLK_SECTOR_SIZE
    li      t5, 1                   # same until a byte differs
1:  lbu     t3, 0(t0)
    lbu     t4, 0(t1)
    beq     t3, t4, 2f
    li      t5, 0
2:  addi    t0, t0, 1
    addi    t1, t1, 1
    addi    t2, t2, -1
    bnez    t2, 1b
    PRINT_HEX "same as written=", t5
    NEWLINE

    # 5: read the sector just past the end
    PRINT   "read past the end\n"
    li      a0, VIRTIO_BLK_T_IN
    mv      a1, s6
    la      a2, sector_buf
    li      a3, VIRTIO_BLK_SECTOR_SIZE
    li      a4, VIRTQ_DESC_F_WRITE
    call    request

    # 6: the id string
    PRINT   "get id\n"
    li      a0, VIRTIO_BLK_T_GET_ID
    li      a1, 0
    la      a2, id_buf
    li      a3, VIRTIO_BLK_ID_BYTES
    li      a4, VIRTQ_DESC_F_WRITE
    call    request

    # 7: a request type that does not exist
    PRINT   "unknown request\n"
    li      a0, T_UNKNOWN
    li      a1, 0
    li      a2, 0
    call    request

    SETREG  VIRTIO_MMIO_STATUS, zero
    PRINT   "done\n"
    POWER_OFF

# post_request(a0 = type, a1 = sector, a2 = data buffer or 0, a3 = its length,
# a4 = its flags): the chain header [-> data] -> status in descriptors 0..2,
# made available and notified
post_request:
    la      t0, header
    sw      a0, VIRTIO_BLK_REQ_TYPE(t0)
    sw      zero, 4(t0)
    sw      a1, VIRTIO_BLK_REQ_SECTOR(t0)
    sw      zero, VIRTIO_BLK_REQ_SECTOR + 4(t0)
    la      t1, status_byte
    li      t2, 0xFF                # the device overwrites it
    sb      t2, 0(t1)
    la      t0, desc
    la      t1, header
    sw      t1, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    li      t1, VIRTIO_BLK_REQ_HEADER_SIZE
    sw      t1, VIRTQ_DESC_LEN(t0)
    li      t1, VIRTQ_DESC_F_NEXT
    sh      t1, VIRTQ_DESC_FLAGS(t0)
    li      t1, 1
    beqz    a2, 1f
    sh      t1, VIRTQ_DESC_NEXT(t0)
    addi    t0, t0, VIRTQ_DESC_SIZE # descriptor 1: the data
    sw      a2, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    sw      a3, VIRTQ_DESC_LEN(t0)
    ori     t1, a4, VIRTQ_DESC_F_NEXT
    sh      t1, VIRTQ_DESC_FLAGS(t0)
    li      t1, 2
1:  sh      t1, VIRTQ_DESC_NEXT(t0)
    la      t0, desc                # the status: descriptor t1
    slli    t2, t1, 4
    add     t0, t0, t2
    la      t1, status_byte
    sw      t1, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    li      t1, 1
    sw      t1, VIRTQ_DESC_LEN(t0)
    li      t1, VIRTQ_DESC_F_WRITE
    sh      t1, VIRTQ_DESC_FLAGS(t0)
    sh      zero, VIRTQ_DESC_NEXT(t0)
    la      t0, avail
    lhu     t1, VIRTQ_AVAIL_IDX(t0)
    andi    t2, t1, QSIZE - 1
    slli    t2, t2, 1
    add     t2, t2, t0
    sh      zero, VIRTQ_AVAIL_RING(t2) # head: descriptor 0
    fence   w, w                    # the ring entry before the index
    addi    t1, t1, 1
    sh      t1, VIRTQ_AVAIL_IDX(t0)
    fence   w, w                    # the index before the notify
    SETREG  VIRTIO_MMIO_QUEUE_NOTIFY, zero
    ret

# request(as post_request): post it, poll the used ring until it is back, show it
request:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    post_request
    la      t0, avail
    lhu     t3, VIRTQ_AVAIL_IDX(t0)
    la      t0, used
    li      t2, SPIN_LIMIT
1:  lhu     t1, VIRTQ_USED_IDX(t0)
    beq     t1, t3, 2f
    addi    t2, t2, -1
    bnez    t2, 1b
    PRINT   "timed out polling the used ring\n"
    POWER_OFF
2:  call    show_result
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# show_result: the last used entry's id and length, and the status byte
show_result:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, used
    lhu     t1, VIRTQ_USED_IDX(t0)
    addi    t1, t1, -1
    andi    t1, t1, QSIZE - 1
    slli    t1, t1, 3
    add     t0, t0, t1
    lw      t1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_ID(t0)
    PRINT_HEX "id=", t1
    la      t0, used
    lhu     t1, VIRTQ_USED_IDX(t0)
    addi    t1, t1, -1
    andi    t1, t1, QSIZE - 1
    slli    t1, t1, 3
    add     t0, t0, t1
    lw      t1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_LEN(t0)
    PRINT_HEX "len=", t1
    la      t0, status_byte
    lbu     t1, 0(t0)
    PRINT_HEX "status=", t1
    NEWLINE
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# zero_bytes(a0 = buffer, a1 = length)
zero_bytes:
    sb      zero, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, -1
    bnez    a1, zero_bytes
    ret

    PRIV_LIB
    VIRTIO_DRIVER_LIB

    .data
    VIRTIO_RINGS
header: .zero 16
status_byte: .byte 0
id_buf:     .zero 20
    .align 2
sector_buf: .zero 512
pattern:    .zero 512
