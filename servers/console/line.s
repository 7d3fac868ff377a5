# servers/console/line.s — the console's line discipline.
#
# Owns what is being typed: the type-ahead (bytes received, not yet edited),
# the edit line and the mode (console.mode, kernel/abi.toml [console_mode]).
# Cooked: bytes are edited — echoed, erased by backspace or Ctrl-U, ended by
# Enter or Ctrl-D — only while a read waits, so a scripted session reads
# like a typed one. Raw (the shell's own line editor): while a read waits,
# bytes pass as they are, without echo, up to the first Enter, so whatever
# was typed after it stays here for the next reader (a program the line
# starts reads it cooked). In both modes Ctrl-C acts the moment it arrives;
# Ctrl-Z stops the foreground job in cooked mode (in raw mode it is a key).
# Finished lines go to console.s (line_finished), which answers the reads.

    .include "abi.inc"
    .include "console.inc"
    .include "frame.inc"

    .equ CTRL_Z, 0x1a

    .text

# uart_interrupt(): takes every received byte: Ctrl-C acts at once (after
# the bytes before it had their chance to be read), the others join the
# type-ahead (dropped when it is full); then acknowledges the
# IRQ so the PLIC can raise it again, and edits what readers wait for.
# Called by main when the UART notification bit is set. Clobbers caller-saved.
    .globl uart_interrupt
uart_interrupt:
    prologue ra
1:  call    uart_getc
    bltz    a0, 3f
    li      t0, 3
    bne     a0, t0, 4f
    call    edit_input              # what came before it is seen first
    call    interrupt_input
    j       1b
4:  li      t0, CTRL_Z              # cooked: stop the foreground job; raw:
    bne     a0, t0, 2f              # a key like others (the editor ignores it)
    call    raw_mode
    li      t1, CTRL_Z
    bnez    a0, 5f
    call    edit_input
    call    stop_input
    j       1b
5:  mv      a0, t1
2:  la      t0, raw_len
    lw      t1, 0(t0)
    li      t2, RAW_MAX
    bgeu    t1, t2, 1b
    la      t2, raw_buf
    add     t2, t2, t1
    sb      a0, 0(t2)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    j       1b
3:  li      a0, UART_IRQ
    call    irq_ack
    call    edit_input
    epilogue
    ret

# console_mode(a0 = CONSOLE_COOKED or CONSOLE_RAW, a1 = the caller) -> a0 =
# the previous mode, or -EINVAL. Raw mode is the caller's: only its reads
# are served while it lasts (others wait for cooked lines), so a program
# left reading in the background never takes the shell's keystrokes. Going
# raw hands the half-edited line back to the type-ahead (the raw reader
# gets it, as POSIX's ~ICANON does). Called by main for CONSOLE_MODE.
# Clobbers caller-saved registers.
    .globl console_mode
console_mode:
    prologue ra, s0, s1
    li      t0, CONSOLE_RAW
    bleu    a0, t0, 1f
    li      a0, -EINVAL
    j       9f
1:  la      t0, raw_owner
    sw      a1, 0(t0)
    la      t0, mode
    lw      s0, 0(t0)
    sw      a0, 0(t0)
    la      t0, interrupt_pending   # a raw Ctrl-C not delivered was the
    sw      zero, 0(t0)             # line editor's; it is gone
    beq     a0, s0, 8f
    li      t0, CONSOLE_RAW
    bne     a0, t0, 8f
    la      t0, edit_len            # room for the edit line in front of the
    lw      a2, 0(t0)               # type-ahead? (else it is dropped)
    beqz    a2, 8f
    sw      zero, 0(t0)
    la      t0, raw_len
    lw      t1, 0(t0)
    add     t2, t1, a2
    li      t3, RAW_MAX
    bgtu    t2, t3, 8f
    sw      t2, 0(t0)
    mv      s1, a2
    la      a0, raw_buf
    add     a0, a0, a2
    la      a1, raw_buf
    mv      a2, t1
    call    memmove
    la      a0, raw_buf
    la      a1, edit_buf
    mv      a2, s1
    call    memcpy
8:  call    edit_input              # a reader may wait for the new mode
    mv      a0, s0
9:  epilogue
    ret

# raw_mode() -> a0 nonzero in raw mode, a1 = the thread that set it.
# Called by console.s. Clobbers t0.
    .globl raw_mode
raw_mode:
    la      t0, mode
    lw      a0, 0(t0)
    la      t0, raw_owner
    lw      a1, 0(t0)
    ret

# through_enter(a0 = bytes, a1 = count) -> a0 = how many of them up to the
# first Enter (CR or LF) included; all of them if there is none.
# Called by console.s for raw reads and by edit_input. Clobbers t0-t3.
    .globl through_enter
through_enter:
    li      t0, 0
1:  bgeu    t0, a1, 2f
    add     t1, a0, t0
    lbu     t1, 0(t1)
    addi    t0, t0, 1
    li      t2, '\r'
    beq     t1, t2, 2f
    li      t2, '\n'
    bne     t1, t2, 1b
2:  mv      a0, t0
    ret

# edit_input(): answers the waiting reads: from finished lines, and while
# reads still wait, by editing (and echoing) type-ahead bytes into lines
# (cooked), or by passing them on through the first Enter (raw).
# Called after input and by console_read. Clobbers caller-saved registers.
    .globl edit_input
edit_input:
    prologue ra
1:  la      t0, interrupt_pending   # a raw Ctrl-C with nothing typed before
    lw      t0, 0(t0)               # it left to hand over: for this read
    li      t1, 1
    bne     t0, t1, 5f
    call    lines_waiting
    bnez    a0, 5f
    call    next_reader
    bltz    a0, 5f
    call    interrupt_now
5:  call    serve_readers
    call    next_reader
    bltz    a0, 2f
    la      t0, raw_len
    lw      a2, 0(t0)
    beqz    a2, 2f
    call    raw_mode
    bnez    a0, 3f
    la      t0, edit_len            # a new line: is someone alive to read
    lw      t0, 0(t0)               # it? (a reader killed while it waited
    bnez    t0, 4f                  # must not get the echo)
    call    drop_dead_readers
    call    next_reader
    bltz    a0, 2f
4:  la      t0, raw_len
    lw      a2, 0(t0)
    addi    a2, a2, -1              # take the oldest byte
    sw      a2, 0(t0)
    la      a1, raw_buf
    lbu     t1, 0(a1)
    sw      t1, 8(sp)
    mv      a0, a1
    addi    a1, a1, 1
    call    memmove
    lw      a0, 8(sp)
    call    input_byte
    j       1b
3:  la      a0, raw_buf             # raw: the bytes through the first Enter
    la      t0, raw_len             # become one "line" as they are
    lw      a1, 0(t0)
    call    through_enter
    la      t0, interrupt_pending   # but never past a pending Ctrl-C
    lw      t1, 0(t0)
    beqz    t1, 6f
    addi    t1, t1, -1              # bytes typed before it
    bleu    a0, t1, 7f
    mv      a0, t1
7:  sub     t1, t1, a0
    addi    t1, t1, 1
    sw      t1, 0(t0)
    beqz    a0, 1b                  # the Ctrl-C comes first now
6:  sw      a0, 8(sp)
    mv      a1, a0
    la      a0, raw_buf
    call    line_finished
    la      t0, raw_len
    lw      a2, 0(t0)
    lw      t1, 8(sp)
    sub     a2, a2, t1
    sw      a2, 0(t0)
    la      a0, raw_buf
    add     a1, a0, t1
    call    memmove
    j       1b
2:  epilogue
    ret

# interrupt_input(): Ctrl-C. Drops everything typed, fails the waiting
# reads with -EINTR and asks pm to interrupt the foreground process.  In raw
# mode with no read waiting (the shell is echoing what it read), the bytes
# typed before it are still handed over and the read after them is the one
# interrupted, so the screen shows the line, then ^C, in the order typed.
# Called by uart_interrupt. Clobbers caller-saved registers.
interrupt_input:
    prologue ra
    li      a0, PM_TID
    li      a1, NOTIFY_INTERRUPT
    call    notify
    call    raw_mode
    beqz    a0, 1f
    call    next_reader
    bgez    a0, 1f
    la      t0, raw_len             # raw, the editor busy echoing: it gets
    lw      t1, 0(t0)               # what was typed before, then -EINTR
    addi    t1, t1, 1               # (stored + 1: 0 means none)
    la      t0, interrupt_pending
    sw      t1, 0(t0)
    j       2f
1:  la      t0, edit_len
    sw      zero, 0(t0)
    la      t0, raw_len
    sw      zero, 0(t0)
    call    interrupt_now
2:  epilogue
    ret

# stop_input(): Ctrl-Z in cooked mode: echoes ^Z, drops what was typed
# (as a terminal flushes its input at a signal) and asks pm to stop the
# foreground job (servers/pm/jobs.s). Reads stay queued: the job reads on
# when it is continued. Called by uart_interrupt. Clobbers caller-saved.
stop_input:
    prologue ra
    la      t0, edit_len
    sw      zero, 0(t0)
    la      t0, raw_len
    sw      zero, 0(t0)
    la      a0, stop_text
    call    out_string
    li      a0, PM_TID
    li      a1, NOTIFY_STOP
    call    notify
    epilogue
    ret

# interrupt_now(): echoes ^C and fails the waiting reads (and the finished
# lines go too). Clobbers caller-saved registers.
interrupt_now:
    prologue ra
    la      t0, interrupt_pending
    sw      zero, 0(t0)
    la      a0, interrupt_text
    call    out_string
    call    interrupt_readers
    epilogue
    ret

# input_byte(a0 = byte typed): the line discipline for one byte (Ctrl-C
# never gets here: interrupt_input takes it on arrival).
# Called by edit_input. Clobbers caller-saved registers.
input_byte:
    prologue ra, s0
    mv      s0, a0
    li      t0, '\r'                # Enter sends CR: treat it as newline
    bne     s0, t0, 1f
    li      s0, '\n'
1:  li      t0, '\n'
    beq     s0, t0, .Lin_newline
    li      t0, 0x15
    beq     s0, t0, .Lin_kill_line
    li      t0, EOF_MARK
    beq     s0, t0, .Lin_end_of_input
    li      t0, 0x7f
    beq     s0, t0, .Lin_erase
    li      t0, 8
    beq     s0, t0, .Lin_erase
    li      t0, '\t'
    beq     s0, t0, 2f
    li      t0, ' '
    bltu    s0, t0, .Lin_done       # other control characters are ignored
2:  la      t0, edit_len            # an ordinary character
    lw      t1, 0(t0)
    li      t2, EDIT_MAX - 1        # keep room for the '\n'
    bgeu    t1, t2, .Lin_done
    la      t2, edit_buf
    add     t2, t2, t1
    sb      s0, 0(t2)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    mv      a0, s0
    call    out_byte
    j       .Lin_done

.Lin_newline:
    la      t0, edit_len
    lw      t1, 0(t0)
    la      t2, edit_buf
    add     t2, t2, t1
    sb      s0, 0(t2)
    sw      zero, 0(t0)             # the edit line is handed over whole
    la      a0, edit_buf
    addi    a1, t1, 1
    call    line_finished
    li      a0, '\n'
    call    out_byte
    call    serve_readers
    j       .Lin_done

.Lin_end_of_input:                  # the line so far, then end of input
    la      t0, edit_len
    lw      t1, 0(t0)
    la      t2, edit_buf
    add     t2, t2, t1
    sb      s0, 0(t2)
    sw      zero, 0(t0)             # the edit line is handed over whole
    la      a0, edit_buf
    addi    a1, t1, 1
    call    line_finished
    call    serve_readers
    j       .Lin_done

.Lin_erase:
    la      t0, edit_len
    lw      t1, 0(t0)
    beqz    t1, .Lin_done
    addi    t1, t1, -1
    sw      t1, 0(t0)
    la      a0, erase_text
    call    out_string
    j       .Lin_done

.Lin_kill_line:
    la      t0, edit_len
    lw      t1, 0(t0)
    beqz    t1, .Lin_done
    addi    t1, t1, -1
    sw      t1, 0(t0)
    la      a0, erase_text
    call    out_string
    j       .Lin_kill_line

.Lin_done:
    epilogue
    ret

    .section .rodata
erase_text:     .asciz "\b \b"
interrupt_text: .asciz "^C\n"
stop_text:      .asciz "^Z\n"

    .bss
    .balign 4
mode:         .zero 4               # CONSOLE_COOKED or CONSOLE_RAW
interrupt_pending: .zero 4          # raw mode: a Ctrl-C came while no read waited,
                                    # with this many bytes - 1 typed before it (0: none)
raw_owner:    .zero 4               # the thread that asked for raw mode
    .globl mode, raw_owner          # audit.s reads them
    .globl edit_len, raw_len        # stats.s counts them
edit_len:     .zero 4
raw_len:      .zero 4
edit_buf:     .zero EDIT_MAX
raw_buf:      .zero RAW_MAX
