# servers/net/ip.s — IPv4 (RFC 791) for a host: checks what arrives and
# hands it to its protocol, and builds the header of what we send.
# Received: the version, the header and total lengths, the header checksum
# are verified (each failure dropped and counted); options are skipped
# (the header length says where the payload starts); a fragment (more-
# fragments set or an offset) is dropped and counted, never reassembled;
# the TTL is not checked (a host only forwards nothing).  Sent: no options,
# TTL NET_TTL, don't-fragment set, an identification that counts up.
# Our address is my_addr (net.s); a packet is ours when it names it, or,
# for UDP, the broadcast address or our subnet's.

.include "net.inc"

.text
# ip_input(a0 = frame, a1 = its length).  Called by eth_input.
# Clobbers caller-saved registers.  s1 = frame, s2 = IPv4 header,
# s3 = bytes after the Ethernet header, s4 = header length, s5 = total length.
.globl ip_input
ip_input:
    prologue ra, s1, s2, s3, s4, s5
    mv      s1, a0
    addi    s2, a0, ETH_HLEN
    addi    s3, a1, -ETH_HLEN
    li      t0, IP_HLEN
    bltu    s3, t0, 81f
    lbu     t0, IP_VHL(s2)
    srli    t1, t0, 4
    li      t2, 4
    bne     t1, t2, 83f
    andi    s4, t0, 15
    slli    s4, s4, 2
    li      t0, IP_HLEN
    bltu    s4, t0, 83f
    bgtu    s4, s3, 81f
    addi    a0, s2, IP_TOTLEN
    call    get16
    mv      s5, a0
    bltu    s5, s4, 83f
    bgtu    s5, s3, 81f             # longer than the frame (a shorter one was padded)
    mv      a0, s2
    mv      a1, s4
    call    checksum
    bnez    a0, 84f
    addi    a0, s2, IP_FRAG
    call    get16
    li      t0, IP_MF_OFFSET
    and     a0, a0, t0
    bnez    a0, 85f
    addi    a0, s2, IP_DST
    call    get32
    la      t0, my_addr
    lw      t0, 0(t0)
    lbu     t1, IP_PROTO(s2)
    li      t2, PROTO_ICMP
    bne     t1, t2, 2f
    beqz    t0, 82f                 # ICMP: to our address only (no echo to a broadcast)
    bne     a0, t0, 82f
    mv      a0, s1
    mv      a1, s2
    mv      a2, s4
    mv      a3, s5
    call    icmp_input
    j       9f
2:  beq     a0, t0, 3f              # the rest: ours, or a broadcast
    li      t3, -1
    beq     a0, t3, 3f
    beqz    t0, 82f
    la      t3, my_mask
    lw      t3, 0(t3)
    not     t3, t3
    or      t3, t3, t0
    bne     a0, t3, 82f
3:  li      t2, PROTO_UDP
    bne     t1, t2, 86f
    mv      a0, s2
    mv      a1, s4
    mv      a2, s5
    call    udp_input
    j       9f
81: COUNT   RX_SHORT
    j       9f
82: COUNT   RX_OTHER_HOST
    j       9f
83: COUNT   RX_BAD_HEADER
    j       9f
84: COUNT   RX_BAD_CHECKSUM
    j       9f
85: COUNT   RX_FRAGMENT
    j       9f
86: COUNT   RX_UNKNOWN_PROTO
9:  epilogue
    ret

# ip_start(a0 = destination address, a1 = protocol, a2 = next hop's MAC)
# -> a0 = where the payload goes, or 0 when no transmit buffer is free.
# ip_send sends it.  Clobbers caller-saved registers.
.globl ip_start
ip_start:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    mv      a0, a2
    li      a1, ETHERTYPE_IPV4
    call    eth_start
    beqz    a0, 9f
    mv      s3, a0
    la      t0, tx_ip
    sw      s3, 0(t0)
    li      t0, 0x45                # version 4, five words: no options
    sb      t0, IP_VHL(s3)
    sb      zero, IP_VHL + 1(s3)    # type of service
    la      t0, ip_id
    lw      a1, 0(t0)
    addi    t1, a1, 1
    sw      t1, 0(t0)
    addi    a0, s3, IP_ID
    call    put16
    addi    a0, s3, IP_FRAG
    li      a1, IP_DF
    call    put16
    li      t0, NET_TTL
    sb      t0, IP_TTL(s3)
    sb      s2, IP_PROTO(s3)
    addi    a0, s3, IP_SRC
    la      t0, my_addr
    lw      a1, 0(t0)
    call    put32
    addi    a0, s3, IP_DST
    mv      a1, s1
    call    put32
    addi    a0, s3, IP_HLEN
9:  epilogue
    ret

# ip_send(a0 = payload length): the total length and header checksum of
# the packet ip_start began, then out it goes.  Clobbers caller-saved registers.
.globl ip_send
ip_send:
    prologue ra, s1, s2
    addi    s2, a0, IP_HLEN
    la      t0, tx_ip
    lw      s1, 0(t0)
    addi    a0, s1, IP_TOTLEN
    mv      a1, s2
    call    put16
    sb      zero, IP_CSUM(s1)
    sb      zero, IP_CSUM + 1(s1)
    mv      a0, s1
    li      a1, IP_HLEN
    call    checksum
    mv      a1, a0
    addi    a0, s1, IP_CSUM
    call    put16
    addi    a0, s2, ETH_HLEN
    call    nic_send
    epilogue
    ret

.section .data
.balign 4
.globl tx_ip
tx_ip: .word 0                      # the IPv4 header ip_start began
ip_id: .word 1                      # the next packet's identification
