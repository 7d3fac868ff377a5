# servers/net/bytes.s — network byte order and the Internet checksum.
# Headers sit at any alignment inside a frame (the IPv4 header starts 14
# bytes in), so every field is read and written a byte at a time.  These
# leaves touch only a0-a3 and t0-t2 (no stack).

.include "net.inc"

.text
# get16(a0 = address) -> a0 = the big-endian halfword there.  Clobbers t0.
.globl get16
get16:
    lbu     t0, 0(a0)
    lbu     a0, 1(a0)
    slli    t0, t0, 8
    or      a0, a0, t0
    ret

# get32(a0 = address) -> a0 = the big-endian word there.  Clobbers t0, t1.
.globl get32
get32:
    lbu     t0, 0(a0)
    slli    t0, t0, 24
    lbu     t1, 1(a0)
    slli    t1, t1, 16
    or      t0, t0, t1
    lbu     t1, 2(a0)
    slli    t1, t1, 8
    or      t0, t0, t1
    lbu     t1, 3(a0)
    or      a0, t0, t1
    ret

# put16(a0 = address, a1 = value): big-endian.  Clobbers t0.
.globl put16
put16:
    srli    t0, a1, 8
    sb      t0, 0(a0)
    sb      a1, 1(a0)
    ret

# put32(a0 = address, a1 = value): big-endian.  Clobbers t0.
.globl put32
put32:
    srli    t0, a1, 24
    sb      t0, 0(a0)
    srli    t0, a1, 16
    sb      t0, 1(a0)
    srli    t0, a1, 8
    sb      t0, 2(a0)
    sb      a1, 3(a0)
    ret

# checksum(a0 = address, a1 = length) -> a0 = the Internet checksum of
# those bytes (RFC 1071: the ones' complement of the ones' complement sum
# of big-endian halfwords, an odd last byte padded with zero).  A header
# whose checksum field is right sums to 0 here.  Clobbers a1, a2, t0-t2.
# checksum_with(a0, a1, a2 = a sum to start from, e.g. a pseudo-header's):
# the same over those bytes and that sum.
.globl checksum
checksum:
    li      a2, 0
.globl checksum_with
checksum_with:
    add     t2, a0, a1              # the end
    andi    a1, a1, 1
    sub     t2, t2, a1              # the end of the whole halfwords
1:  bgeu    a0, t2, 2f
    lbu     t0, 0(a0)
    lbu     t1, 1(a0)
    slli    t0, t0, 8
    or      t0, t0, t1
    add     a2, a2, t0
    addi    a0, a0, 2
    j       1b
2:  beqz    a1, 3f
    lbu     t0, 0(a0)
    slli    t0, t0, 8
    add     a2, a2, t0
3:  srli    t0, a2, 16              # fold the carries back in (twice covers any length < 2^16 words)
    slli    a2, a2, 16
    srli    a2, a2, 16
    add     a2, a2, t0
    srli    t0, a2, 16
    slli    a2, a2, 16
    srli    a2, a2, 16
    add     a2, a2, t0
    not     a0, a2
    slli    a0, a0, 16
    srli    a0, a0, 16
    ret

# mac_copy(a0 = destination, a1 = source): six bytes.  Clobbers a0, a1, t0, t1.
.globl mac_copy
mac_copy:
    li      t1, 6
1:  lbu     t0, 0(a1)
    sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    t1, t1, -1
    bnez    t1, 1b
    ret
