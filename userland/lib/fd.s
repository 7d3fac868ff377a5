# userland/lib/fd.s — the file-descriptor table, read/write/close and dup2.
#
# Owns fd -> (server port, handle), as Fuchsia's fdio does (DESIGN.md §4);
# pipe() asks the pipe server for a pipe's two ends (io_call: a call that
# lends nothing).
# read/write/close are IPC calls (io protocol in kernel/abi.toml) to the
# server behind the descriptor, with the caller's buffer lent as a lease
# (but a write of at most CONSOLE_INLINE_MAX bytes to the console, which
# goes in the message words: console.write_inline, write_inline below).
# The table starts as the descriptors the start-up block passes (the
# parent's open ones; the console for a service).
# Never talks to a device itself.

    .include "abi.inc"
    .include "frame.inc"

    .equ FD_MAX, FDS_MAX            # what a child can inherit (abi.toml [startup])
    .equ FD_ENTRY, FD_PAIR_SIZE     # an [fd_pair]: port, handle (port 0 = closed)

# FD_SLOT reg, bad: reg = fd -> the address of its table entry; to `bad`
# if the fd is out of range. Clobbers t0.
    .macro FD_SLOT reg, bad
    li      t0, FD_MAX
    bgeu    \reg, t0, \bad
    li      t0, FD_ENTRY
    mul     \reg, \reg, t0
    la      t0, fd_table
    add     \reg, \reg, t0
    .endm

    .text

# fd_init(a0 = pointer to the start-up block's nfds, followed by its fd
# pairs): the inherited descriptors (at most FD_MAX; the rest are closed).
# Called by _start before main. Clobbers t0-t2.
    .globl fd_init
fd_init:
    lw      t1, 0(a0)               # t1 = words to copy
    li      t0, FD_MAX
    bleu    t1, t0, 1f
    mv      t1, t0
1:  li      t0, FD_ENTRY / 4
    mul     t1, t1, t0
    addi    a0, a0, 4
    la      t0, fd_table
2:  beqz    t1, 3f
    lw      t2, 0(a0)
    sw      t2, 0(t0)
    addi    a0, a0, 4
    addi    t0, t0, 4
    addi    t1, t1, -1
    j       2b
3:  ret

# fd_count() -> a0 = 1 + the highest open descriptor (0: none open): how
# many pairs spawn passes on. Called by spawn. Clobbers t0, t1.
    .globl fd_count
fd_count:
    li      a0, FD_MAX
    la      t1, fd_table + FD_MAX * FD_ENTRY
1:  beqz    a0, 2f
    addi    t1, t1, -FD_ENTRY
    lw      t0, FD_PAIR_PORT(t1)
    bnez    t0, 2f
    addi    a0, a0, -1
    j       1b
2:  ret

# fd_port(a0 = fd) -> a0 = server port (0 if closed or out of range),
# a1 = handle. Clobbers t0.
    .globl fd_port
fd_port:
    FD_SLOT a0, 1f
    lw      a1, FD_PAIR_HANDLE(a0)
    lw      a0, FD_PAIR_PORT(a0)
    ret
1:  li      a0, 0
    li      a1, 0
    ret

# fd_set(a0 = fd, a1 = port, a2 = handle) -> a0 = 0 or -EBADF.
# Installs a descriptor (a shell redirect or an opened file). Clobbers t0.
    .globl fd_set
fd_set:
    FD_SLOT a0, 1f
    sw      a1, FD_PAIR_PORT(a0)
    sw      a2, FD_PAIR_HANDLE(a0)
    li      a0, 0
    ret
1:  li      a0, -EBADF
    ret

# io_call(a0 = port, a1 = label, a2 = w0, a3 = w1) -> a0 = reply code,
# a1 = r0: an io call that lends nothing (share, pipe create).
# Clobbers the caller-saved registers (the IPC call does).
    .globl io_call
io_call:
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    ret

# fd_share(a0 = port, a1 = handle, a2 = pid, a3 = tid of a thread of pid):
# io share, "process pid holds it too" (spawn tells each inherited
# descriptor's server; the fs server goes by the tid).  A server that
# answers -ENOSYS keeps nothing per process (the console): it is not asked
# again (ports_unshared, one bit per port), so a spawn costs it no call.
# Called by spawn. Clobbers the caller-saved registers (the IPC call does).
    .globl fd_share
fd_share:
    li      t0, NPORTS
    bgeu    a0, t0, 2f
    la      t0, ports_unshared
    lw      t0, 0(t0)
    srl     t0, t0, a0
    andi    t0, t0, 1
    bnez    t0, 2f
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    mv      a4, a3                  # w2 = tid
    mv      a3, a2                  # w1 = pid
    mv      a2, a1                  # w0 = handle
    li      a1, IO_SHARE
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    lw      t1, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    li      t0, -ENOSYS
    bne     a0, t0, 1f
    li      t0, 1                   # never again for this port
    sll     t0, t0, t1
    la      t1, ports_unshared
    lw      t2, 0(t1)
    or      t2, t2, t0
    sw      t2, 0(t1)
1:  ret
2:  li      a0, -ENOSYS
    ret

# pipe(a0 = int fds[2]) -> a0 = 0, fds[0] = the read end and fds[1] = the
# write end (the lowest closed descriptors), or -errno (-EMFILE: no two
# closed descriptors; -EAGAIN: the pipe server has no pipe left; -EDEAD).
# Called by the shell. Clobbers the caller-saved registers.
# s0 = fds, s1 = read handle, s2 = write handle.
    .globl pipe
pipe:
    prologue ra, s0, s1, s2
    mv      s0, a0
    li      a0, PORT_PIPE
    li      a1, PIPE_CREATE
    li      a2, 0
    li      a3, 0
    call    io_call
    bltz    a0, 9f
    mv      s1, a0
    mv      s2, a1
    call    fd_free
    bltz    a0, 8f
    sw      a0, 0(s0)
    li      a1, PORT_PIPE
    mv      a2, s1
    call    fd_set
    call    fd_free
    bltz    a0, 7f
    sw      a0, 4(s0)
    li      a1, PORT_PIPE
    mv      a2, s2
    call    fd_set
    li      a0, 0
    j       9f
7:  lw      a0, 0(s0)               # no room for the write end: undo
    call    close                   # (the read end, through its descriptor)
    j       5f
8:  li      a0, PORT_PIPE           # no room at all: close both handles
    li      a1, IO_CLOSE
    mv      a2, s1
    call    io_call
5:  li      a0, PORT_PIPE
    li      a1, IO_CLOSE
    mv      a2, s2
    call    io_call
6:  li      a0, -EMFILE
9:  epilogue
    ret

# dup2(a0 = old fd, a1 = new fd) -> a0 = new fd, or -EBADF if old is closed
# or either is out of range. New becomes a copy of old (the same server
# port and handle); whatever new held is replaced without telling its
# server (copies share a handle: closing one copy must not end the other).
# dup2(fd, fd) of an open fd changes nothing and returns fd.
# Clobbers t0-t2.
    .globl dup2
dup2:
    mv      t1, a0
    FD_SLOT t1, 1f                  # t1 = old's entry
    lw      t2, FD_PAIR_PORT(t1)
    beqz    t2, 1f                  # old is closed
    mv      a0, a1
    FD_SLOT a0, 1f                  # a0 = new's entry
    sw      t2, FD_PAIR_PORT(a0)
    lw      t2, FD_PAIR_HANDLE(t1)
    sw      t2, FD_PAIR_HANDLE(a0)
    mv      a0, a1
    ret
1:  li      a0, -EBADF
    ret

# read(a0 = fd, a1 = buf, a2 = len) -> a0 = bytes read, 0 at end of input,
# or -errno (-EBADF, -EINTR on Ctrl-C, -EDEAD if the server died).
# write(a0 = fd, a1 = buf, a2 = len) -> a0 = bytes written or -errno.
# Called by anyone. Clobbers the caller-saved registers (the IPC call does).
    .globl read
read:
    li      a7, IO_READ
    mv      t2, a0
    FD_SLOT t2, 1f
    IPC_LEASE a1, a2, LEASE_W       # the server fills the caller's buffer
    j       fd_io
    .globl write
write:
    li      a7, IO_WRITE
    mv      t2, a0
    FD_SLOT t2, 1f
    lw      t0, FD_PAIR_PORT(t2)    # a short write to the console goes in
    li      t1, PORT_CONSOLE        # the message words (write_inline below)
    bne     t0, t1, 2f
    addi    t0, a2, -1
    sltiu   t0, t0, CONSOLE_INLINE_MAX
    beqz    t0, 2f
    li      t1, USER_TEXT_BASE      # a pointer into page 0 (NULL's) stays a
    bgeu    a1, t1, write_inline    # lease: the kernel answers -EFAULT
2:  IPC_LEASE a1, a2, LEASE_R       # the server reads the caller's buffer
fd_io:                              # a7 = label, t2 = the fd's entry, lease set
    lw      a0, FD_PAIR_PORT(t2)
    beqz    a0, 1f
    mv      a3, a2                  # w1 = len
    lw      a2, FD_PAIR_HANDLE(t2)  # w0 = handle
    mv      a1, a7                  # label
    li      a4, 0
    li      a5, 0
    SYSCALL CALL
    ret
1:  li      a0, -EBADF
    ret

# write_inline(a1 = buf, a2 = len, 1..CONSOLE_INLINE_MAX): write's console
# case: console.write_inline (abi.toml) with the bytes in w0..w3 and the
# count in the lease length, so the console copies no lease (as seL4 sends
# short messages in registers).  The bytes are gathered by aligned loads,
# each word shifted into place, touching only the words that hold bytes of
# buf (so never a page past its end); words past the count carry whatever
# is left over, which the console ignores.  t4 = the next aligned word,
# t5 = the one holding the last byte, t3/t6 = the right shift of a word's
# bytes / 31 minus the left shift of the next's (a shift of 32 in two steps:
# 0 when buf is aligned).  Jumped to by write.
write_inline:
    add     t5, a1, a2
    addi    t5, t5, -1
    andi    t5, t5, -4
    andi    t3, a1, 3
    sub     t4, a1, t3
    slli    t3, t3, 3
    xori    t6, t3, 31
    mv      t0, a2                  # the count, where IPC_INLINE wants it
    lw      t1, 0(t4)
    srl     a2, t1, t3
    addi    t4, t4, 4
    bgtu    t4, t5, 3f
    lw      t1, 0(t4)
    sll     a1, t1, t6
    slli    a1, a1, 1
    or      a2, a2, a1
    srl     a3, t1, t3
    addi    t4, t4, 4
    bgtu    t4, t5, 3f
    lw      t1, 0(t4)
    sll     a1, t1, t6
    slli    a1, a1, 1
    or      a3, a3, a1
    srl     a4, t1, t3
    addi    t4, t4, 4
    bgtu    t4, t5, 3f
    lw      t1, 0(t4)
    sll     a1, t1, t6
    slli    a1, a1, 1
    or      a4, a4, a1
    srl     a5, t1, t3
    addi    t4, t4, 4
    bgtu    t4, t5, 3f
    lw      t1, 0(t4)
    sll     a1, t1, t6
    slli    a1, a1, 1
    or      a5, a5, a1
3:  li      a0, PORT_CONSOLE
    li      a1, CONSOLE_WRITE_INLINE
    IPC_INLINE t0
    SYSCALL CALL
    ret

# close(a0 = fd) -> a0 = 0 or -errno. Frees the slot, then tells the server
# unless another descriptor of ours still holds the same (port, handle) (a
# dup2 copy: closing one copy must not end the other); the descriptor is
# gone whatever the server answered.
# Called by anyone. Clobbers the caller-saved registers (the IPC call does).
    .globl close
close:
    mv      t2, a0
    FD_SLOT t2, 1f
    lw      a0, FD_PAIR_PORT(t2)
    beqz    a0, 1f
    lw      a2, FD_PAIR_HANDLE(t2)
    sw      zero, FD_PAIR_PORT(t2)  # a closed pair is (0, 0): pm.spawn refuses
    sw      zero, FD_PAIR_HANDLE(t2) # a closed one with a handle
    la      t0, fd_table            # another copy open?
    la      t1, fd_table + FD_MAX * FD_ENTRY
2:  lw      a3, FD_PAIR_PORT(t0)
    bne     a3, a0, 3f
    lw      a3, FD_PAIR_HANDLE(t0)
    bne     a3, a2, 3f
    li      a0, 0                   # yes: the server keeps the handle
    ret
3:  addi    t0, t0, FD_ENTRY
    bltu    t0, t1, 2b
    li      a1, IO_CLOSE
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    ret
1:  li      a0, -EBADF
    ret

# fd_free() -> a0 = the lowest closed descriptor, or -EMFILE when all
# FD_MAX are open. Called by open (file.s). Clobbers t0, t1.
    .globl fd_free
fd_free:
    li      a0, 0
    la      t1, fd_table
1:  lw      t0, FD_PAIR_PORT(t1)
    beqz    t0, 2f
    addi    a0, a0, 1
    addi    t1, t1, FD_ENTRY
    li      t0, FD_MAX
    bltu    a0, t0, 1b
    li      a0, -EMFILE
2:  ret

# fd_call(a0 = fd, a1 = label, a2 = w1, a3 = w2, a4 = buffer, a5 = its
# length, 0 to lend nothing) -> a0 = the reply code, or -EBADF if fd is
# not open; a1..a4 = reply words. One IPC call to the server behind fd with
# its handle as w0, lending the buffer for the server to fill (file.s's
# seek and fstat lend nothing, readdir its records).
# Called by anyone. Clobbers the caller-saved registers.
    .globl fd_call
fd_call:
    mv      t2, a0
    FD_SLOT t2, 1f
    lw      a0, FD_PAIR_PORT(t2)
    beqz    a0, 1f
    IPC_LEASE a4, a5, LEASE_W
    mv      a4, a3                  # w2
    mv      a3, a2                  # w1
    lw      a2, FD_PAIR_HANDLE(t2)  # w0 = the handle
    li      a5, 0
    SYSCALL CALL
    ret
1:  li      a0, -EBADF
    ret

# write_all(a0 = fd, a1 = buf, a2 = len) -> a0 = len, or the -errno of the
# write that failed: writes until every byte is out (a server may take
# fewer bytes than offered, as write(2) may). A write of 0 bytes that
# should have taken some is -EIO, so a stuck server cannot make us spin.
# Called by programs. Clobbers the caller-saved registers.
    .globl write_all
write_all:
    prologue ra, s0, s1, s2, s3
    mv      s0, a0
    mv      s1, a1
    mv      s2, a2
    mv      s3, a2                  # the total, for the result
1:  beqz    s2, 3f
    mv      a0, s0
    mv      a1, s1
    mv      a2, s2
    call    write
    bltz    a0, 9f
    beqz    a0, 2f
    bgtu    a0, s2, 2f              # more than asked: the server lies
    add     s1, s1, a0
    sub     s2, s2, a0
    j       1b
2:  li      a0, -EIO
    j       9f
3:  mv      a0, s3
9:  epilogue
    ret

    .bss
    .balign 4
fd_table: .zero FD_MAX * FD_ENTRY
ports_unshared: .zero 4             # bit p: port p's server keeps nothing per process
