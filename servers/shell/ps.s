# servers/shell/ps.s — the `ps` builtin: one line per thread.
#
# Owns how a thread is shown: pm's [ps_record]s (kernel/abi.toml) become
# columns (CPU, SYS, WAIT, BLOCK: the accounting buckets, in seconds), and a thread state plus the port it waits on become words such
# as "ready", "wait: recv" or "wait: call console".

    .include "abi.inc"
    .include "frame.inc"

    .equ PS_MAX, NTHREADS           # records asked of pm: one per kernel thread slot

    .text

# ps: one line per thread, from pm's process list, then the system's
# figures: CPU utilisation (1 - idle's share) and throughput (jobs pm saw
# end, per second).  Times are the kernel's accounting buckets (abi.toml
# [thread]) in seconds.  Clobbers caller-saved.
# s0 = record cursor, s1 = records left, s2 = jobs done, s3 = jiffies,
# s4 = idle ticks.
    .globl builtin_ps
builtin_ps:
    prologue_locals 32, ra, s0, s1, s2, s3, s4
    la      a0, ps_records
    li      a1, PS_MAX
    call    ps
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    li      s4, 0
    bgez    s1, 1f
    la      a1, ps_command_text
    call    print_error
    j       9f
1:  la      a0, ps_header_text
    call    printf
    la      s0, ps_records
2:  blez    s1, 3f
    lw      t0, PS_TID(s0)          # the idle thread's ticks: the CPU's idle time
    bnez    t0, 4f
    lw      s4, PS_TICKS(s0)
4:  lw      a0, PS_STATE(s0)        # the state words, then the line
    lw      a1, PS_WAIT_PORT(s0)
    addi    a2, sp, 0               # 32-byte state text at sp+0
    call    describe_state
    lw      a1, PS_PID(s0)
    lw      a2, PS_TID(s0)
    addi    a3, s0, PS_NAME
    addi    a4, sp, 0
    lw      a5, PS_PRIORITY(s0)
    lw      a6, PS_LEVEL(s0)
    la      a0, ps_line_text
    call    printf
    la      a0, ps_times + 0
    lw      a1, PS_TICKS(s0)
    call    fmt_ticks
    la      a0, ps_times + 16
    lw      a1, PS_SYS_TICKS(s0)
    call    fmt_ticks
    la      a0, ps_times + 32
    lw      a1, PS_READY_TICKS(s0)
    call    fmt_ticks
    la      a0, ps_times + 48
    lw      a1, PS_BLOCKED_TICKS(s0)
    call    fmt_ticks
    la      a1, ps_times + 0
    la      a2, ps_times + 16
    la      a3, ps_times + 32
    la      a4, ps_times + 48
    lw      a5, PS_SYSCALLS(s0)
    lw      a6, PS_SWITCHES(s0)
    la      a0, ps_figures_text
    call    printf
    addi    s0, s0, PS_SIZE
    addi    s1, s1, -1
    j       2b
3:  beqz    s3, 9f                  # the system: busy share and throughput
    li      t0, 100
    mul     t1, s4, t0
    divu    t1, t1, s3
    sub     a1, t0, t1              # % busy
    la      a0, ps_times
    mv      s4, a1
    mv      a1, s3
    call    fmt_ticks
    li      t0, 100 * TICK_HZ       # jobs per second, in hundredths
    mul     t0, s2, t0
    divu    t0, t0, s3
    li      t1, 100
    divu    a5, t0, t1
    remu    a6, t0, t1
    mv      a1, s4
    la      a2, ps_times
    mv      a3, s2
    mv      a4, a5
    mv      a5, a6
    la      a0, ps_system_text
    call    printf
9:  epilogue
    ret

# describe_state(a0 = thread state, a1 = port it waits on, a2 = 32-byte
# buffer): writes the words ps shows, e.g. "ready", "wait: call console".
# Called by builtin_ps. Clobbers caller-saved registers.
describe_state:
    prologue ra, s0, s1, s2, s3
    mv      s0, a2
    mv      s2, a1
    la      s1, state_unknown_text
    li      t0, NSTATES
    bgeu    a0, t0, 1f              # out of the table: "?"
    slli    t0, a0, 2
    la      t1, state_names
    add     t1, t1, t0
    lw      s1, 0(t1)               # s1 = the state's words
1:
    mv      s3, a0                  # s3 = the state
    mv      a1, s1
    mv      a0, s0
    call    strcpy
    li      t0, STATE_SEND          # waiting on a port: name it
    beq     s3, t0, 2f
    li      t0, STATE_CALL
    bne     s3, t0, 4f
2:  mv      a0, s2
    call    port_name               # a0 = name, or 0
    mv      a1, a0
    bnez    a1, 3f
    la      a1, unknown_port_text
3:  mv      s1, a1
    mv      a0, s0
    call    strlen
    add     a0, s0, a0
    mv      a1, s1
    call    strcpy
4:  epilogue
    ret

# port_name(a0 = port) -> a0 = its well-known name, or 0.
# Clobbers t0, t1.
port_name:
    la      t0, port_names
1:  lw      t1, 0(t0)
    beqz    t1, 2f
    beq     t1, a0, 3f
    addi    t0, t0, 8
    j       1b
2:  li      a0, 0
    ret
3:  lw      a0, 4(t0)
    ret

    .section .rodata
    .balign 4
state_names:                        # indexed by STATE_* (abi.toml [state_words])
    STATE_WORD_TABLE
port_names:                         # (port, name) pairs, 0, 0 (abi.toml [ports])
    PORT_NAME_TABLE

ps_header_text:      .asciz "  PID   TID NAME            STATE               PRI LV     CPU     SYS    WAIT   BLOCK SYSCALLS SWITCHES\n"
ps_line_text:        .asciz "%5d %5d %-15s %-19s %3d %2d "
ps_figures_text:     .asciz "%7s %7s %7s %7s %8u %8u\n"
ps_system_text:      .asciz "cpu %u%% busy over %s s; %u jobs done, %u.%02u jobs/s\n"
state_unknown_text:  .asciz "?"
unknown_port_text:   .asciz "port"
ps_command_text:     .asciz "ps"

    .bss
    .balign 4
ps_records:      .zero PS_MAX * PS_SIZE
ps_times:        .zero 4 * 16
