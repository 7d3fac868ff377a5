# servers/net/eth.s — Ethernet: which frames are ours and what they carry,
# and the header of every frame we send.  A frame is ours when it is
# addressed to our MAC or to the broadcast address (we join no multicast
# group); ARP and IPv4 are the only EtherTypes served.  Every frame
# received is counted once (rx_frames) and, when dropped, once by cause.

.include "net.inc"

.text
# eth_input(a0 = frame, a1 = its length).  Called by nic_receive for each
# frame.  Clobbers caller-saved registers.
.globl eth_input
eth_input:
    prologue ra, s1, s2
    mv      s1, a0
    mv      s2, a1
    COUNT   RX_FRAMES
    li      t0, ETH_HLEN
    bltu    s2, t0, 81f
    lbu     t0, ETH_DST(s1)         # broadcast: ff:ff:ff:ff:ff:ff
    li      t1, 0xFF
    li      t2, 0
1:  add     t3, s1, t2
    lbu     t3, ETH_DST(t3)
    bne     t3, t1, 2f
    addi    t2, t2, 1
    li      t3, 6
    blt     t2, t3, 1b
    j       4f
2:  li      t2, 0                   # else our MAC
    la      t1, nic_mac
3:  add     t3, s1, t2
    lbu     t3, ETH_DST(t3)
    add     t4, t1, t2
    lbu     t4, 0(t4)
    bne     t3, t4, 82f
    addi    t2, t2, 1
    li      t3, 6
    blt     t2, t3, 3b
4:  addi    a0, s1, ETH_TYPE
    call    get16
    li      t0, ETHERTYPE_ARP
    beq     a0, t0, 5f
    li      t0, ETHERTYPE_IPV4
    beq     a0, t0, 6f
    COUNT   RX_UNKNOWN_TYPE
    j       9f
5:  mv      a0, s1
    mv      a1, s2
    call    arp_input
    j       9f
6:  mv      a0, s1
    mv      a1, s2
    call    ip_input
    j       9f
81: COUNT   RX_SHORT
    j       9f
82: COUNT   RX_OTHER_HOST
9:  epilogue
    ret

# eth_start(a0 = destination MAC, a1 = EtherType) -> a0 = where the frame's
# payload goes (its header written, from our MAC), or 0 when no transmit
# buffer is free.  nic_send sends it.  Clobbers caller-saved registers.
.globl eth_start
eth_start:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    call    nic_tx_buffer
    beqz    a0, 9f
    mv      s3, a0
    mv      a1, s1
    call    mac_copy                # ETH_DST
    addi    a0, s3, ETH_SRC
    la      a1, nic_mac
    call    mac_copy
    addi    a0, s3, ETH_TYPE
    mv      a1, s2
    call    put16
    addi    a0, s3, ETH_HLEN
9:  epilogue
    ret

.section .rodata
.globl broadcast_mac
broadcast_mac: .byte 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
