# servers/net/icmp.s — ICMP (RFC 792): echo requests to our address are
# answered with the same identifier, sequence number and data; echo
# replies go to echo.s, whose clients wait for them; the message's
# checksum is verified first.  Other types are dropped and counted
# (rx_unknown_proto).

.include "net.inc"

.text
# icmp_input(a0 = frame, a1 = its IPv4 header, a2 = header length,
# a3 = total length).  Called by ip_input.  Clobbers caller-saved registers.
# s1 = frame, s2 = IPv4 header, s3 = the ICMP message, s4 = its length.
.globl icmp_input
icmp_input:
    prologue ra, s1, s2, s3, s4, s5
    mv      s1, a0
    mv      s2, a1
    add     s3, a1, a2
    sub     s4, a3, a2
    li      t0, ICMP_HLEN
    bltu    s4, t0, 81f
    mv      a0, s3
    mv      a1, s4
    call    checksum
    bnez    a0, 82f
    lbu     t0, ICMP_TYPE(s3)
    li      t1, ICMP_ECHO_REPLY
    bne     t0, t1, 1f
    mv      a0, s2
    mv      a1, s3
    mv      a2, s4
    call    echo_reply_in
    j       9f
1:  li      t1, ICMP_ECHO_REQUEST
    bne     t0, t1, 83f
    addi    a0, s2, IP_SRC          # the answer goes back where the request came from
    call    get32
    li      a1, PROTO_ICMP
    addi    a2, s1, ETH_SRC
    call    ip_start
    beqz    a0, 9f
    mv      s5, a0
    mv      a1, s3
    mv      a2, s4
    call    memcpy
    li      t0, ICMP_ECHO_REPLY
    sb      t0, ICMP_TYPE(s5)
    sb      zero, ICMP_CSUM(s5)
    sb      zero, ICMP_CSUM + 1(s5)
    mv      a0, s5
    mv      a1, s4
    call    checksum
    mv      a1, a0
    addi    a0, s5, ICMP_CSUM
    call    put16
    mv      a0, s4
    call    ip_send
    COUNT   ICMP_ECHO_IN
    j       9f
81: COUNT   RX_SHORT
    j       9f
82: COUNT   RX_BAD_CHECKSUM
    j       9f
83: COUNT   RX_UNKNOWN_PROTO
9:  epilogue
    ret
