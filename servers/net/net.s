# servers/net/net.s — the network server: IPv4 on the virtio-net card,
# served on PORT_NET with the net protocol of kernel/abi.toml.
#
# pm starts it (a driver: SPACE_DRIVER, every virtio-mmio slot mapped at
# USER_DEVICE_BASE) only when a network card is present, and restarts it
# when it dies.  The pieces, from the wire up: nic.s the card, eth.s
# Ethernet, arp.s ARP and its cache, ip.s IPv4, icmp.s ICMP, echo.s the
# echo requests clients ask for; udp.s UDP and sock.s its sockets; ops.s the
# operations clients call; bytes.s byte order and checksums.  Here:
# start-up (the card, the default address, a gratuitous ARP) and the loop,
# which takes frames when the card interrupts (or nic.s's poller says an
# interrupt was lost) and serves one call at a time through NET_OP_TABLE.  It never calls another server but the
# console, to print, and never waits for a client.

.include "net.inc"

.text
# main(): start the card, take the default address, then serve forever.
# Called by crt0.  s0 = client to answer before the next receive (0: none),
# s1..s4 = the answer's code and words, s5 = the call's label, s6 = the
# notification bits, s7..s10 = the call's words.
.globl main
main:
    call    nic_init
    bnez    a0, 1f
    la      t0, card_up
    li      t1, 1
    sw      t1, 0(t0)
    call    default_addr
    call    say_addr
    call    arp_announce
    call    nic_receive             # frames that came before we were listening
    call    self                    # the ticker notifies us while echo calls wait
    mv      a1, a0
    la      a0, ticker
    call    thread_create
    call    self                    # the poller, when a card interrupt was lost
    mv      a1, a0
    la      a0, nic_poller
    call    thread_create           # if it fails, frames come by the IRQ only
1:  li      s0, 0
2:  beqz    s0, 3f
    mv      a0, s0
    mv      a1, s1
    mv      a2, s2
    mv      a3, s3
    mv      a4, s4
    li      a5, 0
    li      a6, PORT_NET
    SYSCALL REPLY_RECV
    j       4f
3:  li      a0, PORT_NET
    li      a1, NIC_NOTIFY | NIC_POLL | TICK_NOTIFY | NOTIFY_EXITED
    SYSCALL RECV
4:  mv      s0, a0
    la      t2, request
    sw      a0, RQ_TID(t2)
    sw      t0, RQ_LEASE_LEN(t2)
    mv      s5, a1                  # the call, kept across the card's work
    mv      s7, a2
    mv      s8, a3
    mv      s9, a4
    mv      s10, a5
    mv      s6, a6
    andi    t0, s6, NIC_NOTIFY | NIC_POLL # the poller's: as if the card had interrupted
    beqz    t0, 5f
    call    nic_interrupt
    call    nic_receive
5:  andi    t0, s6, TICK_NOTIFY
    beqz    t0, 51f
    call    echo_tick
    call    udp_tick
51: li      t0, NOTIFY_EXITED       # a process ended: its sockets go
    and     t0, t0, s6
    beqz    t0, 6f
    call    sock_exited
6:  blez    s0, 1b                  # notifications only
    li      s0, REPLY_CALLER        # answer by the kernel's record of who
    mv      t3, s5                  # asked, whatever RQ_TID says
    li      s1, 0
    li      s2, 0
    li      s3, 0
    li      s4, 0
    li      t0, LABEL_ALIVE         # pm's watchdog: alive, card or not
    beq     t3, t0, 2b
    li      s1, -EIO
    la      t0, card_up
    lw      t0, 0(t0)
    beqz    t0, 2b                  # no card: every operation fails
    li      s1, -ENOSYS
    addi    t0, t3, -1              # labels 1..NET_NOPS
    li      t1, NET_NOPS
    bgeu    t0, t1, 2b
    slli    t0, t0, 2
    la      t1, op_table
    add     t0, t0, t1
    lw      t0, 0(t0)
    la      t1, request
    lw      a0, RQ_TID(t1)          # handlers take (tid, w0, w1, w2, w3)
    mv      a1, s7
    mv      a2, s8
    mv      a3, s9
    mv      a4, s10
    jalr    t0
    la      t0, deferred            # the operation keeps the call (echo): no answer now
    lw      t1, 0(t0)
    sw      zero, 0(t0)
    bnez    t1, 1b
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s4, a3
    j       2b

# default_addr(): 10.0.2.X/24 with X the MAC's last byte (0 and 255, the
# subnet's network and broadcast addresses, become 1 and 254), so machines
# with different MACs get different addresses with nothing configured and
# QEMU's user network (10.0.2.0/24) fits.  Clobbers caller-saved registers.
default_addr:
    la      t0, nic_mac
    lbu     a0, 5(t0)
    bnez    a0, 1f
    li      a0, 1
1:  li      t0, 255
    bne     a0, t0, 2f
    li      a0, 254
2:  li      t0, NET_DEFAULT_NET
    or      a0, a0, t0
    li      a1, NET_DEFAULT_PREFIX
    tail    set_addr

# set_addr(a0 = address, a1 = prefix length, 1..30): takes them (no checks).
# Clobbers t0, t1.
.globl set_addr
set_addr:
    la      t0, my_addr
    sw      a0, 0(t0)
    la      t0, my_prefix
    sw      a1, 0(t0)
    li      t0, -1                  # the mask: prefix ones from the top
    li      t1, 32
    sub     t1, t1, a1
    sll     t0, t0, t1
    la      t1, my_mask
    sw      t0, 0(t1)
    ret

# say_addr(): "net: MAC ADDR/PREFIX" on the console.  Clobbers caller-saved registers.
say_addr:
    prologue ra
    la      t0, nic_mac
    lbu     a1, 0(t0)
    lbu     a2, 1(t0)
    lbu     a3, 2(t0)
    lbu     a4, 3(t0)
    lbu     a5, 4(t0)
    lbu     a6, 5(t0)
    la      a0, mac_format
    call    printf
    la      t0, my_addr
    lw      t0, 0(t0)
    srli    a1, t0, 24
    srli    a2, t0, 16
    andi    a2, a2, 0xFF
    srli    a3, t0, 8
    andi    a3, a3, 0xFF
    andi    a4, t0, 0xFF
    la      t0, my_prefix
    lw      a5, 0(t0)
    la      a0, addr_format
    call    printf
    epilogue
    ret

# net_say(a0 = message): print a line of the server's own on the console.
# Clobbers caller-saved registers.
.globl net_say
net_say:
    mv      a1, a0
    la      a0, say_format
    tail    printf

.section .rodata
.balign 4
op_table:                           # net_<name> by label (abi.inc, from abi.toml)
    NET_OP_TABLE
say_format:  .asciz "%s"
mac_format:  .asciz "net: %02x:%02x:%02x:%02x:%02x:%02x "
addr_format: .asciz "%d.%d.%d.%d/%d\n"

.section .data
.balign 4
card_up:   .word 0                  # 1: the card works
.globl my_addr
my_addr:   .word 0                  # our IPv4 address, host order (0: none)
.globl my_prefix
my_prefix: .word 0
.globl my_mask
my_mask:   .word 0
.globl counters
counters:  .space NET_COUNTERS * 4

.section .bss
.balign 4
.globl request
request: .space RQ_SIZE
