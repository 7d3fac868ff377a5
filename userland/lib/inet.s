# userland/lib/inet.s — IPv4 addresses as people write them, and the net
# server's calls that every network program needs.  An address is a
# host-order word (10.0.2.15 = 0x0A00020F), as the net protocol carries it.
# Keeps no state.

    .include "abi.inc"
    .include "frame.inc"

    .text

# inet_parse(a0 = string) -> a0 = the address, a1 = where parsing stopped
# (the byte after the fourth number), a2 = 1 when the string began with a
# dotted quad (four decimal numbers of 1 to 3 digits, each 0..255), else 0.
# Called by anyone.  Clobbers t0-t4.
    .globl inet_parse
inet_parse:
    li      t0, 0                   # t0 = the address so far
    li      t1, 4                   # numbers left to read
1:  li      t2, 0                   # this number
    li      t3, 0                   # its digits
2:  lbu     t4, 0(a0)
    addi    t4, t4, -'0'
    li      a2, 10
    bgeu    t4, a2, 3f
    li      a2, 10
    mul     t2, t2, a2
    add     t2, t2, t4
    addi    t3, t3, 1
    addi    a0, a0, 1
    li      a2, 3
    bgtu    t3, a2, 8f
    j       2b
3:  beqz    t3, 8f
    li      a2, 255
    bgtu    t2, a2, 8f
    slli    t0, t0, 8
    or      t0, t0, t2
    addi    t1, t1, -1
    beqz    t1, 4f
    lbu     t4, 0(a0)
    li      a2, '.'
    bne     t4, a2, 8f
    addi    a0, a0, 1
    j       1b
4:  mv      a1, a0
    mv      a0, t0
    li      a2, 1
    ret
8:  mv      a1, a0
    li      a0, 0
    li      a2, 0
    ret

# inet_format(a0 = address, a1 = buffer of INET_TEXT bytes): "a.b.c.d",
# NUL-terminated.  Called by anyone.  Clobbers t0-t4, a0, a1.
    .globl inet_format
inet_format:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      s2, 24                  # the shift of the next byte
1:  srl     a0, s0, s2
    andi    a0, a0, 0xFF
    mv      a1, s1
    call    itoa
2:  lbu     t0, 0(s1)               # to its end
    beqz    t0, 3f
    addi    s1, s1, 1
    j       2b
3:  beqz    s2, 9f
    li      t0, '.'
    sb      t0, 0(s1)
    addi    s1, s1, 1
    addi    s2, s2, -8
    j       1b
9:  epilogue
    ret

# net_info_get(a0 = buffer of NETI_SIZE bytes) -> a0 = bytes written, or
# -errno (-EDEAD: no network server, i.e. no card).  Clobbers the
# caller-saved registers.
    .globl net_info_get
net_info_get:
    mv      a6, a0
    li      a0, PORT_NET
    li      a1, NET_INFO
    li      a2, NETI_SIZE
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_LEASE a6, a2, LEASE_W
    SYSCALL CALL
    ret
