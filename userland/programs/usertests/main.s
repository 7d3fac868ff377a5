# userland/programs/usertests/main.s — the kernel's and pm's calls, tested
# from inside (after xv6's usertests).
#
# Prints one line per case, `usertests: NAME ok` or
# `usertests: NAME FAILED (got X, want Y)`, then a summary; the exit status
# is the number of failures. Plain calls are rows of case_table (calls.s),
# riscv-tests style; IPC, threads and sync cases (ipc.s, ipc_paths.s) and
# memory, fd and pm cases (process.s) are small functions listed in
# custom_table below.
# Every case function returns a1 = 1 if passed, a2 = got, a3 = expected
# (shown on failure), and may clobber the caller-saved registers.

    .include "abi.inc"
    .include "usertests.inc"
    .include "frame.inc"

    .text

# main() -> a0 = failures. Called by _start. `usertests fds` is the child
# of the descriptor-inheritance case instead (fds.s, child_fds).
# s0 = row / entry cursor, s1 = failures, s2 = passes.
    .globl main
main:
    li      t0, 2
    bne     a0, t0, .Lmain_cases
    lw      a0, 4(a1)
    la      a1, fds_text
    prologue ra
    call    strcmp
    epilogue
    beqz    a0, child_fds
.Lmain_cases:
    prologue ra, s0, s1, s2
    li      s1, 0
    li      s2, 0
    la      s0, case_table
1:  lw      t0, 4(s0)               # the table of plain calls
    li      t1, MODE_END
    beq     t0, t1, 4f
    lw      a0, 12(s0)
    lw      a1, 16(s0)
    lw      a2, 20(s0)
    lw      a3, 24(s0)
    li      a4, 0
    li      a5, 0
    lw      a6, 0(s0)
    call    raw_syscall
    mv      a2, a0                  # a2 = got
    lw      a3, 8(s0)               # a3 = expected
    lw      t0, 4(s0)
    li      a1, 0
    li      t1, MODE_EQ
    bne     t0, t1, 2f
    sub     t2, a2, a3
    seqz    a1, t2
    j       3f
2:  li      t1, MODE_GE
    bne     t0, t1, 5f
    slt     a1, a2, a3
    xori    a1, a1, 1
    j       3f
5:  li      t1, -ERRNO_MAX          # MODE_ERR
    sltu    a1, a2, t1
    xori    a1, a1, 1
3:  addi    a0, s0, 28
    call    report
    addi    s0, s0, ROW_WORDS       # next row: past the name, aligned
    mv      a0, s0
    call    strlen
    add     s0, s0, a0
    addi    s0, s0, 4
    andi    s0, s0, -4
    j       1b
4:  la      s0, custom_table        # the cases that need code
6:  lw      t0, 0(s0)
    beqz    t0, 7f
    jalr    t0                      # a1 = ok, a2 = got, a3 = expected
    lw      a0, 4(s0)
    call    report
    addi    s0, s0, 8
    j       6b
7:  la      a0, summary_text
    mv      a1, s2
    mv      a2, s1
    call    printf
    mv      a0, s1
    epilogue
    ret

# report(a0 = name, a1 = 1 if passed, a2 = got, a3 = expected): prints the
# case's line and counts it in main's s1 (failures) / s2 (passes).
# Called only by main. Clobbers caller-saved registers.
report:
    prologue ra
    mv      t0, a1
    mv      a1, a0
    beqz    t0, 1f
    addi    s2, s2, 1
    la      a0, ok_text
    call    printf
    j       2f
1:  addi    s1, s1, 1
    la      a0, failed_text
    call    printf
2:  epilogue
    ret

    .section .rodata
    .balign 4
custom_table:
    .word case_ipc_roundtrip, ipc_roundtrip_name
    .word case_ipc_paths, ipc_paths_name
    .word case_lease_rights, lease_rights_name
    .word case_notify_self, notify_self_name
    .word case_reply_caller, reply_caller_name
    .word case_dropped_call, dropped_call_name
    .word case_reply_keep, reply_keep_name
    .word case_thread_wakes, thread_wakes_name
    .word case_thread_kill, thread_kill_name
    .word case_heap_page, heap_page_name
    .word case_mutex, mutex_name
    .word case_condvar, condvar_name
    .word case_bad_fd, bad_fd_name
    .word case_close_fd, close_fd_name
    .word case_write_bad_buffer, write_bad_buffer_name
    .word case_spawn_missing, spawn_missing_name
    .word case_wait_no_child, wait_no_child_name
    .word case_kill_missing, kill_missing_name
    .word case_getpid, getpid_name
    .word case_spawn_wait, spawn_wait_name
    .word case_child_fault, child_fault_name
    .word case_kill_child, kill_child_name
    .word case_dup2, dup2_name
    .word case_spawn_inherits_fds, spawn_inherits_fds_name
    .word case_spawn_bad_fds, spawn_bad_fds_name
    .word 0, 0


ipc_roundtrip_name:    .asciz "ipc call/recv/lease/reply"
ipc_paths_name:        .asciz "ipc words, leases and kept registers"
lease_rights_name:     .asciz "lease_write into a read-only lease"
notify_self_name:      .asciz "notify + recv notifications"
reply_caller_name:     .asciz "reply to REPLY_CALLER, sender bent"
dropped_call_name:     .asciz "a call received, not answered: -EDROPPED"
reply_keep_name:       .asciz "reply_keep, recv, answer later"
thread_wakes_name:     .asciz "thread_create + futex wake"
thread_kill_name:      .asciz "thread_kill own thread"
heap_page_name:        .asciz "mem_map heap page"
mutex_name:            .asciz "mutex lock/unlock"
condvar_name:          .asciz "condition variable wait/signal"
bad_fd_name:           .asciz "read closed fd"
close_fd_name:         .asciz "close then write"
write_bad_buffer_name: .asciz "write unmapped buffer"
spawn_missing_name:    .asciz "pm spawn missing program"
wait_no_child_name:    .asciz "pm wait without children"
kill_missing_name:     .asciz "pm kill missing pid"
getpid_name:           .asciz "pm getpid"
spawn_wait_name:       .asciz "pm spawn + wait exit 0"
child_fault_name:      .asciz "pm child fault reported"
kill_child_name:       .asciz "pm kill child"
dup2_name:             .asciz "dup2 copies, self, closed, out of range"
spawn_inherits_fds_name: .asciz "pm spawn passes (port, handle) pairs"
spawn_bad_fds_name:    .asciz "pm spawn refuses bad fd pairs"
ok_text:               .asciz "usertests: %s ok\n"
failed_text:           .asciz "usertests: %s FAILED (got %d, want %d)\n"
summary_text:          .asciz "usertests: %d passed, %d failed\n"
