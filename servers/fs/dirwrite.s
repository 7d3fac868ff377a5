# servers/fs/dirwrite.s — changing directories: checking a new name,
# choosing its 8.3 alias, writing its entries, removing entries.
#
# Names follow fat16/names.py (the host tool, whose aliases equal
# mtools's): a name that is already an upper-case 8.3 name gets one short
# entry; any other gets VFAT long-name entries and an alias: the basis
# name (spaces and leading dots dropped, embedded dots dropped, characters
# a short name cannot hold turned into '_', upper case, 8 + 3) alone when
# nothing was lost and it is free, else with the first free tail ~1, ~2...
# (Non-ASCII characters become '_' in the alias; mtools would map them to
# code page 850.)  The entries go into the first run of free slots, the
# directory growing by a zeroed cluster when it has none (the root cannot).

.include "fs.inc"

.equ NAME_UNITS_MAX, 255            # UCS-2 units in a long name

.text
# name_prepare(a0 = name, a1 = length in bytes) -> a0 = 0, -EINVAL (".",
# "..", a character FAT forbids, a trailing dot or space, bad UTF-8: also
# overlong forms, surrogates and U+FFFE/U+FFFF, which would store a name
# that reads back as another (C0 80 a NUL, U+FFFF the end of a long name),
# so that lookups miss it and a second one is created beside it) or
# -ENAMETOOLONG.  Leaves the name as UCS-2 in new_units/new_count and its
# short form (exact 8.3, or the basis for an alias) in new_*.
# Clobbers caller-saved registers.
.globl name_prepare
name_prepare:
    prologue ra, s1, s2
    mv      s1, a0
    mv      s2, a1
    li      a0, -EINVAL
    beqz    s2, 9f
    add     t0, s1, s2              # no trailing dot or space (covers "." and "..")
    lbu     t0, -1(t0)
    li      t1, '.'
    beq     t0, t1, 9f
    li      t1, ' '
    beq     t0, t1, 9f
    mv      t0, s1                  # decode UTF-8 into new_units
    add     t1, s1, s2
    la      t2, new_units
    li      t3, 0                   # units
1:  bgeu    t0, t1, 5f
    li      t4, NAME_UNITS_MAX
    bgeu    t3, t4, 8f
    lbu     t4, 0(t0)
    addi    t0, t0, 1
    li      t5, 0x80
    bltu    t4, t5, 3f
    li      t5, 0xE0
    bgeu    t4, t5, 2f
    li      t5, 0xC0                # two bytes: 110xxxxx 10xxxxxx
    bltu    t4, t5, 7f
    bgeu    t0, t1, 7f
    lbu     t5, 0(t0)
    addi    t0, t0, 1
    andi    t6, t5, 0xC0
    li      a2, 0x80
    bne     t6, a2, 7f
    andi    t4, t4, 0x1F
    slli    t4, t4, 6
    andi    t5, t5, 0x3F
    or      t4, t4, t5
    li      t5, 0x80                # overlong (C0 80 would be a NUL): refused
    bltu    t4, t5, 7f
    j       4f
2:  li      t5, 0xF0                # three bytes (four would need surrogates: refused)
    bgeu    t4, t5, 7f
    addi    t5, t0, 1
    bgeu    t5, t1, 7f
    lbu     t5, 0(t0)
    lbu     t6, 1(t0)
    addi    t0, t0, 2
    andi    a2, t5, 0xC0
    li      a3, 0x80
    bne     a2, a3, 7f
    andi    a2, t6, 0xC0
    bne     a2, a3, 7f
    andi    t4, t4, 0x0F
    slli    t4, t4, 12
    andi    t5, t5, 0x3F
    slli    t5, t5, 6
    or      t4, t4, t5
    andi    t6, t6, 0x3F
    or      t4, t4, t6
    li      t5, 0x800               # overlong: refused
    bltu    t4, t5, 7f
    li      t5, 0xD800              # a lone surrogate is no character
    sub     t5, t4, t5
    li      t6, 0x800
    bltu    t5, t6, 7f
    li      t5, 0xFFFE              # U+FFFF ends a long name on the disk
    bgeu    t4, t5, 7f
    j       4f
3:  li      t5, 0x20                # ASCII: no control characters, none of "*/:<>?\|
    bltu    t4, t5, 7f
    la      t5, forbidden
31: lbu     t6, 0(t5)
    beqz    t6, 4f
    beq     t6, t4, 7f
    addi    t5, t5, 1
    j       31b
4:  sh      t4, 0(t2)
    addi    t2, t2, 2
    addi    t3, t3, 1
    j       1b
5:  la      t0, new_count
    sw      t3, 0(t0)
    call    short_form
    li      a0, 0
    j       9f
7:  li      a0, -EINVAL
    j       9f
8:  li      a0, -ENAMETOOLONG
9:  epilogue
    ret

# short_char(a0 = UCS-2 unit) -> a0 = its short-name character, a1 = 1
# when that lost something ('_' for what a short name cannot hold; lower
# case becomes upper case without loss).  Clobbers t0-t1.
short_char:
    li      a1, 0
    addi    t0, a0, -'a'
    li      t1, 26
    bgeu    t0, t1, 1f
    addi    a0, a0, 'A' - 'a'
    ret
1:  addi    t0, a0, -'A'
    bltu    t0, t1, 4f
    addi    t0, a0, -'0'
    li      t1, 10
    bltu    t0, t1, 4f
    la      t0, short_special
2:  lbu     t1, 0(t0)
    beqz    t1, 3f
    beq     t1, a0, 4f
    addi    t0, t0, 1
    j       2b
3:  li      a0, '_'
    li      a1, 1
4:  ret

# short_form(): from new_units, new_exact (1: the name is already an
# upper-case 8.3 name), new_lossy, and new_base/new_ext (the basis, space
# padded) with new_base_len.  Clobbers caller-saved registers.
short_form:
    prologue ra, s1, s2, s3, s4, s5, s6
    la      t0, new_base            # blank the basis
    li      t1, 0x20202020
    sw      t1, 0(t0)
    sw      t1, 4(t0)
    sw      t1, 8(t0)
    la      s1, new_units
    la      t0, new_count
    lw      s2, 0(t0)               # s2 = units
    li      s3, 0                   # s3 = lossy
    li      s4, 0                   # s4 = first unit kept (after leading dots and spaces)
1:  bgeu    s4, s2, 2f
    slli    t0, s4, 1
    add     t0, t0, s1
    lhu     t0, 0(t0)
    li      t1, '.'
    beq     t0, t1, 11f
    li      t1, ' '
    bne     t0, t1, 2f
11: li      s3, 1
    addi    s4, s4, 1
    j       1b
2:  mv      s5, s2                  # s5 = the last dot at or after s4 (s2: none)
    addi    t2, s2, -1
3:  blt     t2, s4, 4f
    slli    t0, t2, 1
    add     t0, t0, s1
    lhu     t0, 0(t0)
    li      t1, '.'
    beq     t0, t1, 31f
    addi    t2, t2, -1
    j       3b
31: mv      s5, t2
4:  li      s6, 0                   # base characters taken
    mv      t2, s4
5:  bgeu    t2, s5, 6f              # the base: [s4, s5)
    slli    t0, t2, 1
    add     t0, t0, s1
    lhu     a0, 0(t0)
    addi    t2, t2, 1
    li      t1, '.'                 # embedded dots and spaces are dropped
    beq     a0, t1, 51f
    li      t1, ' '
    beq     a0, t1, 51f
    call    short_char              # (keeps t2)
    or      s3, s3, a1
    li      t0, 8
    bgeu    s6, t0, 51f
    la      t0, new_base
    add     t0, t0, s6
    sb      a0, 0(t0)
    addi    s6, s6, 1
    j       5b
51: li      s3, 1                   # dropped or cut: lossy
    j       5b
6:  la      t0, new_base_len
    sw      s6, 0(t0)
    li      s6, 0                   # extension characters taken
    addi    t2, s5, 1
7:  bgeu    t2, s2, 8f              # the extension: after the last dot
    slli    t0, t2, 1
    add     t0, t0, s1
    lhu     a0, 0(t0)
    addi    t2, t2, 1
    li      t1, ' '
    beq     a0, t1, 71f
    call    short_char              # (keeps t2)
    or      s3, s3, a1
    li      t0, 3
    bgeu    s6, t0, 71f
    la      t0, new_base + 8
    add     t0, t0, s6
    sb      a0, 0(t0)
    addi    s6, s6, 1
    j       7b
71: li      s3, 1
    j       7b
8:  la      t0, new_lossy
    sw      s3, 0(t0)
    call    exact_check
    la      t0, new_exact
    sw      a0, 0(t0)
    epilogue
    ret

# exact_check() -> a0 = 1 when new_units is an upper-case 8.3 name as it
# stands: at most one dot, not first or last, base 1..8 and extension
# up to 3 characters, each already a short-name character.
# Clobbers caller-saved registers but s0.
exact_check:
    prologue ra, s0, s1, s2, s3, s4
    la      s1, new_units
    la      t0, new_count
    lw      s2, 0(t0)
    li      s3, 0                   # position
    li      s4, -1                  # where the dot is
1:  bgeu    s3, s2, 3f
    slli    t0, s3, 1
    add     t0, t0, s1
    lhu     a0, 0(t0)
    li      t1, '.'
    bne     a0, t1, 2f
    bgez    s4, 8f                  # a second dot
    mv      s4, s3
    addi    s3, s3, 1
    j       1b
2:  mv      s0, a0
    call    short_char
    bnez    a1, 8f
    bne     a0, s0, 8f              # lower case: needs the long name
    addi    s3, s3, 1
    j       1b
3:  mv      t0, s2                  # base length
    bltz    s4, 4f
    mv      t0, s4
    sub     t1, s2, s4
    addi    t1, t1, -1              # extension length
    beqz    t1, 8f
    li      t2, 3
    bgtu    t1, t2, 8f
4:  beqz    t0, 8f
    li      t2, 8
    bgtu    t0, t2, 8f
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# short_taken(a0 = scan started on the directory, a1 = 11-byte name) ->
# a0 = 1 when an entry of the directory has that short name, 0 if not,
# or -EIO.  Clobbers caller-saved registers.
short_taken:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    li      s3, 0
1:  mv      a0, s1
    mv      a1, s3
    call    scan_entry
    bltz    a0, 9f
    beqz    a0, 9f
    lbu     t0, 0(a0)
    beqz    t0, 8f                  # the end
    li      t1, DELETED
    beq     t0, t1, 3f
    lbu     t1, DE_ATTR(a0)
    li      t2, ATTR_LFN
    beq     t1, t2, 3f
    mv      a1, s2
    li      a2, 11
    call    memcmp
    beqz    a0, 7f
3:  addi    s3, s3, 1
    j       1b
7:  li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# alias_choose(a0 = scan started on the directory) -> a0 = 0 or -errno:
# new_short = the 11-byte short name for the prepared name.
# Clobbers caller-saved registers.
alias_choose:
    prologue ra, s1, s2, s3, s4
    mv      s1, a0
    la      a0, new_short           # the basis as it is
    la      a1, new_base
    li      a2, 11
    call    memcpy
    la      t0, new_exact
    lw      t0, 0(t0)
    bnez    t0, 8f                  # no alias: the name is its own short name
    la      t0, new_base_len
    lw      t0, 0(t0)
    bnez    t0, 1f
    la      t0, new_short           # nothing left of the base: "_"
    li      t1, '_'
    sb      t1, 0(t0)
    la      t0, new_base_len
    li      t1, 1
    sw      t1, 0(t0)
    la      t0, new_base
    li      t1, '_'
    sb      t1, 0(t0)
1:  la      t0, new_lossy
    lw      t0, 0(t0)
    bnez    t0, 2f
    mv      a0, s1
    la      a1, new_short
    call    short_taken
    bltz    a0, 9f
    beqz    a0, 8f
2:  li      s2, 1                   # s2 = the tail's number
3:  li      t0, 1000000
    li      a0, -EEXIST
    bgeu    s2, t0, 9f
    la      a0, tail_text           # "~N"
    mv      a1, s2
    call    tail_format             # -> a0 = its length
    mv      s3, a0
    la      a0, new_short
    la      a1, new_base
    li      a2, 8
    call    memcpy
    la      t0, new_base_len        # base[:8 - len(tail)] + tail, blank padded
    lw      t0, 0(t0)
    li      t1, 8
    sub     t1, t1, s3
    bleu    t0, t1, 4f
    mv      t0, t1
4:  la      t1, new_short           # blank after the kept base
    add     t1, t1, t0
    la      t2, new_short + 8
5:  bgeu    t1, t2, 6f
    li      t3, ' '
    sb      t3, 0(t1)
    addi    t1, t1, 1
    j       5b
6:  la      a0, new_short
    add     a0, a0, t0
    la      a1, tail_text
    mv      a2, s3
    call    memcpy
    mv      a0, s1
    la      a1, new_short
    call    short_taken
    bltz    a0, 9f
    beqz    a0, 8f
    addi    s2, s2, 1
    j       3b
8:  li      a0, 0
9:  epilogue
    ret

# tail_format(a0 = buffer, a1 = n) -> a0 = length of "~n" written there.
# Clobbers t0-t3.
tail_format:
    li      t0, '~'
    sb      t0, 0(a0)
    addi    t1, a0, 1
    li      t2, 10                  # digits, most significant first
    li      t3, 1
1:  mul     t0, t3, t2
    bgtu    t0, a1, 2f
    mv      t3, t0
    j       1b
2:  divu    t0, a1, t3
    remu    a1, a1, t3
    addi    t0, t0, '0'
    sb      t0, 0(t1)
    addi    t1, t1, 1
    divu    t3, t3, t2
    bnez    t3, 2b
    sub     a0, t1, a0
    ret

# free_run(a0 = scan started on the directory, a1 = slots wanted) -> a0 =
# the index of the first of that many free slots in a row, or -ENOSPC
# (the root is full, the disk is, or the directory is at FAT's limit),
# -EIO.  A subdirectory grows by a zeroed cluster.
# Clobbers caller-saved registers.
free_run:
    prologue_locals 16, ra, s1, s2, s3, s4, s5
    mv      s1, a0
    mv      s2, a1
    li      s3, 0                   # index
    li      s4, 0                   # free ones in a row so far
1:  li      t0, DIR_ENTRIES_MAX
    li      a0, -ENOSPC
    bgeu    s3, t0, 9f
    mv      a0, s1
    mv      a1, s3
    call    scan_entry
    bltz    a0, 9f
    bnez    a0, 3f
    lw      t0, SC_CUR + CUR_FIRST(s1) # past the end: grow (not the root)
    li      t1, ROOT_CLUSTER
    li      a0, -ENOSPC
    beq     t0, t1, 9f
    lw      s5, SC_CUR + CUR_CLUS(s1) # the last cluster (the cursor stopped there)
    mv      a0, s5
    call    cluster_valid
    beqz    a0, 8f                  # a chain that leaves the volume: not ours to grow
    call    cluster_alloc
    bltz    a0, 9f
    mv      t0, a0
    sw      t0, 0(sp)
    call    cluster_zero
    bnez    a0, 9f
    mv      a0, s5
    lw      a1, 0(sp)
    call    fat_set
    bnez    a0, 9f
    j       1b
3:  lbu     t0, 0(a0)
    beqz    t0, 4f
    li      t1, DELETED
    beq     t0, t1, 4f
    li      s4, 0
    j       5f
4:  addi    s4, s4, 1
    beq     s4, s2, 6f
5:  addi    s3, s3, 1
    j       1b
6:  sub     a0, s3, s2
    addi    a0, a0, 1
    j       9f
8:  li      a0, -EIO
9:  epilogue
    ret

# dir_add(a0 = directory cluster, a1 = attributes, a2 = first cluster,
# a3 = size, a4 = an entry to copy the times from, or 0 for now) -> a0 = 0
# or -errno: the prepared name (name_prepare) gets its entries.  Then
# found_scan describes the new short entry as if path_walk had found it.
# The entries go to the disk in the order of their slots, the long-name
# parts first (the first has the start bit) and the short entry last: when
# the run crosses into another sector, what is dirty is synced before the
# next sector's part is made, so a power cut leaves at most the name's
# first long-name parts without the rest (fsck.fat: "Orphaned long file
# name part", which it deletes: POWER_CUT_ALLOWED), never parts without
# their start nor a short entry with half a name.
# Clobbers caller-saved registers.
.globl dir_add
dir_add:
    prologue_locals 32, ra, s1, s2, s3, s4, s5, s6
    sw      a1, 12(sp)              # kept twice: checked against the entry
    sw      a2, 16(sp)
    sw      a3, 20(sp)
    mv      s1, a1
    mv      s2, a2
    mv      s3, a3
    mv      s4, a4
    mv      a1, a0
    la      a0, add_scan
    call    scan_start
    la      a0, add_scan
    call    alias_choose
    bnez    a0, 9f
    li      s5, 0                   # long-name entries
    la      t0, new_exact
    lw      t0, 0(t0)
    bnez    t0, 1f
    la      t0, new_count
    lw      t0, 0(t0)
    addi    t0, t0, 12
    li      t1, 13
    divu    s5, t0, t1
1:  la      a0, add_scan
    addi    a1, s5, 1
    call    free_run
    bltz    a0, 9f
    mv      s6, a0                  # the first slot
    la      a0, new_short
    call    short_checksum
    sw      a0, 4(sp)
    li      t0, 0                   # the long-name entries, last part first
    sw      t0, 8(sp)               # slots written
2:  lw      t0, 8(sp)
    bgeu    t0, s5, 3f
    beqz    t0, 21f
    add     a0, s6, t0
    call    slot_turn
    bnez    a0, 9f
    lw      t0, 8(sp)
21: la      a0, add_scan
    add     a1, s6, t0
    call    scan_entry
    blez    a0, 8f
    call    slot_free
    lw      t0, 8(sp)
    sub     a1, s5, t0              # its sequence number
    lw      a2, 4(sp)
    mv      a3, s5
    call    lfn_fill
    lw      t0, 8(sp)
    addi    t0, t0, 1
    sw      t0, 8(sp)
    j       2b
3:  beqz    s5, 31f                 # the short entry
    add     a0, s6, s5
    call    slot_turn
    bnez    a0, 9f
31: la      a0, add_scan
    add     a1, s6, s5
    call    scan_entry
    blez    a0, 8f
    call    slot_free
    sw      a0, 0(sp)
    li      a1, 0
    li      a2, DE_SIZE
    call    memset
    lw      a0, 0(sp)
    la      a1, new_short
    li      a2, 11
    call    memcpy
    lw      t0, 0(sp)
    sb      s1, DE_ATTR(t0)
    sh      s2, DE_CLUSTER(t0)
    sw      s3, DE_FILESIZE(t0)
    beqz    s4, 4f
    addi    a0, t0, 13              # times (and the unused high cluster) from s4
    addi    a1, s4, 13
    li      a2, DE_CLUSTER - 13
    call    memcpy
    j       5f
4:  call    fat_now
    lw      t0, 0(sp)
    sh      a0, DE_TIME(t0)
    sh      a0, DE_CTIME(t0)
    srli    a0, a0, 16
    sh      a0, DE_DATE(t0)
    sh      a0, DE_CDATE(t0)
    sh      a0, DE_ADATE(t0)
5:  lw      a0, 0(sp)               # the short entry must hold the name chosen
    la      a1, new_short
    li      a2, 11
    call    memcmp
    bnez    a0, dir_bent
    lw      t0, 0(sp)               # and what the caller asked for: the
    lbu     t1, DE_ATTR(t0)         # arguments are kept twice, in s1-s3 and
    lbu     t2, 12(sp)              # in the frame, so one flip that bends a
    bne     t1, t2, dir_bent        # copy (`mv s2, a2` made `mv s6, a2` gave
    lhu     t1, DE_CLUSTER(t0)      # /w.txt the caller's s2 as its cluster:
    lhu     t2, 16(sp)              # 37888 of 8093, or one of /d's) shows
    bne     t1, t2, dir_bent
    lw      t1, DE_FILESIZE(t0)
    lw      t2, 20(sp)
    bne     t1, t2, dir_bent
    lw      a0, 0(sp)
    li      a1, CLASS_DIR
    call    cache_dirty
    la      a0, found_scan          # as if walked: where it is and what it holds
    la      a1, add_scan
    li      a2, SC_SIZE
    call    memcpy
    la      t0, found_scan
    add     t1, s6, s5
    sw      t1, SC_FOUND(t0)
    sw      s6, SC_LFN_START(t0)
    lw      a1, 0(sp)
    andi    t1, a1, SECTOR - 1
    sw      t1, SC_OFFSET(t0)
    addi    a0, t0, SC_ENTRY
    li      a2, DE_SIZE
    call    memcpy
    la      a0, found_scan          # its sector: the cursor stands on it
    addi    a0, a0, SC_CUR
    la      t0, found_scan
    lw      a1, SC_FOUND(t0)
    slli    a1, a1, 5
    call    chain_sector
    la      t0, found_scan
    sw      a0, SC_SECTOR(t0)
    la      t0, walk_root
    sw      zero, 0(t0)
    li      a0, 0
    j       9f
8:  li      a0, -EIO
9:  epilogue
    ret

# dir_bent: dir_add's short entry does not hold the name it copied there
# or what its caller asked for (or lfn_fill's entry not the part it made),
# so the server's code or data is bent (the fault-injection campaign found
# a code flip that made the copy's call land elsewhere: the entry kept a
# name of zeros, the directory's end, right after the long-name parts, an
# orphan for fsck; in the middle of a directory it would hide every entry
# after it).  As blk_refuse does: say so and fault on purpose before the
# entry is dirty, so the sectors of this name never reach the disk and pm
# starts a fresh server.
dir_bent:
    la      a0, msg_bent
    call    printf
    unimp                           # never returns: the fault ends the server

# slot_free(a0 = an entry dir_add is about to fill) -> a0 unchanged, when
# the entry is free (the directory's end or a deleted one), as free_run
# found it; else free_run's answer was bent (a code flip once returned
# another register's value plus one, and the new entry went over /c1.txt's):
# dir_bent.  Clobbers t1, t2.
slot_free:
    lbu     t1, 0(a0)
    beqz    t1, 1f
    li      t2, DELETED
    bne     t1, t2, dir_bent
1:  ret

# slot_turn(a0 = slot) -> a0 = 0 or -EIO: when the slot is the first of
# a sector of the directory, what is dirty is synced first (the entries
# of one name reach the disk one sector at a time, in order).  A later
# slot only: the first slot of a run or of a name is never passed.
# Clobbers caller-saved registers.
slot_turn:
    andi    a0, a0, (SECTOR / DE_SIZE) - 1
    bnez    a0, 1f
    tail    cache_sync
1:  li      a0, 0
    ret

# lfn_fill(a0 = entry, a1 = sequence number 1.., a2 = checksum, a3 = how
# many long-name entries): one long-name entry of the prepared name,
# marked dirty once it is checked (a code flip in the campaign left the
# start bit off: fsck.fat found a fragment outside a long-name sequence).
# Clobbers caller-saved registers.
lfn_fill:
    prologue ra, s1, s2, s3, s4
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s4, a3
    li      a1, 0
    li      a2, DE_SIZE
    call    memset
    mv      t0, s2
    bne     s2, s4, 1f
    ori     t0, t0, 0x40            # the last part comes first on disk
1:  sb      t0, 0(s1)
    li      t0, ATTR_LFN
    sb      t0, DE_ATTR(s1)
    sb      s3, 13(s1)
    addi    t2, s2, -1              # units (seq - 1) * 13 ...
    li      t0, 13
    mul     t2, t2, t0
    la      t0, new_count
    lw      t3, 0(t0)
    la      t4, lfn_offsets_w
    li      t5, 13
2:  li      t6, 0xFFFF              # past the end: 0xFFFF, at it: 0
    bgtu    t2, t3, 3f
    li      t6, 0
    beq     t2, t3, 3f
    slli    t6, t2, 1
    la      t0, new_units
    add     t6, t6, t0
    lhu     t6, 0(t6)
3:  lbu     t0, 0(t4)
    add     t0, t0, s1
    sb      t6, 0(t0)
    srli    t6, t6, 8
    sb      t6, 1(t0)
    addi    t2, t2, 1
    addi    t4, t4, 1
    addi    t5, t5, -1
    bnez    t5, 2b
    lbu     t0, 0(s1)               # the entry must say what was meant before it
    beq     s2, s4, 4f              # is dirty (dir_bent): its sequence number,
    ori     t0, t0, 0x40            # the start bit on the last part only,
4:  xori    t0, t0, 0x40
    bne     t0, s2, dir_bent
    lbu     t0, DE_ATTR(s1)         # a long-name entry's attribute,
    li      t1, ATTR_LFN
    bne     t0, t1, dir_bent
    lbu     t0, 13(s1)              # the short name's checksum,
    bne     t0, s3, dir_bent
    lbu     t0, 12(s1)              # and zeros in its type and cluster (a
    bnez    t0, dir_bent            # flip once made memset fill the entry
    lhu     t0, DE_CLUSTER(s1)      # with ra's low byte)
    bnez    t0, dir_bent
    mv      a0, s1
    li      a1, CLASS_DIR
    call    cache_dirty
    epilogue
    ret

# dir_remove(a0 = a scan holding a found entry) -> a0 = 0 or -EIO: its
# long-name entries and its short entry are marked free, the short entry
# first and back from there; when they lie in two sectors or more, each
# sector's are synced before the one before it is changed, so a power cut
# leaves at most the name's first long-name parts without the rest (as
# dir_add), never parts without their start.
# Clobbers caller-saved registers.
.globl dir_remove
dir_remove:
    prologue ra, s1, s2
    mv      s1, a0
    lw      s2, SC_FOUND(s1)
1:  lw      t0, SC_LFN_START(s1)
    blt     s2, t0, 8f
    lw      t0, SC_FOUND(s1)
    beq     s2, t0, 2f
    addi    a0, s2, 1               # the sector after this slot's is done
    call    slot_turn
    bnez    a0, 9f
2:  mv      a0, s1
    mv      a1, s2
    call    scan_entry
    blez    a0, 7f
    li      t0, DELETED
    sb      t0, 0(a0)
    li      a1, CLASS_DIR
    call    cache_dirty
    addi    s2, s2, -1
    j       1b
7:  li      a0, -EIO
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# dir_unremove(a0 = a scan dir_remove was given) -> a0 = 0 or -EIO: its
# entries are whole again (the short entry's first byte from SC_ENTRY, the
# long-name entries' sequence numbers), as before dir_remove.  A rename
# that could not add its new name puts the old one back with this.
# Clobbers caller-saved registers.
.globl dir_unremove
dir_unremove:
    prologue ra, s1, s2
    mv      s1, a0
    lw      s2, SC_LFN_START(s1)
1:  lw      t0, SC_FOUND(s1)
    bgtu    s2, t0, 8f
    mv      a0, s1
    mv      a1, s2
    call    scan_entry
    blez    a0, 7f
    lw      t0, SC_FOUND(s1)
    lbu     t1, SC_ENTRY + DE_NAME(s1)
    beq     s2, t0, 2f              # the short entry: its own first byte
    sub     t1, t0, s2              # a long-name piece: its sequence number,
    lw      t0, SC_LFN_START(s1)    # 0x40 on the first (the last piece)
    bne     s2, t0, 2f
    ori     t1, t1, 0x40
2:  sb      t1, 0(a0)
    li      a1, CLASS_DIR
    call    cache_dirty
    addi    s2, s2, 1
    j       1b
7:  li      a0, -EIO
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

.section .rodata
forbidden:      .asciz "\"*/:<>?\\|"
short_special:  .asciz "$%'-_@~`!(){}^#&"
lfn_offsets_w:  .byte 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30
msg_bent:       .asciz "fs: a new directory entry is not the name chosen; restarting\n"

.section .bss
.balign 4
new_units:    .space 2 * (NAME_UNITS_MAX + 1)
.balign 4
new_count:    .space 4              # UCS-2 units of the name
new_exact:    .space 4
new_lossy:    .space 4
new_base_len: .space 4
new_base:     .space 12             # the basis: 8 + 3, blank padded
new_short:    .space 12             # the short name chosen
tail_text:    .space 12
.balign 4
.globl add_scan
add_scan:     .space SC_SIZE
