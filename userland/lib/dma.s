# userland/lib/dma.s — a driver's DMA memory (the fs server's disk, the net
# server's card): one block from dma_alloc, and the device's address of a
# buffer in it.  The translation checks that the buffer lies inside the
# block: a driver whose address arithmetic went wrong would hand the device
# an address of whatever physical memory lies there, and the device reads
# or writes it behind every page table (toyos fi found a flipped bit in the
# fs server's cache_data that aimed disk writes 32 MiB past the cache and
# wrote that memory over both FATs).  Such a driver says so and faults on
# purpose, and pm starts a fresh one.

    .include "abi.inc"
    .include "frame.inc"

    .equ DMA_BLOCK_VA, 0            # dma_block: the block's address,
    .equ DMA_BLOCK_BYTES, 4         # its size in bytes,
    .equ DMA_BLOCK_PHYS, 8          # and its physical address

    .text

# dma_setup(a0 = addr, a1 = pages) -> a0 = dma_alloc's result: the block's
# physical address (a "negative" number: RAM is above 2 GiB), or -errno.
# On success dma_address translates into the block.
    .globl dma_setup
dma_setup:
    prologue ra, s1, s2
    mv      s1, a0
    mv      s2, a1
    call    dma_alloc
    li      t0, -ERRNO_MAX
    bgeu    a0, t0, 9f
    li      t0, PAGE_SIZE
    mul     s2, s2, t0
    la      t0, dma_block
    sw      s1, DMA_BLOCK_VA(t0)
    sw      s2, DMA_BLOCK_BYTES(t0)
    sw      a0, DMA_BLOCK_PHYS(t0)
9:  epilogue
    ret

# dma_address(a0 = address of a buffer of a1 bytes in the block) -> a0 = the
# device's (physical) address.  Clobbers t0-t2.  A buffer not wholly inside
# the block (or no block yet): no return, the driver faults on purpose.
    .globl dma_address
dma_address:
    la      t0, dma_block
    lw      t1, DMA_BLOCK_VA(t0)
    sub     t1, a0, t1              # offset in the block (below it: huge, unsigned)
    lw      t2, DMA_BLOCK_BYTES(t0)
    bltu    t2, a1, 8f
    sub     t2, t2, a1              # the last offset such a buffer may start at
    bltu    t2, t1, 8f
    lw      t0, DMA_BLOCK_PHYS(t0)
    add     a0, t1, t0
    ret
8:  mv      a2, a1
    mv      a1, a0
    la      a0, msg_outside
    call    printf
    unimp                           # never returns: the fault ends the driver

.section .rodata
msg_outside: .asciz "dma: buffer 0x%x (%d bytes) is outside the DMA memory; faulting\n"

.section .data
.balign 4
dma_block:  .word 0, 0, 0           # DMA_BLOCK_*
