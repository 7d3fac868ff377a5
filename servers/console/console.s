# servers/console/console.s — the console server: the terminal of toyos.
#
# Owns the UART (uart.s: its MMIO page mapped here by pm, buffered output;
# IRQ 10 bound to notification bit UART_NOTIFY), the terminal's line
# discipline (line.s: echo, backspace, Ctrl-U, Ctrl-C, Ctrl-D), and here the
# server loop, the finished lines and the reads waiting for them.
# Ctrl-C fails the waiting reads with -EINTR and tells pm to interrupt the
# foreground process; Ctrl-D ends the input. Serves the io protocol of
# kernel/abi.toml on PORT_CONSOLE (read, write, close). It never blocks on a
# client: a read with no complete line yet is remembered and answered when
# the line arrives. It never prints through a descriptor of its own (that
# would be a call to itself).

    .include "abi.inc"
    .include "console.inc"
    .include "frame.inc"

    .equ UART_NOTIFY, 1             # notification bit the UART IRQ sets
    .equ READY_MAX, 1024            # finished lines not yet read
    .equ READERS_MAX, 8             # reads waiting for a line
    .equ CHUNK, 128                 # bytes copied per lease_read

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
    IPC_REPLY_RECV_ON PORT_CONSOLE
    SYSCALL REPLY_RECV
    j       2f
1:  li      a0, PORT_CONSOLE
    li      a1, UART_NOTIFY
    SYSCALL RECV
2:  mv      s2, a0
    mv      s3, a1
    mv      s4, a3
    IPC_RECEIVED_BITS s5
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

# line_finished(a0 = line, a1 = length): appends a finished line (ending in
# '\n' or the Ctrl-D mark) to the lines waiting to be read; dropped whole if
# they are full. Called by the line discipline (line.s). Clobbers caller-saved.
    .globl line_finished
line_finished:
    la      t0, ready_len
    lw      t1, 0(t0)
    add     t2, t1, a1
    li      t3, READY_MAX
    bgtu    t2, t3, 1f
    sw      t2, 0(t0)
    mv      a2, a1
    mv      a1, a0
    la      a0, ready_buf
    add     a0, a0, t1
    tail    memcpy
1:  ret

# readers_waiting() -> a0 = reads waiting for a line. Called by line.s.
    .globl readers_waiting
readers_waiting:
    la      a0, reader_count
    lw      a0, 0(a0)
    ret

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

    .globl serve_readers
# serve_readers(): while a read waits and a finished line exists, gives the
# oldest reader (up to its length of) the oldest line. A reader whose lease
# cannot take the line gets the error (-EFAULT) and the line goes to the
# next one, as it does when the reader was killed meanwhile. Called after input and after a new read. Clobbers caller-saved.
# s0 = bytes to hand over, s1 = bytes to consume, s2 = reader tid.
serve_readers:
    prologue ra, s0, s1, s2
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
    bgez    a0, 6f
    mv      a1, a0                  # a lease we cannot write (read-only,
    mv      a0, s2                  # not user memory): its error, and the
    li      a2, 0                   # line stays for the next read (if the
    li      a3, 0                   # reader is gone, the reply just fails)
    li      a4, 0
    li      a5, 0
    call    reply
    j       7f
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
    epilogue
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

# interrupt_readers(): Ctrl-C: drops the finished lines and answers every
# waiting read with -EINTR. Called by line.s. Clobbers caller-saved registers.
    .globl interrupt_readers
interrupt_readers:
    prologue ra
    la      t0, ready_len
    sw      zero, 0(t0)
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
2:  epilogue
    ret

# console_write(a0 = client tid, a1 = bytes to write) -> a0 = bytes written
# (-EFAULT when the lease cannot be read at all).
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
    bltz    a0, 5f
    beqz    a0, 4f                  # the lease ended: stop there
    add     s2, s2, a0
    sub     s1, s1, a0
    addi    s3, sp, 32
    add     s4, s3, a0
3:  lbu     a0, 0(s3)
    call    out_byte
    addi    s3, s3, 1
    bltu    s3, s4, 3b
    j       1b
5:  beqz    s2, 6f                  # a bad lease: its error, unless some
4:  mv      a0, s2                  # bytes were written already
6:  lw      s4, 8(sp)
    lw      s3, 12(sp)
    lw      s2, 16(sp)
    lw      s1, 20(sp)
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32 + CHUNK
    ret

    .bss
    .balign 4
ready_len:    .zero 4
reader_count: .zero 4
readers:      .zero 8 * READERS_MAX  # (tid, bytes wanted), oldest first
ready_buf:    .zero READY_MAX
