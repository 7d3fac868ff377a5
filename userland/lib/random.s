# userland/lib/random.s — a small pseudo-random generator (xorshift32) for
# the fuzzers (sysfuzz, ipcfuzz): the same seed gives the same run, so a
# seed printed in a summary reproduces it.  Not for anything secret.

    .text

# random() -> a0 = the next xorshift32 number.  Called by anyone (one state per
# process; threads share it).  Clobbers t0, t1.
    .globl random
random:
    la      t1, rng_state
    lw      a0, 0(t1)
    slli    t0, a0, 13
    xor     a0, a0, t0
    srli    t0, a0, 17
    xor     a0, a0, t0
    slli    t0, a0, 5
    xor     a0, a0, t0
    sw      a0, 0(t1)
    ret

# random_seed(a0 = seed): start the sequence again from seed (0 means 1:
# xorshift's state must not be 0).  Clobbers t0.
    .globl random_seed
random_seed:
    bnez    a0, 1f
    li      a0, 1
1:  la      t0, rng_state
    sw      a0, 0(t0)
    ret

# random_state() -> a0 = the current state (the seed, before the first random()).
    .globl random_state
random_state:
    la      a0, rng_state
    lw      a0, 0(a0)
    ret

    .data
    .balign 4
rng_state: .word 1
