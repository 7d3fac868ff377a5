# userland/programs/pingpong.s — IPC round trips between two processes.
#
# `pingpong [N]` (default 1000): this process creates a port, spawns a
# second pingpong as its client (`pingpong -c PORT N`), and answers its
# calls until a helper thread, which waits for the client to end, tells it
# (with a DONE call) — so a client that dies early cannot leave us
# hanging. The client counts retired instructions (rdinstret: the whole
# machine's, so kernel and server work is included) around the N call +
# reply round trips and prints
#     pingpong: N round trips, X instructions per round trip
# or, where rdinstret is not an instruction count (QEMU without -icount,
# userland/lib/instret.s), the round trips alone.
# Exits 0 on success, 1 if a reply came back wrong or a step failed.

    .include "abi.inc"
    .include "frame.inc"

    .equ PING, 1                    # the client's label: reply code = w0 + 1
    .equ DONE, 2                    # the helper's label: the client ended

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
    .globl main
main:
    prologue ra
    li      t0, 4                   # "-c PORT N": we are the client
    bne     a0, t0, 1f
    lw      t0, 4(a1)
    lbu     t1, 0(t0)
    li      t2, '-'
    bne     t1, t2, 1f
    call    client
    j       9f
1:  call    server
9:  epilogue
    ret

# server(a0 = argc, a1 = argv) -> a0 = exit status.
# s0 = N, s1 = port, s2 = child pid, s4 = the caller being answered.
# Frame: ra, s0-s4, then argv[5] at sp+32 and two 12-byte number strings.
server:
    prologue_locals 56, ra, s0, s1, s2, s3, s4
    li      s0, 1000
    li      t0, 2
    blt     a0, t0, 1f
    lw      a0, 4(a1)
    call    parse_int
    beqz    a1, .Lpp_usage
    blez    a0, .Lpp_usage
    mv      s0, a0
1:  call    port_create
    bltz    a0, .Lpp_failed
    mv      s1, a0
    addi    a1, sp, 0               # argv strings: port at sp+0, N at sp+12
    call    itoa
    mv      a0, s0
    addi    a1, sp, 12
    call    itoa
    la      t0, program_name_text
    sw      t0, 32(sp)
    la      t0, client_flag_text
    sw      t0, 36(sp)
    addi    t0, sp, 0
    sw      t0, 40(sp)
    addi    t0, sp, 12
    sw      t0, 44(sp)
    sw      zero, 48(sp)
    addi    a0, sp, 32
    call    spawn
    bltz    a0, .Lpp_failed
    mv      s2, a0
    la      t0, client_pid
    sw      s2, 0(t0)
    la      t0, server_port
    sw      s1, 0(t0)
    la      a0, client_watcher
    li      a1, 0
    call    thread_create
    bltz    a0, .Lpp_failed
    mv      a0, s1                  # the first call
    li      a1, 0
    SYSCALL RECV
2:  blez    a0, .Lpp_failed         # a0 = the caller (answered below)
    li      t0, DONE
    beq     a1, t0, 3f
    addi    a1, a2, 1               # answer a ping and take the next call
    li      a2, 0                   # (IPC clobbers the caller-saved
    li      a3, 0                   # registers: every argument is set
    li      a4, 0                   # each time)
    li      a5, 0
    mv      a6, s1
    SYSCALL REPLY_RECV
    j       2b
3:  mv      s4, a0                  # the client is gone: let the helper end
    li      a1, 0
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    la      t0, client_status       # the client's status is ours
    lw      a0, 0(t0)
    j       9f
.Lpp_failed:
    call    strerror
    mv      a1, a0
    la      a0, failed_text
    call    printf
    li      a0, 1
    j       9f
.Lpp_usage:
    la      a0, usage_text
    call    printf
    li      a0, 2
9:  epilogue
    ret

# client_watcher(a0 = unused): a thread of the server process. Waits for
# the client process to end, keeps its status, then calls the server's port
# with DONE so the server stops receiving. Ends its thread.
client_watcher:
    la      t0, client_pid
    lw      a0, 0(t0)
    call    wait_pid                # a1 = status, a2 = how
    snez    t0, a2                  # killed or faulted: a failure
    or      a1, a1, t0
    la      t0, client_status
    sw      a1, 0(t0)
    la      t0, server_port
    lw      a0, 0(t0)
    li      a1, DONE
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t0, 0
    li      t1, 0
    SYSCALL CALL
    li      a0, 0
    tail    thread_exit

# client(a0 = argc, a1 = argv: pingpong -c PORT N) -> a0 = exit status.
# s0 = N, s1 = port, s2 = calls made, s3 = instret at the start.  ra, gp,
# tp and s4-s11 hold patterns across the calls: the IPC ABI keeps them
# (kernel/abi.toml), and a changed one is reported as a failure.
    .equ PATTERN, 0x600d0000        # + the register's number
    .macro SET_PATTERN reg, n
    li      \reg, PATTERN + \n
    .endm
    .macro CHECK_PATTERN reg, n
    li      t1, PATTERN + \n
    li      a1, \n
    bne     \reg, t1, 7f
    .endm
client:
    addi    sp, sp, -80
    sw      ra, 76(sp)
    sw      s0, 72(sp)
    sw      s1, 68(sp)
    sw      s2, 64(sp)
    sw      s3, 60(sp)
    sw      s4, 56(sp)
    sw      s5, 52(sp)
    sw      s6, 48(sp)
    sw      s7, 44(sp)
    sw      s8, 40(sp)
    sw      s9, 36(sp)
    sw      s10, 32(sp)
    sw      s11, 28(sp)
    sw      gp, 24(sp)
    sw      tp, 20(sp)
    sw      a1, 8(sp)
    lw      a0, 8(a1)
    call    parse_int
    mv      s1, a0
    lw      a1, 8(sp)
    lw      a0, 12(a1)
    call    parse_int
    mv      s0, a0
    li      s2, 0
    SET_PATTERN ra, 1
    SET_PATTERN gp, 3
    SET_PATTERN tp, 4
    SET_PATTERN s4, 20
    SET_PATTERN s5, 21
    SET_PATTERN s6, 22
    SET_PATTERN s7, 23
    SET_PATTERN s8, 24
    SET_PATTERN s9, 25
    SET_PATTERN s10, 26
    SET_PATTERN s11, 27
    rdinstret s3
    blez    s0, 2f
1:  mv      a0, s1
    li      a1, PING
    mv      a2, s2
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t0, 0
    li      t1, 0
    SYSCALL CALL
    addi    s2, s2, 1
    bne     a0, s2, 8f              # the server answers w0 + 1
    bne     s2, s0, 1b
2:  rdinstret t0
    sub     s3, t0, s3
    CHECK_PATTERN ra, 1
    CHECK_PATTERN gp, 3
    CHECK_PATTERN tp, 4
    CHECK_PATTERN s4, 20
    CHECK_PATTERN s5, 21
    CHECK_PATTERN s6, 22
    CHECK_PATTERN s7, 23
    CHECK_PATTERN s8, 24
    CHECK_PATTERN s9, 25
    CHECK_PATTERN s10, 26
    CHECK_PATTERN s11, 27
    lw      gp, 24(sp)              # the library may use them again
    lw      tp, 20(sp)
    call    instret_is_exact        # no figure where instret is not a count
    beqz    a0, 6f
    divu    a2, s3, s0
    mv      a1, s0
    la      a0, result_text
    call    printf
    li      a0, 0
    j       9f
6:  mv      a1, s0
    la      a0, no_count_text
    call    printf
    li      a0, 0
    j       9f
7:  lw      gp, 24(sp)              # a1 = the register that changed
    lw      tp, 20(sp)
    la      a0, clobbered_text
    call    printf
    li      a0, 1
    j       9f
8:  mv      a2, a0
    mv      a1, s2
    la      a0, bad_reply_text
    call    printf
    li      a0, 1
9:  lw      gp, 24(sp)
    lw      tp, 20(sp)
    lw      s11, 28(sp)
    lw      s10, 32(sp)
    lw      s9, 36(sp)
    lw      s8, 40(sp)
    lw      s7, 44(sp)
    lw      s6, 48(sp)
    lw      s5, 52(sp)
    lw      s4, 56(sp)
    lw      s3, 60(sp)
    lw      s2, 64(sp)
    lw      s1, 68(sp)
    lw      s0, 72(sp)
    lw      ra, 76(sp)
    addi    sp, sp, 80
    ret

    .section .rodata
program_name_text: .asciz "pingpong"
client_flag_text:  .asciz "-c"
result_text:       .asciz "pingpong: %d round trips, %u instructions per round trip\n"
no_count_text:     .asciz "pingpong: %d round trips (rdinstret here is not an instruction count)\n"
bad_reply_text:    .asciz "pingpong: call %d got %d\n"
clobbered_text:    .asciz "pingpong: call changed x%d, which IPC must keep\n"
failed_text:       .asciz "pingpong: %s\n"
usage_text:        .asciz "usage: pingpong [ROUND_TRIPS]\n"

    .data
    .balign 4
client_pid:    .word 0
client_status: .word 0
server_port:   .word 0
