# userland/lib/timefmt.s — milliseconds as seconds for people: "1.230".
#
# Owns the one way toyos prints a duration (time, ps, batch, rtdemo), so
# every tool shows the kernel's accounting the same way.

    .include "frame.inc"
    .text

# fmt_ms(a0 = 16-byte buffer, a1 = milliseconds) -> a0 = the buffer,
# holding seconds, a point and three digits of milliseconds.
# Called by anyone. Clobbers caller-saved registers.
    .globl fmt_ms
fmt_ms:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    li      t0, 1000
    divu    a0, s1, t0
    mv      a1, s0
    call    itoa                    # the seconds
    mv      a0, s0
    call    strlen
    add     t1, s0, a0
    li      t0, '.'
    sb      t0, 0(t1)
    li      t0, 1000
    remu    t2, s1, t0
    li      t0, 100
    divu    t3, t2, t0              # hundreds, tens, units of ms
    addi    t3, t3, '0'
    sb      t3, 1(t1)
    remu    t2, t2, t0
    li      t0, 10
    divu    t3, t2, t0
    addi    t3, t3, '0'
    sb      t3, 2(t1)
    remu    t3, t2, t0
    addi    t3, t3, '0'
    sb      t3, 3(t1)
    sb      zero, 4(t1)
    mv      a0, s0
    epilogue
    ret
