# servers/shell/acct.s — the builtins that show the system's own figures:
# `time CMD` (like bash's time: real, user, sys, then what a teaching OS
# adds: waiting, blocked, response, switches, system calls by family) and
# `sched [POLICY [SLICE_MS]]` (the scheduling policy, switched at run time).
#
# Owns how an [acct] record (kernel/abi.toml) is printed and how a policy
# word becomes its number; the figures themselves are the kernel's (timer
# ticks) and pm's (kept until the wait).  fmt_ticks is shared with ps.s.

    .include "abi.inc"
    .include "frame.inc"

    .equ MS_PER_TICK, 1000 / TICK_HZ

    .text

# fmt_ticks(a0 = 16-byte buffer, a1 = ticks) -> a0 = the buffer, holding
# the ticks as seconds with milliseconds, e.g. "1.230" (userland/lib/timefmt.s).
# Called by builtin_time and ps. Clobbers caller-saved registers.
    .globl fmt_ticks
fmt_ticks:
    li      t0, MS_PER_TICK
    mul     a1, a1, t0
    tail    fmt_ms

# time CMD...: run CMD in the foreground and print its accounting to
# descriptor 2, as bash's time does.  real = turnaround (start to end),
# user = on the CPU, sys = servers working on its calls, then the rest of
# real: waiting (ready, not on the CPU) and blocked; real = user + sys +
# waiting + blocked for a one-thread program (DESIGN.md 3, Accounting).
# NAME=value words before CMD are CMD's variables (env.s, env_push).
# Ctrl-Z makes CMD a stopped job (jobs.s) with no times: pm keeps a
# process's record until it ends, and `fg` waits for it without `time`.
# Clobbers caller-saved registers.  s0 = argv, s1 = pid, s2 = env_push's.
    .globl builtin_time
builtin_time:
    prologue ra, s0, s1, s2
    li      t0, 2
    blt     a0, t0, 8f
    addi    s0, a1, 4
    li      s1, 0                   # `time NAME=value... CMD`: CMD's variables
4:  slli    t0, s1, 2
    add     t0, t0, s0
    lw      t1, 4(t0)
    beqz    t1, 5f                  # the last word is the command
    lw      a0, 0(t0)
    call    assignment_name
    beqz    a0, 5f
    addi    s1, s1, 1
    j       4b
5:  mv      a0, s0
    mv      a1, s1
    call    env_push
    li      t0, 1
    bltz    a0, 7f
    mv      s2, a1
    slli    t0, s1, 2
    add     s0, s0, t0
    mv      a0, s0
    li      a1, FDS_MAX
    call    spawn_command           # PATH, as any command (search.s)
    mv      s1, a0
    mv      a0, s2
    call    env_pop
    bgez    s1, 1f
    mv      a0, s1
    lw      a1, 0(s0)
    call    print_spawn_error
    j       9f
1:  mv      a0, s1
    la      a1, time_acct
    call    wait_acct               # a0 = pid, a1 = status, a2 = how
    bltz    a0, 9f
    li      t0, WAIT_STOPPED        # Ctrl-Z: a stopped job, as a pipeline's
    beq     a2, t0, 6f              # (pm fills no record for a stop)
    lw      a0, 0(s0)
    call    report_status
    la      s2, time_acct
    lw      t0, ACCT_ENDED(s2)
    lw      t1, ACCT_BORN(s2)
    sub     a1, t0, t1
    la      a0, real_text
    call    print_time_line
    lw      a1, ACCT_USER(s2)
    la      a0, user_text
    call    print_time_line
    lw      a1, ACCT_SYS(s2)
    la      a0, sys_text
    call    print_time_line
    lw      a1, ACCT_READY(s2)
    la      a0, wait_text
    call    print_time_line
    lw      a1, ACCT_BLOCKED(s2)
    la      a0, blocked_text
    call    print_time_line
    lw      t0, ACCT_FIRST_OUTPUT(s2)
    beqz    t0, 2f
    lw      t1, ACCT_BORN(s2)
    sub     a1, t0, t1
    la      a0, response_text
    call    print_time_line
    j       3f
2:  li      a0, 2
    la      a1, no_response_text
    call    dprintf
3:  li      a0, 2
    la      a1, switches_text
    lw      a2, ACCT_SWITCHES(s2)
    call    dprintf
    li      a0, 2
    la      a1, syscalls_text
    lw      a2, ACCT_SYSCALLS(s2)
    lw      a3, ACCT_FAMILIES + FAMILY_PROCESS * 4(s2)
    lw      a4, ACCT_FAMILIES + FAMILY_DEVICE * 4(s2)
    lw      a5, ACCT_FAMILIES + FAMILY_INFO * 4(s2)
    lw      a6, ACCT_FAMILIES + FAMILY_COMM * 4(s2)
    call    dprintf
    j       9f
6:  li      a0, 0                   # jobs.s keeps it, says "[PID] stopped"
    mv      a1, s1
    lw      a2, 0(s0)
    call    pipeline_set
    li      a0, 0
    li      a1, 1
    call    job_stopped
    li      a0, 2
    la      a1, stopped_text
    call    dprintf
    li      t0, STATUS_STOPPED
7:  mv      a0, t0                  # refused: $? is 1; stopped: 148
    call    set_builtin_status
    j       9f
8:  la      a0, time_usage_text
    call    printf
9:  epilogue
    ret

# print_time_line(a0 = label format with one %s, a1 = ticks): to fd 2.
# Called by builtin_time. Clobbers caller-saved registers.
print_time_line:
    prologue ra, s0
    mv      s0, a0
    la      a0, time_buffer
    call    fmt_ticks
    mv      a2, a0
    mv      a1, s0
    li      a0, 2
    call    dprintf
    epilogue
    ret

# sched [POLICY [SLICE_MS]]: without words, print the policy and slice;
# with them, switch (pm allows the shell, for the user at the console).
# Clobbers caller-saved registers.  s0 = argv, s1 = policy, s2 = slice.
    .globl builtin_sched
builtin_sched:
    prologue ra, s0, s1, s2
    mv      s0, a1
    li      s1, -1
    li      s2, 0
    li      t0, 3
    bgt     a0, t0, 8f
    li      t0, 1
    beq     a0, t0, 3f
    li      t0, 3                   # a slice too?
    bne     a0, t0, 1f
    lw      a0, 8(s0)
    call    parse_int
    beqz    a1, 8f
    blez    a0, 8f
    mv      s2, a0
1:  li      s1, 0                   # the policy word
2:  li      t0, NSCHED
    bgeu    s1, t0, 8f
    la      t0, sched_words
    slli    t1, s1, 2
    add     t0, t0, t1
    lw      a0, 0(t0)
    lw      a1, 4(s0)
    call    strcmp
    beqz    a0, 3f
    addi    s1, s1, 1
    j       2b
3:  mv      a0, s1
    mv      a1, s2
    call    sched                   # a0 = the previous policy, a1 = slice
    bgez    a0, 4f
    la      a1, sched_name_text
    call    print_error
    j       9f
4:  li      a0, -1                  # what is in force now (the kernel rounds
    li      a1, 0                   # the slice up to whole ticks)
    call    sched
    li      t0, NSCHED
    bgeu    a0, t0, 9f
    mv      a2, a1
    la      t0, sched_words
    slli    t1, a0, 2
    add     t0, t0, t1
    lw      a1, 0(t0)
    la      a0, sched_text
    call    printf
    j       9f
8:  la      a0, sched_usage_text
    call    printf
9:  epilogue
    ret

    .section .rodata
    .balign 4
sched_words:                        # indexed by SCHED_* (abi.toml [sched_words])
    SCHED_WORD_TABLE
time_usage_text:   .asciz "usage: time COMMAND [ARGS...]\n"
stopped_text:      .asciz "time: stopped before it ended: no times\n"
real_text:         .asciz "real     %ss\n"
user_text:         .asciz "user     %ss\n"
sys_text:          .asciz "sys      %ss   (servers answering its calls)\n"
wait_text:         .asciz "waiting  %ss   (ready, not on the CPU)\n"
blocked_text:      .asciz "blocked  %ss   (input, sleep, children...)\n"
response_text:     .asciz "response %ss   (start to first output)\n"
no_response_text:  .asciz "response -        (no output)\n"
switches_text:     .asciz "switches %u\n"
syscalls_text:     .asciz "syscalls %u: process %u, device %u, info %u, comm %u\n"
sched_usage_text:  .asciz "usage: sched [fifo|rr|prio|mlfq [SLICE_MS]]\n"
sched_text:        .asciz "sched: %s, slice %u ms\n"
sched_name_text:   .asciz "sched"

    .bss
    .balign 4
time_acct:   .zero ACCT_SIZE
time_buffer: .zero 16
