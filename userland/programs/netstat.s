# userland/programs/netstat.s — `netstat`: the net server's UDP sockets
# (net.sockets: local port, peer, datagrams queued, whether a receive
# waits) and its counters (net.info), as ifconfig prints them.

    .include "abi.inc"
    .include "frame.inc"

    .text
    .globl main
# main() -> exit status.  Called by crt0.  s0 = record, s1 = end.
main:
    prologue_locals INET_TEXT, ra, s0, s1
    li      a0, PORT_NET
    li      a1, NET_SOCKETS
    li      a2, SOCKETS_MAX * SOCKET_RECORD_SIZE
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
1:  bgeu    s0, s1, 5f
    lw      a0, SOCKET_RECORD_REMOTE_ADDR(s0)
    la      a1, star
    beqz    a0, 2f
    mv      a1, sp
    call    inet_format
    mv      a1, sp
2:  la      a0, socket_format
    lw      a2, SOCKET_RECORD_REMOTE_PORT(s0)
    lw      a3, SOCKET_RECORD_LOCAL_PORT(s0)
    lw      a4, SOCKET_RECORD_QUEUED(s0)
    la      a5, idle
    lw      t0, SOCKET_RECORD_WAITING(s0)
    beqz    t0, 3f
    la      a5, waiting
3:  mv      a6, a1                  # printf's order: local, peer, port, queued, state
    mv      a7, a2
    mv      a1, a3
    mv      a2, a6
    mv      a3, a7
    call    printf
    addi    s0, s0, SOCKET_RECORD_SIZE
    j       1b
5:  la      a0, records             # the counters: net.info
    call    net_info_get
    bltz    a0, 8f
    li      s0, 0
6:  li      t0, NET_COUNTERS
    bgeu    s0, t0, 7f
    slli    t0, s0, 2
    la      t1, counter_names
    add     t1, t1, t0
    lw      a1, 0(t1)
    la      t1, records + NETI_COUNTERS
    add     t1, t1, t0
    lw      a2, 0(t1)
    la      a0, counter_format
    call    printf
    addi    s0, s0, 1
    j       6b
7:  li      a0, 0
    j       9f
8:  la      a1, program
    la      a2, what
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
    .balign 4
counter_names:
    NET_COUNTER_NAME_TABLE
program:        .asciz "netstat"
what:           .asciz "no network"
star:           .asciz "*"
idle:           .asciz ""
waiting:        .asciz "receiving"
header:         .asciz "Proto Local        Foreign               Queued State\n"
socket_format:  .asciz "udp   *:%-10d %s:%-15d %-6d %s\n"
counter_format: .asciz "  %-16s %u\n"

    .section .bss
    .balign 4
records: .space SOCKETS_MAX * SOCKET_RECORD_SIZE + NETI_SIZE
