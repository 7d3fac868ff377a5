# servers/fs/dir.s — directories: scanning entries (8.3 and VFAT long
# names), looking a name up, and walking a path.
#
# Owns the reading side of directory entries: the long-name run before a
# short entry is taken only when its sequence numbers run down to 1 and
# its checksum matches the short name (as Windows and mtools check), else
# the 8.3 name stands (with the NT lower-case bits).  Names match case-
# insensitively (ASCII), against the long and the 8.3 name alike.  A scan
# stops at DIR_ENTRIES_MAX entries, so a cyclic chain cannot hang it.
# Creating and removing entries is dirwrite.s's.

.include "fs.inc"

.text
# scan_start(a0 = scan, a1 = directory's first cluster (ROOT_CLUSTER: root)).
# Clobbers nothing else.
.globl scan_start
scan_start:
    sw      a1, SC_CUR + CUR_FIRST(a0)
    sw      zero, SC_CUR + CUR_ORD(a0)
    sw      zero, SC_CUR + CUR_CLUS(a0)
    sw      zero, SC_INDEX(a0)
    li      a1, -1
    sw      a1, SC_LFN_SUM(a0)
    ret

# scan_entry(a0 = scan, a1 = entry index) -> a0 = address of that entry
# in the cache, 0 past the directory's end, or -EIO.  Clobbers caller-saved.
.globl scan_entry
scan_entry:
    prologue ra, s1
    li      t0, DIR_ENTRIES_MAX
    bgeu    a1, t0, 7f
    slli    s1, a1, 5               # byte position in the directory
    addi    a0, a0, SC_CUR
    mv      a1, s1
    call    chain_sector
    blez    a0, 9f
    call    cache_get
    beqz    a0, 8f
    andi    s1, s1, SECTOR - 1
    add     a0, a0, s1
    j       9f
7:  li      a0, 0
    j       9f
8:  li      a0, -EIO
9:  epilogue
    ret

# scan_next(a0 = scan) -> a0 = 1 with the next file or directory in
# SC_FOUND..SC_NAME, 0 at the end of the directory, or -EIO.  Skips free
# entries, volume labels and long-name entries (collected for the name).
# Clobbers caller-saved registers.
.globl scan_next
scan_next:
    prologue ra, s1, s2, s3, s4
    mv      s1, a0
1:  lw      s2, SC_INDEX(s1)
    mv      a0, s1
    mv      a1, s2
    call    scan_entry
    blez    a0, 9f
    mv      s3, a0                  # the entry
    lbu     t0, DE_NAME(s3)
    beqz    t0, 7f                  # 0: no entry follows
    addi    t1, s2, 1
    sw      t1, SC_INDEX(s1)
    li      t1, DELETED
    beq     t0, t1, 5f
    lbu     t1, DE_ATTR(s3)
    andi    t2, t1, 0x3F
    li      t3, ATTR_LFN
    beq     t2, t3, 2f
    andi    t1, t1, ATTR_VOLUME
    bnez    t1, 5f
    mv      a0, s1                  # a file or directory
    mv      a1, s3
    mv      a2, s2
    call    scan_found
    li      a0, 1
    j       9f
2:  andi    s4, t0, 0x1F            # a long-name entry: s4 = its sequence number
    andi    t0, t0, 0x40
    beqz    t0, 3f
    beqz    s4, 5f                  # the first of a run (the name's end)
    li      t1, LFN_CHARS / 13
    bgtu    s4, t1, 5f
    lbu     t0, 13(s3)
    sw      t0, SC_LFN_SUM(s1)
    sw      s2, SC_LFN_START(s1)
    li      t0, 13 * 2
    mul     t0, t0, s4
    add     t0, t0, s1
    sh      zero, SC_LFN(t0)        # terminated after the last character
    j       4f
3:  lw      t0, SC_LFN_SUM(s1)      # a later one: must continue the run
    bltz    t0, 1b
    lw      t1, SC_LFN_NEXT(s1)
    bne     s4, t1, 5f
    lbu     t1, 13(s3)
    bne     t0, t1, 5f
4:  addi    t0, s4, -1              # 13 characters at (seq - 1) * 13
    sw      t0, SC_LFN_NEXT(s1)
    li      t1, 13 * 2
    mul     t0, t0, t1
    add     t0, t0, s1
    addi    t0, t0, SC_LFN          # t0 = where they go
    la      t1, lfn_offsets
    li      t2, 13
6:  lbu     t3, 0(t1)
    add     t3, t3, s3
    lbu     t4, 0(t3)
    lbu     t3, 1(t3)
    slli    t3, t3, 8
    or      t4, t4, t3
    sh      t4, 0(t0)
    addi    t0, t0, 2
    addi    t1, t1, 1
    addi    t2, t2, -1
    bnez    t2, 6b
    j       1b
5:  li      t0, -1                  # anything else breaks a run
    sw      t0, SC_LFN_SUM(s1)
    j       1b
7:  li      a0, 0
9:  epilogue
    ret

# scan_found(a0 = scan, a1 = short entry, a2 = its index): fill SC_FOUND,
# SC_SECTOR/OFFSET, SC_ENTRY, SC_SHORT and SC_NAME (the long name when the
# run before it is whole and its checksum matches).  Clobbers caller-saved.
scan_found:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    sw      a2, SC_FOUND(s1)
    mv      a0, s1                  # where it is: the cursor stands on its cluster
    slli    a1, a2, 5
    addi    a0, a0, SC_CUR
    call    chain_sector
    sw      a0, SC_SECTOR(s1)
    andi    t0, s2, SECTOR - 1
    sw      t0, SC_OFFSET(s1)
    addi    a0, s1, SC_ENTRY
    mv      a1, s2
    li      a2, DE_SIZE
    call    memcpy
    addi    a0, s1, SC_SHORT        # "NAME.EXT", as stored
    addi    a1, s1, SC_ENTRY
    li      a2, 0
    call    short_name
    lw      s3, SC_LFN_SUM(s1)      # the long name, if it belongs to this entry
    li      t0, -1
    sw      t0, SC_LFN_SUM(s1)
    bltz    s3, 1f
    lw      t0, SC_LFN_NEXT(s1)
    bnez    t0, 1f
    addi    a0, s1, SC_ENTRY
    call    short_checksum
    bne     a0, s3, 1f
    addi    a0, s1, SC_NAME
    addi    a1, s1, SC_LFN
    call    ucs2_to_utf8
    j       9f
1:  lw      t0, SC_FOUND(s1)        # no long name: the 8.3 name, cased
    sw      t0, SC_LFN_START(s1)
    addi    a0, s1, SC_NAME
    addi    a1, s1, SC_ENTRY
    lbu     a2, DE_CASE(a1)
    call    short_name
9:  epilogue
    ret

# short_name(a0 = output, a1 = entry, a2 = NT case bits (0x08: base in
# lower case, 0x10: extension)): "NAME.EXT" without padding, NUL-ended.
# Clobbers t0-t5.
.globl short_name
short_name:
    mv      t0, a0                  # where the output starts
    li      t5, 0x08                # base
    li      t1, 0
    li      t2, 8
1:  add     t3, a1, t1              # copy [t1, t2), stopping at trailing blanks
    lbu     t3, 0(t3)
    bnez    t1, 2f
    li      t4, 0x05                # a first byte 0x05 stands for 0xE5
    bne     t3, t4, 2f
    li      t3, DELETED
2:  and     t4, a2, t5
    beqz    t4, 3f
    addi    t4, t3, -'A'
    sltiu   t4, t4, 26
    slli    t4, t4, 5
    or      t3, t3, t4
3:  sb      t3, 0(a0)
    addi    a0, a0, 1
    addi    t1, t1, 1
    bltu    t1, t2, 1b
4:  beq     a0, t0, 5f              # drop the padding
    lbu     t3, -1(a0)
    li      t4, ' '
    bne     t3, t4, 5f
    addi    a0, a0, -1
    j       4b
5:  li      t4, 8
    bne     t2, t4, 6f
    lbu     t3, 8(a1)               # an extension follows?
    li      t4, ' '
    beq     t3, t4, 6f
    li      t3, '.'
    sb      t3, 0(a0)
    addi    a0, a0, 1
    li      t5, 0x10
    li      t1, 8
    li      t2, 11
    j       1b
6:  sb      zero, 0(a0)
    ret

# short_checksum(a0 = entry) -> a0 = the checksum a long-name run carries.
# Clobbers t0-t2.
.globl short_checksum
short_checksum:
    li      t0, 0
    li      t1, 11
1:  andi    t2, t0, 1
    slli    t2, t2, 7
    srli    t0, t0, 1
    add     t0, t0, t2
    lbu     t2, 0(a0)
    add     t0, t0, t2
    andi    t0, t0, 0xFF
    addi    a0, a0, 1
    addi    t1, t1, -1
    bnez    t1, 1b
    mv      a0, t0
    ret

# ucs2_to_utf8(a0 = output (DIRENT_NAME_SIZE bytes), a1 = UCS-2 string
# ending in 0 or 0xFFFF): UTF-8, NUL-ended, cut at the last whole character
# that fits.  Clobbers t0-t4.
ucs2_to_utf8:
    addi    t4, a0, DIRENT_NAME_SIZE - 4 # room for one more 3-byte character
1:  lhu     t0, 0(a1)
    addi    a1, a1, 2
    beqz    t0, 9f
    li      t1, 0xFFFF
    beq     t0, t1, 9f
    bgtu    a0, t4, 9f
    li      t1, 0x80
    bgeu    t0, t1, 2f
    sb      t0, 0(a0)
    addi    a0, a0, 1
    j       1b
2:  li      t1, 0x800
    bgeu    t0, t1, 3f
    srli    t2, t0, 6
    ori     t2, t2, 0xC0
    sb      t2, 0(a0)
    andi    t2, t0, 0x3F
    ori     t2, t2, 0x80
    sb      t2, 1(a0)
    addi    a0, a0, 2
    j       1b
3:  srli    t2, t0, 12
    ori     t2, t2, 0xE0
    sb      t2, 0(a0)
    srli    t2, t0, 6
    andi    t2, t2, 0x3F
    ori     t2, t2, 0x80
    sb      t2, 1(a0)
    andi    t2, t0, 0x3F
    ori     t2, t2, 0x80
    sb      t2, 2(a0)
    addi    a0, a0, 3
    j       1b
9:  sb      zero, 0(a0)
    ret

# name_equal(a0 = NUL-ended name, a1 = component, a2 = its length) -> a0 =
# 1 when equal ignoring ASCII case.  Clobbers t0-t3.
.globl name_equal
name_equal:
1:  lbu     t0, 0(a0)
    beqz    a2, 3f
    beqz    t0, 4f
    lbu     t1, 0(a1)
    addi    t2, t0, -'a'            # fold both to upper case
    sltiu   t2, t2, 26
    slli    t2, t2, 5
    sub     t0, t0, t2
    addi    t3, t1, -'a'
    sltiu   t3, t3, 26
    slli    t3, t3, 5
    sub     t1, t1, t3
    bne     t0, t1, 4f
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    j       1b
3:  seqz    a0, t0                  # the component ended: so must the name
    ret
4:  li      a0, 0
    ret

# dir_lookup(a0 = scan, a1 = directory cluster, a2 = name, a3 = length) ->
# a0 = 1 (found: the scan holds it), 0 (no such name) or -EIO.
# Clobbers caller-saved registers.
.globl dir_lookup
dir_lookup:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a2
    mv      s3, a3
    call    scan_start
1:  mv      a0, s1
    call    scan_next
    blez    a0, 9f
    addi    a0, s1, SC_NAME
    mv      a1, s2
    mv      a2, s3
    call    name_equal
    bnez    a0, 9f
    addi    a0, s1, SC_SHORT
    mv      a1, s2
    mv      a2, s3
    call    name_equal
    beqz    a0, 1b
9:  epilogue
    ret

# path_walk(a0 = path, a1 = length) -> a0 = 0 when it names something,
# else -ENOENT, -ENOTDIR, -ENAMETOOLONG, -EIO.  Fills the walk_* words:
# walk_root (it is the root), walk_dir (the directory holding the last
# component, as a cluster), walk_name/walk_name_len (the last component),
# walk_missing (only the last component is missing: it could be created);
# found_scan holds the entry found.  Clobbers caller-saved registers.
.globl path_walk
path_walk:
    prologue ra, s1, s2, s3, s4, s5
    mv      s1, a0                  # s1 = where we are in the path
    add     s2, a0, a1              # s2 = its end
    li      s3, ROOT_CLUSTER        # s3 = the directory we stand in
    li      s4, 1                   # s4 = what we found so far is the root
    la      t0, walk_missing
    sw      zero, 0(t0)
    la      t0, walk_name_len
    sw      zero, 0(t0)
1:  bgeu    s1, s2, 8f              # skip slashes
    lbu     t0, 0(s1)
    li      t1, '/'
    bne     t0, t1, 2f
    addi    s1, s1, 1
    j       1b
2:  mv      s5, s1                  # s5 = the component's end
3:  bgeu    s5, s2, 4f
    lbu     t0, 0(s5)
    li      t1, '/'
    beq     t0, t1, 4f
    addi    s5, s5, 1
    j       3b
4:  sub     t0, s5, s1
    li      t1, FS_PATH_MAX
    li      a0, -ENAMETOOLONG
    bgtu    t0, t1, 9f
    bnez    s4, 5f                  # going on from a file: not a directory
    la      t1, found_scan + SC_ENTRY + DE_ATTR
    lbu     t1, 0(t1)
    andi    t1, t1, FS_ATTR_DIR
    li      a0, -ENOTDIR
    beqz    t1, 9f
5:  la      t1, walk_dir
    sw      s3, 0(t1)
    la      t1, walk_name
    sw      s1, 0(t1)
    la      t1, walk_name_len
    sw      t0, 0(t1)
    li      t1, 1                   # "." stays
    bne     t0, t1, 6f
    lbu     t1, 0(s1)
    li      t2, '.'
    beq     t1, t2, 7f
6:  li      t1, 2                   # ".." of the root is the root
    bne     t0, t1, 10f
    li      t1, ROOT_CLUSTER
    bne     s3, t1, 10f
    lbu     t1, 0(s1)
    li      t2, '.'
    bne     t1, t2, 10f
    lbu     t1, 1(s1)
    bne     t1, t2, 10f
    li      s4, 1
    j       7f
10: la      a0, found_scan
    mv      a1, s3
    mv      a2, s1
    mv      a3, t0
    call    dir_lookup
    bltz    a0, 9f
    beqz    a0, 11f
    li      s4, 0
    la      t0, found_scan + SC_ENTRY
    lbu     t1, DE_ATTR(t0)
    andi    t1, t1, FS_ATTR_DIR
    beqz    t1, 7f
    addi    a0, t0, DE_CLUSTER      # a directory: stand in it
    call    le16
    mv      s3, a0
    bnez    s3, 7f
    li      s3, ROOT_CLUSTER        # ".." naming the root holds cluster 0
    li      s4, 1
7:  mv      s1, s5
    j       1b
11: mv      s1, s5                  # missing: was it the last component?
12: bgeu    s1, s2, 13f
    lbu     t0, 0(s1)
    li      t1, '/'
    bne     t0, t1, 14f
    addi    s1, s1, 1
    j       12b
13: la      t0, walk_missing
    li      t1, 1
    sw      t1, 0(t0)
14: li      a0, -ENOENT
    j       9f
8:  la      t0, walk_root
    sw      s4, 0(t0)
    li      a0, 0
9:  epilogue
    ret

.section .rodata
lfn_offsets:                        # where a long-name entry keeps its 13 characters
    .byte 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30

.section .data
.balign 4
.globl walk_root
walk_root:     .word 0
.globl walk_dir
walk_dir:      .word 0
.globl walk_name
walk_name:     .word 0
.globl walk_name_len
walk_name_len: .word 0
.globl walk_missing
walk_missing:  .word 0

.section .bss
.balign 4
.globl found_scan
found_scan: .space SC_SIZE
