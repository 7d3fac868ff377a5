# servers/net/echo.s — ICMP echo requests for clients (net.echo, what
# `ping` calls): the server sends the request, keeps the call, and answers
# it when the reply comes (code = the reply's TTL, r0 = its data bytes) or
# when its time is up (-ETIMEDOUT).  At most ECHO_MAX calls wait at once.
# The next hop must be on our subnet (there is no gateway): its MAC comes
# from the ARP cache, or the request waits for an ARP answer, asked for
# at once.  A ticker thread wakes the loop every TICK_MS while calls wait,
# so timeouts are served without a timer in the kernel; it sleeps on a
# futex while none waits, so an idle server never wakes.

.include "net.inc"

.equ EC_TID, 0                   # the waiting client (0: a free entry)
.equ EC_ADDR, 4
.equ EC_IDENT, 8
.equ EC_SEQ, 12
.equ EC_SIZE, 16                 # data bytes
.equ EC_DEADLINE, 20             # uptime (ms) when it times out
.equ EC_SENT, 24                 # 0: waits for ARP, 1: the request is out
.equ EC_SIZE_OF, 32
.equ ECHO_MAX, 4
.equ ECHO_DATA_MAX, ETH_MTU - IP_HLEN - ICMP_HLEN

.text
# net_echo(tid, addr, seq, size, timeout_ms): see the file's header and
# abi.toml.  Answers at once only on an error, or for our own address.
.globl net_echo
net_echo:
    prologue ra, s1, s2, s3, s4, s5
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s4, a3
    mv      s5, a4
    li      a0, -EINVAL
    li      t0, ECHO_DATA_MAX
    bgtu    s4, t0, 9f
    li      t0, 1 << 20             # at most about 17 minutes
    bgtu    s5, t0, 9f
    la      t0, my_addr
    lw      t0, 0(t0)
    li      a0, -ENETUNREACH
    beqz    t0, 9f
    bne     s2, t0, 1f
    li      a0, NET_TTL             # ourselves: answered here, as a loopback would
    mv      a1, s4
    j       9f
1:  xor     t1, s2, t0              # on our subnet, or unreachable (no gateway)
    la      t2, my_mask
    lw      t2, 0(t2)
    and     t1, t1, t2
    bnez    t1, 9f
    la      t0, echoes              # a free entry
    la      t1, echoes + ECHO_MAX * EC_SIZE_OF
2:  lw      t2, EC_TID(t0)
    beqz    t2, 3f
    addi    t0, t0, EC_SIZE_OF
    bltu    t0, t1, 2b
    li      a0, -EAGAIN
    j       9f
3:  mv      s1, t0                  # s1 = the entry; the tid goes in last
    sw      s2, EC_ADDR(s1)
    sw      s3, EC_SEQ(s1)
    sw      s4, EC_SIZE(s1)
    sw      zero, EC_SENT(s1)
    la      t0, next_ident
    lw      t1, 0(t0)
    addi    t2, t1, 1
    sw      t2, 0(t0)
    slli    t1, t1, 16
    srli    t1, t1, 16
    sw      t1, EC_IDENT(s1)
    call    uptime
    add     a0, a0, s5
    sw      a0, EC_DEADLINE(s1)
    SYSCALL REPLY_KEEP              # keep the call, by the kernel's record
    sw      a0, EC_TID(s1)          # of who asked (-ESRCH: it is gone; the
                                    # entry then frees at its deadline)
    call    wait_begin              # the ticker starts counting
    mv      a0, s2
    call    arp_find
    beqz    a0, 4f
    mv      a0, s1
    call    echo_send
    j       5f
4:  li      a0, ARP_REQUEST
    mv      a1, s2
    li      a2, 0
    call    arp_send
5:  la      t0, deferred            # the loop answers nothing now
    li      t1, 1
    sw      t1, 0(t0)
    li      a0, 0
    li      a1, 0
9:  li      a2, 0
    li      a3, 0
    epilogue
    ret

# echo_send(a0 = entry whose next hop is in the ARP cache): the request,
# data bytes 0, 1, 2... (mod 256).  Clobbers caller-saved registers.
echo_send:
    prologue ra, s1, s2
    mv      s1, a0
    li      t0, 1
    sw      t0, EC_SENT(s1)
    lw      a0, EC_ADDR(s1)
    call    arp_find
    beqz    a0, 9f
    addi    a2, a0, AE_MAC
    lw      a0, EC_ADDR(s1)
    li      a1, PROTO_ICMP
    call    ip_start
    beqz    a0, 9f                  # no buffer: it times out
    mv      s2, a0
    li      t0, ICMP_ECHO_REQUEST
    sb      t0, ICMP_TYPE(s2)
    sb      zero, ICMP_CODE(s2)
    sb      zero, ICMP_CSUM(s2)
    sb      zero, ICMP_CSUM + 1(s2)
    addi    a0, s2, ICMP_ID
    lw      a1, EC_IDENT(s1)
    call    put16
    addi    a0, s2, ICMP_SEQ
    lw      a1, EC_SEQ(s1)
    call    put16
    lw      t0, EC_SIZE(s1)
    li      t1, 0
1:  bgeu    t1, t0, 2f
    add     t2, s2, t1
    sb      t1, ICMP_HLEN(t2)
    addi    t1, t1, 1
    j       1b
2:  mv      a0, s2
    lw      a1, EC_SIZE(s1)
    addi    a1, a1, ICMP_HLEN
    call    checksum
    mv      a1, a0
    addi    a0, s2, ICMP_CSUM
    call    put16
    lw      a0, EC_SIZE(s1)
    addi    a0, a0, ICMP_HLEN
    call    ip_send
9:  epilogue
    ret

# echo_reply_in(a0 = IPv4 header, a1 = ICMP message, a2 = its length):
# an echo reply; the call waiting for it (same source, identifier and
# sequence) is answered.  One no call waits for is dropped (rx_no_socket).
# Called by icmp_input.  Clobbers caller-saved registers.
.globl echo_reply_in
echo_reply_in:
    prologue ra, s1, s2, s3, s4, s5
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    addi    a0, s1, IP_SRC
    call    get32
    mv      s4, a0
    addi    a0, s2, ICMP_ID
    call    get16
    mv      s5, a0
    addi    a0, s2, ICMP_SEQ
    call    get16
    la      t0, echoes
    la      t1, echoes + ECHO_MAX * EC_SIZE_OF
1:  lw      t2, EC_TID(t0)
    beqz    t2, 2f
    lw      t2, EC_SENT(t0)
    beqz    t2, 2f
    lw      t2, EC_ADDR(t0)
    bne     t2, s4, 2f
    lw      t2, EC_IDENT(t0)
    bne     t2, s5, 2f
    lw      t2, EC_SEQ(t0)
    slli    t2, t2, 16
    srli    t2, t2, 16
    beq     t2, a0, 3f
2:  addi    t0, t0, EC_SIZE_OF
    bltu    t0, t1, 1b
    COUNT   RX_NO_SOCKET
    j       9f
3:  lbu     a1, IP_TTL(s1)          # answer: code = TTL, r0 = data bytes
    addi    a2, s3, -ICMP_HLEN
    call    echo_answer
9:  epilogue
    ret

# echo_answer(t0 = entry, a1 = code, a2 = r0): reply to its client and
# free it.  Clobbers caller-saved registers.
echo_answer:
    lw      a0, EC_TID(t0)
    sw      zero, EC_TID(t0)
    la      t1, timed_waits
    lw      t2, 0(t1)
    addi    t2, t2, -1
    sw      t2, 0(t1)
    li      a3, 0
    li      a4, 0
    li      a5, 0
    SYSCALL REPLY                   # a client that died meanwhile: nothing to do
    ret

# echo_arp_learned(a0 = address): the requests that waited for its MAC go.
# Called by arp_learn.  Clobbers caller-saved registers.
.globl echo_arp_learned
echo_arp_learned:
    prologue ra, s1, s2
    mv      s2, a0
    la      s1, echoes
1:  lw      t0, EC_TID(s1)
    beqz    t0, 2f
    lw      t0, EC_SENT(s1)
    bnez    t0, 2f
    lw      t0, EC_ADDR(s1)
    bne     t0, s2, 2f
    mv      a0, s1
    call    echo_send
2:  addi    s1, s1, EC_SIZE_OF
    la      t0, echoes + ECHO_MAX * EC_SIZE_OF
    bltu    s1, t0, 1b
    epilogue
    ret

# echo_tick(): calls past their deadline get -ETIMEDOUT.  Called by the
# loop on each TICK_NOTIFY.  Clobbers caller-saved registers.
.globl echo_tick
echo_tick:
    prologue ra, s1, s2
    call    uptime
    mv      s2, a0
    la      s1, echoes
1:  lw      t0, EC_TID(s1)
    beqz    t0, 2f
    lw      t0, EC_DEADLINE(s1)
    sub     t0, s2, t0
    bltz    t0, 2f
    mv      t0, s1
    li      a1, -ETIMEDOUT
    li      a2, 0
    call    echo_answer
2:  addi    s1, s1, EC_SIZE_OF
    la      t0, echoes + ECHO_MAX * EC_SIZE_OF
    bltu    s1, t0, 1b
    epilogue
    ret

# ticker(a0 = the main thread's tid): while calls wait with a deadline
# (timed_waits, sock.s: echoes, receives with a timeout, sends waiting
# for ARP), notify the main
# thread every TICK_MS; while none waits, sleep on the futex.
.globl ticker
ticker:
    mv      s1, a0
1:  la      a0, timed_waits
    li      a1, 0
    li      a2, 0
    call    futex_wait
    li      a0, TICK_MS
    call    sleep
    mv      a0, s1
    li      a1, TICK_NOTIFY
    call    notify
    j       1b

.section .data
.balign 4
.globl deferred
deferred:       .word 0              # the operation keeps its call: the loop answers nothing
next_ident:     .word 0x7001         # the next request's identifier
echoes:         .space ECHO_MAX * EC_SIZE_OF
