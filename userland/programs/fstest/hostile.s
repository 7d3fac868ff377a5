# userland/programs/fstest/hostile.s — `fstest hostile`: calls a lying or
# careless client makes, each printed as "NAME = RESULT" for the test to
# compare with the errors the protocol promises; the server must answer
# every one and keep serving (the last line stats / again).

    .include "abi.inc"
    .include "frame.inc"

    .equ HANDLES_TRIED, 80          # more than the server's table holds
    .equ GHOST_LEN, 6               # "/ghost"

    .text
# call_show(a0 = name, a1 = label, a2 = w0, a3 = w1, a4 = w2, a5 = lease,
# a6 = lease length, t2 = rights): one call, its answer printed.
call_show:
    prologue ra, s1
    mv      s1, a0
    mv      a0, a1
    mv      a1, a2
    mv      a2, a3
    mv      a3, a4
    mv      a4, a5
    mv      a5, a6
    mv      a6, t2
    call    fs_call
    mv      a2, a0
    mv      a1, s1
    la      a0, show_text
    call    printf
    epilogue
    ret

    .globl hostile_cmd
hostile_cmd:
    prologue ra, s1, s2, s3
    la      a0, name_badhandle      # read on handles that do not exist
    li      a1, FS_READ
    li      a2, 9999
    li      a3, 16
    li      a4, 0
    la      a5, buffer
    li      a6, 16
    li      t2, LEASE_W
    call    call_show
    la      a0, name_neghandle
    li      a1, FS_FSTAT
    li      a2, -1
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t2, 0
    call    call_show
    la      a0, buffer              # a path of FS_PATH_MAX + 1 bytes: "/aaaa..."
    li      a1, 'a'
    li      a2, FS_PATH_MAX + 1
    call    memset
    li      t0, '/'
    la      t1, buffer
    sb      t0, 0(t1)
    la      a0, name_longpath
    li      a1, FS_OPEN
    li      a2, O_RDONLY
    li      a3, FS_PATH_MAX + 1
    li      a4, 0
    la      a5, buffer
    li      a6, FS_PATH_MAX + 1
    li      t2, LEASE_R
    call    call_show
    la      a0, name_hugepath       # a length near 2^32
    li      a1, FS_STAT
    li      a2, -1
    li      a3, 0
    li      a4, 0
    la      a5, buffer
    li      a6, 16
    li      t2, LEASE_R
    call    call_show
    la      a0, name_lyinglease     # says 100 bytes, lends 3
    li      a1, FS_OPEN
    li      a2, O_RDONLY
    li      a3, 100
    li      a4, 0
    la      a5, slash
    li      a6, 3
    li      t2, LEASE_R
    call    call_show
    la      a0, name_nolease        # says 5 bytes, lends nothing
    li      a1, FS_STAT
    li      a2, 5
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t2, 0
    call    call_show
    la      a0, name_badflags
    li      a1, FS_OPEN
    li      a2, O_ACCMODE
    li      a3, 1
    li      a4, 0
    la      a5, slash
    li      a6, 1
    li      t2, LEASE_R
    call    call_show
    la      a0, name_unknownop
    li      a1, 99
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t2, 0
    call    call_show
    la      a0, name_ghost          # a missing name is walked (the server notes
    li      a1, FS_STAT             # that only its last component is missing),
    li      a2, GHOST_LEN           # then mkdir and create are asked with an
    li      a3, 0                   # empty path: they must not make the ghost
    li      a4, 0
    la      a5, ghost
    li      a6, GHOST_LEN
    li      t2, LEASE_R
    call    call_show
    la      a0, name_emptymkdir
    li      a1, FS_MKDIR
    li      a2, 0
    li      a3, 0
    li      a4, 0
    la      a5, ghost
    li      a6, GHOST_LEN
    li      t2, LEASE_R
    call    call_show
    la      a0, name_emptycreate
    li      a1, FS_OPEN
    li      a2, O_WRONLY | O_CREAT
    li      a3, 0
    li      a4, 0
    la      a5, ghost
    li      a6, GHOST_LEN
    li      t2, LEASE_R
    call    call_show
    la      a0, name_mkdirroot
    li      a1, FS_MKDIR
    li      a2, 1
    li      a3, 0
    li      a4, 0
    la      a5, slash
    li      a6, 1
    li      t2, LEASE_R
    call    call_show
    la      a0, name_rmdirroot
    li      a1, FS_RMDIR
    li      a2, 1
    li      a3, 0
    li      a4, 0
    la      a5, slash
    li      a6, 1
    li      t2, LEASE_R
    call    call_show
    la      a0, name_unlinkroot
    li      a1, FS_UNLINK
    li      a2, 1
    li      a3, 0
    li      a4, 0
    la      a5, slash
    li      a6, 1
    li      t2, LEASE_R
    call    call_show
    la      a0, slash               # the root, open read-only: s1
    li      a1, O_RDONLY
    call    fs_open_path
    mv      s1, a0
    la      a0, name_writeroot      # writing a read-only handle (a directory)
    li      a1, FS_WRITE
    mv      a2, s1
    li      a3, 4
    li      a4, 0
    la      a5, buffer
    li      a6, 4
    li      t2, LEASE_R
    call    call_show
    la      a0, name_readdirsmall   # a lease too small for one record
    li      a1, FS_READDIR
    mv      a2, s1
    li      a3, DIRENT_SIZE - 1
    li      a4, 0
    la      a5, buffer
    li      a6, DIRENT_SIZE - 1
    li      t2, LEASE_W
    call    call_show
    la      a0, name_readdirhuge    # a huge count, a lease of one record: one at most
    li      a1, FS_READDIR
    mv      a2, s1
    li      a3, -1
    li      a4, 0
    la      a5, buffer
    li      a6, DIRENT_SIZE
    li      t2, LEASE_W
    call    call_show
    la      a0, name_readdirro      # a lease the server may not write
    li      a1, FS_READDIR
    mv      a2, s1
    li      a3, DIRENT_SIZE
    li      a4, 0
    la      a5, buffer
    li      a6, DIRENT_SIZE
    li      t2, LEASE_R
    call    call_show
    la      a0, name_seekneg
    li      a1, FS_SEEK
    mv      a2, s1
    li      a3, -5
    li      a4, SEEK_SET
    li      a5, 0
    li      a6, 0
    li      t2, 0
    call    call_show
    la      a0, name_seekwhence
    li      a1, FS_SEEK
    mv      a2, s1
    li      a3, 0
    li      a4, 7
    li      a5, 0
    li      a6, 0
    li      t2, 0
    call    call_show
    la      a0, name_readdir_dir    # reading a directory as a file
    li      a1, FS_READ
    mv      a2, s1
    li      a3, 16
    li      a4, 0
    la      a5, buffer
    li      a6, 16
    li      t2, LEASE_W
    call    call_show
    mv      a0, s1
    call    fs_close_handle
    la      a0, name_closetwice     # the same handle again
    li      a1, FS_CLOSE
    mv      a2, s1
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t2, 0
    call    call_show
    li      s2, 0                   # open until the table is full
    li      s3, 0                   # the last answer
1:  li      t0, HANDLES_TRIED
    bgeu    s2, t0, 2f
    la      a0, slash
    li      a1, O_RDONLY
    call    fs_open_path
    mv      s3, a0
    bltz    a0, 2f
    slli    t0, s2, 2               # kept in `buffer` to close them again
    la      t1, buffer
    add     t0, t0, t1
    sw      a0, 0(t0)
    addi    s2, s2, 1
    j       1b
2:  la      a0, tablefull_text
    mv      a1, s3
    call    printf
3:  beqz    s2, 4f                  # and close them all again
    addi    s2, s2, -1
    slli    t0, s2, 2
    la      t1, buffer
    add     t0, t0, t1
    lw      a0, 0(t0)
    call    fs_close_handle
    j       3b
4:  la      a0, slash               # still serving
    call    stat_path_show
    li      a0, 0
    epilogue
    ret

# stat_path_show(a0 = path): as `fstest stat`.
stat_path_show:
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
    mv      a2, a0
    la      a0, show_text
    la      a1, name_stat
    call    printf
    epilogue
    ret

    .section .rodata
show_text:          .asciz "%s = %d\n"
tablefull_text:     .asciz "tablefull = %d\n"
slash:              .asciz "/"
ghost:              .ascii "/ghost"      # GHOST_LEN bytes, no NUL
name_ghost:         .asciz "ghost"
name_emptymkdir:    .asciz "emptymkdir"
name_emptycreate:   .asciz "emptycreate"
name_badhandle:     .asciz "badhandle"
name_neghandle:     .asciz "neghandle"
name_longpath:      .asciz "longpath"
name_hugepath:      .asciz "hugepath"
name_lyinglease:    .asciz "lyinglease"
name_nolease:       .asciz "nolease"
name_badflags:      .asciz "badflags"
name_unknownop:     .asciz "unknownop"
name_mkdirroot:     .asciz "mkdirroot"
name_rmdirroot:     .asciz "rmdirroot"
name_unlinkroot:    .asciz "unlinkroot"
name_writeroot:     .asciz "writeroot"
name_readdirsmall:  .asciz "readdirsmall"
name_readdirhuge:   .asciz "readdirhuge"
name_readdirro:     .asciz "readdirro"
name_seekneg:       .asciz "seekneg"
name_seekwhence:    .asciz "seekwhence"
name_readdir_dir:   .asciz "readdir_as_file"
name_closetwice:    .asciz "closetwice"
name_stat:          .asciz "stat"
