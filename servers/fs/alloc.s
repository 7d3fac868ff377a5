# servers/fs/alloc.s — taking and freeing clusters.
#
# Owns the search for free clusters (from a hint that moves on, as most
# FAT drivers do, so files written one after another lie in order) and
# giving chains back.  Every FAT change goes through fat_set, so it is
# written back as CLASS_FAT: after the data, before the directory entry
# that points at it.

.include "fs.inc"

.equ FAT_EOC_WRITE, 0xFFFF          # what we write to end a chain

.text
# cluster_alloc() -> a0 = a cluster now marked as a chain's end, or
# -ENOSPC, -EIO.  Clobbers caller-saved registers.
.globl cluster_alloc
cluster_alloc:
    prologue ra, s1, s2
    la      t0, fat_clusters
    lw      s2, 0(t0)               # s2 = clusters left to look at
    la      t0, alloc_hint
    lw      s1, 0(t0)
1:  beqz    s2, 7f
    mv      a0, s1
    call    cluster_valid
    bnez    a0, 2f
    li      s1, 2                   # wrap round
2:  mv      a0, s1
    call    fat_next
    bltz    a0, 9f
    beqz    a0, 3f
    addi    s1, s1, 1
    addi    s2, s2, -1
    j       1b
3:  mv      a0, s1
    li      a1, FAT_EOC_WRITE
    call    fat_set
    bnez    a0, 9f
    addi    t1, s1, 1
    la      t0, alloc_hint
    sw      t1, 0(t0)
    mv      a0, s1
    j       9f
7:  li      a0, -ENOSPC
9:  epilogue
    ret

# chain_free(a0 = first cluster) -> a0 = 0 or -EIO: every cluster of the
# chain is free again.  Stops at the end, at a cluster outside the volume,
# and after as many clusters as the volume has (a cycle).
# Clobbers caller-saved registers.
.globl chain_free
chain_free:
    prologue ra, s1, s2, s3
    mv      s1, a0
    la      t0, fat_clusters
    lw      s3, 0(t0)
1:  beqz    s3, 8f
    mv      a0, s1
    call    cluster_valid
    beqz    a0, 8f
    mv      a0, s1
    call    fat_next
    bltz    a0, 9f
    mv      s2, a0
    mv      a0, s1
    li      a1, 0
    call    fat_set
    bnez    a0, 9f
    mv      s1, s2
    addi    s3, s3, -1
    j       1b
8:  li      a0, 0
9:  epilogue
    ret

# cluster_zero(a0 = cluster) -> a0 = 0 or -EIO: its sectors, zeroed in the
# cache (a new directory's, written back as data: before the entry that
# makes it a directory).  Clobbers caller-saved registers.
.globl cluster_zero
cluster_zero:
    prologue ra, s1, s2, s3
    call    cluster_sector
    mv      s1, a0
    la      t0, fat_spc
    lw      s2, 0(t0)
1:  beqz    s2, 8f
    mv      a0, s1
    call    cache_take
    beqz    a0, 7f
    mv      s3, a0
    li      a1, 0
    li      a2, SECTOR
    call    memset
    mv      a0, s3
    li      a1, CLASS_DATA
    call    cache_dirty
    addi    s1, s1, 1
    addi    s2, s2, -1
    j       1b
7:  li      a0, -EIO
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

.section .data
.balign 4
alloc_hint: .word 2                 # where the next search starts
