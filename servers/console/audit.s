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
# The audit is not in the code it checks, nor does it call it: it reads
# the tables itself, so a flip that bends edit_input, serve_readers or the
# tests of who may read (next_reader, may_read, raw_mode) leaves it whole.

    .include "abi.inc"
    .include "console.inc"

    .equ AUDIT_STRIKES, 2           # pings in a row (a transient state never lasts one)

    .text

# console_audit() -> a0 = 0 (the promise holds) or -EIO (broken at
# AUDIT_STRIKES pings in a row).  It decides which reads may be served now
# from the tables themselves (mode and raw owner, the readers, their
# spaces, pm's foreground), not through next_reader and raw_mode, which a
# flip may bend.  Called by main for LABEL_ALIVE.  Clobbers caller-saved
# registers.  t3 = index, t4 = readers.
    .globl console_audit
console_audit:
    la      t0, ready_len           # finished lines or typed bytes to hand over?
    lw      t1, 0(t0)
    bnez    t1, 1f
    la      t0, raw_len
    lw      t1, 0(t0)
    beqz    t1, 8f
1:  la      t0, reader_count
    lw      t2, 0(t0)
    li      t0, READERS_MAX
    bleu    t2, t0, 2f
    mv      t2, t0                  # a count past the table: look at the table
2:  li      t3, 0
3:  bgeu    t3, t2, 8f              # no read that may be served waits
    slli    t0, t3, 3
    la      t4, readers
    add     t4, t4, t0
    lw      a1, 0(t4)               # its tid
    la      t0, mode
    lw      t0, 0(t0)
    li      t1, CONSOLE_RAW
    bne     t0, t1, 4f
    la      t0, raw_owner           # raw: the reads of the thread that set it
    lw      t0, 0(t0)
    beq     a1, t0, 6f
    j       5f
4:  slli    t0, t3, 2               # cooked: the foreground's and the services'
    la      t1, reader_spaces
    add     t1, t1, t0
    lw      t1, 0(t1)
    bltz    t1, 5f
    la      t0, foreground_spaces
    lw      t0, 0(t0)
    srl     t0, t0, t1
    andi    t0, t0, 1
    bnez    t0, 6f
5:  addi    t3, t3, 1
    j       3b
6:  la      t0, audit_strikes       # owed, and not served
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    li      a0, 0
    li      t2, AUDIT_STRIKES
    bltu    t1, t2, 9f
    li      a0, -EIO
    ret
8:  la      t0, audit_strikes
    sw      zero, 0(t0)
    li      a0, 0
9:  ret

    .bss
    .balign 4
audit_strikes: .zero 4              # pings in a row that found the promise broken
