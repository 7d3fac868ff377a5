# servers/net/sock.s — UDP sockets: the table, and the operations on them
# (abi.toml's net protocol: socket, bind, connect, sendto, recvfrom, and
# io read/write/close/share on a socket's handle).
#
# A socket is bound to one local port (bind, or an ephemeral one from
# 49152 up at its first connect or send) and, once connected, takes
# datagrams from its peer only.  recvfrom waits when nothing is queued:
# the call is kept (the loop answers nothing) until a datagram comes, its
# timeout passes (-ETIMEDOUT; 0 waits for ever) or the socket closes (0).
# A send to a neighbour whose MAC is unknown keeps the call too, while
# ARP asks (up to ARP_WAIT_MS; then the datagram is dropped and counted
# tx_no_route, the call answered with its length, as UDP promises
# nothing).  One receive and one send may wait per socket (-EBUSY beyond).
# A socket belongs to the thread that made it: when pm says a process
# ended (NOTIFY_EXITED), sockets whose maker is gone are closed, so a
# killed `nc -u -l` frees its port.  Sends to our own address are refused
# (-ENETUNREACH: there is no loopback).

.include "net.inc"

.text
# sock_lookup(a0 = handle) -> a0 = its socket, or 0.  Clobbers t0, t1.
sock_lookup:
    andi    t0, a0, SOCKETS_MAX - 1
    li      t1, SK_SIZE
    mul     t0, t0, t1
    la      t1, sockets
    add     t0, t0, t1
    lw      t1, SK_HANDLE(t0)
    bne     t1, a0, 1f
    beqz    t1, 1f
    mv      a0, t0
    ret
1:  li      a0, 0
    ret

# sock_for(a0 = local port, a1 = source, a2 = source port) -> a0 = the
# socket that takes such a datagram, or 0.  Clobbers t0-t3.
.globl sock_for
sock_for:
    la      t0, sockets
    la      t3, sockets + SOCKETS_MAX * SK_SIZE
1:  lw      t1, SK_HANDLE(t0)
    beqz    t1, 2f
    lw      t1, SK_LPORT(t0)
    bne     t1, a0, 2f
    lw      t1, SK_RADDR(t0)
    beqz    t1, 3f                  # not connected: from anyone
    bne     t1, a1, 2f
    lw      t1, SK_RPORT(t0)
    beq     t1, a2, 3f
2:  addi    t0, t0, SK_SIZE
    bltu    t0, t3, 1b
    li      a0, 0
    ret
3:  mv      a0, t0
    ret

# sock_queue(a0 = socket, a1 = slot number) -> a0 = the queue slot.  Clobbers t0, t1.
sock_queue:
    la      t0, sockets
    sub     t0, a0, t0
    li      t1, SK_SIZE
    divu    t0, t0, t1              # the socket's index
    li      t1, UDP_QUEUE
    mul     t0, t0, t1
    add     t0, t0, a1
    li      t1, UQ_SIZE
    mul     t0, t0, t1
    la      a0, sock_queues
    add     a0, a0, t0
    ret

# sock_deliver(a0 = socket, a1 = source, a2 = source port, a3 = data,
# a4 = length): to the receive that waits, else into the queue (full:
# dropped, rx_queue_full).  Called by udp_input.  Clobbers caller-saved registers.
.globl sock_deliver
sock_deliver:
    prologue ra, s1, s2, s3, s4, s5
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s4, a3
    mv      s5, a4
    lw      t0, SK_RTID(s1)
    beqz    t0, 2f
    lw      t1, SK_RLEN(s1)         # the waiting call takes what fits its lease
    bleu    s5, t1, 1f
    mv      s5, t1
1:  mv      a0, t0
    li      a1, 0
    mv      a2, s4
    mv      a3, s5
    call    lease_write
    mv      a1, a0
    mv      a2, s2
    mv      a3, s3
    mv      a0, s1
    call    recv_answer
    j       9f
2:  lw      t0, SK_QCOUNT(s1)
    li      t1, UDP_QUEUE
    bltu    t0, t1, 3f
    COUNT   RX_QUEUE_FULL
    j       9f
3:  lw      t1, SK_QHEAD(s1)
    add     t1, t1, t0
    andi    a1, t1, UDP_QUEUE - 1
    addi    t0, t0, 1
    sw      t0, SK_QCOUNT(s1)
    mv      a0, s1
    call    sock_queue
    sw      s2, UQ_ADDR(a0)
    sw      s3, UQ_PORT(a0)
    sw      s5, UQ_LEN(a0)
    addi    a0, a0, UQ_DATA
    mv      a1, s4
    mv      a2, s5
    call    memcpy
9:  epilogue
    ret

# recv_answer(a0 = socket, a1 = code, a2 = r0, a3 = r1): answer the receive
# that waits on it, and forget it.  Clobbers caller-saved registers.
recv_answer:
    prologue ra, s1
    mv      s1, a0
    lw      t0, SK_RTIMED(s1)
    beqz    t0, 1f
    call    wait_end
1:  lw      a0, SK_RTID(s1)
    sw      zero, SK_RTID(s1)
    li      a4, 0
    li      a5, 0
    SYSCALL REPLY
    epilogue
    ret

# send_answer(a0 = socket, a1 = code): the same for the send that waits for ARP.
send_answer:
    prologue ra, s1
    mv      s1, a0
    call    wait_end
    lw      a0, SK_STID(s1)
    sw      zero, SK_STID(s1)
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    SYSCALL REPLY
    epilogue
    ret

# wait_begin() / wait_end(): one timed wait more or fewer; the ticker
# (echo.s) runs while any is counted.  Clobbers caller-saved registers.
.globl wait_begin
wait_begin:
    la      a0, timed_waits
    lw      t0, 0(a0)
    addi    t0, t0, 1
    sw      t0, 0(a0)
    li      a1, 1
    tail    futex_wake
.globl wait_end
wait_end:
    la      t0, timed_waits
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    ret

# autobind(a0 = socket): an ephemeral port for a socket that has none.
# Clobbers caller-saved registers.
autobind:
    prologue ra, s1, s2
    mv      s1, a0
    lw      t0, SK_LPORT(s1)
    bnez    t0, 9f
1:  la      t0, next_port
    lw      s2, 0(t0)
    addi    t1, s2, 1
    li      t2, 65536
    bltu    t1, t2, 2f
    li      t1, EPHEMERAL_FIRST
2:  sw      t1, 0(t0)
    mv      a0, s2
    call    port_used
    bnez    a0, 1b                  # at most SOCKETS_MAX ports are taken: this ends
    sw      s2, SK_LPORT(s1)
9:  epilogue
    ret

# port_used(a0 = port) -> a0 = 1 when a socket is bound to it.  Clobbers t0-t2.
port_used:
    la      t0, sockets
    la      t2, sockets + SOCKETS_MAX * SK_SIZE
1:  lw      t1, SK_HANDLE(t0)
    beqz    t1, 2f
    lw      t1, SK_LPORT(t0)
    beq     t1, a0, 3f
2:  addi    t0, t0, SK_SIZE
    bltu    t0, t2, 1b
    li      a0, 0
    ret
3:  li      a0, 1
    ret

# ── Operations: net_<name>(a0 = client tid, a1..a4 = words) -> a0 = code, a1..a3 ──

# socket() -> a handle, or -EMFILE.
.globl net_socket
net_socket:
    la      t0, sockets
    li      t2, 0
1:  lw      t1, SK_HANDLE(t0)
    beqz    t1, 2f
    addi    t0, t0, SK_SIZE
    addi    t2, t2, 1
    li      t1, SOCKETS_MAX
    bltu    t2, t1, 1b
    li      a0, -EMFILE
    j       9f
2:  addi    t1, t0, SK_SIZE         # a clean entry
    mv      t3, t0
3:  sw      zero, 0(t3)
    addi    t3, t3, 4
    bltu    t3, t1, 3b
    sw      a0, SK_OWNER(t0)
    la      t1, next_gen
    lw      a0, 0(t1)
    addi    t3, a0, 1
    li      t4, 0x7FFFFFF           # generations wrap, handles stay positive
    and     t3, t3, t4
    bnez    t3, 4f
    li      t3, 1
4:  sw      t3, 0(t1)
    slli    a0, a0, SOCKET_SHIFT
    or      a0, a0, t2
    sw      a0, SK_HANDLE(t0)
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    ret

# bind(handle, port) -> 0, -EBADF, -EINVAL (port 0 or past 65535, or bound already), -EADDRINUSE.
.globl net_bind
net_bind:
    prologue ra, s1, s2
    mv      s2, a2
    mv      a0, a1
    call    sock_lookup
    mv      s1, a0
    li      a0, -EBADF
    beqz    s1, 9f
    li      a0, -EINVAL
    beqz    s2, 9f
    li      t0, 65535
    bgtu    s2, t0, 9f
    lw      t0, SK_LPORT(s1)
    bnez    t0, 9f
    mv      a0, s2
    call    port_used
    mv      t0, a0
    li      a0, -EADDRINUSE
    bnez    t0, 9f
    sw      s2, SK_LPORT(s1)
    li      a0, 0
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret

# connect(handle, addr, port) -> 0, -EBADF, -EINVAL (address 0, port 0 or past 65535).
.globl net_connect
net_connect:
    prologue ra, s1, s2, s3
    mv      s2, a2
    mv      s3, a3
    mv      a0, a1
    call    sock_lookup
    mv      s1, a0
    li      a0, -EBADF
    beqz    s1, 9f
    li      a0, -EINVAL
    beqz    s2, 9f
    beqz    s3, 9f
    li      t0, 65535
    bgtu    s3, t0, 9f
    mv      a0, s1
    call    autobind
    sw      s2, SK_RADDR(s1)
    sw      s3, SK_RPORT(s1)
    li      a0, 0
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret

# sendto(handle, addr, port, len), the data lent -> len, or -errno.
.globl net_sendto
net_sendto:
    prologue ra, s1, s2, s3, s4, s5
    mv      s5, a0
    mv      s2, a2
    mv      s3, a3
    mv      s4, a4
    mv      a0, a1
    call    sock_lookup
    mv      s1, a0
    li      a0, -EBADF
    beqz    s1, 9f
    mv      a0, s1
    mv      a1, s2
    mv      a2, s3
    mv      a3, s4
    mv      a4, s5
    call    send_common
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret

# write(handle, len): sendto the connected peer (-EINVAL when not connected).
.globl net_write
net_write:
    prologue ra, s1, s2, s3
    mv      s3, a0
    mv      s2, a2
    mv      a0, a1
    call    sock_lookup
    mv      s1, a0
    li      a0, -EBADF
    beqz    s1, 9f
    lw      a1, SK_RADDR(s1)
    li      a0, -EINVAL
    beqz    a1, 9f
    mv      a0, s1
    lw      a2, SK_RPORT(s1)
    mv      a3, s2
    mv      a4, s3
    call    send_common
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret

# send_common(a0 = socket, a1 = addr, a2 = port, a3 = len, a4 = tid) -> a0 = len or -errno
# (the call may be kept: `deferred`).  Clobbers caller-saved registers.
send_common:
    prologue ra, s1, s2, s3, s4, s5
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s4, a3
    mv      s5, a4
    li      a0, -EINVAL
    li      t0, UDP_DATA_MAX
    bgtu    s4, t0, 9f
    beqz    s3, 9f
    li      t0, 65535
    bgtu    s3, t0, 9f
    la      t0, request             # the lease must hold len bytes
    lw      t0, RQ_LEASE_LEN(t0)
    li      a0, -EFAULT
    bltu    t0, s4, 9f
    la      t0, my_addr
    lw      t0, 0(t0)
    li      a0, -ENETUNREACH
    beqz    t0, 9f
    beq     s2, t0, 9f              # no loopback
    mv      a0, s1
    call    autobind
    la      a3, broadcast_mac       # a broadcast: to every MAC
    li      t0, -1
    beq     s2, t0, 5f
    la      t0, my_addr
    lw      t0, 0(t0)
    la      t1, my_mask
    lw      t1, 0(t1)
    not     t2, t1
    or      t2, t2, t0
    beq     s2, t2, 5f              # our subnet's broadcast
    xor     t2, s2, t0
    and     t2, t2, t1
    li      a0, -ENETUNREACH
    bnez    t2, 9f                  # off the subnet: no gateway
    mv      a0, s2
    call    arp_find
    beqz    a0, 6f
    addi    a3, a0, AE_MAC
5:  lw      a0, SK_LPORT(s1)
    mv      a1, s2
    mv      a2, s3
    mv      a4, s5
    mv      a5, s4
    call    udp_send
    j       9f
6:  lw      t0, SK_STID(s1)         # the MAC is not known: ask, and keep the call
    li      a0, -EBUSY
    bnez    t0, 9f
    SYSCALL REPLY_KEEP              # keep the call, by the kernel's record
    sw      a0, SK_STID(s1)         # of who asked (-ESRCH: it is gone)
    sw      s2, SK_SADDR(s1)
    sw      s3, SK_SPORT(s1)
    sw      s4, SK_SLEN(s1)
    call    uptime
    addi    a0, a0, ARP_WAIT_MS
    sw      a0, SK_SDEADLINE(s1)
    call    wait_begin
    li      a0, ARP_REQUEST
    mv      a1, s2
    li      a2, 0
    call    arp_send
    la      t0, deferred
    li      t1, 1
    sw      t1, 0(t0)
    li      a0, 0
9:  epilogue
    ret

# recvfrom(handle, len, timeout_ms) -> bytes (a datagram, cut to len),
# r0 = its source, r1 = its port; or kept until one comes.
# read(handle, len) is recvfrom waiting for ever.
.globl net_read
net_read:
    li      a3, 0
.globl net_recvfrom
net_recvfrom:
    prologue ra, s1, s2, s3, s4
    mv      s4, a0
    mv      s2, a2
    mv      s3, a3
    mv      a0, a1
    call    sock_lookup
    mv      s1, a0
    li      a0, -EBADF
    beqz    s1, 9f
    la      t0, request             # never more than the lease holds
    lw      t0, RQ_LEASE_LEN(t0)
    bleu    s2, t0, 1f
    mv      s2, t0
1:  lw      t0, SK_RTID(s1)
    li      a0, -EBUSY
    bnez    t0, 9f
    lw      t0, SK_QCOUNT(s1)
    beqz    t0, 4f
    addi    t0, t0, -1              # the oldest datagram
    sw      t0, SK_QCOUNT(s1)
    lw      a1, SK_QHEAD(s1)
    addi    t1, a1, 1
    andi    t1, t1, UDP_QUEUE - 1
    sw      t1, SK_QHEAD(s1)
    mv      a0, s1
    call    sock_queue
    mv      s1, a0                  # s1 = the slot now
    lw      a3, UQ_LEN(s1)
    bleu    a3, s2, 2f
    mv      a3, s2
2:  mv      a0, s4
    li      a1, 0
    addi    a2, s1, UQ_DATA
    call    lease_write
    lw      a1, UQ_ADDR(s1)
    lw      a2, UQ_PORT(s1)
    li      a3, 0
    j       10f
4:  SYSCALL REPLY_KEEP              # nothing queued: keep the call, by the
    blez    a0, 5f                  # kernel's record of who asked (unless
    sw      a0, SK_RTID(s1)         # it is gone)
    sw      s2, SK_RLEN(s1)
    sltu    t0, zero, s3
    sw      t0, SK_RTIMED(s1)
    beqz    s3, 5f
    li      t0, 1 << 20
    bleu    s3, t0, 41f
    mv      s3, t0
41: call    uptime
    add     a0, a0, s3
    sw      a0, SK_RDEADLINE(s1)
    call    wait_begin
5:  la      t0, deferred
    li      t1, 1
    sw      t1, 0(t0)
    li      a0, 0
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
10: epilogue
    ret

# close(handle) -> 0 or -EBADF: a receive waiting on it gets 0 (the end),
# a send waiting for ARP its length (dropped).
.globl net_close
net_close:
    prologue ra
    mv      a0, a1
    call    sock_lookup
    beqz    a0, 8f
    call    sock_close
    li      a0, 0
    j       9f
8:  li      a0, -EBADF
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret

# sock_close(a0 = socket).  Clobbers caller-saved registers.
sock_close:
    prologue ra, s1
    mv      s1, a0
    lw      t0, SK_RTID(s1)
    beqz    t0, 1f
    li      a1, 0
    li      a2, 0
    li      a3, 0
    call    recv_answer
1:  lw      t0, SK_STID(s1)
    beqz    t0, 2f
    mv      a0, s1
    lw      a1, SK_SLEN(s1)
    call    send_answer
2:  sw      zero, SK_HANDLE(s1)
    epilogue
    ret

# share(handle, pid) -> 0 or -EBADF (the server keeps no holders per process).
.globl net_share
net_share:
    prologue ra
    mv      a0, a1
    call    sock_lookup
    beqz    a0, 8f
    li      a0, 0
    j       9f
8:  li      a0, -EBADF
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret

# udp_arp_learned(a0 = address): sends that waited for its MAC go now.
# Called by arp_learn.  Clobbers caller-saved registers.
.globl udp_arp_learned
udp_arp_learned:
    prologue ra, s1, s2
    mv      s2, a0
    la      s1, sockets
1:  lw      t0, SK_HANDLE(s1)
    beqz    t0, 2f
    lw      t0, SK_STID(s1)
    beqz    t0, 2f
    lw      t0, SK_SADDR(s1)
    bne     t0, s2, 2f
    mv      a0, s2
    call    arp_find
    addi    a3, a0, AE_MAC
    lw      a0, SK_LPORT(s1)
    mv      a1, s2
    lw      a2, SK_SPORT(s1)
    lw      a4, SK_STID(s1)
    lw      a5, SK_SLEN(s1)
    call    udp_send
    mv      a1, a0
    mv      a0, s1
    call    send_answer
2:  addi    s1, s1, SK_SIZE
    la      t0, sockets + SOCKETS_MAX * SK_SIZE
    bltu    s1, t0, 1b
    epilogue
    ret

# udp_tick(): receives past their timeout get -ETIMEDOUT; sends whose ARP
# went unanswered are dropped (tx_no_route) and get their length.  Called
# by the loop on each TICK_NOTIFY.  Clobbers caller-saved registers.
.globl udp_tick
udp_tick:
    prologue ra, s1, s2
    call    uptime
    mv      s2, a0
    la      s1, sockets
1:  lw      t0, SK_HANDLE(s1)
    beqz    t0, 3f
    lw      t0, SK_RTID(s1)
    beqz    t0, 2f
    lw      t0, SK_RTIMED(s1)
    beqz    t0, 2f
    lw      t0, SK_RDEADLINE(s1)
    sub     t0, s2, t0
    bltz    t0, 2f
    mv      a0, s1
    li      a1, -ETIMEDOUT
    li      a2, 0
    li      a3, 0
    call    recv_answer
2:  lw      t0, SK_STID(s1)
    beqz    t0, 3f
    lw      t0, SK_SDEADLINE(s1)
    sub     t0, s2, t0
    bltz    t0, 3f
    COUNT   TX_NO_ROUTE
    mv      a0, s1
    lw      a1, SK_SLEN(s1)
    call    send_answer
3:  addi    s1, s1, SK_SIZE
    la      t0, sockets + SOCKETS_MAX * SK_SIZE
    bltu    s1, t0, 1b
    epilogue
    ret

# sock_exited(): pm says a process ended: close the sockets whose maker
# is no longer alive (its tid's slot is free or holds another thread).
# Clobbers caller-saved registers.
.globl sock_exited
sock_exited:
    prologue_locals TINFO_SIZE, ra, s1
    la      s1, sockets
1:  lw      t0, SK_HANDLE(s1)
    beqz    t0, 2f
    lw      a0, SK_OWNER(s1)
    andi    a0, a0, TID_SLOT_MASK
    mv      a1, sp
    call    thread_info
    bnez    a0, 3f
    lw      t0, TINFO_TID(sp)
    lw      t1, SK_OWNER(s1)
    beq     t0, t1, 2f
3:  mv      a0, s1
    call    sock_close
2:  addi    s1, s1, SK_SIZE
    la      t0, sockets + SOCKETS_MAX * SK_SIZE
    bltu    s1, t0, 1b
    epilogue
    ret

# net_sockets(tid, len): a [socket_record] per open socket into the lease
# (as many whole ones as fit) -> bytes written.
.globl net_sockets
net_sockets:
    prologue_locals SOCKET_RECORD_SIZE, ra, s1, s2, s3, s4
    mv      s3, a0
    mv      s2, a1
    la      t0, request
    lw      t0, RQ_LEASE_LEN(t0)
    bleu    s2, t0, 1f
    mv      s2, t0
1:  li      s4, 0                   # bytes written
    la      s1, sockets
2:  lw      t0, SK_HANDLE(s1)
    beqz    t0, 3f
    addi    t1, s4, SOCKET_RECORD_SIZE
    bgtu    t1, s2, 4f
    sw      t0, SOCKET_RECORD_HANDLE(sp)
    lw      t0, SK_LPORT(s1)
    sw      t0, SOCKET_RECORD_LOCAL_PORT(sp)
    lw      t0, SK_RADDR(s1)
    sw      t0, SOCKET_RECORD_REMOTE_ADDR(sp)
    lw      t0, SK_RPORT(s1)
    sw      t0, SOCKET_RECORD_REMOTE_PORT(sp)
    lw      t0, SK_QCOUNT(s1)
    sw      t0, SOCKET_RECORD_QUEUED(sp)
    lw      t0, SK_RTID(s1)
    snez    t0, t0
    sw      t0, SOCKET_RECORD_WAITING(sp)
    mv      a0, s3
    mv      a1, s4
    mv      a2, sp
    li      a3, SOCKET_RECORD_SIZE
    call    lease_write
    li      t0, SOCKET_RECORD_SIZE
    bne     a0, t0, 4f
    addi    s4, s4, SOCKET_RECORD_SIZE
3:  addi    s1, s1, SK_SIZE
    la      t0, sockets + SOCKETS_MAX * SK_SIZE
    bltu    s1, t0, 2b
4:  mv      a0, s4
    li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret

.section .data
.balign 4
.globl timed_waits
timed_waits: .word 0                # calls waiting with a deadline (the ticker's futex word)
next_gen:    .word 1                # the next socket's generation (in its handle)
next_port:   .word EPHEMERAL_FIRST  # the next ephemeral port to try

.section .bss
.balign 4
sockets:     .space SOCKETS_MAX * SK_SIZE
sock_queues: .space SOCKETS_MAX * UDP_QUEUE * UQ_SIZE
