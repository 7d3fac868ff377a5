# servers/net/udp.s — UDP (RFC 768) for the sockets of sock.s: datagrams
# in (length and checksum checked, the pseudo-header included; a zero
# checksum means "none", as the RFC allows) to the socket bound to their
# port, and datagrams out.  A socket keeps UDP_QUEUE datagrams; one more
# is dropped and counted (rx_queue_full); a datagram for a port no socket
# holds is dropped and counted (rx_no_socket), with no ICMP port
# unreachable back (Linux sends one; we do not).

.include "net.inc"

.text
# udp_input(a0 = IPv4 header, a1 = header length, a2 = total length).
# Called by ip_input for UDP to us or to a broadcast.  Clobbers
# caller-saved registers.  s1 = IPv4 header, s2 = the UDP datagram,
# s3 = its length.
.globl udp_input
udp_input:
    prologue ra, s1, s2, s3, s4, s5, s6
    mv      s1, a0
    add     s2, a0, a1
    sub     s3, a2, a1
    li      t0, UDP_HLEN
    bltu    s3, t0, 81f
    addi    a0, s2, UDP_LEN
    call    get16
    li      t0, UDP_HLEN
    bltu    a0, t0, 82f
    bgtu    a0, s3, 81f
    mv      s3, a0                  # the datagram's own length (IPv4 may pad)
    lbu     t0, UDP_CSUM(s2)
    lbu     t1, UDP_CSUM + 1(s2)
    or      t0, t0, t1
    beqz    t0, 1f                  # no checksum sent
    mv      a0, s1
    mv      a1, s3
    call    pseudo_sum
    mv      a2, a0
    mv      a0, s2
    mv      a1, s3
    call    checksum_with
    bnez    a0, 83f
1:  addi    a0, s2, UDP_DPORT
    call    get16
    mv      s5, a0                  # s5 = our port
    addi    a0, s1, IP_SRC
    call    get32
    mv      s4, a0                  # s4 = the source
    addi    a0, s2, UDP_SPORT
    call    get16
    mv      s6, a0                  # s6 = its port
    mv      a0, s5
    mv      a1, s4
    mv      a2, s6
    call    sock_for
    beqz    a0, 84f
    mv      a1, s4
    mv      a2, s6
    addi    a3, s2, UDP_HLEN
    addi    a4, s3, -UDP_HLEN
    call    sock_deliver
    j       9f
81: COUNT   RX_SHORT
    j       9f
82: COUNT   RX_BAD_HEADER
    j       9f
83: COUNT   RX_BAD_CHECKSUM
    j       9f
84: COUNT   RX_NO_SOCKET
9:  epilogue
    ret

# pseudo_sum(a0 = IPv4 header, a1 = UDP length) -> a0 = the unfolded sum of
# the pseudo-header: source, destination, protocol, UDP length.  Clobbers
# a1, a2, t0-t2.
pseudo_sum:
    prologue ra, s1, s2
    mv      s1, a0
    addi    s2, a1, PROTO_UDP
    addi    a0, s1, IP_SRC
    call    get16
    add     s2, s2, a0
    addi    a0, s1, IP_SRC + 2
    call    get16
    add     s2, s2, a0
    addi    a0, s1, IP_DST
    call    get16
    add     s2, s2, a0
    addi    a0, s1, IP_DST + 2
    call    get16
    add     a0, s2, a0
    epilogue
    ret

# udp_send(a0 = source port, a1 = destination address, a2 = destination
# port, a3 = next hop's MAC, a4 = client tid whose lease holds the data,
# a5 = its length) -> a0 = bytes sent, or -errno (-EFAULT: the lease holds
# less; -EAGAIN: no transmit buffer).  Clobbers caller-saved registers.
.globl udp_send
udp_send:
    prologue ra, s1, s2, s3, s4, s5, s6
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s4, a4
    mv      s5, a5
    mv      a0, a1
    li      a1, PROTO_UDP
    mv      a2, a3
    call    ip_start
    li      t0, -EAGAIN
    beqz    a0, 8f
    mv      s6, a0                  # s6 = the UDP header
    mv      a0, s4
    li      a1, 0
    addi    a2, s6, UDP_HLEN
    mv      a3, s5
    call    lease_read
    bltz    a0, 7f
    bne     a0, s5, 7f
    mv      a0, s6
    mv      a1, s1
    call    put16                   # UDP_SPORT
    addi    a0, s6, UDP_DPORT
    mv      a1, s3
    call    put16
    addi    a0, s6, UDP_LEN
    addi    a1, s5, UDP_HLEN
    call    put16
    sb      zero, UDP_CSUM(s6)
    sb      zero, UDP_CSUM + 1(s6)
    la      t0, tx_ip               # the pseudo-header of the packet ip_start began
    lw      a0, 0(t0)
    addi    a1, s5, UDP_HLEN
    call    pseudo_sum
    mv      a2, a0
    mv      a0, s6
    addi    a1, s5, UDP_HLEN
    call    checksum_with
    bnez    a0, 1f
    li      a0, 0xFFFF              # a sum of 0 is sent as all ones (0 means none)
1:  mv      a1, a0
    addi    a0, s6, UDP_CSUM
    call    put16
    addi    a0, s5, UDP_HLEN
    call    ip_send
    mv      a0, s5
    j       9f
7:  li      t0, -EFAULT             # the buffer taken goes back unsent
8:  mv      a0, t0
9:  epilogue
    ret
