# userland/lib/fd.s — the file-descriptor table and read/write/close.
#
# Owns fd -> (server port, handle), as Fuchsia's fdio does (DESIGN.md §4):
# read/write/close are IPC calls (io protocol in kernel/abi.toml) to the
# server behind the descriptor, with the caller's buffer lent as a lease.
# 0, 1 and 2 start as whatever the start-up block names (the console).
# Never talks to a device itself.

    .include "abi.inc"

    .equ FD_MAX, 16
    .equ FD_ENTRY, 8                # port word, handle word (port 0 = closed)

    .text

# fd_init(a0 = pointer to the three start-up ports of fd 0, 1, 2).
# Called by _start before main. Clobbers t0-t2.
    .globl fd_init
fd_init:
    la      t0, fd_table
    li      t1, 3
1:  lw      t2, 0(a0)
    sw      t2, 0(t0)
    sw      zero, 4(t0)
    addi    a0, a0, 4
    addi    t0, t0, FD_ENTRY
    addi    t1, t1, -1
    bnez    t1, 1b
    ret

# fd_port(a0 = fd) -> a0 = server port (0 if closed or out of range),
# a1 = handle. Called by spawn (to pass descriptors on). Clobbers t0.
    .globl fd_port
fd_port:
    li      t0, FD_MAX
    bgeu    a0, t0, 1f
    slli    a0, a0, 3
    la      t0, fd_table
    add     t0, t0, a0
    lw      a0, 0(t0)
    lw      a1, 4(t0)
    ret
1:  li      a0, 0
    li      a1, 0
    ret

# fd_set(a0 = fd, a1 = port, a2 = handle) -> a0 = 0 or -EBADF.
# Installs a descriptor (a shell redirect or an opened file). Clobbers t0.
    .globl fd_set
fd_set:
    li      t0, FD_MAX
    bgeu    a0, t0, 1f
    slli    a0, a0, 3
    la      t0, fd_table
    add     t0, t0, a0
    sw      a1, 0(t0)
    sw      a2, 4(t0)
    li      a0, 0
    ret
1:  li      a0, -EBADF
    ret

# read(a0 = fd, a1 = buf, a2 = len) -> a0 = bytes read, 0 at end of input,
# or -errno (-EBADF, -EINTR on Ctrl-C, -EDEAD if the server died).
# write(a0 = fd, a1 = buf, a2 = len) -> a0 = bytes written or -errno.
# Called by anyone. Clobbers the caller-saved registers (the IPC call does).
    .globl read
read:
    li      t1, LEASE_W             # the server fills our buffer
    li      a7, IO_READ
    j       fd_io
    .globl write
write:
    li      t1, LEASE_R             # the server reads our buffer
    li      a7, IO_WRITE
fd_io:                              # a7 = label, t1 = lease rights
    li      t0, FD_MAX
    bgeu    a0, t0, 1f
    slli    a0, a0, 3
    la      t2, fd_table
    add     t2, t2, a0
    lw      a0, 0(t2)               # a0 = port
    beqz    a0, 1f
    mv      a6, a1                  # lease = the caller's buffer
    mv      t0, a2
    mv      a3, a2                  # w1 = len
    lw      a2, 4(t2)               # w0 = handle
    mv      a1, a7                  # label
    li      a4, 0
    li      a5, 0
    SYSCALL CALL
    ret
1:  li      a0, -EBADF
    ret

# close(a0 = fd) -> a0 = 0 or -errno. Tells the server, then frees the slot
# whatever it answered (the descriptor is gone either way).
# Called by anyone. Clobbers the caller-saved registers (the IPC call does).
    .globl close
close:
    li      t0, FD_MAX
    bgeu    a0, t0, 1f
    slli    a0, a0, 3
    la      t2, fd_table
    add     t2, t2, a0
    lw      a0, 0(t2)
    beqz    a0, 1f
    sw      zero, 0(t2)
    li      a1, IO_CLOSE
    lw      a2, 4(t2)
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t0, 0
    li      t1, 0
    SYSCALL CALL
    ret
1:  li      a0, -EBADF
    ret

    .bss
    .balign 4
fd_table: .zero FD_MAX * FD_ENTRY
