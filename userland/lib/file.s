# userland/lib/file.s — files and directories: the client side of the fs protocol.
#
# Owns open, seek, stat, fstat, readdir, mkdir, unlink, rmdir, rename,
# sync and statfs: each resolves its paths against the working directory
# (path.s) and makes one IPC call to the fs server (PORT_FS; kernel/abi.toml
# [[protocol]] fs), lending the absolute path read-only.  An open file is a
# descriptor in the fd table (fd.s), so read, write, close, dup2 and spawn's
# inheritance treat it like the console.  Keeps no state of its own.

    .include "abi.inc"
    .include "frame.inc"

    .equ PATH_BUF, FS_PATH_MAX + 1

    .text

# fs_path_call(a0 = path, a1 = label, a2 = flags, for open only) -> a0 =
# the reply code (or path_resolve's -errno), a1..a3 = reply words r0..r2.
# The lease is the resolved path; its length is w0 (open: w0 = flags,
# w1 = length). Called by the routines below.
# Clobbers the caller-saved registers.
fs_path_call:
    prologue_locals PATH_BUF, ra, s0, s1
    mv      s0, a1
    mv      s1, a2
    mv      a1, sp
    call    path_resolve            # a0 = length or -errno
    bltz    a0, 9f
    IPC_LEASE sp, a0, LEASE_R       # the path, read-only
    mv      a2, a0                  # w0 = length
    li      a3, 0
    li      t2, FS_OPEN
    bne     s0, t2, 1f
    mv      a2, s1                  # open: w0 = flags, w1 = length
    mv      a3, a0
1:  li      a4, 0
    li      a5, 0
    mv      a1, s0
    li      a0, PORT_FS
    SYSCALL CALL
9:  epilogue
    ret

# open(a0 = path, a1 = flags: O_RDONLY/O_WRONLY/O_RDWR | O_CREAT, O_EXCL,
# O_TRUNC, O_APPEND, O_SYNC) -> a0 = the lowest free descriptor, or -errno
# (-EMFILE: our table is full; the server's: -ENOENT, -EEXIST, -EISDIR,
# -ENOTDIR, -ENAMETOOLONG, -ENOSPC, -EMFILE, -EINVAL; -EDEAD: no fs).
# A directory opened O_RDONLY is read with readdir.
# Called by programs and the shell's redirections. Clobbers caller-saved.
    .globl open
open:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    call    fd_free                 # a0 = fd or -EMFILE
    bltz    a0, 9f
    mv      s2, a0
    mv      a0, s0
    li      a1, FS_OPEN
    mv      a2, s1
    call    fs_path_call            # a0 = handle or -errno
    bltz    a0, 9f
    mv      a2, a0
    mv      a0, s2
    li      a1, PORT_FS
    call    fd_set
    mv      a0, s2
9:  epilogue
    ret

# seek(a0 = fd, a1 = offset, a2 = whence: SEEK_SET/CUR/END) -> a0 = the
# new offset, or -errno (-EINVAL, -EBADF; -ESPIPE-like refusals from a
# server that has no offsets). Called by programs. Clobbers caller-saved.
    .globl seek
seek:
    prologue ra
    mv      a3, a2
    mv      a2, a1
    li      a1, FS_SEEK
    li      a5, 0                   # no lease
    call    fd_call
    epilogue
    ret

# stat(a0 = path, a1 = a [stat] record) -> a0 = 0 or -errno (-ENOENT,
# -ENOTDIR, -ENAMETOOLONG, -EDEAD); fills STAT_BYTES (size), STAT_ATTR
# (FS_ATTR_* bits), STAT_MTIME (FAT date << 16 | FAT time).
# fstat(a0 = fd, a1 = a [stat] record) -> the same for an open descriptor.
# Called by programs (ls, cp, ...). Clobbers caller-saved.
    .globl stat
stat:
    prologue ra, s0
    mv      s0, a1
    li      a1, FS_STAT
    call    fs_path_call
    j       1f
    .globl fstat
fstat:
    prologue ra, s0                 # (the same frame as stat's)
    mv      s0, a1
    li      a1, FS_FSTAT
    li      a5, 0                   # no lease
    call    fd_call
1:  bltz    a0, 9f
    sw      a1, STAT_BYTES(s0)
    sw      a2, STAT_ATTR(s0)
    sw      a3, STAT_MTIME(s0)
    li      a0, 0
9:  epilogue
    ret

# readdir(a0 = fd of a directory, a1 = buf, a2 = len) -> a0 = the number
# of [dirent] records written (as many whole ones as fit; 0 = end of the
# directory), or -errno (-ENOTDIR, -EBADF). Called by ls. Clobbers caller-saved.
    .globl readdir
readdir:
    prologue ra
    mv      a4, a1                  # lease: the buffer, written by the server
    mv      a5, a2
    li      a1, FS_READDIR
    call    fd_call                 # w0 = handle, w1 = len
    epilogue
    ret

# mkdir(a0 = path) -> a0 = 0 or -errno (-EEXIST, -ENOENT, -ENOTDIR, -ENOSPC).
# unlink(a0 = path) -> a0 = 0 or -errno (-ENOENT, -EISDIR, -EBUSY).
# rmdir(a0 = path) -> a0 = 0 or -errno (-ENOENT, -ENOTDIR, -ENOTEMPTY, -EBUSY).
# Called by programs. Clobbers caller-saved.
    .globl mkdir
mkdir:
    li      a1, FS_MKDIR
    j       fs_path_call
    .globl unlink
unlink:
    li      a1, FS_UNLINK
    j       fs_path_call
    .globl rmdir
rmdir:
    li      a1, FS_RMDIR
    j       fs_path_call

# rename(a0 = old path, a1 = new path) -> a0 = 0 or -errno (-ENOENT,
# -EEXIST, -ENOTDIR, -EBUSY, -EINVAL: kernel/abi.toml's fs.rename); a file
# under the new name is replaced. Both are resolved;
# the lease holds the old path, then the new one (no NULs between).
# Called by mv. Clobbers caller-saved.
    .globl rename
rename:
    prologue_locals 2 * PATH_BUF, ra, s0, s1, s2
    mv      s0, a1
    mv      a1, sp
    call    path_resolve
    bltz    a0, 9f
    mv      s1, a0                  # old length
    mv      a0, s0
    addi    a1, sp, PATH_BUF
    call    path_resolve
    bltz    a0, 9f
    mv      s2, a0                  # new length
    add     a0, sp, s1              # the new path right after the old
    addi    a1, sp, PATH_BUF
    mv      a2, s2
    call    memmove
    add     t0, s1, s2
    IPC_LEASE sp, t0, LEASE_R       # both paths, read-only
    mv      a2, s1
    mv      a3, s2
    li      a4, 0
    li      a5, 0
    li      a1, FS_RENAME
    li      a0, PORT_FS
    SYSCALL CALL
9:  epilogue
    ret

# sync() -> a0 = 0 or -errno (-EIO; -EDEAD without a file system): every
# dirty block is on the disk when it returns.
# statfs(a0 = a [statfs] record) -> a0 = 0 or -errno; fills STATFS_CLUSTERS,
# STATFS_FREE and STATFS_CLUSTER_BYTES. Called by sync and df.
# Clobbers caller-saved.
    .globl sync
sync:
    li      a1, FS_SYNC
    j       fs_call
    .globl statfs
statfs:
    prologue ra, s0
    mv      s0, a0
    li      a1, FS_STATFS
    call    fs_call
    bltz    a0, 9f
    sw      a1, STATFS_CLUSTERS(s0)
    sw      a2, STATFS_FREE(s0)
    sw      a3, STATFS_CLUSTER_BYTES(s0)
    li      a0, 0
9:  epilogue
    ret

# fs_call(a1 = label) -> a0 = reply code, a1..a3 = r0..r2: a call with no
# arguments and no lease. Clobbers caller-saved.
fs_call:
    li      a0, PORT_FS
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    ret
