# userland/programs/ping.s — `ping [-c COUNT] ADDR`: ICMP echo requests
# through the net server (net.echo), one a second, and Linux's (iputils)
# lines: a header, one line per reply, and the summary
#     N packets transmitted, M received, X% packet loss, time Tms
#     rtt min/avg/max = a/b/c ms
# (iputils also prints mdev, which needs a square root: left out).  COUNT
# defaults to 4.  A request not answered within WAIT_MS is lost (no line,
# as iputils).  Exit status: 0 when any reply came, 1 when none, 2 on a
# usage error or an address the server cannot reach.
# RTTs are taken from the time CSR (10 MHz) around each call, in µs.

    .include "abi.inc"
    .include "frame.inc"

    .equ DATA, 56                   # data bytes, as iputils sends
    .equ WAIT_MS, 1000
    .equ INTERVAL_MS, 1000
    .equ DEFAULT_COUNT, 4
    .equ TIME_PER_US, TIMEBASE_HZ / 1000000
    .equ TEXT, 0                    # locals: the address as text
    .equ LOCALS, INET_TEXT

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> exit status.  Called by crt0.
# s0 = address, s1 = count, s2 = sequence, s3 = received, s4 = min µs,
# s5 = max µs, s6 = sum µs, s7 = start time, s8 = this request's start,
# s9 = the address argument.
main:
    prologue_locals LOCALS, ra, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9
    li      s1, DEFAULT_COUNT
    li      t0, 2
    beq     a0, t0, 1f
    li      t0, 4
    bne     a0, t0, 80f
    lw      t0, 4(a1)               # -c COUNT ADDR
    lbu     t1, 0(t0)
    li      t2, '-'
    bne     t1, t2, 80f
    lbu     t1, 1(t0)
    li      t2, 'c'
    bne     t1, t2, 80f
    lbu     t1, 2(t0)
    bnez    t1, 80f
    mv      s9, a1
    lw      a0, 8(a1)
    call    parse_int
    beqz    a1, 80f
    blez    a0, 80f
    mv      s1, a0
    addi    a1, s9, 8
1:  lw      s9, 4(a1)
    mv      a0, s9
    call    inet_parse
    beqz    a2, 81f
    lbu     t0, 0(a1)
    bnez    t0, 81f
    mv      s0, a0
    mv      a1, sp
    call    inet_format
    la      a0, head_format
    mv      a1, sp
    mv      a2, sp
    li      a3, DATA
    li      a4, DATA + 28
    call    printf
    call    stdout_flush
    li      s2, 0
    li      s3, 0
    li      s4, -1
    li      s5, 0
    li      s6, 0
    csrr    s7, time
2:  bgeu    s2, s1, 7f
    addi    s2, s2, 1
    csrr    s8, time
    li      a0, PORT_NET
    li      a1, NET_ECHO
    mv      a2, s0
    mv      a3, s2
    li      a4, DATA
    li      a5, WAIT_MS
    IPC_NO_LEASE
    SYSCALL CALL
    csrr    t0, time
    sub     t0, t0, s8
    li      t1, TIME_PER_US
    divu    t0, t0, t1              # t0 = RTT in µs
    li      t1, -ETIMEDOUT
    beq     a0, t1, 5f
    bltz    a0, 82f
    addi    s3, s3, 1
    add     s6, s6, t0
    bgeu    t0, s4, 3f
    mv      s4, t0
3:  bleu    t0, s5, 4f
    mv      s5, t0
4:  mv      a3, s2                  # N bytes from ADDR: icmp_seq=S ttl=T time=X.YYY ms
    mv      a4, a0
    li      t1, 1000
    divu    a5, t0, t1
    remu    a6, t0, t1
    addi    a1, a1, 8               # the ICMP header with the data, as iputils counts
    mv      a2, sp
    la      a0, reply_format
    call    printf
    call    stdout_flush
5:  bgeu    s2, s1, 7f              # the next request a second after this one began
    csrr    t0, time
    sub     t0, t0, s8
    li      t1, TIME_PER_US * 1000
    divu    t0, t0, t1
    li      a0, INTERVAL_MS
    bgeu    t0, a0, 2b
    sub     a0, a0, t0
    call    sleep
    j       2b
7:  la      a0, stats_format        # the summary
    mv      a1, sp
    call    printf
    csrr    t0, time
    sub     t0, t0, s7
    li      t1, TIME_PER_US * 1000
    divu    a4, t0, t1
    sub     t0, s1, s3
    li      t1, 100
    mul     t0, t0, t1
    divu    a3, t0, s1
    mv      a1, s1
    mv      a2, s3
    la      a0, count_format
    call    printf
    li      a0, 1
    beqz    s3, 9f
    divu    t0, s6, s3              # avg
    li      t1, 1000
    divu    a1, s4, t1
    remu    a2, s4, t1
    divu    a3, t0, t1
    remu    a4, t0, t1
    divu    a5, s5, t1
    remu    a6, s5, t1
    la      a0, rtt_format
    call    printf
    li      a0, 0
    j       9f
80: la      a0, usage
    call    printf
    li      a0, 2
    j       9f
81: la      a0, bad_address
    mv      a1, s9
    call    printf
    li      a0, 2
    j       9f
82: mv      a1, s9                  # ping: ADDR: network is unreachable
    mv      a2, a1
    la      a1, program
    call    warn_errno
    li      a0, 2
9:  epilogue
    ret

    .section .rodata
program:      .asciz "ping"
head_format:  .asciz "PING %s (%s) %d(%d) bytes of data.\n"
reply_format: .asciz "%d bytes from %s: icmp_seq=%d ttl=%d time=%d.%03d ms\n"
stats_format: .asciz "\n--- %s ping statistics ---\n"
count_format: .asciz "%d packets transmitted, %d received, %d%% packet loss, time %dms\n"
rtt_format:   .asciz "rtt min/avg/max = %d.%03d/%d.%03d/%d.%03d ms\n"
usage:        .asciz "usage: ping [-c COUNT] ADDR\n"
bad_address:  .asciz "ping: %s: not an IPv4 address\n"
