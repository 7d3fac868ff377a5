# userland/programs/usertests/fds.s — cases for inherited descriptors:
# dup2 in the library's fd table, a child that inherits (port, handle)
# pairs through pm.spawn and the start-up block, and spawns pm must refuse
# (too many pairs, a bad pair, a lease shorter than its pairs).

    .include "abi.inc"
    .include "usertests.inc"
    .include "frame.inc"

    .equ FD_SPARE, 7                # a descriptor the cases may use
    .equ CHILD_HANDLE, 3            # the handle the inheritance case passes
    .equ SPIN_LEN, 5                # "spin" and its NUL, after one pair
    .equ SPIN_0_LEN, 7              # "spin", "0" and their NULs

    .text

# dup2: a copy has the same port and handle; onto itself it changes
# nothing; a closed or out-of-range descriptor is -EBADF on either side.
# got/want = checks passed / checks made.
    .globl case_dup2
case_dup2:
    prologue ra, s0, s1
    li      s0, 0                   # s0 = checks passed
    li      a0, 1
    li      a1, FD_SPARE
    call    dup2
    li      t0, FD_SPARE
    CHECK   a0, t0
    li      a0, FD_SPARE            # the copy: same port and handle as fd 1
    call    fd_port
    mv      s1, a0
    add     s1, s1, a1
    li      a0, 1
    call    fd_port
    add     a0, a0, a1
    CHECK   a0, s1
    li      a0, FD_SPARE            # onto itself: still open, same result
    li      a1, FD_SPARE
    call    dup2
    li      t0, FD_SPARE
    CHECK   a0, t0
    li      a0, FD_SPARE
    call    fd_port
    CHECK_NONZERO a0
    li      a0, 1                   # new out of range
    li      a1, FDS_MAX
    call    dup2
    li      t0, -EBADF
    CHECK   a0, t0
    li      a0, FDS_MAX             # old out of range
    li      a1, 1
    call    dup2
    li      t0, -EBADF
    CHECK   a0, t0
    li      a0, -1                  # a negative fd is out of range too
    li      a1, 1
    call    dup2
    li      t0, -EBADF
    CHECK   a0, t0
    li      a0, FD_SPARE + 1        # old closed
    li      a1, 1
    call    dup2
    li      t0, -EBADF
    CHECK   a0, t0
    li      a0, FD_SPARE            # forget the copy (the console keeps fd 1)
    li      a1, 0
    li      a2, 0
    call    fd_set
    mv      a2, s0
    li      a3, 8
    xori    a1, s0, 8
    seqz    a1, a1
    epilogue
    ret

# A child inherits (port, handle) pairs: with fd FD_SPARE set to (console,
# CHILD_HANDLE), `usertests fds` exits with its fd_count << 8 | the handle
# of its highest descriptor (child_fds below).
    .globl case_spawn_inherits_fds
case_spawn_inherits_fds:
    prologue ra, s0
    li      a0, FD_SPARE
    li      a1, PORT_CONSOLE
    li      a2, CHILD_HANDLE
    call    fd_set
    la      a0, fds_argv
    call    spawn
    mv      s0, a0
    li      a0, FD_SPARE
    li      a1, 0
    li      a2, 0
    call    fd_set
    blez    s0, 8f
    mv      a0, s0
    call    wait_pid
    bne     a0, s0, 8f
    mv      a2, a1                  # got = the child's status
    li      a3, (FD_SPARE + 1) << 8 | CHILD_HANDLE
    xor     a1, a2, a3
    seqz    a1, a1
    j       9f
8:  mv      a2, a0
    li      a3, (FD_SPARE + 1) << 8 | CHILD_HANDLE
    li      a1, 0
9:  epilogue
    ret

# child_fds() -> a0 = fd_count() << 8 | the handle of the highest open
# descriptor: what `usertests fds` exits with.
    .globl child_fds
child_fds:
    prologue ra, s0
    call    fd_count
    mv      s0, a0
    addi    a0, a0, -1
    call    fd_port
    slli    a0, s0, 8
    or      a0, a0, a1
    epilogue
    ret

# pm.spawn refuses what it cannot trust, and still answers: more pairs than
# FDS_MAX (and a huge count) -EINVAL, a port that is no port number -EBADF,
# a closed pair with a handle -EBADF, a lease shorter than its pairs
# -EINVAL; and a good raw spawn works.  got/want = checks passed / made.
    .globl case_spawn_bad_fds
case_spawn_bad_fds:
    prologue ra, s0, s1
    li      s0, 0
    li      a0, 1                   # FDS_MAX + 1 pairs
    li      a1, FDS_MAX + 1
    la      a2, many_pairs
    li      a3, (FDS_MAX + 1) * FD_PAIR_SIZE + SPIN_LEN
    call    raw_spawn
    li      t0, -EINVAL
    CHECK   a0, t0
    li      a0, 1                   # a count near 2^32
    li      a1, -1
    la      a2, many_pairs
    li      a3, 64
    call    raw_spawn
    li      t0, -EINVAL
    CHECK   a0, t0
    li      a0, 1                   # port NPORTS: not a port number
    li      a1, 1
    la      a2, bad_port_lease
    li      a3, FD_PAIR_SIZE + SPIN_LEN
    call    raw_spawn
    li      t0, -EBADF
    CHECK   a0, t0
    li      a0, 1                   # a closed descriptor with a handle
    li      a1, 1
    la      a2, closed_handle_lease
    li      a3, FD_PAIR_SIZE + SPIN_LEN
    call    raw_spawn
    li      t0, -EBADF
    CHECK   a0, t0
    li      a0, 1                   # two pairs promised, one lent
    li      a1, 2
    la      a2, bad_port_lease
    li      a3, FD_PAIR_SIZE
    call    raw_spawn
    li      t0, -EINVAL
    CHECK   a0, t0
    li      a0, 2                   # a good one: "spin 0" with fd 0 = console
    li      a1, 1
    la      a2, good_lease
    li      a3, FD_PAIR_SIZE + SPIN_0_LEN
    call    raw_spawn
    mv      s1, a0
    blez    s1, 2f                  # (no pid: the check is not counted)
    call    wait_pid
    CHECK   a0, s1
2:
    mv      a2, s0
    li      a3, 6
    xori    a1, s0, 6
    seqz    a1, a1
    epilogue
    ret

# raw_spawn(a0 = argc, a1 = nfds, a2 = lease, a3 = its length) -> a0:
# pm.spawn without the library's packing. Clobbers caller-saved registers.
raw_spawn:
    mv      a6, a2
    mv      t0, a3
    li      t1, LEASE_R
    mv      a2, a0
    mv      a3, a1
    li      a4, 0
    li      a5, 0
    li      a1, PM_SPAWN
    li      a0, PORT_PM
    SYSCALL CALL
    ret

    .section .rodata
    .balign 4
fds_argv:       .word usertests_name, fds_text, 0
many_pairs:     .zero (FDS_MAX + 1) * FD_PAIR_SIZE
                .asciz "spin"
    .balign 4
bad_port_lease: .word NPORTS, 0
                .asciz "spin"
    .balign 4
closed_handle_lease: .word 0, 1
                .asciz "spin"
    .balign 4
good_lease:     .word PORT_CONSOLE, 0
                .asciz "spin"
                .asciz "0"
usertests_name: .asciz "usertests"
    .globl fds_text
fds_text:       .asciz "fds"
