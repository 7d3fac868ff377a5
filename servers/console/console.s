# servers/console/console.s — the console server: the terminal of toyos.
#
# Owns the UART (through uart.s, its MMIO page mapped here by pm, IRQ 10
# bound to notification bit UART_NOTIFY) and the terminal line discipline:
# cooked input with echo, backspace, Ctrl-U (erase line), Ctrl-C (drop the
# input, fail pending reads with -EINTR and tell pm to interrupt the
# foreground process), Ctrl-D (end of input), and buffered output.
# Typed-ahead bytes wait, unechoed, until someone reads: so a scripted
# session reads like a typed one (each line echoed after its prompt), while
# Ctrl-C still acts the moment it arrives.
# Serves the io protocol of kernel/abi.toml on PORT_CONSOLE (read, write,
# close). It never blocks on a client: a read with no complete line yet is
# remembered and answered when the line arrives. It never prints through a
# descriptor of its own (that would be a call to itself).

    .include "abi.inc"
    .include "syscall.inc"

    .equ UART_NOTIFY, 1             # notification bit the UART IRQ sets
    .equ EDIT_MAX, 256              # the line being typed (with its '\n')
    .equ READY_MAX, 1024            # finished lines not yet read
    .equ READERS_MAX, 8             # reads waiting for a line
    .equ RAW_MAX, 256               # bytes received, not yet edited (type-ahead)
    .equ CHUNK, 128                 # bytes copied per lease_read
    .equ EOF_MARK, 4                # in ready_buf: Ctrl-D ends the input here

    .text

# main(): the server loop. Called by _start (crt0); never returns.
# s0 = client to answer before the next receive (0: none), s1 = its code,
# s2 = sender, s3 = label, s4 = w1 (length), s5 = notification bits.
    .globl main
main:
    call    uart_init
    li      a0, UART_IRQ
    li      a1, UART_NOTIFY
    call    irq_bind
    li      s0, 0
.Lcon_loop:
    call    uart_flush
    beqz    s0, 1f
    mv      a0, s0
    mv      a1, s1
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, PORT_CONSOLE
    SYSCALL REPLY_RECV
    j       2f
1:  li      a0, PORT_CONSOLE
    li      a1, UART_NOTIFY
    SYSCALL RECV
2:  mv      s2, a0
    mv      s3, a1
    mv      s4, a3
    mv      s5, a6
    li      s0, 0
    andi    t0, s5, UART_NOTIFY
    beqz    t0, 3f
    call    uart_interrupt
3:  blez    s2, .Lcon_loop          # notifications only (or a failed recv)
    mv      s0, s2
    li      t0, IO_WRITE
    bne     s3, t0, 4f
    mv      a0, s2
    mv      a1, s4
    call    console_write
    mv      s1, a0
    j       .Lcon_loop
4:  li      t0, IO_READ
    bne     s3, t0, 5f
    mv      a0, s2
    mv      a1, s4
    call    console_read
    li      s0, 0                   # console_read answers, now or later
    j       .Lcon_loop
5:  li      s1, 0
    li      t0, IO_CLOSE
    beq     s3, t0, .Lcon_loop
    li      s1, -ENOSYS
    j       .Lcon_loop

# uart_interrupt(): takes every received byte: Ctrl-C acts at once (after
# the bytes before it had their chance to be read), the others join the
# type-ahead (dropped when it is full); then acknowledges the
# IRQ so the PLIC can raise it again, and edits what readers wait for.
# Called by main when the UART notification bit is set. Clobbers caller-saved.
uart_interrupt:
    addi    sp, sp, -16
    sw      ra, 12(sp)
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
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# edit_input(): answers the waiting reads: from finished lines, and while
# reads still wait, by editing (and echoing) type-ahead bytes into lines.
# Called after input and after a new read. Clobbers caller-saved registers.
edit_input:
    addi    sp, sp, -16
    sw      ra, 12(sp)
1:  call    serve_readers
    la      t0, reader_count
    lw      t0, 0(t0)
    beqz    t0, 2f
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
2:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# interrupt_input(): Ctrl-C. Drops everything typed, fails the waiting
# reads with -EINTR and asks pm to interrupt the foreground process.
# Called by uart_interrupt. Clobbers caller-saved registers.
interrupt_input:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, interrupt_text
    call    out_string
    la      t0, edit_len
    sw      zero, 0(t0)
    la      t0, ready_len
    sw      zero, 0(t0)
    la      t0, raw_len
    sw      zero, 0(t0)
    call    interrupt_readers
    li      a0, PM_TID
    li      a1, NOTIFY_INTERRUPT
    call    notify
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# input_byte(a0 = byte typed): the line discipline for one byte (Ctrl-C
# never gets here: interrupt_input takes it on arrival).
# Called by edit_input. Clobbers caller-saved registers.
input_byte:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
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
    addi    a0, t1, 1
    call    finish_line
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
    addi    a0, t1, 1
    call    finish_line
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
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# finish_line(a0 = length of edit_buf to move): appends the typed line to
# the finished lines (dropped if they are full) and empties the edit line.
# Called by input_byte. Clobbers caller-saved registers.
finish_line:
    la      t0, edit_len
    sw      zero, 0(t0)
    la      t0, ready_len
    lw      t1, 0(t0)
    add     t2, t1, a0
    li      t3, READY_MAX
    bgtu    t2, t3, 1f
    sw      t2, 0(t0)
    mv      a2, a0
    la      a0, ready_buf
    add     a0, a0, t1
    la      a1, edit_buf
    tail    memcpy
1:  ret

# console_read(a0 = client tid, a1 = bytes wanted): queues the read and
# answers whatever can be answered now (editing type-ahead for it).
# Called by main for IO_READ. Clobbers caller-saved registers.
console_read:
    la      t0, reader_count
    lw      t1, 0(t0)
    li      t2, READERS_MAX
    bgeu    t1, t2, 1f
    la      t2, readers
    slli    t3, t1, 3
    add     t2, t2, t3
    sw      a0, 0(t2)
    sw      a1, 4(t2)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    tail    edit_input
1:  li      a1, -EBUSY              # too many readers: refuse this one now
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    tail    reply

# serve_readers(): while a read waits and a finished line exists, gives the
# oldest reader (up to its length of) the oldest line. A reader that can no
# longer take its answer (killed meanwhile) is dropped and the line goes to
# the next one. Called after input and after a new read. Clobbers caller-saved.
# s0 = bytes to hand over, s1 = bytes to consume, s2 = reader tid.
serve_readers:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    sw      s2, 0(sp)
.Lsr_next:
    la      t0, reader_count
    lw      t0, 0(t0)
    beqz    t0, .Lsr_done
    la      t0, ready_len
    lw      t1, 0(t0)
    beqz    t1, .Lsr_done
    la      t2, ready_buf           # s0 = line length (through '\n', up to
    li      s0, 0                   # an end mark), s1 = bytes it uses up
1:  add     t3, t2, s0
    lbu     t3, 0(t3)
    li      t4, EOF_MARK
    beq     t3, t4, 3f
    addi    s0, s0, 1
    li      t4, '\n'
    beq     t3, t4, 2f
    bltu    s0, t1, 1b
2:  mv      s1, s0
    j       4f
3:  mv      s1, s0                  # the end mark goes only when it comes first
    bnez    s0, 4f
    li      s1, 1
4:  la      t0, readers
    lw      s2, 0(t0)
    lw      t1, 4(t0)               # never more than the reader asked for
    bgeu    t1, s0, 5f
    mv      s0, t1
    mv      s1, t1
5:  beqz    s0, 6f
    mv      a0, s2
    li      a1, 0
    la      a2, ready_buf
    mv      a3, s0
    call    lease_write
    bltz    a0, 7f                  # the reader is gone: try the next one
6:  mv      a0, s2
    mv      a1, s0
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    la      t0, ready_len           # drop the consumed bytes
    lw      a2, 0(t0)
    sub     a2, a2, s1
    sw      a2, 0(t0)
    la      a0, ready_buf
    add     a1, a0, s1
    call    memmove
7:  call    pop_reader
    j       .Lsr_next
.Lsr_done:
    lw      s2, 0(sp)
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pop_reader(): removes the oldest waiting read. Clobbers a0-a2, t0-t2.
pop_reader:
    la      t0, reader_count
    lw      a2, 0(t0)
    addi    a2, a2, -1
    sw      a2, 0(t0)
    slli    a2, a2, 3
    la      a0, readers
    addi    a1, a0, 8
    tail    memmove

# interrupt_readers(): answers every waiting read with -EINTR (Ctrl-C).
# Called by interrupt_input. Clobbers caller-saved registers.
interrupt_readers:
    addi    sp, sp, -16
    sw      ra, 12(sp)
1:  la      t0, reader_count
    lw      t1, 0(t0)
    beqz    t1, 2f
    la      t0, readers
    lw      a0, 0(t0)
    li      a1, -EINTR
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    call    pop_reader
    j       1b
2:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# console_write(a0 = client tid, a1 = bytes to write) -> a0 = bytes written.
# Copies the client's lease in CHUNK pieces into the output ring.
# Called by main for IO_WRITE. Clobbers caller-saved registers.
# s0 = tid, s1 = bytes left, s2 = offset, s3 = chunk cursor, s4 = chunk end.
console_write:
    addi    sp, sp, -32 - CHUNK
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    sw      s1, 20(sp)
    sw      s2, 16(sp)
    sw      s3, 12(sp)
    sw      s4, 8(sp)
    mv      s0, a0
    mv      s1, a1
    li      s2, 0
1:  beqz    s1, 4f
    mv      a3, s1
    li      t0, CHUNK
    bleu    a3, t0, 2f
    mv      a3, t0
2:  mv      a0, s0
    mv      a1, s2
    addi    a2, sp, 32
    call    lease_read
    blez    a0, 4f                  # the lease ended (or was bad): stop there
    add     s2, s2, a0
    sub     s1, s1, a0
    addi    s3, sp, 32
    add     s4, s3, a0
3:  lbu     a0, 0(s3)
    call    out_byte
    addi    s3, s3, 1
    bltu    s3, s4, 3b
    j       1b
4:  mv      a0, s2
    lw      s4, 8(sp)
    lw      s3, 12(sp)
    lw      s2, 16(sp)
    lw      s1, 20(sp)
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32 + CHUNK
    ret

    .section .rodata
erase_text:     .asciz "\b \b"
interrupt_text: .asciz "^C\n"

    .bss
    .balign 4
edit_len:     .zero 4
ready_len:    .zero 4
reader_count: .zero 4
readers:      .zero 8 * READERS_MAX  # (tid, bytes wanted), oldest first
raw_len:      .zero 4
edit_buf:     .zero EDIT_MAX
ready_buf:    .zero READY_MAX
raw_buf:      .zero RAW_MAX
