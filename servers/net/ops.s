# servers/net/ops.s — the operations of the net protocol (kernel/abi.toml):
# net_<name>(a0 = client tid, a1..a4 = the call's words) -> a0 = reply
# code, a1..a3 = reply words, called by the loop in net.s: the
# interface's.  The sockets' are in sock.s, arp in arp.s, echo in echo.s.

.include "net.inc"

.text
# net_info(tid, len): a [net_info] record into the client's lease, as much
# of it as fits (min of len and the lease) -> bytes written, or -EFAULT.
.globl net_info
net_info:
    prologue_locals NETI_SIZE, ra, s1, s2
    mv      s1, a0
    mv      s2, a1
    la      t0, request             # never more than the lease really holds
    lw      t0, RQ_LEASE_LEN(t0)
    bleu    s2, t0, 1f
    mv      s2, t0
1:  li      t0, NETI_SIZE
    bleu    s2, t0, 2f
    mv      s2, t0
2:  la      t0, my_addr
    lw      t0, 0(t0)
    sw      t0, NETI_ADDR(sp)
    la      t0, my_prefix
    lw      t0, 0(t0)
    sw      t0, NETI_PREFIX(sp)
    sw      zero, NETI_MAC + 4(sp)
    addi    a0, sp, NETI_MAC
    la      a1, nic_mac
    call    mac_copy
    addi    a0, sp, NETI_COUNTERS
    la      a1, counters
    li      a2, NET_COUNTERS * 4
    call    memcpy
    mv      a0, s1
    li      a1, 0
    mv      a2, sp
    mv      a3, s2
    call    lease_write
    bltz    a0, 9f
    beq     a0, s2, 9f
    li      a0, -EFAULT
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret

# net_set_addr(tid, addr, prefix) -> 0 or -EINVAL: a new address (and a
# gratuitous ARP saying so).  Refused: prefix 0 or past 30, address 0,
# 127/8, multicast and above (224/3), and the subnet's network and
# broadcast addresses.
.globl net_set_addr
net_set_addr:
    prologue ra, s1, s2
    mv      s1, a1
    mv      s2, a2
    li      a0, -EINVAL
    beqz    s2, 9f
    li      t0, 30
    bgtu    s2, t0, 9f
    srli    t0, s1, 24
    beqz    t0, 9f
    li      t1, 127
    beq     t0, t1, 9f
    li      t1, 224
    bgeu    t0, t1, 9f
    li      t0, 32                  # the host part: neither all zeros nor all ones
    sub     t0, t0, s2
    li      t1, -1
    sll     t1, t1, t0
    not     t1, t1
    and     t2, s1, t1
    beqz    t2, 9f
    beq     t2, t1, 9f
    mv      a0, s1
    mv      a1, s2
    call    set_addr
    call    arp_announce
    li      a0, 0
9:  li      a1, 0
    li      a2, 0
    li      a3, 0
    epilogue
    ret
