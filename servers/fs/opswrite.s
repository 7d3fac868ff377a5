# servers/fs/opswrite.s — the operations that change the volume: write,
# mkdir, unlink, rmdir, rename, sync; and what open (create, truncate)
# and close (the entry written back) need.  Same shape as ops.s:
# fs_<name>(a0 = client tid, a1..a4 = the call's words) -> a0, a1..a3.
#
# Crash order: the cache writes data, then the FAT, then directory
# entries (cache.s), so a new file's entry never reaches the disk before
# its clusters and their chain.  Removing goes the other way: the entry
# is written out (a sync) before its clusters are freed, so a crash leaves
# at most lost clusters.  Open files cannot be removed (-EBUSY).

.include "fs.inc"

.equ POS_MAX, 0x7FFFFFFF            # positions stay below 2^31 (seek's rule)

.text
# file_create() -> a0 = 0 or -errno: a new empty file named by the last
# component path_walk missed; found_scan then holds it, as if walked.
.globl file_create
file_create:
    prologue ra
    la      t0, walk_name
    lw      a0, 0(t0)
    la      t0, walk_name_len
    lw      a1, 0(t0)
    call    name_prepare
    bnez    a0, 9f
    la      t0, walk_dir
    lw      a0, 0(t0)
    li      a1, FS_ATTR_ARCHIVE
    li      a2, 0
    li      a3, 0
    li      a4, 0
    call    dir_add
9:  epilogue
    ret

# node_truncate(a0 = node) -> a0 = 0 or -errno: the file is empty now.
.globl node_truncate
node_truncate:
    prologue ra, s1
    mv      s1, a0
    lw      a0, N_FIRST(s1)
    sw      zero, N_FIRST(s1)
    sw      zero, N_SIZE(s1)
    call    chain_free
    bnez    a0, 9f
    mv      a0, s1
    call    node_reset_cursors
    mv      a0, s1
    call    node_touch
    li      a0, 0
9:  epilogue
    ret

# node_touch(a0 = node): modified now; its entry must be written.
node_touch:
    prologue ra, s1
    mv      s1, a0
    call    fat_now
    sw      a0, N_MTIME(s1)
    li      t0, 1
    sw      t0, N_DIRTY(s1)
    epilogue
    ret

# node_flush(a0 = node) -> a0 = 0 or -EIO: a changed node's first
# cluster, size and time go into its directory entry (in the cache).
.globl node_flush
node_flush:
    prologue ra, s1
    mv      s1, a0
    lw      t0, N_DIRTY(s1)
    beqz    t0, 8f
    lw      a0, N_ID(s1)
    beqz    a0, 8f                  # the root has no entry
    srli    a0, a0, 4
    call    cache_get
    beqz    a0, 7f
    lw      t0, N_ID(s1)
    andi    t0, t0, 15
    slli    t0, t0, 5
    add     a0, a0, t0
    lw      t0, N_FIRST(s1)
    sh      t0, DE_CLUSTER(a0)
    lw      t0, N_SIZE(s1)
    sw      t0, DE_FILESIZE(a0)
    lw      t0, N_MTIME(s1)
    sh      t0, DE_TIME(a0)
    srli    t0, t0, 16
    sh      t0, DE_DATE(a0)
    sh      t0, DE_ADATE(a0)
    lbu     t0, DE_ATTR(a0)
    ori     t0, t0, FS_ATTR_ARCHIVE
    sb      t0, DE_ATTR(a0)
    li      a1, CLASS_DIR
    call    cache_dirty
    sw      zero, N_DIRTY(s1)
8:  li      a0, 0
    j       9f
7:  li      a0, -EIO
9:  epilogue
    ret

# sync_all() -> a0 = 0 or -errno: every open file's entry, then every
# dirty block, on the disk.  The sync operation, O_SYNC closes, the
# periodic write-back.
.globl sync_all
sync_all:
    prologue ra, s1, s2
    la      s1, nodes
    li      s2, NODES_MAX
1:  lw      t0, N_REFS(s1)
    beqz    t0, 2f
    mv      a0, s1
    call    node_flush
    bnez    a0, 9f
2:  addi    s1, s1, N_SIZE_OF
    addi    s2, s2, -1
    bnez    s2, 1b
    call    cache_sync
9:  epilogue
    ret

# sector_for_write(a0 = handle, a1 = position) -> a0 = the sector holding
# that byte, the chain grown (and the node given its first cluster) as
# needed; -ENOSPC or -EIO.
sector_for_write:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
1:  addi    a0, s1, H_CUR
    mv      a1, s2
    call    chain_sector
    bnez    a0, 9f                  # there, or an error
    call    cluster_alloc
    bltz    a0, 9f
    mv      s3, a0
    lw      t0, H_NODE(s1)
    lw      a0, N_FIRST(t0)
    call    cluster_valid
    bnez    a0, 2f
    lw      t0, H_NODE(s1)          # the file's first cluster
    sw      s3, N_FIRST(t0)
    li      t1, 1
    sw      t1, N_DIRTY(t0)
    mv      a0, t0
    call    node_reset_cursors
    j       1b
2:  lw      a0, H_CUR + CUR_CLUS(s1) # appended to the last (where the cursor stopped)
    mv      a1, s3
    call    fat_set
    bnez    a0, 9f
    j       1b
9:  epilogue
    ret

# write_bytes(a0 = handle, a1 = count, a2 = client tid, or 0 for zeros)
# -> a0 = bytes written at the handle's position (it moves on), or -errno
# when none were.  Client bytes come from its lease, from offset 0.
write_bytes:
    prologue ra, s1, s2, s3, s4, s5, s6
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    li      s4, 0                   # done
1:  bgeu    s4, s2, 7f
    mv      a0, s1
    lw      a1, H_POS(s1)
    call    sector_for_write
    blez    a0, 6f
    mv      s6, a0                  # the sector
    lw      t0, H_POS(s1)
    andi    t0, t0, SECTOR - 1
    li      s5, SECTOR
    sub     s5, s5, t0
    sub     t1, s2, s4
    bleu    s5, t1, 2f
    mv      s5, t1                  # s5 = bytes this time
2:  lw      t1, H_NODE(s1)          # a sector wholly past the old end need not be read
    lw      t1, N_SIZE(t1)
    addi    t1, t1, SECTOR - 1
    srli    t1, t1, SECTOR_SHIFT
    lw      t2, H_POS(s1)
    srli    t2, t2, SECTOR_SHIFT
    mv      a0, s6
    bltu    t2, t1, 3f
    call    cache_take
    j       4f
3:  call    cache_get
4:  beqz    a0, 5f
    lw      t0, H_POS(s1)
    andi    t0, t0, SECTOR - 1
    add     s6, a0, t0              # s6 = where the bytes go
    beqz    s3, 41f
    mv      a0, s3
    mv      a1, s4
    mv      a2, s6
    mv      a3, s5
    call    lease_read
    bne     a0, s5, 51f
    j       42f
41: mv      a0, s6
    li      a1, 0
    mv      a2, s5
    call    memset
42: mv      a0, s6
    li      a1, CLASS_DATA
    call    cache_dirty
    add     s4, s4, s5
    lw      t0, H_POS(s1)
    add     t0, t0, s5
    sw      t0, H_POS(s1)
    lw      t1, H_NODE(s1)
    lw      t2, N_SIZE(t1)
    bleu    t0, t2, 1b
    sw      t0, N_SIZE(t1)          # the file grew
    j       1b
51: mv      a0, s6                  # the lease failed: what it copied stays
    call    cache_note              # the server's own (not written back)
    li      a0, -EFAULT
    j       6f
5:  li      a0, -EIO
6:  beqz    s4, 9f
7:  mv      a0, s4
9:  epilogue
    ret

# write(handle, len) from the lease -> bytes written (O_APPEND: at the end).
# A position past the end first fills the hole with zeros.
.globl fs_write
fs_write:
    prologue_locals 16, ra, s1, s2, s3, s4
    mv      s3, a0                  # client
    mv      s2, a2                  # bytes
    mv      a0, a1
    call    handle_get
    li      t0, -EBADF
    beqz    a0, 8f
    mv      s1, a0
    lw      t1, H_FLAGS(s1)
    andi    t0, t1, O_ACCMODE
    li      a0, -EBADF
    beqz    t0, 9f                  # opened O_RDONLY
    lw      s4, H_NODE(s1)
    andi    t1, t1, O_APPEND
    beqz    t1, 1f
    lw      t0, N_SIZE(s4)
    sw      t0, H_POS(s1)
1:  la      t0, request             # never more than the lease holds
    lw      t0, RQ_LEASE_LEN(t0)
    bleu    s2, t0, 2f
    mv      s2, t0
2:  li      a0, 0
    beqz    s2, 9f
    lw      t0, H_POS(s1)           # the end must stay below 2^31
    li      t1, POS_MAX
    sub     t1, t1, t0
    li      a0, -EFBIG
    bgtu    s2, t1, 9f
    lw      t1, N_SIZE(s4)
    bleu    t0, t1, 3f
    sw      t0, 0(sp)               # the position asked for
    sub     t2, t0, t1
    sw      t2, 4(sp)               # the hole
    sw      t1, H_POS(s1)
    mv      a0, s1
    mv      a1, t2
    li      a2, 0
    call    write_bytes
    bltz    a0, 9f
    lw      t0, 4(sp)
    beq     a0, t0, 3f
    lw      t0, 0(sp)               # the hole could not be filled
    sw      t0, H_POS(s1)
    li      a0, -ENOSPC
    j       9f
3:  mv      a0, s1
    mv      a1, s2
    mv      a2, s3
    call    write_bytes
    mv      s2, a0
    mv      a0, s4
    call    node_touch
    mv      a0, s2
    j       9f
8:  mv      a0, t0
9:  epilogue
    ret

# mkdir(len) with the path in the lease -> 0.
.globl fs_mkdir
fs_mkdir:
    prologue ra, s1, s2
    mv      a0, a1
    call    walk_in
    li      t0, -EEXIST
    beqz    a0, 8f
    li      t0, -ENOENT
    bne     a0, t0, 9f
    la      t0, walk_missing
    lw      t0, 0(t0)
    beqz    t0, 9f
    la      t0, walk_name
    lw      a0, 0(t0)
    la      t0, walk_name_len
    lw      a1, 0(t0)
    call    name_prepare
    bnez    a0, 9f
    call    cluster_alloc
    bltz    a0, 9f
    mv      s1, a0                  # the new directory's cluster
    call    cluster_zero
    bnez    a0, 7f
    mv      a0, s1
    call    cluster_sector
    call    cache_get
    beqz    a0, 6f
    mv      s2, a0
    la      t0, walk_dir            # "." and ".." (the root as cluster 0)
    lw      a2, 0(t0)
    li      t1, ROOT_CLUSTER
    bne     a2, t1, 1f
    li      a2, 0
1:  addi    a0, s2, DE_SIZE
    la      a1, dotdot_name
    call    dot_entry
    mv      a0, s2
    la      a1, dot_name
    mv      a2, s1
    call    dot_entry
    mv      a0, s2
    li      a1, CLASS_DATA          # before the entry that makes it a directory
    call    cache_dirty
    la      t0, walk_dir
    lw      a0, 0(t0)
    li      a1, FS_ATTR_DIR
    mv      a2, s1
    li      a3, 0
    li      a4, 0
    call    dir_add
    beqz    a0, 9f
    j       7f
6:  li      a0, -EIO
7:  mv      s2, a0                  # undo: give the cluster back
    mv      a0, s1
    call    chain_free
    mv      a0, s2
    j       9f
8:  mv      a0, t0
9:  epilogue
    ret

# dot_entry(a0 = entry, a1 = 11-byte name, a2 = cluster): "." or "..".
dot_entry:
    prologue ra, s1, s2
    mv      s1, a0
    mv      s2, a2
    li      a2, 11
    call    memcpy
    li      t0, FS_ATTR_DIR
    sb      t0, DE_ATTR(s1)
    sh      s2, DE_CLUSTER(s1)
    call    fat_now
    sh      a0, DE_TIME(s1)
    sh      a0, DE_CTIME(s1)
    srli    a0, a0, 16
    sh      a0, DE_DATE(s1)
    sh      a0, DE_CDATE(s1)
    sh      a0, DE_ADATE(s1)
    epilogue
    ret

# found_id() -> a0 = the node id of what path_walk found (0: the root).
found_id:
    la      t0, walk_root
    lw      t0, 0(t0)
    li      a0, 0
    bnez    t0, 1f
    la      t0, found_scan
    lw      a0, SC_SECTOR(t0)
    slli    a0, a0, 4
    lw      t1, SC_OFFSET(t0)
    srli    t1, t1, 5
    or      a0, a0, t1
1:  ret

# remove_found(a0 = scan holding the entry, a1 = its first cluster) ->
# a0 = 0 or -errno: the entry leaves the disk first, then its clusters.
remove_found:
    prologue ra, s1
    mv      s1, a1
    call    dir_remove
    bnez    a0, 9f
    call    sync_all
    bnez    a0, 9f
    mv      a0, s1
    call    chain_free
9:  epilogue
    ret

# unlink(len) with the path in the lease -> 0.
.globl fs_unlink
fs_unlink:
    prologue ra
    mv      a0, a1
    call    walk_in
    bnez    a0, 9f
    call    found_stat
    andi    t0, a2, FS_ATTR_DIR
    li      a0, -EISDIR
    bnez    t0, 9f
    call    found_id
    call    node_find
    mv      t0, a0
    li      a0, -EBUSY
    bnez    t0, 9f
    la      a0, found_scan
    lhu     a1, SC_ENTRY + DE_CLUSTER(a0)
    call    remove_found
9:  epilogue
    ret

# rmdir(len) with the path in the lease -> 0.
.globl fs_rmdir
fs_rmdir:
    prologue ra, s1
    mv      a0, a1
    call    walk_in
    bnez    a0, 9f
    la      t0, walk_root
    lw      t0, 0(t0)
    li      a0, -EBUSY
    bnez    t0, 9f
    call    found_stat
    andi    t0, a2, FS_ATTR_DIR
    li      a0, -ENOTDIR
    beqz    t0, 9f
    call    found_id
    call    node_find
    mv      t0, a0
    li      a0, -EBUSY
    bnez    t0, 9f
    la      t0, found_scan
    lhu     s1, SC_ENTRY + DE_CLUSTER(t0)
    la      a0, add_scan            # empty but for "." and ".."?
    mv      a1, s1
    call    scan_start
1:  la      a0, add_scan
    call    scan_next
    bltz    a0, 9f
    beqz    a0, 3f
    la      t0, add_scan + SC_SHORT
    lbu     t1, 0(t0)
    li      t2, '.'
    bne     t1, t2, 2f
    lbu     t1, 1(t0)
    beqz    t1, 1b
    bne     t1, t2, 2f
    lbu     t1, 2(t0)
    beqz    t1, 1b
2:  li      a0, -ENOTEMPTY
    j       9f
3:  la      a0, found_scan
    mv      a1, s1
    call    remove_found
9:  epilogue
    ret

# rename(old_len, new_len), the old path then the new one in the lease -> 0.
.globl fs_rename
fs_rename:
    prologue ra, s1, s2, s3, s4
    mv      s1, a1
    mv      s2, a2
    li      a0, 0                   # the old path
    la      a2, path_buf
    call    path_in
    bnez    a0, 9f
    la      a0, path_buf
    call    strlen
    mv      a1, a0
    la      a0, path_buf
    call    path_walk
    bnez    a0, 9f
    la      t0, walk_root
    lw      t0, 0(t0)
    li      a0, -EBUSY
    bnez    t0, 9f
    call    found_id
    mv      s3, a0                  # s3 = its id
    la      a0, old_scan
    la      a1, found_scan
    li      a2, SC_SIZE
    call    memcpy
    mv      a0, s1                  # the new path
    mv      a1, s2
    la      a2, path_buf
    call    path_in
    bnez    a0, 9f
0:  la      a0, path_buf
    call    strlen
    mv      a1, a0
    la      a0, path_buf
    call    path_walk
    bnez    a0, 1f
    call    found_id                # it exists: fine if it is the same entry
    sub     a0, a0, s3
    beqz    a0, 9f
    la      t0, old_scan + SC_ENTRY # a directory may not move into itself,
    lbu     t1, DE_ATTR(t0)         # whatever is there (-EINVAL before
    andi    t1, t1, FS_ATTR_DIR     # replace_target's -ENOTDIR, as Linux:
    beqz    t1, 2f                  # `mv a a` with a file a/a)
    lhu     s4, DE_CLUSTER(t0)
    la      t0, walk_dir
    lw      a0, 0(t0)
    call    inside_dir
    bnez    a0, 9f
2:  call    replace_target          # a file goes, as POSIX's rename replaces it
    bnez    a0, 9f
    j       0b                      # and the new name is walked again, now missing
1:  li      t0, -ENOENT
    bne     a0, t0, 9f
    la      t0, walk_missing
    lw      t0, 0(t0)
    beqz    t0, 9f
    la      t0, old_scan + SC_ENTRY
    lhu     s4, DE_CLUSTER(t0)      # s4 = the first cluster
    lbu     t1, DE_ATTR(t0)
    andi    t1, t1, FS_ATTR_DIR
    beqz    t1, 3f
    la      t0, walk_dir            # a directory may not move into itself
    lw      a0, 0(t0)
    call    inside_dir
    bnez    a0, 9f
3:  la      t0, walk_name
    lw      a0, 0(t0)
    la      t0, walk_name_len
    lw      a1, 0(t0)
    call    name_prepare
    bnez    a0, 9f
    la      a0, old_scan            # the old name goes first, and reaches the
    call    dir_remove              # disk before the new one is written: a
    bnez    a0, 9f                  # power cut between leaves lost clusters,
    call    cache_sync              # never two names for one chain
    bnez    a0, 7f
    la      t0, walk_dir
    lw      a0, 0(t0)
    la      t0, old_scan + SC_ENTRY
    lbu     a1, DE_ATTR(t0)
    mv      a2, s4
    lw      a3, DE_FILESIZE(t0)
    mv      a4, t0
    call    dir_add
    bnez    a0, 7f
    mv      a0, s3                  # an open file follows its entry
    call    node_find
    beqz    a0, 4f
    mv      s1, a0
    call    found_id
    sw      a0, N_ID(s1)
4:  la      t0, old_scan + SC_ENTRY
    lbu     t1, DE_ATTR(t0)
    andi    t1, t1, FS_ATTR_DIR
    beqz    t1, 5f
    mv      a0, s4                  # a directory: its ".." names the new parent
    call    fix_dotdot
    bnez    a0, 9f
5:  call    cache_sync              # and the new name, so the window is short
    j       9f
7:  mv      s1, a0                  # no new name: the old one comes back
    la      a0, old_scan
    call    dir_unremove
    mv      a0, s1
9:  epilogue
    ret

# replace_target() -> a0 = 0 once the entry found_scan holds (rename's
# existing new name) is gone, or -errno: a directory is never replaced
# (-EEXIST), a file is not replaced by a directory (-ENOTDIR), nor while it
# is open (-EBUSY, as unlink).  Not atomic: the old name is added after the
# target's entry left the disk, so a power cut in between loses the target
# with the source still under its old name (FAT has no journal to do better).
replace_target:
    prologue ra
    call    found_stat
    andi    t0, a2, FS_ATTR_DIR
    li      a0, -EEXIST
    bnez    t0, 9f
    la      t0, old_scan + SC_ENTRY
    lbu     t1, DE_ATTR(t0)
    andi    t1, t1, FS_ATTR_DIR
    li      a0, -ENOTDIR
    bnez    t1, 9f
    call    found_id
    call    node_find
    mv      t0, a0
    li      a0, -EBUSY
    bnez    t0, 9f
    la      a0, found_scan
    lhu     a1, SC_ENTRY + DE_CLUSTER(a0)
    call    remove_found
9:  epilogue
    ret

# inside_dir(a0 = directory cluster), with s4 = a directory's cluster ->
# a0 = -EINVAL when the directory is s4 or inside it, 0 if not, -EIO.
inside_dir:
    prologue ra, s1, s2
    mv      s1, a0
    li      s2, 4096                # depth bound (a cycle of ".." entries)
1:  li      a0, -EINVAL
    beq     s1, s4, 9f
    li      a0, 0
    li      t0, ROOT_CLUSTER
    beq     s1, t0, 9f
    beqz    s2, 9f
    addi    s2, s2, -1
    la      a0, add_scan
    mv      a1, s1
    la      a2, dotdot_name
    li      a3, 2
    call    dir_lookup
    bltz    a0, 9f
    li      t0, 0
    beqz    a0, 9f                  # no "..": stop
    la      t0, add_scan + SC_ENTRY
    lhu     s1, DE_CLUSTER(t0)
    bnez    s1, 1b
    li      s1, ROOT_CLUSTER
    j       1b
9:  epilogue
    ret

# fix_dotdot(a0 = a moved directory's cluster) -> a0 = 0 or -EIO: its ".."
# entry names walk_dir (0 for the root).
fix_dotdot:
    prologue ra, s1
    mv      a1, a0
    la      a0, add_scan
    call    scan_start
    la      a0, add_scan
    li      a1, 1                   # ".." is the second entry
    call    scan_entry
    blez    a0, 8f
    mv      s1, a0
    lbu     t0, 0(s1)
    li      t1, '.'
    bne     t0, t1, 7f
    lbu     t0, 1(s1)
    bne     t0, t1, 7f
    la      t0, walk_dir
    lw      t0, 0(t0)
    li      t1, ROOT_CLUSTER
    bne     t0, t1, 1f
    li      t0, 0
1:  sh      t0, DE_CLUSTER(s1)
    mv      a0, s1
    li      a1, CLASS_DIR
    call    cache_dirty
7:  li      a0, 0
    j       9f
8:  li      a0, -EIO
9:  epilogue
    ret

.section .rodata
dot_name:    .ascii ".          "
dotdot_name: .ascii "..         "

.section .bss
.balign 4
old_scan: .space SC_SIZE
