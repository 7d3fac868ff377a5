# userland/programs/fstest/write.s — fstest's commands that change the
# disk, each one fs call (or a few) with its error printed as
# "fstest: PATH: error -N":
#   write PATH TEXT      the file holds TEXT and a newline (created, truncated)
#   append PATH TEXT     TEXT and a newline added at the end (O_APPEND)
#   fill PATH N          N bytes (i * 7 + 3) & 0xFF, 1000 per write
#   mkdir PATH, rm PATH, rmdir PATH, mv OLD NEW, sync
#   statfs               "clusters free bytes-per-cluster"
#   appender PATH TAG N  N lines "TAG i" appended one write each, yielding
#                        between them (two at once must lose none)
# Each is f(a0 = arguments, a1 = argv after the command) -> exit status.

    .include "abi.inc"
    .include "frame.inc"

    .equ CHUNK, 1000

    .text
# write_text(a0 = path, a1 = text, a2 = open flags) -> a0 = status.
write_text:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    mv      a1, a2
    call    fs_open_path
    mv      s3, a0
    bltz    s3, 8f
    la      a0, buffer              # text + "\n"
    mv      a1, s2
    call    strcpy
    la      a0, buffer
    call    strlen
    la      t0, buffer
    add     t0, t0, a0
    li      t1, '\n'
    sb      t1, 0(t0)
    addi    a0, a0, 1
    mv      a2, a0
    la      a1, buffer
    mv      a0, s3
    call    write_handle
    bltz    a0, 7f
    mv      a0, s3
    call    fs_close_handle
    bltz    a0, 8f
    li      a0, 0
    j       9f
7:  mv      s2, a0
    mv      a0, s3
    call    fs_close_handle
    mv      a0, s2
8:  mv      a1, a0
    mv      a0, s1
    call    fail
    li      a0, 1
9:  epilogue
    ret

# write_handle(a0 = handle, a1 = buffer, a2 = length) -> a0 = fs.write's answer.
write_handle:
    prologue ra
    mv      a4, a1
    mv      a5, a2
    mv      a1, a0
    li      a6, LEASE_R
    li      a0, FS_WRITE
    li      a3, 0
    call    fs_call
    epilogue
    ret

    .globl write_cmd
write_cmd:
    lw      a0, 0(a1)
    lw      a1, 4(a1)
    li      a2, O_WRONLY | O_CREAT | O_TRUNC
    j       write_text

    .globl append_cmd
append_cmd:
    lw      a0, 0(a1)
    lw      a1, 4(a1)
    li      a2, O_WRONLY | O_CREAT | O_APPEND
    j       write_text

# fill PATH N
    .globl fill_cmd
fill_cmd:
    prologue ra, s1, s2, s3, s4, s5
    lw      s1, 0(a1)
    lw      a0, 4(a1)
    call    parse_int
    mv      s2, a0                  # bytes to write
    mv      a0, s1
    li      a1, O_WRONLY | O_CREAT | O_TRUNC
    call    fs_open_path
    mv      s3, a0
    bltz    s3, 8f
    li      s4, 0                   # bytes written
1:  bgeu    s4, s2, 5f
    la      t0, buffer              # the next chunk of the pattern
    li      t1, 0
    li      t3, 7
2:  add     t2, s4, t1
    mul     t2, t2, t3
    addi    t2, t2, 3
    add     t4, t0, t1
    sb      t2, 0(t4)
    addi    t1, t1, 1
    li      t2, CHUNK
    blt     t1, t2, 2b
    sub     s5, s2, s4
    li      t0, CHUNK
    bleu    s5, t0, 3f
    mv      s5, t0
3:  mv      a0, s3
    la      a1, buffer
    mv      a2, s5
    call    write_handle
    bne     a0, s5, 7f
    add     s4, s4, s5
    j       1b
5:  mv      a0, s3
    call    fs_close_handle
    bltz    a0, 8f
    li      a0, 0
    j       9f
7:  mv      s2, a0
    mv      a0, s3
    call    fs_close_handle
    mv      a0, s2
    bltz    a0, 8f
    li      a0, -EIO                # a short write
8:  mv      a1, a0
    mv      a0, s1
    call    fail
    li      a0, 1
9:  epilogue
    ret

# path_op(a0 = label, a1 = path) -> a0 = status: one call with the path lent.
path_op:
    prologue ra, s1, s2
    mv      s1, a0
    mv      s2, a1
    mv      a0, a1
    call    strlen
    mv      a1, a0
    mv      a5, a0
    mv      a4, s2
    li      a6, LEASE_R
    mv      a0, s1
    li      a2, 0
    li      a3, 0
    call    fs_call
    bgez    a0, 8f
    mv      a1, a0
    mv      a0, s2
    call    fail
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

    .globl mkdir_cmd
mkdir_cmd:
    lw      a1, 0(a1)
    li      a0, FS_MKDIR
    j       path_op
    .globl rm_cmd
rm_cmd:
    lw      a1, 0(a1)
    li      a0, FS_UNLINK
    j       path_op
    .globl rmdir_cmd
rmdir_cmd:
    lw      a1, 0(a1)
    li      a0, FS_RMDIR
    j       path_op

# mv OLD NEW: both paths in one lease.
    .globl mv_cmd
mv_cmd:
    prologue ra, s1, s2, s3
    lw      s1, 0(a1)
    lw      s2, 4(a1)
    la      a0, buffer
    mv      a1, s1
    call    strcpy
    la      a0, buffer
    call    strlen
    mv      s3, a0                  # the old path's length
    la      a0, buffer
    add     a0, a0, s3
    mv      a1, s2
    call    strcpy
    mv      a0, s2
    call    strlen
    mv      a2, a0
    add     a5, a0, s3
    mv      a1, s3
    la      a4, buffer
    li      a6, LEASE_R
    li      a0, FS_RENAME
    li      a3, 0
    call    fs_call
    bgez    a0, 8f
    mv      a1, a0
    mv      a0, s1
    call    fail
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

# no_args_op(a0 = label) -> a0 = reply code, a1..a3 the words.
no_args_op:
    prologue ra
    li      a1, 0
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    call    fs_call
    epilogue
    ret

    .globl sync_cmd
sync_cmd:
    prologue ra
    li      a0, FS_SYNC
    call    no_args_op
    bgez    a0, 8f
    mv      a1, a0
    la      a0, sync_word
    call    fail
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

    .globl statfs_cmd
statfs_cmd:
    prologue ra
    li      a0, FS_STATFS
    call    no_args_op
    la      a0, statfs_text
    call    printf
    li      a0, 0
    epilogue
    ret

# appender PATH TAG N
    .globl appender_cmd
appender_cmd:
    prologue ra, s1, s2, s3, s4, s5
    lw      s1, 0(a1)
    lw      s2, 4(a1)
    lw      a0, 8(a1)
    call    parse_int
    mv      s3, a0
    mv      a0, s1
    li      a1, O_WRONLY | O_CREAT | O_APPEND
    call    fs_open_path
    mv      s4, a0
    bltz    s4, 8f
    li      s5, 0
1:  bgeu    s5, s3, 5f
    la      a0, buffer              # "TAG i\n"
    mv      a1, s2
    call    strcpy
    la      a0, buffer
    call    strlen
    la      t0, buffer
    add     a0, a0, t0
    li      t1, ' '
    sb      t1, 0(a0)
    addi    a1, a0, 1
    mv      a0, s5
    call    itoa
    la      a0, buffer
    call    strlen
    la      t0, buffer
    add     t0, t0, a0
    li      t1, '\n'
    sb      t1, 0(t0)
    addi    a2, a0, 1
    mv      a0, s4
    la      a1, buffer
    call    write_handle
    bltz    a0, 7f
    call    yield
    addi    s5, s5, 1
    j       1b
5:  mv      a0, s4
    call    fs_close_handle
    li      a0, 0
    j       9f
7:  mv      s2, a0
    mv      a0, s4
    call    fs_close_handle
    mv      a0, s2
8:  mv      a1, a0
    mv      a0, s1
    call    fail
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
sync_word:   .asciz "sync"
statfs_text: .asciz "%u %u %u\n"
