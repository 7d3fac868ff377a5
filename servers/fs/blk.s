# servers/fs/blk.s — the virtio-blk driver of the fs server (virtio 1.x over
# virtio-mmio version 2, one split virtqueue, one request in flight).
#
# Owns the device: pm maps every virtio-mmio slot at USER_DEVICE_BASE and
# the driver takes the first block device it finds (so it works on our
# board, whose disk is in slot 7, and on QEMU 7.2's).  Its IRQ arrives as
# notification bit BLK_NOTIFY; the rings and every buffer the device
# touches live in dma_alloc memory (fs.inc: DMA_*), whose physical address
# the kernel tells us (userland/lib/dma.s translates, and refuses a buffer
# outside it).  Requests are synchronous: the server waits for the
# interrupt before it serves anyone else.  It never sees a file system,
# but it keeps the one promise the file system makes about the disk: once
# mounted, the volume's reserved sectors (its boot sector) are never
# written (blk_protect): a write there faults the server instead.

.include "fs.inc"

.text
# blk_init() -> a0 = 0, or -errno after printing why.  Called once by main.
# Clobbers caller-saved registers.
.globl blk_init
blk_init:
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
    li      t1, VIRTIO_ID_BLOCK
    beq     t0, t1, 3f
2:  li      t0, VIRTIO_STRIDE
    add     s1, s1, t0
    addi    s2, s2, 1
    li      t0, VIRTIO_SLOTS
    blt     s2, t0, 1b
    la      a0, msg_no_disk
    j       8f
3:  la      t0, blk_regs
    sw      s1, 0(t0)
    addi    a0, s2, VIRTIO_IRQ_BASE
    la      t0, blk_irq
    sw      a0, 0(t0)
    li      a1, BLK_NOTIFY
    call    irq_bind
    bnez    a0, 7f
    li      a0, DMA_VA
    li      a1, DMA_PAGES
    call    dma_setup
    li      t0, -ERRNO_MAX          # a physical address in RAM is "negative"
    bgeu    a0, t0, 7f
    # virtio 1.x 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queue, DRIVER_OK
    sw      zero, VIRTIO_MMIO_STATUS(s1)
    li      s3, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER
    sw      s3, VIRTIO_MMIO_STATUS(s1)
    sw      zero, VIRTIO_MMIO_DEVICE_FEATURES_SEL(s1)
    lw      t0, VIRTIO_MMIO_DEVICE_FEATURES(s1)
    li      t1, (1 << VIRTIO_BLK_F_FLUSH) | (1 << VIRTIO_BLK_F_RO)
    and     t0, t0, t1              # what we take of what is offered
    la      t1, blk_features
    sw      t0, 0(t1)
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
    lw      t0, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY(s1)
    lw      t1, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4(s1)
    beqz    t1, 4f
    li      t0, -1                  # past 2^32 sectors: we see the first 2 TiB
4:  la      t1, blk_sectors
    sw      t0, 0(t1)
    sw      zero, VIRTIO_MMIO_QUEUE_SEL(s1)
    lw      t0, VIRTIO_MMIO_QUEUE_NUM_MAX(s1)
    li      t1, QSIZE
    la      a0, msg_queue
    bltu    t0, t1, 8f
    sw      t1, VIRTIO_MMIO_QUEUE_NUM(s1)
    li      a0, DMA_DESC
    li      a1, VIRTQ_DESC_SIZE * QSIZE
    call    dma_address
    sw      a0, VIRTIO_MMIO_QUEUE_DESC_LOW(s1)
    sw      zero, VIRTIO_MMIO_QUEUE_DESC_HIGH(s1)
    li      a0, DMA_AVAIL
    li      a1, VIRTQ_AVAIL_RING + 2 * QSIZE
    call    dma_address
    sw      a0, VIRTIO_MMIO_QUEUE_DRIVER_LOW(s1)
    sw      zero, VIRTIO_MMIO_QUEUE_DRIVER_HIGH(s1)
    li      a0, DMA_USED
    li      a1, VIRTQ_USED_RING + VIRTQ_USED_ELEM_SIZE * QSIZE
    call    dma_address
    sw      a0, VIRTIO_MMIO_QUEUE_DEVICE_LOW(s1)
    sw      zero, VIRTIO_MMIO_QUEUE_DEVICE_HIGH(s1)
    li      t0, 1
    sw      t0, VIRTIO_MMIO_QUEUE_READY(s1)
    ori     s3, s3, VIRTIO_STATUS_DRIVER_OK
    sw      s3, VIRTIO_MMIO_STATUS(s1)
    li      a0, 0
    j       9f
7:  la      a0, msg_no_dma
8:  call    fs_say
    li      a0, -EIO
9:  epilogue
    ret

# blk_read(a0 = sector, a1 = 512-byte buffer in DMA memory) -> a0 = 0 or -EIO.
# blk_write(a0 = sector, a1 = buffer) -> a0 = 0, -EIO or -EROFS (below
# blk_protect's floor: no return, blk_refuse).
# blk_flush() -> a0 = 0 or -EIO (nothing to do when FLUSH was not offered).
# Called by the cache.  Clobbers caller-saved registers.
.globl blk_read
blk_read:
    mv      a2, a1
    mv      a1, a0
    li      a0, VIRTIO_BLK_T_IN
    li      a3, VIRTQ_DESC_F_WRITE  # the device writes the buffer
    j       blk_request
.globl blk_write
blk_write:
    la      t0, blk_floor           # below the floor (reserved sectors): refused
    lw      t0, 0(t0)
    bltu    a0, t0, blk_refuse
    la      t0, blk_features
    lw      t0, 0(t0)
    srli    t0, t0, VIRTIO_BLK_F_RO
    andi    t0, t0, 1
    bnez    t0, 1f
    mv      a2, a1
    mv      a1, a0
    li      a0, VIRTIO_BLK_T_OUT
    li      a3, 0
    j       blk_request
1:  li      a0, -EROFS
    ret
.globl blk_flush
blk_flush:
    la      t0, blk_features
    lw      t0, 0(t0)
    srli    t0, t0, VIRTIO_BLK_F_FLUSH
    andi    t0, t0, 1
    beqz    t0, 1f
    li      a0, VIRTIO_BLK_T_FLUSH
    li      a1, 0
    li      a2, 0
    li      a3, 0
    j       blk_request
1:  li      a0, 0
    ret

# blk_protect(a0 = the first sector writes may touch): below it (the boot
# sector and the rest of the volume's reserved sectors) nothing is written
# from now on.  Called by fat_mount.  Clobbers t0.
.globl blk_protect
blk_protect:
    la      t0, blk_floor
    sw      a0, 0(t0)
    ret

# blk_refuse(a0 = sector): a write below blk_floor.  The file system never
# writes there after mount, so the server's own code or data is bent (a
# fault): rather than write, say so and fault on purpose, and pm starts a
# fresh server, which mounts the volume as it was.  An exit would call pm,
# which may be calling us (loading a program from /bin): a deadlock.
blk_refuse:
    mv      a1, a0
    la      a0, msg_refused
    call    printf
    unimp                           # never returns: the fault ends the server

# blk_misaligned: blk_request was handed a buffer that is not a cache
# block (not SECTOR-aligned): the server's code or data is bent.  As
# blk_refuse: say so and fault on purpose.
blk_misaligned:
    la      a0, msg_misaligned
    call    printf
    unimp                           # never returns: the fault ends the server

# blk_request(a0 = type, a1 = sector, a2 = buffer or 0, a3 = its descriptor
# flags) -> a0 = 0 or -EIO.  Chains header [-> buffer] -> status in
# descriptors 0..2, makes it available, notifies, and waits for the
# interrupt.  A sector past the disk is -EIO before the device sees it.
blk_request:
    prologue ra, s1
    la      t0, blk_sectors
    lw      t0, 0(t0)
    bnez    a2, 1f
    li      t0, -1                  # no data: the sector means nothing
1:  bgeu    a1, t0, 8f
    li      t0, DMA_HEADER
    sw      a0, VIRTIO_BLK_REQ_TYPE(t0)
    sw      zero, VIRTIO_BLK_REQ_TYPE + 4(t0)
    sw      a1, VIRTIO_BLK_REQ_SECTOR(t0)
    sw      zero, VIRTIO_BLK_REQ_SECTOR + 4(t0)
    li      t0, DMA_STATUS
    li      t1, 0xFF                # the device overwrites it
    sb      t1, 0(t0)
    mv      s1, a2
    andi    t0, s1, SECTOR - 1      # a sector's buffer is a cache block, whole
    bnez    t0, blk_misaligned      # (a bent `mv s1, a2` once made it a2 + 2)
    li      a0, DMA_HEADER          # descriptor 0: the header
    li      a1, VIRTIO_BLK_REQ_HEADER_SIZE
    call    dma_address
    li      t0, DMA_DESC
    sw      a0, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    li      t1, VIRTIO_BLK_REQ_HEADER_SIZE
    sw      t1, VIRTQ_DESC_LEN(t0)
    li      t1, VIRTQ_DESC_F_NEXT
    sh      t1, VIRTQ_DESC_FLAGS(t0)
    li      t1, 1
    sh      t1, VIRTQ_DESC_NEXT(t0)
    beqz    s1, 2f
    mv      a0, s1                  # descriptor 1: the data
    li      a1, SECTOR
    call    dma_address
    li      t0, DMA_DESC + VIRTQ_DESC_SIZE
    sw      a0, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    li      t1, SECTOR
    sw      t1, VIRTQ_DESC_LEN(t0)
    ori     t1, a3, VIRTQ_DESC_F_NEXT
    sh      t1, VIRTQ_DESC_FLAGS(t0)
    li      t1, 2
    sh      t1, VIRTQ_DESC_NEXT(t0)
    li      s1, 2                   # the status descriptor
    j       3f
2:  li      s1, 1
3:  li      a0, DMA_STATUS
    li      a1, 1
    call    dma_address
    li      t0, DMA_DESC
    slli    t1, s1, 4
    add     t0, t0, t1
    sw      a0, VIRTQ_DESC_ADDR(t0)
    sw      zero, VIRTQ_DESC_ADDR + 4(t0)
    li      t1, 1
    sw      t1, VIRTQ_DESC_LEN(t0)
    li      t1, VIRTQ_DESC_F_WRITE
    sh      t1, VIRTQ_DESC_FLAGS(t0)
    sh      zero, VIRTQ_DESC_NEXT(t0)
    li      t0, DMA_AVAIL
    lhu     s1, VIRTQ_AVAIL_IDX(t0)
    andi    t2, s1, QSIZE - 1
    slli    t2, t2, 1
    add     t2, t2, t0
    sh      zero, VIRTQ_AVAIL_RING(t2) # the chain's head: descriptor 0
    fence   w, w                    # the ring entry before the index
    addi    s1, s1, 1
    slli    s1, s1, 16
    srli    s1, s1, 16              # the used index to wait for
    sh      s1, VIRTQ_AVAIL_IDX(t0)
    fence   w, w                    # the index before the notify
    li      t0, DMA_HEADER          # the last gate, whatever path led here (a
    lw      t1, VIRTIO_BLK_REQ_TYPE(t0) # flipped `ret` once jumped past
    li      t2, VIRTIO_BLK_T_OUT    # blk_write's test, and the boot
    bne     t1, t2, 31f             # sector was zeroed): a write below
    lw      a0, VIRTIO_BLK_REQ_SECTOR(t0) # the floor never reaches the disk
    la      t1, blk_floor
    lw      t1, 0(t1)
    bltu    a0, t1, blk_refuse
31: la      t0, blk_regs
    lw      t0, 0(t0)
    sw      zero, VIRTIO_MMIO_QUEUE_NOTIFY(t0)
4:  li      a0, 0                   # every completion interrupts: wait for it
    li      a1, FS_NOTIFY_MASK      # (the mask reply_recv keeps using)
    SYSCALL RECV
    andi    t0, a6, FLUSH_NOTIFY
    beqz    t0, 6f
    la      t0, flush_due           # the write-back's turn comes after this request
    li      t1, 1
    sw      t1, 0(t0)
6:  li      t0, NOTIFY_EXITED       # a process ended: swept before the next request
    and     t0, t0, a6
    beqz    t0, 5f
    la      t0, exited_due
    li      t1, 1
    sw      t1, 0(t0)
5:  andi    t0, a6, BLK_NOTIFY
    beqz    t0, 4b
    call    blk_interrupt
    fence   r, r
    li      t0, DMA_USED
    lhu     t0, VIRTQ_USED_IDX(t0)
    bne     t0, s1, 4b
    li      t0, DMA_STATUS
    lbu     t0, 0(t0)
    bnez    t0, 8f
    li      a0, 0
    j       9f
8:  li      a0, -EIO
9:  epilogue
    ret

# blk_interrupt(): the device interrupted: acknowledge it at the device and
# complete it at the PLIC so it can fire again.  Called after every
# notification with BLK_NOTIFY.  Clobbers caller-saved registers.
.globl blk_interrupt
blk_interrupt:
    la      t0, blk_regs
    lw      t0, 0(t0)
    lw      t1, VIRTIO_MMIO_INTERRUPT_STATUS(t0)
    sw      t1, VIRTIO_MMIO_INTERRUPT_ACK(t0)
    la      t0, blk_irq
    lw      a0, 0(t0)
    tail    irq_ack

.section .rodata
msg_no_disk:  .asciz "fs: no virtio-blk disk found\n"
msg_no_dma:   .asciz "fs: cannot bind the disk's IRQ or get DMA memory\n"
msg_features: .asciz "fs: the disk refused our features\n"
msg_queue:    .asciz "fs: the disk's queue is too small\n"
msg_refused:  .asciz "fs: refused a write to reserved sector %d; restarting\n"
msg_misaligned: .asciz "fs: a disk request's buffer is not a cache block; restarting\n"

.section .data
.balign 4
blk_regs:     .word 0               # the disk's registers
blk_irq:      .word 0               # its PLIC source
.globl blk_features
blk_features: .word 0               # VIRTIO_BLK_F_* bits negotiated
.globl blk_sectors
blk_sectors:  .word 0               # capacity
blk_floor:    .word -1              # writes below this sector are refused (blk_protect;
                                    # nothing at all before the volume is mounted)
