# servers/console/audit.s — the console's answer to pm's ping: a check of
# what it promises its readers (issue 13).
#
# Owns nothing: it reads the waiting reads (console.s) and the type-ahead
# (line.s, console.s).  The console's promise: after every input, read,
# mode or foreground change (edit_input), a read that may be served now is
# not left waiting while typed bytes or finished lines are there to serve
# it.  Bent code that answers pm's ping but no longer serves its reads (a
# type-ahead count read from the wrong place: the keys pile up, the shell
# waits for ever) breaks it, while the console answers every ping.  The
# console is one thread and the audit runs between two messages, so the
# state it reads is whole; a breach seen at AUDIT_STRIKES pings in a row is
# answered -EIO, and pm's watchdog restarts the console as answering wrongly.
# The audit is not in the code it checks: a flip that bends edit_input or
# serve_readers leaves it as it was.

    .include "abi.inc"
    .include "console.inc"
    .include "frame.inc"

    .equ AUDIT_STRIKES, 2           # pings in a row (a transient state never lasts one)

    .text

# console_audit() -> a0 = 0 (the promise holds) or -EIO (broken at
# AUDIT_STRIKES pings in a row).  Called by main for LABEL_ALIVE.
# Clobbers caller-saved registers.
    .globl console_audit
console_audit:
    prologue ra
    call    next_reader             # a read that may be served now?
    bltz    a0, 8f
    la      t0, ready_len           # and finished lines or typed bytes for it
    lw      t1, 0(t0)
    bnez    t1, 1f
    la      t0, raw_len
    lw      t1, 0(t0)
    beqz    t1, 8f
1:  la      t0, audit_strikes       # owed, and not served
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    li      a0, 0
    li      t2, AUDIT_STRIKES
    bltu    t1, t2, 9f
    li      a0, -EIO
    j       9f
8:  la      t0, audit_strikes
    sw      zero, 0(t0)
    li      a0, 0
9:  epilogue
    ret

    .bss
    .balign 4
audit_strikes: .zero 4              # pings in a row that found the promise broken
