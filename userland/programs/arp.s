# userland/programs/arp.s — `arp`: the net server's ARP cache (net.arp),
# one line per live entry: address, MAC and age, as `arp -n` lists them.

    .include "abi.inc"
    .include "frame.inc"

    .equ RECORDS, NET_ARP_ENTRIES
    .text
    .globl main
# main() -> exit status.  Called by crt0.  s0 = record, s1 = end.
main:
    prologue_locals INET_TEXT, ra, s0, s1
    li      a0, PORT_NET
    li      a1, NET_ARP
    li      a2, RECORDS * ARP_RECORD_SIZE
    li      a3, 0
    li      a4, 0
    li      a5, 0
    la      t2, records
    IPC_LEASE t2, a2, LEASE_W
    SYSCALL CALL
    bltz    a0, 8f
    la      s0, records
    add     s1, s0, a0
    la      a0, header
    call    printf
1:  bgeu    s0, s1, 7f
    lw      a0, ARP_RECORD_ADDR(s0)
    mv      a1, sp
    call    inet_format
    la      a0, address_format
    mv      a1, sp
    call    printf
    la      a0, mac_format
    lbu     a1, ARP_RECORD_MAC(s0)
    lbu     a2, ARP_RECORD_MAC + 1(s0)
    lbu     a3, ARP_RECORD_MAC + 2(s0)
    lbu     a4, ARP_RECORD_MAC + 3(s0)
    lbu     a5, ARP_RECORD_MAC + 4(s0)
    lbu     a6, ARP_RECORD_MAC + 5(s0)
    lw      a7, ARP_RECORD_AGE_MS(s0)
    li      t0, 1000
    divu    a7, a7, t0
    call    printf
    addi    s0, s0, ARP_RECORD_SIZE
    j       1b
7:  li      a0, 0
    j       9f
8:  la      a1, program
    la      a2, what
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
program:        .asciz "arp"
what:           .asciz "no network"
header:         .asciz "Address          HWaddress          Age\n"
address_format: .asciz "%-16s "
mac_format:     .asciz "%02x:%02x:%02x:%02x:%02x:%02x  %d s\n"

    .section .bss
    .balign 4
records: .space RECORDS * ARP_RECORD_SIZE
