# userland/lib/printf.s — formatted output: printf, dprintf, vdprintf, puts.
#
# Owns the format engine only; the bytes leave through write(fd, buf, len)
# (userland/lib/fd.s), so printf works on any descriptor. Conversions:
# %d %u %x %s %c %%, with optional '-' (left-justify) and '0' (zero pad)
# flags and a decimal width, e.g. "%-8s %5d %08x". Output is gathered in a
# 128-byte buffer on the stack and written in as few write calls as possible.

    .include "frame.inc"
    .text

    .equ PF_BUF_SIZE, 128
    .equ PF_FLAG_LEFT, 1
    .equ PF_FLAG_ZERO, 2

# printf(a0 = fmt, a1..a7 = arguments, more on the stack) -> a0 = bytes written.
# Writes to descriptor 1. Variadic: the arguments in a1-a7 are stored just
# below the caller's stack arguments so they form one array (as C does).
# Called by anyone. Clobbers the caller-saved registers.
    .globl printf
printf:
    addi    sp, sp, -32
    sw      ra, 0(sp)
    sw      a1, 4(sp)
    sw      a2, 8(sp)
    sw      a3, 12(sp)
    sw      a4, 16(sp)
    sw      a5, 20(sp)
    sw      a6, 24(sp)
    sw      a7, 28(sp)
    mv      a1, a0
    li      a0, 1
    addi    a2, sp, 4
    call    vdprintf
    lw      ra, 0(sp)
    addi    sp, sp, 32
    ret

# dprintf(a0 = fd, a1 = fmt, a2..a7 = arguments, more on the stack) -> a0.
# Called by anyone (e.g. dprintf(2, ...) for errors). Clobbers caller-saved.
    .globl dprintf
dprintf:
    addi    sp, sp, -32
    sw      ra, 0(sp)
    sw      a2, 8(sp)
    sw      a3, 12(sp)
    sw      a4, 16(sp)
    sw      a5, 20(sp)
    sw      a6, 24(sp)
    sw      a7, 28(sp)
    addi    a2, sp, 8
    call    vdprintf
    lw      ra, 0(sp)
    addi    sp, sp, 32
    ret

# puts(a0 = s) -> a0 = result of write; writes s and a newline to fd 1.
# Called by anyone. Clobbers caller-saved registers.
    .globl puts
puts:
    prologue ra
    la      a1, pf_newline_fmt
    mv      a2, a0
    mv      a0, a1
    mv      a1, a2
    call    printf
    epilogue
    ret

# vdprintf(a0 = fd, a1 = fmt, a2 = pointer to the argument words) -> a0 =
# bytes formatted, or the first negative error write returned.
# Called by printf/dprintf and by servers with their own argument arrays.
# Clobbers caller-saved registers; saves and restores s0-s11.
#
# While it runs: s0 = fd, s1 = fmt cursor, s2 = next argument, s3 = bytes in
# the buffer, s4 = flags, s5 = width, s6/s7 = text and length of the current
# conversion, s8 = sign character or 0, s9 = buffer, s10 = total, s11 = error.
    .globl vdprintf
vdprintf:
    addi    sp, sp, -208
    sw      ra, 0(sp)
    sw      s0, 4(sp)
    sw      s1, 8(sp)
    sw      s2, 12(sp)
    sw      s3, 16(sp)
    sw      s4, 20(sp)
    sw      s5, 24(sp)
    sw      s6, 28(sp)
    sw      s7, 32(sp)
    sw      s8, 36(sp)
    sw      s9, 40(sp)
    sw      s10, 44(sp)
    sw      s11, 48(sp)
    mv      s0, a0
    mv      s1, a1
    mv      s2, a2
    li      s3, 0
    addi    s9, sp, 64              # 128-byte output buffer at sp+64
    li      s10, 0
    li      s11, 0
.Lpf_next:
    lbu     a0, 0(s1)
    beqz    a0, .Lpf_done
    addi    s1, s1, 1
    li      t0, '%'
    beq     a0, t0, .Lpf_spec
    call    pf_putc
    j       .Lpf_next

.Lpf_spec:
    li      s4, 0
    li      s5, 0
    li      s8, 0
1:  lbu     t0, 0(s1)               # flags
    li      t1, '-'
    bne     t0, t1, 2f
    ori     s4, s4, PF_FLAG_LEFT
    addi    s1, s1, 1
    j       1b
2:  li      t1, '0'
    bne     t0, t1, 3f
    ori     s4, s4, PF_FLAG_ZERO
    addi    s1, s1, 1
    j       1b
3:  lbu     t0, 0(s1)               # width
    addi    t0, t0, -'0'
    li      t1, 10
    bgeu    t0, t1, 4f
    mul     s5, s5, t1
    add     s5, s5, t0
    addi    s1, s1, 1
    j       3b
4:  lbu     t0, 0(s1)               # conversion character
    beqz    t0, .Lpf_done           # a lone '%' at the end prints nothing
    addi    s1, s1, 1
    li      t1, 'd'
    beq     t0, t1, .Lpf_signed
    li      t1, 'u'
    beq     t0, t1, .Lpf_unsigned
    li      t1, 'x'
    beq     t0, t1, .Lpf_hex
    li      t1, 's'
    beq     t0, t1, .Lpf_string
    li      t1, 'c'
    beq     t0, t1, .Lpf_char
    mv      a0, t0                  # %% and unknown conversions print themselves
    call    pf_putc
    j       .Lpf_next

.Lpf_char:
    lw      t0, 0(s2)
    addi    s2, s2, 4
    sb      t0, 63(sp)              # one-byte text at sp+63
    addi    s6, sp, 63
    li      s7, 1
    j       .Lpf_emit
.Lpf_string:
    lw      s6, 0(s2)
    addi    s2, s2, 4
    bnez    s6, 1f
    la      s6, pf_null_text
1:  mv      a0, s6
    call    strlen
    mv      s7, a0
    j       .Lpf_emit
.Lpf_signed:
    lw      a0, 0(s2)
    addi    s2, s2, 4
    bgez    a0, 1f
    li      s8, '-'
    neg     a0, a0
1:  li      a1, 10
    j       .Lpf_number
.Lpf_unsigned:
    lw      a0, 0(s2)
    addi    s2, s2, 4
    li      a1, 10
    j       .Lpf_number
.Lpf_hex:
    lw      a0, 0(s2)
    addi    s2, s2, 4
    li      a1, 16
.Lpf_number:                        # digits of a0 in base a1, built backwards
    addi    s6, sp, 63              # into the 11 bytes below sp+63
    la      t2, pf_digits
1:  remu    t0, a0, a1
    divu    a0, a0, a1
    add     t0, t2, t0
    lbu     t0, 0(t0)
    addi    s6, s6, -1
    sb      t0, 0(s6)
    bnez    a0, 1b
    addi    s7, sp, 63
    sub     s7, s7, s6

.Lpf_emit:                          # sign, padding and text of s6/s7
    sub     s5, s5, s7              # s5 = padding still owed
    beqz    s8, 1f
    addi    s5, s5, -1
1:  andi    t0, s4, PF_FLAG_LEFT
    bnez    t0, 3f
    andi    t0, s4, PF_FLAG_ZERO
    bnez    t0, 2f
    li      a0, ' '                 # right-justified with spaces: pad, sign
    call    pf_pad
    beqz    s8, 4f
    mv      a0, s8
    call    pf_putc
    j       4f
2:  beqz    s8, 1f                  # zero padded: sign, then zeros
    mv      a0, s8
    call    pf_putc
1:  li      a0, '0'
    call    pf_pad
    j       4f
3:  beqz    s8, 4f                  # left-justified: sign, text, then pad
    mv      a0, s8
    call    pf_putc
4:  beqz    s7, 5f
    lbu     a0, 0(s6)
    call    pf_putc
    addi    s6, s6, 1
    addi    s7, s7, -1
    j       4b
5:  li      a0, ' '
    call    pf_pad                  # no-op unless left-justified padding remains
    j       .Lpf_next

.Lpf_done:
    call    pf_flush
    mv      a0, s10
    beqz    s11, 1f
    mv      a0, s11
1:  lw      ra, 0(sp)
    lw      s0, 4(sp)
    lw      s1, 8(sp)
    lw      s2, 12(sp)
    lw      s3, 16(sp)
    lw      s4, 20(sp)
    lw      s5, 24(sp)
    lw      s6, 28(sp)
    lw      s7, 32(sp)
    lw      s8, 36(sp)
    lw      s9, 40(sp)
    lw      s10, 44(sp)
    lw      s11, 48(sp)
    addi    sp, sp, 208
    ret

# pf_pad(a0 = fill byte): emits s5 copies of it (if s5 > 0), sets s5 = 0.
# Called only inside vdprintf (uses its s-registers). Clobbers caller-saved.
pf_pad:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
1:  blez    s5, 2f
    lw      a0, 8(sp)
    call    pf_putc
    addi    s5, s5, -1
    j       1b
2:  li      s5, 0
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pf_putc(a0 = byte): appends it to vdprintf's buffer, flushing when full.
# Called only inside vdprintf. Clobbers caller-saved registers.
pf_putc:
    add     t0, s9, s3
    sb      a0, 0(t0)
    addi    s3, s3, 1
    addi    s10, s10, 1
    li      t0, PF_BUF_SIZE
    bne     s3, t0, 1f
    j       pf_flush                # tail call
1:  ret

# pf_flush(): writes vdprintf's buffered bytes to fd s0; keeps the first error.
# Called only inside vdprintf. Clobbers caller-saved registers.
pf_flush:
    beqz    s3, 2f
    prologue ra
    mv      a0, s0
    mv      a1, s9
    mv      a2, s3
    call    write
    li      s3, 0
    bgez    a0, 1f
    bnez    s11, 1f
    mv      s11, a0
1:  epilogue
2:  ret

    .section .rodata
pf_digits:      .ascii "0123456789abcdef"
pf_null_text:   .asciz "(null)"
pf_newline_fmt: .asciz "%s\n"
