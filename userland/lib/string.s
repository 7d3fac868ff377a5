# userland/lib/string.s — string and memory functions of the user library.
#
# Owns: strlen strcmp strncmp strcpy strchr memcpy memmove memset memcmp
# parse_int itoa. Plain leaf routines with the standard RISC-V calling convention
# (arguments in a0-a2, result in a0); none touches the stack or s-registers.

    .text

# strlen(a0 = s) -> a0 = length of the NUL-terminated string s.
# Called by anyone. Clobbers t0, t1.
    .globl strlen
strlen:
    mv      t0, a0
1:  lbu     t1, 0(t0)
    beqz    t1, 2f
    addi    t0, t0, 1
    j       1b
2:  sub     a0, t0, a0
    ret

# strcmp(a0 = a, a1 = b) -> a0 < 0, 0 or > 0 as a sorts before, equal, after b.
# Called by anyone. Clobbers t0, t1, a0, a1.
    .globl strcmp
strcmp:
1:  lbu     t0, 0(a0)
    lbu     t1, 0(a1)
    bne     t0, t1, 2f
    beqz    t0, 2f
    addi    a0, a0, 1
    addi    a1, a1, 1
    j       1b
2:  sub     a0, t0, t1
    ret

# strncmp(a0 = a, a1 = b, a2 = n) -> like strcmp on at most n bytes.
# Called by anyone. Clobbers t0, t1, a0-a2.
    .globl strncmp
strncmp:
1:  beqz    a2, 3f
    lbu     t0, 0(a0)
    lbu     t1, 0(a1)
    bne     t0, t1, 2f
    beqz    t0, 2f
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    j       1b
2:  sub     a0, t0, t1
    ret
3:  li      a0, 0
    ret

# strcpy(a0 = dst, a1 = src) -> a0 = dst; copies src with its NUL.
# Called by anyone. Clobbers t0, t1, a1.
    .globl strcpy
strcpy:
    mv      t0, a0
1:  lbu     t1, 0(a1)
    sb      t1, 0(t0)
    addi    a1, a1, 1
    addi    t0, t0, 1
    bnez    t1, 1b
    ret

# strchr(a0 = s, a1 = c) -> a0 = address of the first byte c in s, or 0.
# Searching for c = 0 finds the terminator, as in C.
# Called by anyone. Clobbers t0, a0, a1.
    .globl strchr
strchr:
    andi    a1, a1, 0xff
1:  lbu     t0, 0(a0)
    beq     t0, a1, 2f
    beqz    t0, 3f
    addi    a0, a0, 1
    j       1b
2:  ret
3:  li      a0, 0
    ret

# memcpy(a0 = dst, a1 = src, a2 = n) -> a0 = dst. Regions must not overlap.
# Copies words when dst, src and n are all word aligned (the common case for
# buffers), bytes otherwise.
# Called by anyone. Clobbers t0-t2, a1, a2.
    .globl memcpy
memcpy:
    mv      t0, a0
    or      t1, a0, a1
    or      t1, t1, a2
    andi    t1, t1, 3
    bnez    t1, 2f
1:  beqz    a2, 3f                  # word loop
    lw      t2, 0(a1)
    sw      t2, 0(t0)
    addi    a1, a1, 4
    addi    t0, t0, 4
    addi    a2, a2, -4
    j       1b
2:  beqz    a2, 3f                  # byte loop
    lbu     t2, 0(a1)
    sb      t2, 0(t0)
    addi    a1, a1, 1
    addi    t0, t0, 1
    addi    a2, a2, -1
    j       2b
3:  ret

# memmove(a0 = dst, a1 = src, a2 = n) -> a0 = dst; regions may overlap.
# Called by anyone. Clobbers t0-t2, a1, a2.
    .globl memmove
memmove:
    bleu    a0, a1, memcpy          # copying downwards is safe front to back
    add     t0, a0, a2              # otherwise copy back to front
    add     a1, a1, a2
1:  beqz    a2, 2f
    addi    t0, t0, -1
    addi    a1, a1, -1
    lbu     t1, 0(a1)
    sb      t1, 0(t0)
    addi    a2, a2, -1
    j       1b
2:  ret

# memset(a0 = dst, a1 = byte, a2 = n) -> a0 = dst.
# Called by anyone. Clobbers t0, a2.
    .globl memset
memset:
    mv      t0, a0
1:  beqz    a2, 2f
    sb      a1, 0(t0)
    addi    t0, t0, 1
    addi    a2, a2, -1
    j       1b
2:  ret

# memcmp(a0 = a, a1 = b, a2 = n) -> a0 < 0, 0 or > 0 (bytes compared unsigned).
# Called by anyone. Clobbers t0, t1, a0-a2.
    .globl memcmp
memcmp:
1:  beqz    a2, 2f
    lbu     t0, 0(a0)
    lbu     t1, 0(a1)
    bne     t0, t1, 3f
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    j       1b
2:  li      a0, 0
    ret
3:  sub     a0, t0, t1
    ret

# parse_int(a0 = s) -> a0 = value, a1 = 1 if s is a whole number, else 0.
# Accepts an optional '-', then decimal digits or 0x followed by hex digits;
# nothing may follow, and the value must fit a signed 32-bit int (-2^31 ..
# 2^31-1): more is refused rather than wrapped (`kill 4294967299` is not
# `kill 3`). Used by the shell (kill) and programs (sleep N, pingpong N).
# Called by anyone. Clobbers t0-t4, a0, a1.
    .globl parse_int
parse_int:
    li      t3, 0                   # t3 = 1 when negative
    lbu     t0, 0(a0)
    li      t1, '-'
    bne     t0, t1, 1f
    li      t3, 1
    addi    a0, a0, 1
1:  li      t2, 10                  # t2 = base
    lbu     t0, 0(a0)
    li      t1, '0'
    bne     t0, t1, 2f
    lbu     t0, 1(a0)
    ori     t0, t0, 0x20            # 'X' -> 'x'
    li      t1, 'x'
    bne     t0, t1, 2f
    li      t2, 16
    addi    a0, a0, 2
2:  lbu     t0, 0(a0)
    beqz    t0, 9f                  # no digits at all
    li      a1, 0                   # a1 = value so far
3:  lbu     t0, 0(a0)
    beqz    t0, 8f
    addi    t1, t0, -'0'
    li      t4, 10
    bltu    t1, t4, 4f              # decimal digit
    ori     t1, t0, 0x20            # lower-case letter
    addi    t1, t1, -'a'
    li      t4, 6
    bgeu    t1, t4, 9f
    addi    t1, t1, 10
4:  bgeu    t1, t2, 9f              # digit too big for the base
    mulhu   t4, a1, t2              # value * base past 32 bits: too big
    bnez    t4, 9f
    mul     a1, a1, t2
    add     a1, a1, t1
    bltu    a1, t1, 9f              # the digit carried out: too big
    addi    a0, a0, 1
    j       3b
8:  li      t4, 0x7fffffff          # largest magnitude: 2^31-1, or 2^31
    add     t4, t4, t3              # when negative
    bgtu    a1, t4, 9f
    mv      a0, a1
    beqz    t3, 5f
    neg     a0, a0
5:  li      a1, 1
    ret
9:  li      a0, 0
    li      a1, 0
    ret

# itoa(a0 = value, a1 = buffer of 12 bytes): writes value in decimal
# with a '-' if negative, NUL-terminated. Called by anyone (argument
# strings, messages). Clobbers t0-t3, a0, a1.
    .globl itoa
itoa:
    bgez    a0, 1f
    li      t0, '-'
    sb      t0, 0(a1)
    addi    a1, a1, 1
    neg     a0, a0
1:  mv      t0, a0                  # count the digits
    li      t1, 0
    li      t2, 10
2:  divu    t0, t0, t2
    addi    t1, t1, 1
    bnez    t0, 2b
    add     a1, a1, t1
    sb      zero, 0(a1)
3:  remu    t3, a0, t2
    divu    a0, a0, t2
    addi    t3, t3, '0'
    addi    a1, a1, -1
    sb      t3, 0(a1)
    bnez    a0, 3b
    ret
