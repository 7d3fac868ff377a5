# userland/lib/socket.s — UDP sockets as descriptors: the client side of
# the net server's socket operations (kernel/abi.toml, server "net").  A
# socket takes the lowest free descriptor, so read, write and close (fd.s)
# work on it as on a file or a pipe: read waits for a datagram, write sends
# one to the connected peer.  Addresses are host-order words (inet.s).
# Keeps no state but the descriptor table's.

    .include "abi.inc"
    .include "frame.inc"

    .text

# udp_socket() -> a0 = a descriptor, or -errno (-EMFILE, -EDEAD: no network).
# Clobbers the caller-saved registers.
    .globl udp_socket
udp_socket:
    prologue ra, s0
    call    fd_free
    bltz    a0, 9f
    mv      s0, a0
    li      a0, PORT_NET
    li      a1, NET_SOCKET
    li      a2, 0
    li      a3, 0
    call    io_call
    bltz    a0, 9f
    mv      a2, a0
    mv      a0, s0
    li      a1, PORT_NET
    call    fd_set
    mv      a0, s0
9:  epilogue
    ret

# udp_bind(a0 = fd, a1 = port) -> a0 = 0 or -errno.
# udp_connect(a0 = fd, a1 = address, a2 = port) -> a0 = 0 or -errno.
# Clobbers the caller-saved registers.
    .globl udp_bind
udp_bind:
    mv      a2, a1
    li      a1, NET_BIND
    li      a3, 0
    li      a4, 0
    li      a5, 0
    tail    fd_call
    .globl udp_connect
udp_connect:
    mv      a3, a2
    mv      a2, a1
    li      a1, NET_CONNECT
    li      a4, 0
    li      a5, 0
    tail    fd_call

# udp_sendto(a0 = fd, a1 = buf, a2 = len, a3 = address, a4 = port) -> a0 =
# len or -errno.  Clobbers the caller-saved registers.
    .globl udp_sendto
udp_sendto:
    prologue ra
    mv      t2, a1
    mv      t3, a2
    mv      t4, a3
    mv      t5, a4
    call    fd_port                 # (fd_port clobbers t0 only)
    beqz    a0, 1f
    mv      a2, a1                  # w0 = the handle
    mv      a3, t4
    mv      a4, t5
    mv      a5, t3
    li      a1, NET_SENDTO
    IPC_LEASE t2, t3, LEASE_R
    SYSCALL CALL
    j       9f
1:  li      a0, -EBADF
9:  epilogue
    ret

# udp_recvfrom(a0 = fd, a1 = buf, a2 = len, a3 = timeout in ms, 0 for
# ever) -> a0 = bytes of one datagram (cut to len) or -errno (-ETIMEDOUT),
# a1 = its source address, a2 = its source port.  Clobbers the caller-saved registers.
    .globl udp_recvfrom
udp_recvfrom:
    mv      a4, a1                  # the buffer lent
    mv      a5, a2
    li      a1, NET_RECVFROM        # w1 = len (a2), w2 = timeout (a3)
    tail    fd_call
