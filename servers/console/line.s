# servers/console/line.s — the console's line discipline.
#
# Owns what is being typed: the type-ahead (bytes received, not yet edited)
# and the edit line. Bytes are edited — echoed, erased by backspace or
# Ctrl-U, ended by Enter or Ctrl-D — only while a read waits, so a scripted
# session reads like a typed one; Ctrl-C acts the moment it arrives.
# Finished lines go to console.s (line_finished), which answers the reads.

    .include "abi.inc"
    .include "console.inc"
    .include "frame.inc"

    .equ EDIT_MAX, 256              # the line being typed (with its '\n')
    .equ RAW_MAX, 256               # bytes received, not yet edited

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
    bne     a0, t0, 2f
    call    edit_input              # what came before it is seen first
    call    interrupt_input
    j       1b
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

# edit_input(): answers the waiting reads: from finished lines, and while
# reads still wait, by editing (and echoing) type-ahead bytes into lines.
# Called after input and by console_read. Clobbers caller-saved registers.
    .globl edit_input
edit_input:
    prologue ra
1:  call    serve_readers
    call    readers_waiting
    beqz    a0, 2f
    la      t0, raw_len
    lw      a2, 0(t0)
    beqz    a2, 2f
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
2:  epilogue
    ret

# interrupt_input(): Ctrl-C. Drops everything typed, fails the waiting
# reads with -EINTR and asks pm to interrupt the foreground process.
# Called by uart_interrupt. Clobbers caller-saved registers.
interrupt_input:
    prologue ra
    la      a0, interrupt_text
    call    out_string
    la      t0, edit_len
    sw      zero, 0(t0)
    la      t0, raw_len
    sw      zero, 0(t0)
    call    interrupt_readers       # and the finished lines go too
    li      a0, PM_TID
    li      a1, NOTIFY_INTERRUPT
    call    notify
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

    .bss
    .balign 4
edit_len:     .zero 4
raw_len:      .zero 4
edit_buf:     .zero EDIT_MAX
raw_buf:      .zero RAW_MAX
