# servers/shell/ps.s — the `ps` builtin: one line per thread.
#
# Owns how a thread is shown: pm's [ps_record]s (kernel/abi.toml) become
# columns, and a thread state plus the port it waits on become words such
# as "ready", "wait: recv" or "wait: call console".

    .include "abi.inc"
    .include "frame.inc"

    .equ PS_MAX, NTHREADS           # records asked of pm: one per kernel thread slot

    .text

# ps: one line per thread, from pm's process list. Clobbers caller-saved.
# s0 = record cursor, s1 = records left.
    .globl builtin_ps
builtin_ps:
    addi    sp, sp, -48
    sw      ra, 44(sp)
    sw      s0, 40(sp)
    sw      s1, 36(sp)
    la      a0, ps_records
    li      a1, PS_MAX
    call    ps
    mv      s1, a0
    bgez    s1, 1f
    la      a1, ps_command_text
    call    print_error
    j       3f
1:  la      a0, ps_header_text
    call    printf
    la      s0, ps_records
2:  blez    s1, 3f
    lw      a0, PS_STATE(s0)        # the state words, then the line
    lw      a1, PS_WAIT_PORT(s0)
    addi    a2, sp, 0               # 32-byte state text at sp+0
    call    describe_state
    lw      a1, PS_PID(s0)
    lw      a2, PS_TID(s0)
    addi    a3, s0, PS_NAME
    addi    a4, sp, 0
    lw      a5, PS_PRIORITY(s0)
    lw      a6, PS_TICKS(s0)
    lw      a7, PS_SYSCALLS(s0)
    lw      t0, PS_SWITCHES(s0)
    addi    sp, sp, -16             # the ninth printf argument goes on the stack
    sw      t0, 0(sp)
    la      a0, ps_line_text
    call    printf
    addi    sp, sp, 16
    addi    s0, s0, PS_SIZE
    addi    s1, s1, -1
    j       2b
3:  lw      s1, 36(sp)
    lw      s0, 40(sp)
    lw      ra, 44(sp)
    addi    sp, sp, 48
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

ps_header_text:      .asciz "  PID   TID NAME            STATE               PRI  TICKS SYSCALLS SWITCHES\n"
ps_line_text:        .asciz "%5d %5d %-15s %-19s %3d %6u %8u %8u\n"
state_unknown_text:  .asciz "?"
unknown_port_text:   .asciz "port"
ps_command_text:     .asciz "ps"

    .bss
    .balign 4
ps_records:      .zero PS_MAX * PS_SIZE
