# servers/console/audit.s — the console's answer to pm's ping: a check of
# what it promises its readers (issue 13).
#
# Owns nothing: it reads the waiting reads (console.s), the type-ahead
# (line.s, console.s) and the kernel's thread table (thread_info).  The
# console's promises: every read the kernel holds for it (a call it kept)
# is in its table of waiting reads, so someone will answer it; and after
# every input, read, mode or foreground change (edit_input), a read that
# may be served now is not left waiting while typed bytes or finished
# lines are there to serve it.  Bent code or state that answers pm's ping
# but no longer serves its reads (a type-ahead count read from the wrong
# place: the keys pile up; a reader's tid bent: its read is never
# answered) breaks one, while the console answers every ping and the shell
# waits for ever.  The console is one thread and the audit runs between
# two messages, so the state it reads is whole; a breach seen at
# AUDIT_STRIKES pings in a row is answered -EIO, and pm's watchdog
# restarts the console as answering wrongly (the kept calls end with it).
# The audit is not in the code it checks, nor does it call it: it reads
# the tables itself, so a flip that bends edit_input, serve_readers or the
# tests of who may read (next_reader, may_read, raw_mode) leaves it whole.

    .include "abi.inc"
    .include "frame.inc"
    .include "console.inc"

    .equ AUDIT_STRIKES, 2           # pings in a row (a transient state never lasts one)

    .text

# console_audit(a0 = the caller being answered now) -> a0 = 0 (the
# promises hold) or -EIO (broken at AUDIT_STRIKES pings in a row).  First
# every kept call is known (kept_known); then no read that may be served
# waits while there is input for it: which reads may be served now it
# decides from the tables themselves (mode and raw owner, the readers,
# their spaces, pm's foreground), not through next_reader and raw_mode,
# which a flip may bend.  Called by main for LABEL_ALIVE.  Clobbers
# caller-saved registers.  t3 = index, t4 = readers.
    .globl console_audit
console_audit:
    prologue ra
    call    kept_known
    bnez    a0, 6f
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
6:  la      t0, audit_strikes       # broken
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

# kept_known(a0 = the caller being answered now) -> a0 = 0 when every call
# the kernel holds for the console (a thread in a call whose partner is the
# console's thread, the one being answered apart) is a read in the readers
# table, else 1.  The console keeps reads by the tid reply_keep gave it; a
# tid bent after that (toyos fi: console:reg:4237504212:4022403 flipped a
# bit of it in a0) leaves a record nobody answers to and the reader's call
# kept for ever: the shell waited in its read, the console answered pings.
# The kernel's thread table is the truth: thread_info for every slot.
# Clobbers caller-saved registers.  s0 = slot, s1 = our tid, s2 = caller.
kept_known:
    prologue_locals TINFO_SIZE, ra, s0, s1, s2
    mv      s2, a0
    SYSCALL SELF
    mv      s1, a0
    li      s0, 1                   # slot 0 is the idle thread
1:  li      t0, NTHREADS
    bgeu    s0, t0, 7f
    mv      a0, s0
    mv      a1, sp
    SYSCALL THREAD_INFO
    bnez    a0, 5f                  # a free slot
    lw      t0, TINFO_STATE(sp)
    li      t1, STATE_CALL
    bne     t0, t1, 5f
    lw      t0, TINFO_PARTNER_TID(sp)
    bne     t0, s1, 5f
    lw      a0, TINFO_TID(sp)
    beq     a0, s2, 5f              # the call being answered
    la      t0, reader_count
    lw      t2, 0(t0)
    li      t0, READERS_MAX
    bleu    t2, t0, 2f
    mv      t2, t0
2:  la      t4, readers
    li      t3, 0
3:  bgeu    t3, t2, 6f              # kept, and not in the table: forgotten
    slli    t0, t3, 3
    add     t0, t0, t4
    lw      t0, 0(t0)
    beq     t0, a0, 5f
    addi    t3, t3, 1
    j       3b
5:  addi    s0, s0, 1
    j       1b
6:  li      a0, 1
    j       9f
7:  li      a0, 0
9:  epilogue
    ret

    .bss
    .balign 4
audit_strikes: .zero 4              # pings in a row that found the promise broken
