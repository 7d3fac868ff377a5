# userland/programs/nc.s — `nc -u [-w SECONDS] ADDR PORT` and
# `nc -u -l [-w SECONDS] PORT`: standard input to a UDP peer, its datagrams
# to standard output, as netcat-openbsd's UDP mode, so pipes and
# redirections work over the network.  Each read of standard input is one
# datagram (at most UDP_DATA_MAX bytes).  The client ends at the end of
# its input (with -w, once nothing more came for SECONDS); the listener takes the first sender as its peer (and sends
# only after it heard from it).  -w: end when no datagram came for SECONDS
# (without it, a listener runs until Ctrl-C).  Two threads: the main one
# reads standard input and sends; a receiver writes what comes.

    .include "abi.inc"
    .include "frame.inc"

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> exit status.  Called by crt0.
# s0 = argv cursor, s1 = arguments left, s2 = listen (1), s3 = address,
# s4 = port.
main:
    prologue ra, s0, s1, s2, s3, s4
    addi    s0, a1, 4
    addi    s1, a0, -1
    li      s2, 0
    li      s3, 0
    beqz    s1, 80f                 # -u first: the only mode there is
    lw      a0, 0(s0)
    la      a1, opt_u
    call    strcmp
    bnez    a0, 80f
    addi    s0, s0, 4
    addi    s1, s1, -1
1:  beqz    s1, 80f                 # options
    lw      a0, 0(s0)
    la      a1, opt_l
    call    strcmp
    bnez    a0, 2f
    li      s2, 1
    addi    s0, s0, 4
    addi    s1, s1, -1
    j       1b
2:  lw      a0, 0(s0)
    la      a1, opt_w
    call    strcmp
    bnez    a0, 3f
    li      t0, 2
    blt     s1, t0, 80f
    lw      a0, 4(s0)
    call    parse_int
    beqz    a1, 80f
    blez    a0, 80f
    li      t0, 1000000
    bgt     a0, t0, 80f
    li      t0, 1000
    mul     a0, a0, t0
    la      t0, idle_ms
    sw      a0, 0(t0)
    addi    s0, s0, 8
    addi    s1, s1, -2
    j       1b
3:  bnez    s2, 4f                  # the client: ADDR PORT
    li      t0, 2
    bne     s1, t0, 80f
    lw      a0, 0(s0)
    call    inet_parse
    beqz    a2, 82f
    lbu     t0, 0(a1)
    bnez    t0, 82f
    mv      s3, a0
    addi    s0, s0, 4
    addi    s1, s1, -1
4:  li      t0, 1                   # PORT
    bne     s1, t0, 80f
    lw      a0, 0(s0)
    call    parse_int
    beqz    a1, 80f
    blez    a0, 80f
    li      t0, 65535
    bgt     a0, t0, 80f
    mv      s4, a0
    call    udp_socket
    bltz    a0, 81f
    la      t0, sock
    sw      a0, 0(t0)
    beqz    s2, 5f
    mv      a1, s4                  # listen: bind, and wait for a peer
    call    udp_bind
    bltz    a0, 81f
    j       6f
5:  mv      a1, s3                  # connect
    mv      a2, s4
    call    udp_connect
    bltz    a0, 81f
    la      t0, peer_known
    li      t1, 1
    sw      t1, 0(t0)
6:  la      a0, receiver
    li      a1, 0
    call    thread_create
    bltz    a0, 81f
7:  la      a0, peer_known          # send only once there is a peer
    li      a1, 0
    li      a2, 0
    call    futex_wait
    la      t0, peer_known
    lw      t0, 0(t0)
    beqz    t0, 7b
8:  li      a0, 0                   # standard input, a datagram per read
    la      a1, out_buf
    li      a2, UDP_DATA_MAX
    call    read
    blez    a0, 85f
    mv      a2, a0
    la      t0, sock
    lw      a0, 0(t0)
    la      a1, out_buf
    call    write
    bgez    a0, 8b
    j       81f
85: li      a0, 0                   # the end of the input ends the client,
    bnez    s2, 86f                 # unless it waits for answers (-w)
    la      t0, idle_ms
    lw      t0, 0(t0)
    bnez    t0, 86f
    j       9f
86: la      a0, forever             # a listener keeps receiving (-w or Ctrl-C ends it)
    li      a1, 0
    li      a2, 0
    call    futex_wait
    j       86b
80: la      a0, usage
    call    printf
    li      a0, 2
    j       9f
81: la      a1, program
    la      a2, what
    call    warn_errno
    li      a0, 1
    j       9f
82: la      a0, bad_address
    lw      a1, 0(s0)
    call    printf
    li      a0, 2
9:  epilogue
    ret

# receiver(): the second thread: datagrams to standard output until the
# idle time (-w) passes or the socket fails; then the whole program ends.
receiver:
1:  la      t0, sock
    lw      a0, 0(t0)
    la      a1, in_buf
    li      a2, UDP_DATA_MAX
    la      t0, idle_ms
    lw      a3, 0(t0)
    call    udp_recvfrom
    bltz    a0, 3f
    mv      s0, a0
    la      t0, peer_known          # a listener's first sender is its peer
    lw      t0, 0(t0)
    bnez    t0, 2f
    mv      s1, a1
    mv      s2, a2
    la      t0, sock
    lw      a0, 0(t0)
    mv      a1, s1
    mv      a2, s2
    call    udp_connect
    la      a0, peer_known
    li      t1, 1
    sw      t1, 0(a0)
    li      a1, 1
    call    futex_wake
2:  li      a0, 1
    la      a1, in_buf
    mv      a2, s0
    call    write_all
    j       1b
3:  li      t0, -ETIMEDOUT
    li      t1, 0
    bne     a0, t0, 4f
    li      a0, 0
    call    exit
4:  mv      a0, a0                  # nc: socket: words
    la      a1, program
    la      a2, what
    call    warn_errno
    li      a0, 1
    call    exit

    .section .rodata
program:     .asciz "nc"
what:        .asciz "socket"
opt_u:       .asciz "-u"
opt_l:       .asciz "-l"
opt_w:       .asciz "-w"
usage:       .asciz "usage: nc -u [-w SECONDS] ADDR PORT, or nc -u -l [-w SECONDS] PORT\n"
bad_address: .asciz "nc: %s: not an IPv4 address\n"

    .section .data
    .balign 4
sock:       .word 0
peer_known: .word 0                 # futex word: 1 once datagrams have somewhere to go
idle_ms:    .word 0                 # -w in ms (0: wait for ever)
forever:    .word 0

    .section .bss
    .balign 4
in_buf:  .space UDP_DATA_MAX
out_buf: .space UDP_DATA_MAX
