# userland/programs/ifconfig.s — the network interface: `ifconfig` alone
# shows its address, MAC and the net server's counters (net.info, names
# from abi.toml [net_counters]); `ifconfig ADDR[/PREFIX]` sets the address
# (net.set_addr; PREFIX 24 when left out).  Without a card there is no
# net server: "ifconfig: no network: server is dead".

    .include "abi.inc"
    .include "frame.inc"

    .equ INFO, 0                    # locals: the [net_info] record
    .equ TEXT, NETI_SIZE            # an address as text
    .equ LOCALS, NETI_SIZE + INET_TEXT

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = exit status.  Called by crt0.
# s0 = argv, s1 = counter index.
main:
    prologue_locals LOCALS, ra, s0, s1
    mv      s0, a1
    li      t0, 2
    bgt     a0, t0, 7f
    beq     a0, t0, 5f
    addi    a0, sp, INFO
    call    net_info_get
    bltz    a0, 6f
    lw      a0, INFO + NETI_ADDR(sp)
    addi    a1, sp, TEXT
    call    inet_format
    la      a0, head_format
    addi    a1, sp, TEXT
    lw      a2, INFO + NETI_PREFIX(sp)
    call    printf
    la      a0, mac_format
    lbu     a1, INFO + NETI_MAC(sp)
    lbu     a2, INFO + NETI_MAC + 1(sp)
    lbu     a3, INFO + NETI_MAC + 2(sp)
    lbu     a4, INFO + NETI_MAC + 3(sp)
    lbu     a5, INFO + NETI_MAC + 4(sp)
    lbu     a6, INFO + NETI_MAC + 5(sp)
    call    printf
    li      s1, 0
1:  li      t0, NET_COUNTERS
    bgeu    s1, t0, 2f
    slli    t0, s1, 2
    la      t1, counter_names
    add     t1, t1, t0
    lw      a1, 0(t1)
    add     t1, sp, t0
    lw      a2, INFO + NETI_COUNTERS(t1)
    la      a0, counter_format
    call    printf
    addi    s1, s1, 1
    j       1b
2:  li      a0, 0
    j       9f
5:  lw      a0, 4(s0)               # ifconfig ADDR[/PREFIX]
    call    inet_parse
    beqz    a2, 8f
    lbu     t0, 0(a1)
    li      a2, NET_DEFAULT_PREFIX
    beqz    t0, 4f
    li      t1, '/'
    bne     t0, t1, 8f
    mv      s1, a0
    addi    a0, a1, 1
    call    parse_int
    beqz    a1, 8f
    mv      a2, a0
    mv      a0, s1
4:  mv      a3, a2
    mv      a2, a0
    li      a0, PORT_NET
    li      a1, NET_SET_ADDR
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    bltz    a0, 61f
    li      a0, 0
    j       9f
6:  la      a2, what_network        # no server, or it failed
    j       62f
61: lw      a2, 4(s0)
62: la      a1, program
    call    warn_errno
    li      a0, 1
    j       9f
7:  la      a0, usage
    call    printf
    li      a0, 2
    j       9f
8:  la      a0, bad_format
    lw      a1, 4(s0)
    call    printf
    li      a0, 2
9:  epilogue
    ret

    .section .rodata
    .balign 4
counter_names:
    NET_COUNTER_NAME_TABLE
program:        .asciz "ifconfig"
what_network:   .asciz "no network"
head_format:    .asciz "net0: inet %s/%d"
mac_format:     .asciz "  ether %02x:%02x:%02x:%02x:%02x:%02x\n"
counter_format: .asciz "  %-16s %u\n"
usage:          .asciz "usage: ifconfig [ADDR[/PREFIX]]\n"
bad_format:     .asciz "ifconfig: %s: not an address (ADDR[/PREFIX], e.g. 10.0.2.15/24)\n"
