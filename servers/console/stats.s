# servers/console/stats.s — console.stats: how full the console's buffers are.
#
# Owns nothing: it reads the type-ahead (line.s: raw bytes, the line being
# edited; console.s: finished lines) and the output ring (uart.s) and
# answers their use and sizes, so `buffers` can show the console's
# buffering at work (type-ahead while a program runs, output waiting for
# the UART).

    .include "abi.inc"
    .include "console.inc"
    .include "frame.inc"

    .text

# console_stats(a0 = the client): answers console.stats (abi.toml) at once.
# Called by main for CONSOLE_STATS.  Clobbers caller-saved.
    .globl console_stats
console_stats:
    la      t0, raw_len
    lw      a2, 0(t0)
    la      t0, edit_len
    lw      t1, 0(t0)
    add     a2, a2, t1
    la      t0, ready_len
    lw      t1, 0(t0)
    add     a2, a2, t1              # r0 = typed, not yet read
    li      a3, RAW_MAX + EDIT_MAX + READY_MAX
    la      t0, out_head
    lw      t1, 0(t0)
    la      t0, out_tail
    lw      t2, 0(t0)
    sub     a4, t1, t2              # r2 = queued for the UART
    li      a5, OUT_RING
    li      a1, 0
    tail    reply
