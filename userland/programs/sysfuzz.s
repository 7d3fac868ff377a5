# userland/programs/sysfuzz.s — random system calls; the kernel must survive.
#
# `sysfuzz [N [SEED [-v]]]` (default 10000 calls, seed 1) makes N system calls
# with random numbers (valid and not) and random arguments drawn from the
# shapes that break kernels: 0, small numbers, -1, any word, pointers into
# our own memory, into read-only text, into the kernel, page-aligned guesses.
# Only calls that would end or block this process on purpose are tamed
# (thread_exit, recv, calls to the well-known servers, long sleeps, killing
# ourselves), so the run ends by itself. -v prints each call before making
# it (to find the one that hurt). Prints a summary and exits 0; if the
# kernel breaks, the machine stops and the test notices.

    .include "abi.inc"
    .include "frame.inc"

    .equ SCRATCH, 1024

    .text

# main(a0 = argc, a1 = argv) -> a0 = 0. Called by _start.
# s0 = calls to make, s1 = seed, s2 = errors, s3 = our tid, s4 = calls made,
# s5 = syscall number; a0..a5 of the call are built at sp+0..sp+20.
    .globl main
main:
    addi    sp, sp, -64
    sw      ra, 60(sp)
    sw      s0, 56(sp)
    sw      s1, 52(sp)
    sw      s2, 48(sp)
    sw      s3, 44(sp)
    sw      s4, 40(sp)
    sw      s5, 36(sp)
    sw      s6, 32(sp)
    mv      s5, a0
    mv      s6, a1
    li      s0, 10000
    li      s1, 1
    li      t0, 2
    blt     s5, t0, 1f
    lw      a0, 4(s6)
    call    parse_int
    beqz    a1, .Lfz_usage
    bltz    a0, .Lfz_usage
    mv      s0, a0
    li      t0, 3
    blt     s5, t0, 1f
    lw      a0, 8(s6)
    call    parse_int
    beqz    a1, .Lfz_usage
    mv      s1, a0
    li      t0, 4                   # a fourth word asks for every call shown
    blt     s5, t0, 4f
    la      t0, verbose
    li      t1, 1
    sw      t1, 0(t0)
4:  bnez    s1, 1f
    li      s1, 1                   # xorshift needs a nonzero state
1:  mv      a0, s1
    call    random_seed             # (userland/lib/random.s)
    call    self
    mv      s3, a0
    li      s2, 0
    li      s4, 0
.Lfz_loop:
    beq     s4, s0, .Lfz_done       # N calls made (tamed-away ones don't count)
    call    random                  # the number: mostly near the table
    andi    t0, a0, 7
    srli    s5, a0, 3
    beqz    t0, 2f                  # 1 in 8: any word at all
    li      t0, NSYSCALLS + 8
    remu    s5, s5, t0
2:  li      s6, 0                   # six arguments
3:  call    random_argument
    slli    t0, s6, 2
    add     t0, sp, t0
    sw      a0, 0(t0)
    addi    s6, s6, 1
    li      t0, 6
    bltu    s6, t0, 3b
    mv      a0, s5                  # tame what would end or block us
    mv      a1, sp
    mv      a2, s3
    call    tame_call
    beqz    a0, .Lfz_loop
    la      t0, verbose
    lw      t0, 0(t0)
    beqz    t0, 5f
    mv      a1, s4
    mv      a2, s5
    lw      a3, 0(sp)
    lw      a4, 4(sp)
    lw      a5, 8(sp)
    lw      a6, 12(sp)
    lw      a7, 16(sp)
    lw      t0, 20(sp)
    addi    sp, sp, -16
    sw      t0, 0(sp)
    la      a0, verbose_text
    call    printf
    addi    sp, sp, 16
5:  lw      a0, 0(sp)
    lw      a1, 4(sp)
    lw      a2, 8(sp)
    lw      a3, 12(sp)
    lw      a4, 16(sp)
    lw      a5, 20(sp)
    mv      a6, s5
    call    raw_syscall
    addi    s4, s4, 1
    la      t0, verbose
    lw      t0, 0(t0)
    beqz    t0, 6f
    mv      a1, a0
    sw      a0, 24(sp)
    la      a0, verbose_result_text
    call    printf
    lw      a0, 24(sp)
6:
    li      t0, -ERRNO_MAX          # -errno results
    bltu    a0, t0, .Lfz_loop
    addi    s2, s2, 1
    j       .Lfz_loop
.Lfz_done:
    la      a0, summary_text
    mv      a1, s4
    sub     a2, s4, s2
    mv      a3, s2
    mv      a4, s1                  # the seed reproduces the run
    call    printf
    li      a0, 0
    j       9f
.Lfz_usage:
    la      a0, usage_text
    call    printf
    li      a0, 2
9:  lw      s6, 32(sp)
    lw      s5, 36(sp)
    lw      s4, 40(sp)
    lw      s3, 44(sp)
    lw      s2, 48(sp)
    lw      s1, 52(sp)
    lw      s0, 56(sp)
    lw      ra, 60(sp)
    addi    sp, sp, 64
    ret

# tame_call(a0 = number, a1 = the six argument words, a2 = our tid)
#   -> a0 = 1 to make the call (arguments possibly adjusted), 0 to skip it.
# Clobbers t0-t2, a0.
tame_call:
    li      t0, SYS_THREAD_EXIT
    beq     a0, t0, 8f
    li      t0, SYS_DEBUG_WRITE     # would print noise on the console
    beq     a0, t0, 8f
    li      t0, SYS_RECV
    beq     a0, t0, 8f
    li      t0, SYS_REPLY_RECV
    beq     a0, t0, 8f
    li      t0, SYS_SLEEP
    bne     a0, t0, 1f
    lw      t1, 0(a1)               # at most 7 ms
    andi    t1, t1, 7
    sw      t1, 0(a1)
    j       9f
1:  li      t0, SYS_SLEEP_UNTIL     # an absolute tick: at most tick 7 (passed
    bne     a0, t0, 10f             # soon after boot: it returns at once)
    lw      t1, 0(a1)
    andi    t1, t1, 7
    sw      t1, 0(a1)
    j       9f
10: li      t0, SYS_CALL            # never the real servers (a console read
    bne     a0, t0, 2f              # blocks, pm.exit/shutdown would end us)
    lw      t1, 0(a1)
    addi    t1, t1, -1
    li      t2, PORT_NET
    bltu    t1, t2, 8f
    j       9f
2:  li      t0, SYS_FUTEX_WAIT      # wait 1..8 ms at most
    bne     a0, t0, 3f
    lw      t1, 8(a1)
    andi    t1, t1, 7
    addi    t1, t1, 1
    sw      t1, 8(a1)
    j       9f
3:  li      t0, SYS_THREAD_CREATE   # new threads end at once
    bne     a0, t0, 4f
    la      t1, fuzz_thread
    sw      t1, 4(a1)
    j       9f
4:  li      t0, SYS_THREAD_KILL     # not ourselves
    bne     a0, t0, 5f
    lw      t1, 0(a1)
    beq     t1, a2, 8f
    beqz    t1, 8f
    j       9f
5:  li      t0, SYS_NOTIFY          # no fake Ctrl-C or fault reports to pm
    bne     a0, t0, 6f
    lw      t1, 0(a1)
    li      t2, PM_TID
    beq     t1, t2, 8f
    j       9f
6:  li      t0, SYS_MEM_MAP         # bounded sizes keep the run short
    bne     a0, t0, 9f
    lw      t1, 8(a1)
    andi    t1, t1, 0xff
    sw      t1, 8(a1)
    j       9f
8:  li      a0, 0
    ret
9:  li      a0, 1
    ret

# fuzz_thread: where threads created by the fuzzer start; they end at once.
fuzz_thread:
    li      a0, 0
    SYSCALL THREAD_EXIT

# random_argument() -> a0 = an argument of a random shape. Clobbers t0-t2.
random_argument:
    prologue ra
    call    random
    andi    t0, a0, 7
    srli    a0, a0, 3
    slli    t0, t0, 2
    la      t1, shape_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    jalr    t1
    epilogue
    ret

# The shapes: each takes a0 = random bits and returns a0 = the argument.
shape_zero:
    li      a0, 0
    ret
shape_small:
    andi    a0, a0, 63
    ret
shape_word:
    slli    t0, a0, 3               # all 32 bits, not just the 29 left
    xor     a0, a0, t0
    ret
shape_minus_one:
    li      a0, -1
    ret
shape_scratch:                      # inside our writable scratch buffer, far
    andi    a0, a0, SCRATCH / 2 - 1 # enough from its end for any record the
                                    # kernel writes (thread_info: 56 bytes)
    la      t0, scratch
    add     a0, a0, t0
    ret
shape_text:                         # our read-only code
    li      t0, 0xfff
    and     a0, a0, t0
    li      t0, USER_TEXT_BASE
    add     a0, a0, t0
    ret
shape_kernel:                       # kernel memory
    li      t0, 0xffffff
    and     a0, a0, t0
    li      t0, RAM_BASE
    add     a0, a0, t0
    ret
shape_page:                         # a page-aligned user address
    li      t0, 0x7ffff000
    and     a0, a0, t0
    ret

    .section .rodata
    .balign 4
shape_table:
    .word shape_zero, shape_small, shape_word, shape_minus_one
    .word shape_scratch, shape_text, shape_kernel, shape_page
summary_text: .asciz "sysfuzz: %u calls, %u succeeded, %u failed cleanly (seed %d)\n"
usage_text:   .asciz "usage: sysfuzz [CALLS [SEED [-v]]]\n"
verbose_text: .asciz "#%u: syscall %u (%x, %x, %x, %x, %x, %x)"
verbose_result_text: .asciz " = %d\n"

    .data
    .balign 4
verbose:   .word 0

    .bss
    .balign 4
scratch: .zero SCRATCH
