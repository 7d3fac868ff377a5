# servers/fs/ops.s — the operations that read: open, read, seek, close,
# stat, fstat, readdir, statfs, sync (opswrite.s has those that change the
# volume).  Each is fs_<name>(a0 = client tid, a1..a4 = the call's words)
# -> a0 = reply code, a1..a3 = reply words, called by the loop in fs.s.
#
# Everything a client sends is checked before use: handle numbers
# (node.s), path lengths (at most FS_PATH_MAX, and the lease must really
# hold that many bytes), counts (a read never goes past the file's end or
# the lease's), flags and whence.  A lease that lies ends the operation
# with what was done (or -EFAULT), never the server.

.include "fs.inc"

.text
# path_in(a0 = offset in the lease, a1 = length, a2 = buffer of
# FS_PATH_MAX + 1 bytes) -> a0 = 0 or -errno: the client's path, NUL-ended.
# Clobbers caller-saved registers.
.globl path_in
path_in:
    prologue ra, s1, s2, s3
    mv      s3, a0
    mv      s1, a1
    mv      s2, a2
    li      t0, FS_PATH_MAX
    li      a0, -ENAMETOOLONG
    bgtu    s1, t0, 9f
    li      a0, -ENOENT
    beqz    s1, 9f
    la      t0, request
    lw      a0, RQ_TID(t0)
    mv      a1, s3
    mv      a2, s2
    mv      a3, s1
    call    lease_read
    bne     a0, s1, 8f              # the lease holds less than it says
    add     t0, s2, s1
    sb      zero, 0(t0)
    li      a0, 0
    j       9f
8:  li      a0, -EFAULT
9:  epilogue
    ret

# walk_in(a0 = path length) -> a0 = path_walk's answer for the client's
# path (lease offset 0).  walk_missing is cleared first: an empty path is
# -ENOENT from path_in without a walk, and the creating operations (mkdir,
# open with O_CREAT) must not then read the last walk's "only the last
# component is missing" and create that older name again, unchecked (ipcfuzz
# made duplicate entries so).  Clobbers caller-saved registers.
.globl walk_in
walk_in:
    prologue ra, s1
    la      t0, walk_missing
    sw      zero, 0(t0)
    mv      a1, a0
    li      a0, 0
    la      a2, path_buf
    call    path_in
    bnez    a0, 9f
    la      a0, path_buf
    call    strlen
    mv      a1, a0
    la      a0, path_buf
    call    path_walk
9:  epilogue
    ret

# found_stat() -> a0 = 0, a1 = size, a2 = attributes, a3 = mtime of what
# path_walk found.  Clobbers t0-t1.
.globl found_stat
found_stat:
    la      t0, walk_root
    lw      t0, 0(t0)
    beqz    t0, 1f
    li      a1, 0
    li      a2, FS_ATTR_DIR
    li      a3, 0
    li      a0, 0
    ret
1:  la      t0, found_scan + SC_ENTRY
    lw      a1, DE_FILESIZE(t0)
    lbu     a2, DE_ATTR(t0)
    lhu     a3, DE_DATE(t0)
    slli    a3, a3, 16
    lhu     t1, DE_TIME(t0)
    or      a3, a3, t1
    lbu     t1, DE_ATTR(t0)         # a directory's size field means nothing
    andi    t1, t1, FS_ATTR_DIR
    beqz    t1, 2f
    li      a1, 0
2:  li      a0, 0
    ret

# found_open(a0 = open flags) -> a0 = handle number or -EMFILE: opens what
# path_walk found.  Clobbers caller-saved registers.
.globl found_open
found_open:
    prologue ra, s1, s2
    mv      s1, a0
    call    found_stat
    mv      a4, a3                  # mtime
    mv      a3, a2                  # attributes
    mv      a2, a1                  # size
    li      a1, ROOT_CLUSTER
    li      a0, 0                   # the root's id
    la      t0, walk_root
    lw      t0, 0(t0)
    bnez    t0, 1f
    la      t0, found_scan
    lw      a0, SC_SECTOR(t0)
    slli    a0, a0, 4
    lw      t1, SC_OFFSET(t0)
    srli    t1, t1, 5
    or      a0, a0, t1              # id: where its short entry is
    lhu     a1, SC_ENTRY + DE_CLUSTER(t0)
    addi    t1, a1, -2              # a cluster outside the volume: an empty chain
    la      t0, fat_clusters
    lw      t0, 0(t0)
    bltu    t1, t0, 1f
    li      a1, 0
1:  call    node_open
    li      s2, -EMFILE
    beqz    a0, 8f
    mv      s2, a0
    mv      a1, s1
    call    handle_new
    bltz    a0, 7f
    mv      s2, a0                  # the caller's process holds it (clients.s)
    call    caller_owner
    bltz    a0, 6f
    mv      a1, a0
    mv      a0, s2
    call    handle_hold
    bnez    a0, 6f
    mv      a0, s2
    j       9f
6:  mv      a0, s2                  # no holder record: no handle either
    call    handle_get
    call    handle_free
    li      a0, -EMFILE
    j       9f
7:  mv      a0, s2                  # no handle: give the reference back
    lw      t0, N_REFS(a0)
    addi    t0, t0, -1
    sw      t0, N_REFS(a0)
    li      a0, -EMFILE
    j       9f
8:  mv      a0, s2
9:  epilogue
    ret

# open(flags, len) with the path in the lease -> handle.
.globl fs_open
fs_open:
    prologue ra, s1, s2
    mv      s1, a1                  # flags
    mv      s2, a2                  # path length
    andi    t0, s1, O_ACCMODE
    li      t1, O_ACCMODE
    li      a0, -EINVAL
    beq     t0, t1, 9f
    li      t0, ~(O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_SYNC)
    and     t0, t0, s1
    bnez    t0, 9f
    mv      a0, s2
    call    walk_in
    beqz    a0, 1f
    li      t0, -ENOENT             # missing: create it?
    bne     a0, t0, 9f
    andi    t0, s1, O_CREAT
    beqz    t0, 9f
    la      t0, walk_missing
    lw      t0, 0(t0)
    beqz    t0, 9f
    call    file_create             # opswrite.s: the entry, found as if walked
    bnez    a0, 9f
    andi    s1, s1, ~O_TRUNC        # nothing to cut
    j       2f
1:  andi    t0, s1, O_CREAT | O_EXCL
    li      t1, O_CREAT | O_EXCL
    li      a0, -EEXIST
    beq     t0, t1, 9f
    call    found_stat
    andi    t0, a2, FS_ATTR_DIR
    beqz    t0, 2f
    andi    t0, s1, O_ACCMODE | O_TRUNC
    li      a0, -EISDIR
    bnez    t0, 9f
2:  mv      a0, s1
    call    found_open
    bltz    a0, 9f
    andi    t0, s1, O_TRUNC
    beqz    t0, 9f
    andi    t0, s1, O_ACCMODE
    beqz    t0, 9f                  # O_TRUNC needs write access
    mv      s2, a0
    call    handle_get
    lw      a0, H_NODE(a0)
    call    node_truncate           # opswrite.s
    bltz    a0, 3f
    mv      a0, s2
    j       9f
3:  mv      s1, a0                  # could not cut it: close again
    mv      a0, s2
    call    handle_abandon          # clients.s
    mv      a0, s1
9:  epilogue
    ret

# read(handle, len) into the lease -> bytes read, 0 at the end of the file.
.globl fs_read
fs_read:
    prologue ra, s1, s2, s3, s4, s5, s6
    mv      s6, a0                  # client
    mv      s2, a2                  # bytes wanted
    mv      a0, a1
    call    handle_get
    li      t0, -EBADF
    beqz    a0, 8f
    mv      s1, a0
    lw      t0, H_FLAGS(s1)
    andi    t0, t0, O_ACCMODE
    li      t1, O_WRONLY
    li      a0, -EBADF
    beq     t0, t1, 9f
    lw      s5, H_NODE(s1)
    lw      t0, N_ATTR(s5)
    andi    t0, t0, FS_ATTR_DIR
    li      a0, -EISDIR
    bnez    t0, 9f
    la      t0, request             # never more than the lease holds
    lw      t0, RQ_LEASE_LEN(t0)
    bleu    s2, t0, 1f
    mv      s2, t0
1:  lw      t0, N_SIZE(s5)          # nor past the end
    lw      t1, H_POS(s1)
    li      s3, 0                   # s3 = bytes done
    bgeu    t1, t0, 7f
    sub     t0, t0, t1
    bleu    s2, t0, 2f
    mv      s2, t0
2:  bgeu    s3, s2, 7f
    addi    a0, s1, H_CUR
    lw      a1, H_POS(s1)
    call    chain_sector
    blez    a0, 6f                  # the chain is shorter than the size says
    call    cache_get
    beqz    a0, 6f
    lw      t0, H_POS(s1)
    andi    t0, t0, SECTOR - 1
    add     a2, a0, t0              # from here in the sector
    li      s4, SECTOR
    sub     s4, s4, t0
    sub     t1, s2, s3
    bleu    s4, t1, 3f
    mv      s4, t1                  # s4 = bytes this time
3:  mv      a0, s6
    mv      a1, s3
    mv      a3, s4
    call    lease_write
    bne     a0, s4, 5f
    add     s3, s3, s4
    lw      t0, H_POS(s1)
    add     t0, t0, s4
    sw      t0, H_POS(s1)
    j       2b
5:  li      a0, -EFAULT             # the lease would not take them
    j       4f
6:  li      a0, -EIO
4:  beqz    s3, 9f                  # an error: reported unless bytes moved
7:  mv      a0, s3
    j       9f
8:  mv      a0, t0
9:  epilogue
    ret

# seek(handle, offset, whence) -> the new position.
.globl fs_seek
fs_seek:
    prologue ra, s1
    mv      s1, a2
    mv      t3, a3
    mv      a0, a1
    call    handle_get
    mv      t4, a0
    li      a0, -EBADF
    beqz    t4, 9f
    li      a0, -EINVAL
    li      t1, 0
    li      t0, SEEK_SET
    beq     t3, t0, 1f
    lw      t1, H_POS(t4)
    li      t0, SEEK_CUR
    beq     t3, t0, 1f
    lw      t1, H_NODE(t4)
    lw      t1, N_SIZE(t1)
    li      t0, SEEK_END
    bne     t3, t0, 9f
1:  add     t2, t1, s1              # a position stays below 2^31: no wrap
    bltz    t1, 9f
    bltz    t2, 9f
    sw      t2, H_POS(t4)
    mv      a0, t2
9:  epilogue
    ret

# close(handle) -> 0.  The caller's process holds the handle once less
# (clients.s); at the last hold the handle closes: the file's entry is
# written if it changed, an O_SYNC file's blocks reach the disk before the
# answer.  -EBADF when the caller's process does not hold it.
.globl fs_close
fs_close:
    prologue ra, s1
    mv      s1, a1
    mv      a0, a1
    call    handle_get
    beqz    a0, 8f
    call    caller_owner
    bltz    a0, 9f
    mv      a1, a0
    mv      a0, s1
    call    handle_release
    j       9f
8:  li      a0, -EBADF
9:  epilogue
    ret

# stat(len) with the path in the lease -> 0; size, attributes, mtime.
.globl fs_stat
fs_stat:
    prologue ra
    mv      a0, a1
    call    walk_in
    bnez    a0, 9f
    call    found_stat
9:  epilogue
    ret

# fstat(handle) -> 0; size, attributes, mtime.
.globl fs_fstat
fs_fstat:
    prologue ra
    mv      a0, a1
    call    handle_get
    beqz    a0, 8f
    lw      t0, H_NODE(a0)
    lw      a1, N_SIZE(t0)
    lw      a2, N_ATTR(t0)
    lw      a3, N_MTIME(t0)
    li      a0, 0
    j       9f
8:  li      a0, -EBADF
9:  epilogue
    ret

# readdir(handle, len) -> [dirent] records written into the lease (as many
# whole ones as fit, "." and ".." left out), 0 at the end.
.globl fs_readdir
fs_readdir:
    prologue ra, s1, s2, s3, s4, s5
    mv      s5, a0                  # client
    mv      s2, a2
    mv      a0, a1
    call    handle_get
    li      t0, -EBADF
    beqz    a0, 8f
    mv      s1, a0
    lw      t0, H_NODE(s1)
    lw      t1, N_ATTR(t0)
    andi    t1, t1, FS_ATTR_DIR
    li      a0, -ENOTDIR
    beqz    t1, 9f
    la      t1, request             # never more than the lease holds
    lw      t1, RQ_LEASE_LEN(t1)
    bleu    s2, t1, 1f
    mv      s2, t1
1:  li      t1, DIRENT_SIZE
    divu    s2, s2, t1              # s2 = records that fit
    li      a0, -EINVAL
    beqz    s2, 9f
    la      a0, dir_scan
    lw      a1, N_FIRST(t0)
    call    scan_start
    la      t0, dir_scan
    lw      t1, H_POS(s1)
    srli    t1, t1, 5               # H_POS: the entry to go on from, in bytes
    sw      t1, SC_INDEX(t0)
    li      s3, 0                   # records written
2:  bgeu    s3, s2, 7f
    la      a0, dir_scan
    call    scan_next
    bltz    a0, 6f
    beqz    a0, 7f
    la      a0, dir_scan + SC_SHORT # "." and ".." are not shown
    lbu     t0, 0(a0)
    li      t1, '.'
    bne     t0, t1, 3f
    lbu     t0, 1(a0)
    beqz    t0, 5f
    bne     t0, t1, 3f
    lbu     t0, 2(a0)
    beqz    t0, 5f
3:  la      a0, dirent
    li      a1, 0
    li      a2, DIRENT_SIZE
    call    memset
    la      s4, dirent
    la      t0, dir_scan + SC_ENTRY
    lw      t1, DE_FILESIZE(t0)
    lbu     t2, DE_ATTR(t0)
    andi    t3, t2, FS_ATTR_DIR
    beqz    t3, 4f
    li      t1, 0
4:  sw      t1, DIRENT_FILE_SIZE(s4)
    sw      t2, DIRENT_ATTR(s4)
    lhu     t1, DE_DATE(t0)
    slli    t1, t1, 16
    lhu     t2, DE_TIME(t0)
    or      t1, t1, t2
    sw      t1, DIRENT_MTIME(s4)
    addi    a0, s4, DIRENT_NAME
    la      a1, dir_scan + SC_NAME
    call    strcpy
    mv      a0, s5
    li      a1, DIRENT_SIZE
    mul     a1, a1, s3
    mv      a2, s4
    li      a3, DIRENT_SIZE
    call    lease_write
    li      t0, DIRENT_SIZE
    bne     a0, t0, 4f
    addi    s3, s3, 1
5:  la      t0, dir_scan            # done with this entry
    lw      t0, SC_INDEX(t0)
    slli    t0, t0, 5
    sw      t0, H_POS(s1)
    j       2b
4:  li      a0, -EFAULT             # the lease would not take it
    j       61f
6:  li      a0, -EIO
61: beqz    s3, 9f                  # an error: reported unless records moved
    mv      a0, s3
    j       9f
7:  mv      a0, s3
    j       9f
8:  mv      a0, t0
9:  epilogue
    ret

# statfs() -> 0; clusters, free clusters, bytes per cluster.
.globl fs_statfs
fs_statfs:
    prologue ra, s1, s2, s3
    li      s1, 2                   # cluster
    li      s2, 0                   # free ones
    la      t0, fat_clusters
    lw      s3, 0(t0)
    addi    s3, s3, 2
1:  bgeu    s1, s3, 2f
    mv      a0, s1
    call    fat_next
    bltz    a0, 9f
    seqz    a0, a0
    add     s2, s2, a0
    addi    s1, s1, 1
    j       1b
2:  la      t0, fat_clusters
    lw      a1, 0(t0)
    mv      a2, s2
    la      t0, fat_cluster_shift
    lw      t0, 0(t0)
    li      a3, 1
    sll     a3, a3, t0
    li      a0, 0
9:  epilogue
    ret

# share(handle, pid, tid): io's "process pid holds it too" (spawn shares
# each descriptor a child inherits).  The caller's process must hold the
# handle.  pid 0 is the caller's own process; for another, this server
# goes by tid, a thread of that process (spawn passes the child's first,
# pm.spawn's r0): it may not ask pm who pid is (clients.s says why).
# -EBADF, -ESRCH (tid is no live thread), -ENOMEM (no holder record).
.globl fs_share
fs_share:
    prologue ra, s1, s2, s3, s4
    mv      s1, a1
    mv      s2, a2
    mv      s3, a3
    mv      a0, a1
    call    handle_get
    beqz    a0, 8f
    call    caller_owner
    bltz    a0, 9f
    mv      s4, a0
    mv      a1, a0
    mv      a0, s1
    call    handle_held             # clients.s
    beqz    a0, 8f                  # not the caller's to give
    beqz    s2, 1f
    mv      a0, s3
    li      a1, 0                   # the kernel's word, not what was seen
    call    owner_of
    bltz    a0, 9f
    mv      s4, a0
1:  mv      a0, s1
    mv      a1, s4
    call    handle_hold
    j       9f
8:  li      a0, -EBADF
9:  epilogue
    ret

# sync() -> 0 or -EIO: every dirty block on the disk, flushed.
.globl fs_sync
fs_sync:
    tail    sync_all

.section .bss
.balign 4
.globl path_buf
path_buf: .space FS_PATH_MAX + 1
.balign 4
dir_scan: .space SC_SIZE
.balign 4
dirent:   .space DIRENT_SIZE
