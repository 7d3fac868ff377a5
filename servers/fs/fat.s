# servers/fs/fat.s — the FAT16 volume: its geometry (from the boot sector),
# the allocation table, and walking cluster chains.
#
# Owns the numbers of the mounted volume (fat_* words below) and every
# read and write of FAT entries.  FAT12 and FAT32 volumes, and boot
# sectors that do not add up, are refused with one line on the console;
# the server then answers every operation with -EIO.  A chain that points
# outside the volume ends there (never followed), so a corrupt FAT cannot
# send a walk anywhere else.  At mount the other FATs are made equal to
# the first (a crash between the copies leaves them differing), and the
# reserved sectors before the first FAT become read-only (blk_protect).
# Knows nothing of names or directories.

.include "fs.inc"

.equ FAT16_MIN_CLUSTERS, 4085       # fewer: FAT12 (Microsoft's rule, as mtools)
.equ FAT16_MAX_CLUSTERS, 65525      # this many or more: FAT32
.equ FAT_EOC, 0xFFF8                # entries from here on end a chain
.equ FAT_EOC_WRITE, 0xFFFF          # what we write to end one

.text
# le16(a0 = address) -> a0 = the little-endian halfword there (any alignment).
# Clobbers t0.
.globl le16
le16:
    lbu     t0, 1(a0)
    lbu     a0, 0(a0)
    slli    t0, t0, 8
    or      a0, a0, t0
    ret

# le32(a0 = address) -> a0 = the little-endian word there.  Clobbers t0, t1.
.globl le32
le32:
    mv      t1, a0
    lbu     a0, 3(t1)
    lbu     t0, 2(t1)
    slli    a0, a0, 8
    or      a0, a0, t0
    lbu     t0, 1(t1)
    slli    a0, a0, 8
    or      a0, a0, t0
    lbu     t0, 0(t1)
    slli    a0, a0, 8
    or      a0, a0, t0
    ret

# fat_mount() -> a0 = 0 (mounted), or -EIO after printing why not.
# Called once by main after blk_init.  Clobbers caller-saved registers.
.globl fat_mount
fat_mount:
    prologue ra, s1, s2, s3, s4
    li      a0, 0
    call    cache_get
    la      s2, msg_io
    beqz    a0, 8f
    mv      s1, a0                  # the boot sector
    la      s2, msg_not_fat
    addi    a0, s1, 510
    call    le16
    li      t0, 0xAA55
    bne     a0, t0, 8f
    la      s2, msg_bad_boot
    addi    a0, s1, 11              # bytes per sector
    call    le16
    li      t0, SECTOR
    bne     a0, t0, 8f
    lbu     t0, 13(s1)              # sectors per cluster: a power of two
    beqz    t0, 8f
    addi    t1, t0, -1
    and     t1, t1, t0
    bnez    t1, 8f
    la      t1, fat_spc
    sw      t0, 0(t1)
    li      t1, SECTOR_SHIFT        # cluster_shift = log2(cluster bytes)
1:  srli    t0, t0, 1
    beqz    t0, 2f
    addi    t1, t1, 1
    j       1b
2:  la      t0, fat_cluster_shift
    sw      t1, 0(t0)
    addi    a0, s1, 14              # reserved sectors
    call    le16
    beqz    a0, 8f
    la      t0, fat_start
    sw      a0, 0(t0)
    lbu     t0, 16(s1)              # FATs
    beqz    t0, 8f
    la      t1, fat_count
    sw      t0, 0(t1)
    addi    a0, s1, 17              # root entries
    call    le16
    la      t0, fat_root_entries
    sw      a0, 0(t0)
    addi    a0, a0, SECTOR / DE_SIZE - 1
    srli    a0, a0, SECTOR_SHIFT - 5
    la      t0, fat_root_sectors
    sw      a0, 0(t0)
    addi    a0, s1, 19              # total sectors (16 bits, else 32)
    call    le16
    mv      s3, a0
    bnez    s3, 3f
    addi    a0, s1, 32
    call    le32
    mv      s3, a0
3:  la      t0, fat_total
    sw      s3, 0(t0)
    addi    a0, s1, 22              # sectors per FAT (0: FAT32)
    call    le16
    la      s2, msg_fat32
    beqz    a0, 8f
    la      t0, fat_size
    sw      a0, 0(t0)
    la      t0, fat_count           # root = reserved + FATs * FAT size
    lw      t0, 0(t0)
    mul     t0, t0, a0
    la      t1, fat_start
    lw      t1, 0(t1)
    add     t0, t0, t1
    la      t1, fat_root_start
    sw      t0, 0(t1)
    la      t1, fat_root_sectors
    lw      t1, 0(t1)
    add     t0, t0, t1
    la      t1, fat_data_start
    sw      t0, 0(t1)
    la      s2, msg_bad_boot
    bgeu    t0, s3, 8f
    sub     t0, s3, t0              # clusters = data sectors / spc
    la      t1, fat_cluster_shift
    lw      t1, 0(t1)
    addi    t1, t1, -SECTOR_SHIFT
    srl     t0, t0, t1
    la      t1, fat_clusters
    sw      t0, 0(t1)
    la      s2, msg_fat12
    li      t1, FAT16_MIN_CLUSTERS
    bltu    t0, t1, 8f
    la      s2, msg_fat32
    li      t1, FAT16_MAX_CLUSTERS
    bgeu    t0, t1, 8f
    la      s2, msg_bad_boot        # the FAT must hold every cluster's entry
    la      t1, fat_size
    lw      t1, 0(t1)
    slli    t1, t1, SECTOR_SHIFT - 1
    addi    t2, t0, 2
    bltu    t1, t2, 8f
    la      s2, msg_truncated       # the volume must fit on the disk
    la      t1, blk_sectors
    lw      t1, 0(t1)
    bltu    t1, s3, 8f
    la      t0, fat_start           # from here on the boot sector is read-only
    lw      a0, 0(t0)
    call    blk_protect
    call    fat_repair
    li      a0, 0                   # mounted, silently (the boot transcript stays the same)
    j       9f
8:  mv      a0, s2
    call    fs_say
    li      a0, -EIO
9:  epilogue
    ret

# fat_repair(): every sector of the other FATs that differs from the first
# FAT's is written again from it, as `fsck.fat` does ("Using first FAT").
# The cache writes a FAT sector to the first FAT and then to the others
# (fat_mirror), so a power cut or a crash in between leaves the copies
# differing; the first is the newer one.  Called by fat_mount; an I/O
# error leaves the rest as it is (the cache reports it when it matters).
# Clobbers caller-saved registers.
fat_repair:
    prologue ra, s1, s2, s3
    li      s1, 0                   # s1 = sector within the FAT
1:  la      t0, fat_size
    lw      t0, 0(t0)
    bgeu    s1, t0, 9f
    li      s3, 1                   # s3 = copy number
2:  la      t0, fat_count
    lw      t0, 0(t0)
    bgeu    s3, t0, 6f
    la      t0, fat_size
    lw      t0, 0(t0)
    mul     a0, t0, s3
    la      t0, fat_start
    lw      t0, 0(t0)
    add     a0, a0, t0
    add     a0, a0, s1
    li      a1, DMA_SCRATCH
    call    blk_read
    bnez    a0, 9f
    la      t0, fat_start           # the first FAT's sector, through the cache
    lw      a0, 0(t0)
    add     a0, a0, s1
    call    cache_get
    beqz    a0, 9f
    mv      s2, a0
    mv      a1, s2
    li      a0, DMA_SCRATCH
    li      a2, SECTOR
    call    memcmp
    beqz    a0, 5f
    la      t0, fat_start           # it differs: every copy of it again
    lw      a0, 0(t0)
    add     a0, a0, s1
    mv      a1, s2
    call    fat_mirror
    bnez    a0, 9f
    j       6f
5:  addi    s3, s3, 1
    j       2b
6:  addi    s1, s1, 1
    j       1b
9:  epilogue
    ret

# fat_next(a0 = cluster) -> a0 = its FAT entry (the next cluster, or an
# end mark), or -EIO.  The caller checked the cluster is a data cluster.
# Clobbers caller-saved registers.
.globl fat_next
fat_next:
    prologue ra, s1
    andi    s1, a0, 0xFF
    slli    s1, s1, 1
    srli    a0, a0, 8
    la      t0, fat_start
    lw      t0, 0(t0)
    add     a0, a0, t0
    call    cache_get
    beqz    a0, 8f
    add     a0, a0, s1
    lhu     a0, 0(a0)
    j       9f
8:  li      a0, -EIO
9:  epilogue
    ret

# fat_set(a0 = cluster, a1 = value) -> a0 = 0 or -EIO: write a FAT entry
# (in the cache, dirty as CLASS_FAT).  Clobbers caller-saved registers.
.globl fat_set
fat_set:
    prologue ra, s1, s2
    andi    s1, a0, 0xFF
    slli    s1, s1, 1
    mv      s2, a1
    srli    a0, a0, 8
    la      t0, fat_start
    lw      t0, 0(t0)
    add     a0, a0, t0
    call    cache_get
    beqz    a0, 8f
    add     a0, a0, s1
    sh      s2, 0(a0)
    li      a1, CLASS_FAT
    call    cache_dirty
    li      a0, 0
    j       9f
8:  li      a0, -EIO
9:  epilogue
    ret

# cluster_valid(a0 = cluster) -> a0 = 1 when it names a data cluster of
# the volume, else 0.  Clobbers t0.
.globl cluster_valid
cluster_valid:
    addi    a0, a0, -2
    la      t0, fat_clusters
    lw      t0, 0(t0)
    sltu    a0, a0, t0
    ret

# cluster_sector(a0 = data cluster) -> a0 = its first sector.  Clobbers t0.
.globl cluster_sector
cluster_sector:
    addi    a0, a0, -2
    la      t0, fat_cluster_shift
    lw      t0, 0(t0)
    addi    t0, t0, -SECTOR_SHIFT
    sll     a0, a0, t0
    la      t0, fat_data_start
    lw      t0, 0(t0)
    add     a0, a0, t0
    ret

# chain_sector(a0 = cursor, a1 = byte position) -> a0 = the sector holding
# that byte of the chain, 0 when the chain ends before it, or -EIO.
# The cursor remembers where it stood, so a sequential walk reads each
# FAT entry once.  The root directory (ROOT_CLUSTER) is the fixed region.
# Clobbers caller-saved registers.
.globl chain_sector
chain_sector:
    prologue ra, s1, s2, s3, s4
    mv      s1, a0
    lw      t0, CUR_FIRST(s1)
    li      t1, ROOT_CLUSTER
    bne     t0, t1, 1f
    srli    a0, a1, SECTOR_SHIFT    # the root: sector by sector
    la      t0, fat_root_sectors
    lw      t0, 0(t0)
    bgeu    a0, t0, 7f
    la      t0, fat_root_start
    lw      t0, 0(t0)
    add     a0, a0, t0
    j       9f
1:  la      t0, fat_cluster_shift
    lw      t0, 0(t0)
    srl     s2, a1, t0              # s2 = which cluster of the chain
    li      t2, 1
    sll     t2, t2, t0
    addi    t2, t2, -1
    and     s3, a1, t2
    srli    s3, s3, SECTOR_SHIFT    # s3 = which sector of that cluster
    lw      t0, CUR_CLUS(s1)
    beqz    t0, 2f
    lw      t1, CUR_ORD(s1)
    bleu    t1, s2, 3f
2:  lw      t0, CUR_FIRST(s1)       # start again from the first cluster
    sw      t0, CUR_CLUS(s1)
    sw      zero, CUR_ORD(s1)
3:  lw      a0, CUR_CLUS(s1)
    call    cluster_valid
    beqz    a0, 7f
    lw      t1, CUR_ORD(s1)
    beq     t1, s2, 4f
    lw      a0, CUR_CLUS(s1)
    call    fat_next
    bltz    a0, 9f
    mv      s4, a0
    call    cluster_valid
    beqz    a0, 7f                  # the chain ends (or leaves the volume) here
    sw      s4, CUR_CLUS(s1)
    lw      t1, CUR_ORD(s1)
    addi    t1, t1, 1
    sw      t1, CUR_ORD(s1)
    j       3b
4:  lw      a0, CUR_CLUS(s1)
    call    cluster_sector
    add     a0, a0, s3
    j       9f
7:  li      a0, 0
9:  epilogue
    ret

# fat_mirror(a0 = sector, a1 = its bytes) -> a0 = 0 or -errno: a sector of
# the first FAT is written to the other FATs too.  Called by the cache
# after writing it.  Clobbers caller-saved registers.
.globl fat_mirror
fat_mirror:
    prologue ra, s1, s2, s3
    mv      s2, a1
    la      t0, fat_start
    lw      t0, 0(t0)
    sub     s1, a0, t0              # s1 = sector within the FAT
    la      t1, fat_size
    lw      t1, 0(t1)
    bgeu    s1, t1, 8f
    li      s3, 1                   # s3 = copy number
1:  la      t0, fat_count
    lw      t0, 0(t0)
    bgeu    s3, t0, 8f
    la      t1, fat_size
    lw      t1, 0(t1)
    mul     t1, t1, s3
    la      t0, fat_start
    lw      t0, 0(t0)
    add     a0, t0, t1
    add     a0, a0, s1
    mv      a1, s2
    call    blk_write
    bnez    a0, 9f
    addi    s3, s3, 1
    j       1b
8:  li      a0, 0
9:  epilogue
    ret

.section .rodata
msg_io:        .asciz "fs: cannot read the disk's boot sector\n"
msg_not_fat:   .asciz "fs: the disk holds no FAT file system (no boot signature)\n"
msg_bad_boot:  .asciz "fs: the disk's FAT boot sector does not add up; not mounted\n"
msg_fat12:     .asciz "fs: the disk is FAT12; only FAT16 is supported\n"
msg_fat32:     .asciz "fs: the disk is FAT32; only FAT16 is supported\n"
msg_truncated: .asciz "fs: the FAT volume is larger than the disk (a truncated image?); not mounted\n"

.section .data
.balign 4
.globl fat_start
fat_start:         .word 0          # first sector of the first FAT
.globl fat_size
fat_size:          .word 0          # sectors per FAT
.globl fat_count
fat_count:         .word 0          # FAT copies
.globl fat_root_start
fat_root_start:    .word 0          # first sector of the root directory
.globl fat_root_sectors
fat_root_sectors:  .word 0
.globl fat_root_entries
fat_root_entries:  .word 0
.globl fat_data_start
fat_data_start:    .word 0          # first sector of cluster 2
.globl fat_clusters
fat_clusters:      .word 0          # data clusters
.globl fat_cluster_shift
fat_cluster_shift: .word 0          # log2 of the cluster size in bytes
.globl fat_spc
fat_spc:           .word 0          # sectors per cluster
.globl fat_total
fat_total:         .word 0          # sectors of the volume
