# userland/programs/fstest/main.s — the fs server's test client: it calls
# the fs protocol of kernel/abi.toml directly (no file library), so the
# server is tested on its own.  The tests (tests/fs/) compare what it
# prints with what mtools and Python read from the same disk image.
#
#   fstest tree PATH     every file and directory under PATH, depth first:
#                        "D path" and "F path size fnv1a-32 of the bytes"
#   fstest cat PATH      the file's bytes
#   fstest stat PATH...  "path: size attr mtime" or "path: error -N"
#   and the writing commands of write.s, the hostile calls of hostile.s,
#   the benchmark's commands of bench.s, the handle-holding ones of holders.s.
#
# Exit status: 0, or 1 after an error (printed as "fstest: ... -N").

    .include "abi.inc"
    .include "frame.inc"

    .equ CHUNK, 1000                # read size: deliberately not a sector multiple
    .equ FNV_OFFSET, 0x811c9dc5
    .equ FNV_PRIME, 0x01000193

    .text
# main(a0 = argc, a1 = argv) -> a0 = exit status.  Called by crt0.
    .globl main
main:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      t0, 2
    blt     s0, t0, 8f
    la      s2, commands
1:  lw      a1, 0(s2)               # the command's name
    beqz    a1, 8f
    lw      a0, 4(s1)
    call    strcmp
    beqz    a0, 2f
    addi    s2, s2, 12
    j       1b
2:  addi    a0, s0, -2              # arguments after the command
    lw      t0, 8(s2)
    blt     a0, t0, 8f
    addi    a1, s1, 8
    lw      t0, 4(s2)
    jalr    t0
    j       9f
8:  la      a0, usage_text
    call    printf
    li      a0, 2
9:  epilogue
    ret

# tree_cmd(a0 = argc, a1 = argv): tree PATH
tree_cmd:
    prologue ra
    lw      a1, 0(a1)
    la      a0, path
    call    strcpy
    call    tree
    epilogue
    ret

# cat_cmd: cat PATH
cat_cmd:
    lw      a0, 0(a1)
    j       cat_file

# stat_cmd: stat PATH...
stat_cmd:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
1:  beqz    s0, 2f
    lw      a0, 0(s1)
    call    stat_path
    addi    s1, s1, 4
    addi    s0, s0, -1
    j       1b
2:  li      a0, 0
    epilogue
    ret

# fs_call(a0 = label, a1 = w0, a2 = w1, a3 = w2, a4 = lease, a5 = its
# length, a6 = rights) -> a0 = reply code, a1..a3 = reply words.
# Clobbers caller-saved registers.
    .globl fs_call
fs_call:
    mv      t0, a5
    mv      t1, a6
    mv      a6, a4
    mv      a5, zero
    mv      a4, a3
    mv      a3, a2
    mv      a2, a1
    mv      a1, a0
    li      a0, PORT_FS
    SYSCALL CALL
    ret

# fs_open(a0 = NUL-ended path, a1 = flags) -> a0 = handle or -errno.
    .globl fs_open_path
fs_open_path:
    prologue ra, s1, s2
    mv      s1, a0
    mv      s2, a1
    call    strlen
    mv      a2, a0                  # w1 = length
    mv      a5, a0
    mv      a1, s2                  # w0 = flags
    mv      a4, s1
    li      a6, LEASE_R
    li      a0, FS_OPEN
    li      a3, 0
    call    fs_call
    epilogue
    ret

# fs_close_handle(a0 = handle) -> a0.
    .globl fs_close_handle
fs_close_handle:
    prologue ra
    mv      a1, a0
    li      a0, FS_CLOSE
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    call    fs_call
    epilogue
    ret

# fail(a0 = what, a1 = -errno): "fstest: what: error -N"; exit status 1.
    .globl fail
fail:
    prologue ra
    mv      a2, a1
    mv      a1, a0
    la      a0, fail_text
    call    printf
    la      t0, status
    li      t1, 1
    sw      t1, 0(t0)
    epilogue
    ret

# tree(): list `path` (a directory) depth first.  Returns a0 = status.
tree:
    prologue ra
    la      a0, path
    call    strlen
    call    tree_dir
    la      a0, status
    lw      a0, 0(a0)
    epilogue
    ret

# tree_dir(a0 = length of `path`): its entries, recursively.
    .equ TD_DIRENT, 0
tree_dir:
    prologue_locals DIRENT_SIZE, ra, s1, s2
    mv      s1, a0                  # path length
    la      a0, path
    li      a1, O_RDONLY
    call    fs_open_path
    mv      s2, a0
    bgez    s2, 1f
    la      a0, path
    mv      a1, s2
    call    fail
    j       9f
1:  li      a0, FS_READDIR          # one record at a time
    mv      a1, s2
    li      a2, DIRENT_SIZE
    li      a3, 0
    addi    a4, sp, TD_DIRENT
    li      a5, DIRENT_SIZE
    li      a6, LEASE_W
    call    fs_call
    beqz    a0, 7f
    bgtz    a0, 2f
    mv      a1, a0
    la      a0, path
    call    fail
    j       7f
2:  la      a0, path                # path + "/" + name
    add     a0, a0, s1
    li      t0, 1
    beq     s1, t0, 3f              # "/" stays "/"
    li      t0, '/'
    sb      t0, 0(a0)
    addi    a0, a0, 1
3:  addi    a1, sp, TD_DIRENT + DIRENT_NAME
    call    strcpy
    lw      t0, TD_DIRENT + DIRENT_ATTR(sp)
    andi    t0, t0, FS_ATTR_DIR
    beqz    t0, 4f
    la      a0, dir_text
    la      a1, path
    call    printf
    la      a0, path
    call    strlen
    call    tree_dir
    j       5f
4:  lw      a1, TD_DIRENT + DIRENT_FILE_SIZE(sp)
    call    sum_file
5:  la      t0, path                # back to this directory's path
    add     t0, t0, s1
    sb      zero, 0(t0)
    j       1b
7:  mv      a0, s2
    call    fs_close_handle
9:  epilogue
    ret

# sum_file(a1 = size readdir gave): "F path size fnv"; the size from fstat
# and the bytes read must agree with it.
sum_file:
    prologue ra, s1, s2, s3, s4
    mv      s3, a1
    la      a0, path
    li      a1, O_RDONLY
    call    fs_open_path
    mv      s1, a0
    bgez    s1, 1f
    la      a0, path
    mv      a1, s1
    call    fail
    j       9f
1:  li      s2, FNV_OFFSET
    li      s4, 0                   # bytes read
2:  li      a0, FS_READ
    mv      a1, s1
    li      a2, CHUNK
    li      a3, 0
    la      a4, buffer
    li      a5, CHUNK
    li      a6, LEASE_W
    call    fs_call
    beqz    a0, 4f
    bgez    a0, 3f
    mv      a1, a0
    la      a0, path
    call    fail
    j       8f
3:  la      t0, buffer
    add     s4, s4, a0
    li      t2, FNV_PRIME
31: lbu     t1, 0(t0)
    xor     s2, s2, t1
    mul     s2, s2, t2
    addi    t0, t0, 1
    addi    a0, a0, -1
    bnez    a0, 31b
    j       2b
4:  li      a0, FS_FSTAT
    mv      a1, s1
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    call    fs_call
    beq     a1, s3, 5f
    la      a0, path                # fstat and readdir disagree
    li      a1, -9999
    call    fail
5:  la      a0, file_text
    la      a1, path
    mv      a2, s4
    mv      a3, s2
    call    printf
8:  mv      a0, s1
    call    fs_close_handle
9:  epilogue
    ret

# cat_file(a0 = path) -> a0 = status: its bytes to descriptor 1.
cat_file:
    prologue ra, s1, s2
    mv      s2, a0
    li      a1, O_RDONLY
    call    fs_open_path
    mv      s1, a0
    bgez    s1, 1f
    mv      a0, s2
    mv      a1, s1
    call    fail
    j       9f
1:  li      a0, FS_READ
    mv      a1, s1
    li      a2, CHUNK
    li      a3, 0
    la      a4, buffer
    li      a5, CHUNK
    li      a6, LEASE_W
    call    fs_call
    blez    a0, 2f
    mv      a2, a0
    li      a0, 1
    la      a1, buffer
    call    write
    j       1b
2:  mv      a0, s1
    call    fs_close_handle
9:  la      a0, status
    lw      a0, 0(a0)
    epilogue
    ret

# stat_path(a0 = path): "path: size attr mtime" or "path: error -N".
stat_path:
    prologue ra, s1
    mv      s1, a0
    call    strlen
    mv      a1, a0
    mv      a5, a0
    mv      a4, s1
    li      a6, LEASE_R
    li      a0, FS_STAT
    li      a2, 0
    li      a3, 0
    call    fs_call
    bltz    a0, 1f
    mv      a4, a3
    mv      a3, a2
    mv      a2, a1
    mv      a1, s1
    la      a0, stat_text
    call    printf
    j       9f
1:  mv      a2, a0
    mv      a1, s1
    la      a0, stat_error_text
    call    printf
9:  epilogue
    ret

    .section .rodata
    .balign 4
commands:                           # name, function, arguments it needs at least
    .word cmd_tree, tree_cmd, 1
    .word cmd_cat, cat_cmd, 1
    .word cmd_stat, stat_cmd, 1
    .word cmd_write, write_cmd, 2
    .word cmd_append, append_cmd, 2
    .word cmd_fill, fill_cmd, 2
    .word cmd_mkdir, mkdir_cmd, 1
    .word cmd_rm, rm_cmd, 1
    .word cmd_rmdir, rmdir_cmd, 1
    .word cmd_mv, mv_cmd, 2
    .word cmd_sync, sync_cmd, 0
    .word cmd_statfs, statfs_cmd, 0
    .word cmd_appender, appender_cmd, 3
    .word cmd_hostile, hostile_cmd, 0
    .word cmd_read, read_cmd, 1
    .word cmd_small, small_cmd, 2
    .word cmd_leak, leak_cmd, 3
    .word cmd_orphan, orphan_cmd, 1
    .word cmd_slowcat, slowcat_cmd, 0
    .word cmd_shares, shares_cmd, 1
    .word cmd_steal, steal_cmd, 0
    .word cmd_holdread, holdread_cmd, 2
    .word 0
cmd_tree:        .asciz "tree"
cmd_cat:         .asciz "cat"
cmd_stat:        .asciz "stat"
cmd_write:       .asciz "write"
cmd_append:      .asciz "append"
cmd_fill:        .asciz "fill"
cmd_mkdir:       .asciz "mkdir"
cmd_rm:          .asciz "rm"
cmd_rmdir:       .asciz "rmdir"
cmd_mv:          .asciz "mv"
cmd_sync:        .asciz "sync"
cmd_statfs:      .asciz "statfs"
cmd_appender:    .asciz "appender"
cmd_hostile:     .asciz "hostile"
cmd_read:        .asciz "read"
cmd_small:       .asciz "small"
cmd_leak:        .asciz "leak"
cmd_orphan:      .asciz "orphan"
cmd_slowcat:     .asciz "slowcat"
cmd_shares:      .asciz "shares"
cmd_steal:       .asciz "steal"
cmd_holdread:    .asciz "holdread"
usage_text:      .asciz "usage: fstest tree|cat|stat|write|append|fill|mkdir|rm|rmdir|mv|sync|statfs|appender|hostile|read|small|leak|orphan|slowcat|shares|steal|holdread ...\n"
fail_text:       .asciz "fstest: %s: error %d\n"
dir_text:        .asciz "D %s\n"
file_text:       .asciz "F %s %u %08x\n"
stat_text:       .asciz "%s: %u %x %x\n"
stat_error_text: .asciz "%s: error %d\n"

    .section .data
    .balign 4
    .globl status
status: .word 0

    .section .bss
    .balign 4
path:   .space 1024
    .globl buffer
buffer: .space 4096
