# servers/fs/cache.s — the block cache: CACHE_BLOCKS sectors in DMA memory,
# least recently used evicted, written back lazily.
#
# Every sector the file system reads or writes goes through here.  A dirty
# block carries a class (fs.inc: data, FAT, directory) and cache_sync writes
# the classes in that order, then flushes the disk, so that a crash between
# two writes leaves at most lost clusters.  Evicting a dirty data block
# writes it alone (data first is always safe); evicting a dirty FAT or
# directory block syncs everything first.  Writes to the first FAT are
# mirrored to the other copies here (fat_mirror).  Knows nothing of files.
#
# Each block also has a checksum of its bytes as the server last left them
# (read from the disk, or changed and marked with cache_dirty or
# cache_note), checked at its first use in each request and before it is
# written back.  Bytes that changed behind the server's back (a stray
# store, a flipped bit: toyos fi flipped one in a cached FAT sector, which
# the next change to that sector wrote to the disk, and a committed file
# lost its chain) are never written: the server says so and faults on
# purpose, and pm starts a fresh one, which reads the disk again.

.include "fs.inc"

.if CE_SIZE != 16
    .error "cache.s turns entry offsets into block offsets and sums' offsets by shifts that assume CE_SIZE = 16"
.endif

.text
# cache_get(a0 = sector) -> a0 = its 512 bytes (valid until the next
# cache call), or 0 after an I/O error.  cache_take(a0 = sector) is the
# same for a sector about to be overwritten whole: no read.
# Called by fat.s, dir.s and the operations.  Clobbers caller-saved registers.
.globl cache_get
cache_get:
    li      a1, 1
    j       cache_lookup
.globl cache_take
cache_take:
    li      a1, 0
cache_lookup:                       # a1 = read it from the disk on a miss
    la      t0, cache_clock
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      t2, cache_last          # the last hit first: sequential access
    lw      t2, 0(t2)
    lw      t3, CE_SECTOR(t2)
    bne     t3, a0, 1f
    lw      t3, CE_VALID(t2)
    bnez    t3, 6f
1:  la      t2, cache_entries
    li      t4, CACHE_BLOCKS
2:  lw      t3, CE_VALID(t2)
    beqz    t3, 3f
    lw      t3, CE_SECTOR(t2)
    beq     t3, a0, 6f
3:  addi    t2, t2, CE_SIZE
    addi    t4, t4, -1
    bnez    t4, 2b
    prologue ra, s1, s2, s3         # a miss: take the least recently used
    mv      s2, a0
    mv      s3, a1
    call    cache_victim
    beqz    a0, 8f
    mv      s1, a0
    sw      zero, CE_VALID(s1)
    beqz    s3, 4f
    la      t0, cache_misses        # a read from the disk (fs.stats)
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    mv      a0, s2
    mv      a1, s1
    call    cache_data
    mv      a1, a0
    mv      a0, s2
    call    blk_read
    bnez    a0, 8f
4:  sw      s2, CE_SECTOR(s1)
    li      t0, 1
    sw      t0, CE_VALID(s1)
    sw      zero, CE_DIRTY(s1)
    mv      a1, s1                  # its checksum as read (or as taken)
    call    cache_data
    call    cache_note
    mv      t2, s1
    epilogue
    j       5f
6:  la      t0, cache_hits          # found in the cache (fs.stats)
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      t0, cache_entries       # checked already in this request?
    sub     t3, t2, t0
    srli    t3, t3, 2               # entry index * 4 (CE_SIZE is 16)
    la      t0, cache_checked
    add     t0, t0, t3
    lw      t1, 0(t0)
    la      t4, cache_epoch
    lw      t4, 0(t4)
    beq     t1, t4, 5f
    sw      t4, 0(t0)
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      t2, 8(sp)
    sw      t3, 4(sp)
    slli    a0, t3, SECTOR_SHIFT - 2
    li      t0, DMA_CACHE
    add     a0, a0, t0
    call    cache_sum
    lw      t3, 4(sp)
    lw      t2, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    la      t0, cache_sums
    add     t0, t0, t3
    lw      t0, 0(t0)
    bne     t0, a0, cache_bent
5:  la      t0, cache_clock
    lw      t1, 0(t0)
    sw      t1, CE_STAMP(t2)
    la      t0, cache_last
    sw      t2, 0(t0)
    la      a0, cache_entries
    sub     a0, t2, a0
    slli    a0, a0, SECTOR_SHIFT - 4 # entry offset * (SECTOR / CE_SIZE)
    li      t0, DMA_CACHE
    add     a0, a0, t0
    ret
8:  li      a0, 0
    epilogue
    ret

# cache_data(a1 = entry) -> a0 = its bytes.  Clobbers t0.
cache_data:
    la      a0, cache_entries
    sub     a0, a1, a0
    slli    a0, a0, SECTOR_SHIFT - 4
    li      t0, DMA_CACHE
    add     a0, a0, t0
    ret

# cache_victim() -> a0 = a free entry (a free one, else the least recently
# used, written back first), or 0 after an I/O error.
cache_victim:
    prologue ra, s1
    la      t2, cache_entries
    li      t4, CACHE_BLOCKS
    mv      s1, t2
    li      t5, -1                  # oldest stamp seen
1:  lw      t3, CE_VALID(t2)
    beqz    t3, 4f
    lw      t3, CE_STAMP(t2)
    bgeu    t3, t5, 2f
    mv      t5, t3
    mv      s1, t2
2:  addi    t2, t2, CE_SIZE
    addi    t4, t4, -1
    bnez    t4, 1b
    lw      t0, CE_DIRTY(s1)
    beqz    t0, 3f
    li      t1, CLASS_DATA
    bne     t0, t1, 5f
    mv      a0, s1                  # dirty data: write it alone
    call    cache_write_entry
    bnez    a0, 8f
    j       3f
5:  call    cache_sync              # dirty metadata: everything, in order
    bnez    a0, 8f
3:  mv      a0, s1
    j       9f
4:  mv      a0, t2
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# cache_dirty(a0 = an address inside a block cache_get returned, a1 = class):
# the block must be written back, and its bytes are the server's own
# (cache_note).  A block keeps the highest class it was given.  Clobbers
# t0, t1.
.globl cache_dirty
cache_dirty:
    li      t0, DMA_CACHE
    sub     t0, a0, t0
    srli    t0, t0, SECTOR_SHIFT
    slli    t0, t0, 4               # * CE_SIZE
    la      t1, cache_entries
    add     t0, t0, t1
    lw      t1, CE_DIRTY(t0)
    bgeu    t1, a1, 1f
    sw      a1, CE_DIRTY(t0)
1:  la      t0, cache_has_dirty
    li      t1, 1
    sw      t1, 0(t0)
    # fall through

# cache_note(a0 = an address inside a block): the block's bytes as they are
# now are the server's own: its checksum is taken again (and counts as
# checked in this request).  For a block changed but not to be written (a
# client's lease that failed half way).  Clobbers t0, t1.
.globl cache_note
cache_note:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    sw      t5, 4(sp)
    andi    a0, a0, -SECTOR         # the block (blocks are SECTOR-aligned)
    call    cache_sum
    lw      t1, 8(sp)
    li      t0, DMA_CACHE
    sub     t1, t1, t0
    srli    t1, t1, SECTOR_SHIFT
    slli    t1, t1, 2               # entry index * 4
    la      t0, cache_sums
    add     t0, t0, t1
    sw      a0, 0(t0)
    la      t0, cache_checked
    add     t0, t0, t1
    la      t1, cache_epoch
    lw      t1, 0(t1)
    sw      t1, 0(t0)
    lw      t5, 4(sp)
    lw      a0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# cache_sum(a0 = a block's bytes) -> a0 = the sum of its words (a flipped
# bit always changes it).  Clobbers t0, t1, t5.
cache_sum:
    addi    t0, a0, SECTOR
    li      t1, 0
1:  lw      t5, 0(a0)
    add     t1, t1, t5
    lw      t5, 4(a0)
    add     t1, t1, t5
    addi    a0, a0, 8
    bltu    a0, t0, 1b
    mv      a0, t1
    ret

# cache_bent: a block's bytes are not what the server left there (above).
# As blk_refuse does: say so and fault on purpose before they reach the
# disk; pm starts a fresh server.
cache_bent:
    la      a0, msg_bent_block
    call    printf
    unimp                           # never returns: the fault ends the server

# cache_write_entry(a0 = entry) -> a0 = 0 or -errno: write a dirty block
# (and its FAT mirrors) and mark it clean.
cache_write_entry:
    prologue ra, s1, s2
    mv      s1, a0
    mv      a1, s1
    call    cache_data
    mv      s2, a0
    call    cache_sum               # still the server's bytes?
    la      t0, cache_entries
    sub     t1, s1, t0
    srli    t1, t1, 2
    la      t0, cache_sums
    add     t0, t0, t1
    lw      t0, 0(t0)
    bne     t0, a0, cache_bent
    lw      a0, CE_SECTOR(s1)
    mv      a1, s2
    call    blk_write
    bnez    a0, 9f
    lw      a0, CE_SECTOR(s1)
    mv      a1, s2
    call    fat_mirror
    bnez    a0, 9f
    sw      zero, CE_DIRTY(s1)
9:  epilogue
    ret

# cache_sync() -> a0 = 0 or -errno: every dirty block written, data then
# FAT then directories, then the disk flushed.  Called by the sync
# operation, the close of an O_SYNC file, the periodic write-back and
# eviction.  Clobbers caller-saved registers.
.globl cache_sync
cache_sync:
    prologue ra, s1, s2, s3
    la      t0, cache_has_dirty
    lw      t1, 0(t0)
    li      a0, 0
    beqz    t1, 9f                  # nothing written since the last sync
    sw      zero, 0(t0)
    li      s3, CLASS_DATA
1:  la      s1, cache_entries
    li      s2, CACHE_BLOCKS
2:  lw      t0, CE_DIRTY(s1)
    bne     t0, s3, 3f
    mv      a0, s1
    call    cache_write_entry
    bnez    a0, 8f
3:  addi    s1, s1, CE_SIZE
    addi    s2, s2, -1
    bnez    s2, 2b
    addi    s3, s3, 1
    li      t0, CLASS_DIR
    bleu    s3, t0, 1b
    call    blk_flush
    beqz    a0, 9f
8:  la      t0, cache_has_dirty     # failed: still dirty
    li      t1, 1
    sw      t1, 0(t0)
9:  epilogue
    ret

# cache_dirty_count() -> a0 = dirty blocks.  Clobbers t0-t2.
.globl cache_dirty_count
cache_dirty_count:
    li      a0, 0
    la      t0, cache_entries
    li      t1, CACHE_BLOCKS
1:  lw      t2, CE_DIRTY(t0)
    snez    t2, t2
    add     a0, a0, t2
    addi    t0, t0, CE_SIZE
    addi    t1, t1, -1
    bnez    t1, 1b
    ret

.section .rodata
msg_bent_block: .asciz "fs: a cached sector changed behind the server's back; restarting\n"

.section .data
.balign 4
.globl cache_epoch
cache_epoch: .word 1                # the request being served (fs.s counts them)
cache_last:  .word cache_entries    # the entry of the last hit
.globl cache_has_dirty
cache_has_dirty: .word 0            # a block was dirtied since the last sync
cache_clock: .word 0
.globl cache_hits, cache_misses
cache_hits:   .word 0               # lookups the cache answered (fs.stats)
cache_misses: .word 0               # lookups that read the disk (fs.stats)

.section .bss
.balign 4
cache_entries: .space CACHE_BLOCKS * CE_SIZE
cache_sums:    .space CACHE_BLOCKS * 4  # each block's cache_sum as the server left it
cache_checked: .space CACHE_BLOCKS * 4  # the cache_epoch in which it was last checked
