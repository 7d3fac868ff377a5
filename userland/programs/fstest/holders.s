# userland/programs/fstest/holders.s — fstest's commands for handles held
# by processes (servers/fs/clients.s):
#   leak PATH N exit|fault|wait   open PATH N times and never close: end
#                        by returning, by a fault, or wait to be killed
#                        ("held N" first); prints "opened K" if an open failed
#   orphan PATH          open PATH (descriptor 3), spawn `fstest slowcat`,
#                        which inherits it, and exit at once
#   slowcat              sleep, then copy descriptor 3 to standard output
#   shares PATH          io share's refusals, "NAME = RESULT" per call,
#                        including a child's attempts on handles it does not hold
#   holdread PATH FLAG   open PATH, read a byte, wait until FLAG exists
#                        (stat every 50 ms), read again, open again:
#                        "before = N", "after = N", "reopen = N" (the fs
#                        server may be restarted meanwhile)

    .include "abi.inc"
    .include "frame.inc"

    .equ SLOWCAT_MS, 300

    .text
# leak_cmd(a1 = argv: PATH N HOW)
    .globl leak_cmd
leak_cmd:
    prologue ra, s1, s2, s3, s4
    mv      s4, a1
    lw      a0, 4(s4)
    call    parse_int
    mv      s2, a0                  # N
    li      s3, 0                   # opened
1:  bgeu    s3, s2, 2f
    lw      a0, 0(s4)
    li      a1, O_RDONLY
    call    fs_open_path
    bltz    a0, 3f
    addi    s3, s3, 1
    j       1b
3:  mv      a2, a0
    la      a0, opened_text
    mv      a1, s3
    call    printf
2:  lw      s1, 8(s4)
    lbu     t0, 0(s1)
    li      t1, 'f'
    bne     t0, t1, 4f
    lw      zero, 0(zero)           # fault: pm reaps the process
4:  li      t1, 'w'
    bne     t0, t1, 5f
    la      a0, held_text
    mv      a1, s3
    call    printf
    call    stdout_flush
6:  li      a0, 1000000
    call    sleep
    j       6b
5:  li      a0, 0                   # exit: the handles stay open
    epilogue
    ret

# orphan_cmd(a1 = argv: PATH)
    .globl orphan_cmd
orphan_cmd:
    prologue ra
    lw      a0, 0(a1)
    li      a1, O_RDONLY
    call    open
    bltz    a0, 8f
    la      a0, slowcat_argv
    call    spawn
    bltz    a0, 8f
    li      a0, 0                   # gone before the child reads
    j       9f
8:  mv      a1, a0
    la      a0, orphan_name
    call    fail
9:  epilogue
    ret

# slowcat_cmd(): descriptor 3, after its parent is gone.
    .globl slowcat_cmd
slowcat_cmd:
    prologue ra, s1
    li      a0, SLOWCAT_MS
    call    sleep
1:  li      a0, 3
    la      a1, buffer
    li      a2, 512
    call    read
    blez    a0, 2f
    mv      a2, a0
    li      a0, 1
    la      a1, buffer
    call    write
    j       1b
2:  mv      s1, a0
    la      a0, slowcat_text
    mv      a1, s1
    call    printf
    li      a0, 3
    call    close
    mv      a1, a0
    la      a0, slowclose_text
    call    printf
    li      a0, 0
    epilogue
    ret

# share(a0 = name, a1 = handle, a2 = pid, a3 = tid): one io share, printed.
share_show:
    prologue ra, s1
    mv      s1, a0
    li      a0, IO_SHARE
    li      a4, 0
    li      a5, 0
    li      a6, 0
    call    fs_call
    mv      a2, a0
    mv      a1, s1
    la      a0, show_text
    call    printf
    epilogue
    ret

# close_show(a0 = name, a1 = handle)
close_show:
    prologue ra, s1
    mv      s1, a0
    mv      a0, a1
    call    fs_close_handle
    mv      a2, a0
    mv      a1, s1
    la      a0, show_text
    call    printf
    epilogue
    ret

# shares_cmd(a1 = argv: PATH)
    .globl shares_cmd
shares_cmd:
    prologue ra, s1, s2
    lw      a0, 0(a1)
    li      a1, O_RDONLY
    call    fs_open_path
    mv      s1, a0
    bltz    a0, 8f
    la      a0, n_badhandle         # no such handle
    li      a1, 9999
    li      a2, 0
    li      a3, 0
    call    share_show
    la      a0, n_neghandle
    li      a1, -1
    li      a2, 0
    li      a3, 0
    call    share_show
    la      a0, n_hugepid           # a pid and no thread
    mv      a1, s1
    li      a2, 0x7fffffff
    li      a3, 0
    call    share_show
    la      a0, n_badtid            # a tid that names no thread
    mv      a1, s1
    li      a2, 5
    li      a3, 0x7fffffff
    call    share_show
    la      a0, n_negtid
    mv      a1, s1
    li      a2, 5
    li      a3, -1
    call    share_show
    la      a0, n_idle              # tid 0: the kernel's idle thread
    mv      a1, s1
    li      a2, 5
    li      a3, 0
    call    share_show
    la      a0, steal_argv          # a child tries every handle it was not given
    li      a1, 3
    call    spawn_fds
    bltz    a0, 8f
    call    wait_pid
    la      a0, n_self              # our own again: two holds, two closes
    mv      a1, s1
    li      a2, 0
    li      a3, 0
    call    share_show
    la      a0, n_close1
    mv      a1, s1
    call    close_show
    la      a0, n_close2
    mv      a1, s1
    call    close_show
    la      a0, n_close3
    mv      a1, s1
    call    close_show
    li      a0, 0
    j       9f
8:  mv      a1, a0
    la      a0, shares_name
    call    fail
9:  epilogue
    ret

# steal_cmd(): share and close every handle number; none is ours, so each
# must be refused.  Prints the first answer that is not -EBADF, or -9.
    .globl steal_cmd
steal_cmd:
    prologue ra, s1, s2
    li      s1, 0
    li      s2, -EBADF
1:  li      t0, 128
    bgeu    s1, t0, 3f
    li      a0, IO_SHARE
    mv      a1, s1
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    call    fs_call
    li      t0, -EBADF
    bne     a0, t0, 2f
    mv      a0, s1
    call    fs_close_handle
    li      t0, -EBADF
    bne     a0, t0, 2f
    addi    s1, s1, 1
    j       1b
2:  mv      s2, a0
3:  la      a0, show_text
    la      a1, n_steal
    mv      a2, s2
    call    printf
    li      a0, 0
    epilogue
    ret

# read_one(a0 = handle) -> a0 = the read's answer (1 byte at most).
read_one:
    prologue ra
    mv      a1, a0
    li      a0, FS_READ
    li      a2, 1
    li      a3, 0
    la      a4, buffer
    li      a5, 1
    li      a6, LEASE_W
    call    fs_call
    epilogue
    ret

# holdread_cmd(a1 = argv: PATH MS)
    .globl holdread_cmd
holdread_cmd:
    prologue ra, s1, s2, s3
    lw      s1, 0(a1)
    lw      s3, 4(a1)
    mv      a0, s1
    li      a1, O_RDONLY
    call    fs_open_path
    mv      s2, a0
    call    read_one
    mv      a2, a0
    la      a0, show_text
    la      a1, n_before
    call    printf
    call    stdout_flush
1:  li      a0, 50
    call    sleep
    mv      a0, s3
    call    strlen
    mv      a1, a0                  # w0 = the path's length
    mv      a5, a0
    mv      a4, s3
    li      a6, LEASE_R
    li      a0, FS_STAT
    li      a2, 0
    li      a3, 0
    call    fs_call
    bnez    a0, 1b
    mv      a0, s2
    call    read_one
    mv      a2, a0
    la      a0, show_text
    la      a1, n_after
    call    printf
    mv      a0, s1
    li      a1, O_RDONLY
    call    fs_open_path
    srli    a2, a0, 31              # a handle: 0, an error: 1
    la      a0, show_text
    la      a1, n_reopen
    call    printf
    li      a0, 0
    epilogue
    ret

    .section .rodata
n_before:       .asciz "before"
n_after:        .asciz "after"
n_reopen:       .asciz "reopen"
opened_text:    .asciz "opened %d (then %d)\n"
held_text:      .asciz "held %d\n"
slowcat_text:   .asciz "slowcat: read %d\n"
slowclose_text: .asciz "slowcat: close %d\n"
show_text:      .asciz "%s = %d\n"
orphan_name:    .asciz "orphan"
shares_name:    .asciz "shares"
n_badhandle:    .asciz "badhandle"
n_neghandle:    .asciz "neghandle"
n_hugepid:      .asciz "hugepid"
n_badtid:       .asciz "badtid"
n_negtid:       .asciz "negtid"
n_idle:         .asciz "idletid"
n_steal:        .asciz "steal"
n_self:         .asciz "self"
n_close1:       .asciz "close1"
n_close2:       .asciz "close2"
n_close3:       .asciz "close3"
s_fstest:       .asciz "fstest"
s_slowcat:      .asciz "slowcat"
s_steal:        .asciz "steal"
    .section .data
    .balign 4
slowcat_argv:   .word s_fstest, s_slowcat, 0
steal_argv:     .word s_fstest, s_steal, 0
