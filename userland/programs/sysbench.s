# userland/programs/sysbench.s — what kernel entries cost, counted with
# rdinstret (the whole machine's retired instructions, kernel included).
#
# `sysbench null [N]` (default 10000): N null system calls; prints
#     sysbench: N null calls, X instructions per call
# where X is the loop with the ecall minus the same loop without it, i.e.
# the kernel's ecall ... sret path alone.
# `sysbench write [N]` (default 100): N writes of the 13 bytes
# "hello, world\n" to stdout (the console); prints
#     sysbench: N writes of 13 bytes, X instructions per write
# where X is each write() call from the library's entry to its return:
# the IPC to the console, its lease_read and its output to the UART.
# `sysbench yield [N]` (default 1000): spawns a second sysbench
# (`sysbench -y N`) at the same priority; both yield in a loop, so every
# yield switches to the other address space.  The child prints
#     sysbench: N yields, X instructions per switch
# (its instructions over 2N switches, both user loops included).  The
# parent yields until a helper thread has seen the child end, then exits
# with the child's status.  Exits 2 on bad arguments, 1 if a step failed.
# Where rdinstret is not an instruction count (QEMU without -icount,
# userland/lib/instret.s) both print the counts without a figure.

    .include "abi.inc"
    .include "frame.inc"

    .equ WRITE_BYTES, 13            # "hello, world\n", what `write` writes

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
# s0 = argc, s1 = argv, s2 = N.
    .globl main
main:
    prologue_locals 32, ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      t0, 2
    blt     s0, t0, .Lsb_usage
    li      s2, 0                   # N: 0 = the mode's default
    li      t0, 3
    blt     s0, t0, 1f
    lw      a0, 8(s1)
    call    parse_int
    beqz    a1, .Lsb_usage
    blez    a0, .Lsb_usage
    mv      s2, a0
1:  lw      a0, 4(s1)
    la      a1, null_word
    call    strcmp
    bnez    a0, 2f
    mv      a0, s2
    call    bench_null
    j       9f
2:  lw      a0, 4(s1)
    la      a1, write_word
    call    strcmp
    bnez    a0, 21f
    mv      a0, s2
    call    bench_write
    j       9f
21: lw      a0, 4(s1)
    la      a1, yield_word
    call    strcmp
    bnez    a0, 3f
    mv      a0, s2
    call    bench_yield
    j       9f
3:  lw      a0, 4(s1)
    la      a1, child_flag
    call    strcmp
    bnez    a0, .Lsb_usage
    mv      a0, s2
    call    yield_child
    j       9f
.Lsb_usage:
    la      a0, usage_text
    call    printf
    li      a0, 2
9:  epilogue
    ret

# bench_null(a0 = N or 0) -> a0 = 0. s0 = N, s1 = instret with the ecall.
bench_null:
    prologue ra, s0, s1
    mv      s0, a0
    bnez    s0, 1f
    li      s0, 10000
1:  mv      t1, s0
    rdinstret t0
2:  li      a7, SYS_NULL
    ecall
    addi    t1, t1, -1
    bnez    t1, 2b
    rdinstret s1
    sub     s1, s1, t0
    mv      t1, s0
    rdinstret t0
3:  li      a7, SYS_NULL            # the same loop without the ecall
    addi    t1, t1, -1
    bnez    t1, 3b
    rdinstret t2
    sub     t2, t2, t0
    sub     s1, s1, t2
    call    instret_is_exact
    mv      t0, a0
    mv      a1, s0
    la      a0, null_uncounted_text
    beqz    t0, 4f
    divu    a2, s1, s0
    la      a0, null_text
4:  call    printf
    li      a0, 0
    epilogue
    ret

# bench_write(a0 = N or 0) -> a0 = 0, or 1 if a write failed.
# s0 = N, s1 = calls left, s2 = instructions in the writes, s3 = instret
# before the current one.
bench_write:
    prologue ra, s0, s1, s2, s3
    mv      s0, a0
    bnez    s0, 1f
    li      s0, 100
1:  mv      s1, s0
    li      s2, 0
2:  li      a0, 1                   # stdout
    la      a1, write_text
    li      a2, WRITE_BYTES
    rdinstret s3
    call    write
    rdinstret t0
    sub     t0, t0, s3
    add     s2, s2, t0
    li      t1, WRITE_BYTES
    bne     a0, t1, 5f
    addi    s1, s1, -1
    bnez    s1, 2b
    call    instret_is_exact
    mv      t0, a0
    mv      a1, s0
    la      a0, write_uncounted_text
    beqz    t0, 4f
    sub     s2, s2, s0              # each first rdinstret is not the write's
    divu    a2, s2, s0
    la      a0, write_figure_text
4:  call    printf
    li      a0, 0
    j       6f
5:  la      a0, write_failed_text
    call    printf
    li      a0, 1
6:  epilogue
    ret

# bench_yield(a0 = N or 0) -> a0 = the child's status (1 if it could not
# start). Frame: ra, s0; argv[4] at sp+0, the N string at sp+16.
bench_yield:
    prologue_locals 40, ra, s0
    mv      s0, a0
    bnez    s0, 1f
    li      s0, 1000
1:  mv      a0, s0
    addi    a1, sp, 16
    call    itoa
    la      t0, program_name
    sw      t0, 0(sp)
    la      t0, child_flag
    sw      t0, 4(sp)
    addi    t0, sp, 16
    sw      t0, 8(sp)
    sw      zero, 12(sp)
    mv      a0, sp
    call    spawn
    bltz    a0, 8f
    la      t0, child_pid
    sw      a0, 0(t0)
    la      a0, child_watcher
    li      a1, 0
    call    thread_create
    bltz    a0, 8f
2:  call    yield                   # the child's partner until it ends
    la      t0, child_done
    lw      t0, 0(t0)
    beqz    t0, 2b
    la      t0, child_status
    lw      a0, 0(t0)
    j       9f
8:  call    strerror
    mv      a1, a0
    la      a0, failed_text
    call    printf
    li      a0, 1
9:  epilogue
    ret

# child_watcher(a0 = unused): a thread of the parent. Waits for the child,
# keeps its status (1 if it was killed or faulted), says so, and ends.
child_watcher:
    la      t0, child_pid
    lw      a0, 0(t0)
    call    wait_pid                # a1 = status, a2 = how
    snez    t0, a2
    or      a1, a1, t0
    la      t0, child_status
    sw      a1, 0(t0)
    la      t0, child_done
    li      t1, 1
    sw      t1, 0(t0)
    li      a0, 0
    tail    thread_exit

# yield_child(a0 = N) -> a0 = 0: N yields to the parent, measured.
# s0 = N, s1 = instret at the start.
yield_child:
    prologue ra, s0, s1
    mv      s0, a0
    bnez    s0, 1f
    li      s0, 1000
1:  sw      s0, 0(sp)               # the loop counter
    rdinstret s1
2:  call    yield
    lw      t0, 0(sp)
    addi    t0, t0, -1
    sw      t0, 0(sp)
    bnez    t0, 2b
    rdinstret t0
    sub     s1, t0, s1
    call    instret_is_exact
    mv      t0, a0
    mv      a1, s0
    la      a0, yield_uncounted_text
    beqz    t0, 3f
    slli    t1, s0, 1               # two switches per yield of ours
    divu    a2, s1, t1
    la      a0, yield_text
3:  call    printf
    li      a0, 0
    epilogue
    ret

    .section .rodata
program_name: .asciz "sysbench"
null_word:    .asciz "null"
yield_word:   .asciz "yield"
write_word:   .asciz "write"
write_text:   .asciz "hello, world\n"
    .if . - write_text != WRITE_BYTES + 1
    .error "WRITE_BYTES must be write_text's length"
    .endif
write_figure_text:    .asciz "sysbench: %d writes of 13 bytes, %u instructions per write\n"
write_uncounted_text: .asciz "sysbench: %d writes of 13 bytes (rdinstret here is not an instruction count)\n"
write_failed_text:    .asciz "sysbench: write failed\n"
child_flag:   .asciz "-y"
null_text:    .asciz "sysbench: %d null calls, %u instructions per call\n"
yield_text:   .asciz "sysbench: %d yields, %u instructions per switch\n"
null_uncounted_text:  .asciz "sysbench: %d null calls (rdinstret here is not an instruction count)\n"
yield_uncounted_text: .asciz "sysbench: %d yields (rdinstret here is not an instruction count)\n"
failed_text:  .asciz "sysbench: %s\n"
usage_text:   .asciz "usage: sysbench null|write|yield [N]\n"

    .data
    .balign 4
child_pid:    .word 0
child_status: .word 0
child_done:   .word 0
