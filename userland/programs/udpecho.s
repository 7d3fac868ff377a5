# userland/programs/udpecho.s — `udpecho [PORT]`: a UDP echo server (RFC
# 862; PORT 7 when left out): every datagram goes back to where it came
# from, unchanged.  Runs until Ctrl-C.  Says where it listens first.

    .include "abi.inc"
    .include "frame.inc"

    .equ ECHO_PORT, 7
    .text
    .globl main
# main(a0 = argc, a1 = argv) -> exit status.  Called by crt0.
# s0 = the socket, s1 = the port, s2 = bytes of the last datagram,
# s3 = its source, s4 = its source port.
main:
    prologue ra, s0, s1, s2, s3, s4
    li      s1, ECHO_PORT
    li      t0, 2
    bgt     a0, t0, 80f
    bne     a0, t0, 1f
    lw      a0, 4(a1)
    call    parse_int
    beqz    a1, 80f
    blez    a0, 80f
    li      t0, 65535
    bgt     a0, t0, 80f
    mv      s1, a0
1:  call    udp_socket
    bltz    a0, 81f
    mv      s0, a0
    mv      a1, s1
    call    udp_bind
    bltz    a0, 81f
    la      a0, listening
    mv      a1, s1
    call    printf
    call    stdout_flush
2:  mv      a0, s0
    la      a1, buffer
    li      a2, UDP_DATA_MAX
    li      a3, 0
    call    udp_recvfrom
    bltz    a0, 81f
    mv      s2, a0
    mv      s3, a1
    mv      s4, a2
    mv      a0, s0
    la      a1, buffer
    mv      a2, s2
    mv      a3, s3
    mv      a4, s4
    call    udp_sendto
    j       2b
80: la      a0, usage
    call    printf
    li      a0, 2
    j       9f
81: la      a1, program
    la      a2, what
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
program:   .asciz "udpecho"
what:      .asciz "socket"
listening: .asciz "udpecho: listening on UDP port %d\n"
usage:     .asciz "usage: udpecho [PORT]\n"

    .section .bss
    .balign 4
buffer: .space UDP_DATA_MAX
