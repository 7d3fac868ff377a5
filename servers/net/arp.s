# servers/net/arp.s — ARP (RFC 826) for IPv4 over Ethernet: answers
# requests for our address, asks for others' (arp_request), announces our
# own (a gratuitous request: sender = target = us, at start and when
# ifconfig changes it), and keeps a cache of NET_ARP_ENTRIES entries.
# Entries age: one learned more than NET_ARP_AGE_MS ago is forgotten when
# next looked at, so a machine that changed its card is asked again.
# Like Linux, a sender is learned only when it asks for us or is in the
# cache already (RFC 826's merge rule), so a broadcast storm of requests
# for others cannot fill the cache.

.include "net.inc"

.text
# arp_input(a0 = frame, a1 = its length).  Called by eth_input.
# Clobbers caller-saved registers.
.globl arp_input
arp_input:
    prologue ra, s1, s2, s3, s4
    li      t0, ETH_HLEN + ARP_LEN
    bltu    a1, t0, 81f
    addi    s1, a0, ETH_HLEN        # s1 = the ARP packet
    addi    a0, s1, ARP_HTYPE
    call    get16
    li      t0, 1                   # Ethernet
    bne     a0, t0, 82f
    addi    a0, s1, ARP_PTYPE
    call    get16
    li      t0, ETHERTYPE_IPV4
    bne     a0, t0, 82f
    lbu     t0, ARP_HLEN(s1)
    li      t1, 6
    bne     t0, t1, 82f
    lbu     t0, ARP_PLEN(s1)
    li      t1, 4
    bne     t0, t1, 82f
    lbu     t0, ARP_SHA(s1)         # a multicast sender is a lie
    andi    t0, t0, 1
    bnez    t0, 82f
    COUNT   ARP_IN
    addi    a0, s1, ARP_OPER
    call    get16
    mv      s4, a0
    addi    a0, s1, ARP_SPA
    call    get32
    mv      s2, a0                  # s2 = sender's address
    addi    a0, s1, ARP_TPA
    call    get32
    mv      s3, a0                  # s3 = target's address
    beqz    s2, 3f                  # a probe (sender 0.0.0.0) teaches nothing
    la      t0, my_addr
    lw      t0, 0(t0)
    beq     s2, t0, 3f              # nor does our own address from someone else
    beq     s3, t0, 2f              # it asks for us, or answers us: learn it
    mv      a0, s2
    call    arp_find                # else refresh it only if we know it
    beqz    a0, 3f
2:  mv      a0, s2
    addi    a1, s1, ARP_SHA
    call    arp_learn
3:  li      t0, ARP_REQUEST
    bne     s4, t0, 9f
    la      t0, my_addr
    lw      t0, 0(t0)
    beqz    t0, 9f
    bne     s3, t0, 9f
    beq     s2, t0, 9f              # someone's gratuitous ARP for our address: no answer
    li      a0, ARP_REPLY
    mv      a1, s2
    addi    a2, s1, ARP_SHA
    call    arp_send
    j       9f
81: COUNT   RX_SHORT
    j       9f
82: COUNT   RX_BAD_ARP
9:  epilogue
    ret

# arp_send(a0 = operation, a1 = target address, a2 = target MAC, or 0 for
# a request to everyone (broadcast, target MAC zero)).  Sender: us.
# Clobbers caller-saved registers.
.globl arp_send
arp_send:
    prologue ra, s1, s2, s3, s4
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    la      a0, broadcast_mac
    beqz    s3, 1f
    mv      a0, s3
1:  li      a1, ETHERTYPE_ARP
    call    eth_start
    beqz    a0, 9f
    mv      s4, a0
    li      a1, 1
    call    put16                   # ARP_HTYPE: Ethernet
    addi    a0, s4, ARP_PTYPE
    li      a1, ETHERTYPE_IPV4
    call    put16
    li      t0, 6
    sb      t0, ARP_HLEN(s4)
    li      t0, 4
    sb      t0, ARP_PLEN(s4)
    addi    a0, s4, ARP_OPER
    mv      a1, s1
    call    put16
    addi    a0, s4, ARP_SHA
    la      a1, nic_mac
    call    mac_copy
    addi    a0, s4, ARP_SPA
    la      t0, my_addr
    lw      a1, 0(t0)
    call    put32
    addi    a0, s4, ARP_THA
    la      a1, zero_mac
    beqz    s3, 2f
    mv      a1, s3
2:  call    mac_copy
    addi    a0, s4, ARP_TPA
    mv      a1, s2
    call    put32
    li      a0, ETH_HLEN + ARP_LEN
    call    nic_send
    COUNT   ARP_OUT
9:  epilogue
    ret

# arp_announce(): a gratuitous ARP request for our own address, so
# neighbours that cached another MAC for it learn ours.  Clobbers
# caller-saved registers.
.globl arp_announce
arp_announce:
    la      t0, my_addr
    lw      a1, 0(t0)
    beqz    a1, 1f
    li      a0, ARP_REQUEST
    li      a2, 0
    tail    arp_send
1:  ret

# arp_find(a0 = address) -> a0 = its live cache entry, or 0.  An entry
# past its age is freed here.  Clobbers a1, t0-t3.
.globl arp_find
arp_find:
    prologue ra, s1, s2
    mv      s1, a0
    beqz    s1, 8f
    la      s2, arp_cache
1:  la      t0, arp_cache + NET_ARP_ENTRIES * AE_SIZE
    bgeu    s2, t0, 8f
    lw      t0, AE_ADDR(s2)
    beq     t0, s1, 2f
    addi    s2, s2, AE_SIZE
    j       1b
2:  call    uptime
    lw      t0, AE_STAMP(s2)
    sub     t0, a0, t0
    li      t1, NET_ARP_AGE_MS
    bgeu    t0, t1, 3f
    mv      a0, s2
    j       9f
3:  sw      zero, AE_ADDR(s2)       # too old: forgotten
8:  li      a0, 0
9:  epilogue
    ret

# arp_learn(a0 = address, a1 = its MAC): into its entry, else a free one,
# else the oldest.  Clobbers caller-saved registers.
.globl arp_learn
arp_learn:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    call    arp_find
    mv      s3, a0
    bnez    s3, 5f
    la      t0, arp_cache           # a free entry, or the oldest
    la      t1, arp_cache + NET_ARP_ENTRIES * AE_SIZE
    mv      s3, t0
1:  bgeu    t0, t1, 5f
    lw      t2, AE_ADDR(t0)
    beqz    t2, 4f
    lw      t2, AE_STAMP(t0)
    lw      t3, AE_STAMP(s3)
    bgeu    t2, t3, 2f
    mv      s3, t0
2:  addi    t0, t0, AE_SIZE
    j       1b
4:  mv      s3, t0
5:  sw      s1, AE_ADDR(s3)
    addi    a0, s3, AE_MAC
    mv      a1, s2
    call    mac_copy
    call    uptime
    sw      a0, AE_STAMP(s3)
    mv      a0, s1                  # echo requests and sends that waited for it go now
    call    echo_arp_learned
    mv      a0, s1
    call    udp_arp_learned
    epilogue
    ret

.section .rodata
zero_mac: .byte 0, 0, 0, 0, 0, 0

.section .bss
.balign 4
.globl arp_cache
arp_cache: .space NET_ARP_ENTRIES * AE_SIZE

.text
# net_arp(tid, len): an [arp_record] per live cache entry into the lease
# (as many whole ones as fit) -> bytes written.  Called by the loop (the
# net protocol's arp).
.globl net_arp
net_arp:
    prologue_locals ARP_RECORD_SIZE, ra, s1, s2, s3, s4
    mv      s3, a0
    mv      s2, a1
    la      t0, request
    lw      t0, RQ_LEASE_LEN(t0)
    bleu    s2, t0, 1f
    mv      s2, t0
1:  li      s4, 0                   # bytes written
    la      s1, arp_cache
2:  lw      a0, AE_ADDR(s1)
    beqz    a0, 3f
    call    arp_find                # forgets it if it is too old
    beqz    a0, 3f
    addi    t1, s4, ARP_RECORD_SIZE
    bgtu    t1, s2, 4f
    lw      t0, AE_ADDR(s1)
    sw      t0, ARP_RECORD_ADDR(sp)
    sw      zero, ARP_RECORD_MAC + 4(sp)
    addi    a0, sp, ARP_RECORD_MAC
    addi    a1, s1, AE_MAC
    call    mac_copy
    call    uptime
    lw      t0, AE_STAMP(s1)
    sub     a0, a0, t0
    sw      a0, ARP_RECORD_AGE_MS(sp)
    mv      a0, s3
    mv      a1, s4
    mv      a2, sp
    li      a3, ARP_RECORD_SIZE
    call    lease_write
    li      t0, ARP_RECORD_SIZE
    bne     a0, t0, 4f
    addi    s4, s4, ARP_RECORD_SIZE
3:  addi    s1, s1, AE_SIZE
    la      t0, arp_cache + NET_ARP_ENTRIES * AE_SIZE
    bltu    s1, t0, 2b
4:  mv      a0, s4
    li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret
