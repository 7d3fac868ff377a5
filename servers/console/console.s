# servers/console/console.s — the console server: the terminal of toyos.
#
# Owns the UART (uart.s: its MMIO page mapped here by pm, buffered output;
# IRQ 10 bound to notification bit UART_NOTIFY), the terminal's line
# discipline (line.s: echo, backspace, Ctrl-U, Ctrl-C, Ctrl-D), and here the
# server loop, the finished lines and the reads waiting for them.
# Ctrl-C fails the waiting reads with -EINTR and tells pm to interrupt the
# foreground process; Ctrl-D ends the input. Serves the io protocol of
# kernel/abi.toml on PORT_CONSOLE (read, write, close, write_inline: a short
# write whose bytes come in the message words, and mode: cooked lines
# or raw bytes for the shell's line editor, line.s; and foreground: pm names
# the spaces whose cooked reads may be served, so a background job's read
# waits). It never blocks on a
# client: a read with no complete line yet is remembered and answered when
# the line arrives. It never prints through a descriptor of its own (that
# would be a call to itself).

    .include "abi.inc"
    .include "console.inc"
    .include "frame.inc"

    .equ UART_NOTIFY, 1             # notification bit the UART IRQ sets
    .equ UART_POLL, 2               # notification bit the poller sets (below)
    .equ POLL_MS, 100               # so a lost UART interrupt costs at most this

    .text

# main(): the server loop. Called by _start (crt0); never returns.
# s0 = client to answer before the next receive (REPLY_CALLER: the one just
# received, by the kernel's record, whatever s2 says; 0: none), s1 = its code,
# s2 = sender, s3 = label, s4 = w1 (length), s5 = notification bits.
    .globl main
main:
    call    uart_init
    li      a0, UART_IRQ
    li      a1, UART_NOTIFY
    call    irq_bind
    SYSCALL SELF                    # the poller notifies this thread
    mv      a1, a0
    la      a0, poll_uart
    call    thread_create           # if it fails, the console is notified by the IRQ only
    call    uart_interrupt          # the bytes uart_init saved, now rather than at the poller's first look
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
    li      a1, UART_NOTIFY | UART_POLL
    SYSCALL RECV
2:  mv      s2, a0
    mv      s3, a1
    mv      s4, a3
    IPC_RECEIVED_BITS s5
    li      s0, 0
    li      t2, CONSOLE_WRITE_INLINE # first, while t0/t1 still hold the count
    bne     a1, t2, 21f             # and the rights (uart_interrupt clobbers them)
    bgtz    a0, .Lcon_inline
21: andi    t0, s5, UART_NOTIFY | UART_POLL
    beqz    t0, 3f
    call    uart_interrupt
3:  blez    s2, .Lcon_loop          # notifications only (or a failed recv)
    li      s0, REPLY_CALLER        # the kernel's record of who asked, not s2
    li      t0, IO_WRITE
    bne     s3, t0, 4f
    li      a0, REPLY_CALLER        # its lease too, whatever s2 says
    mv      a1, s4
    call    console_write
    mv      s1, a0
    j       .Lcon_loop
4:  li      t0, IO_READ
    bne     s3, t0, 5f
    SYSCALL REPLY_KEEP              # the read may wait for a line: keep the
    li      s0, 0                   # call, by the tid the kernel delivered
    blez    a0, .Lcon_loop          # (its caller is gone)
    mv      a1, s4
    call    console_read
    li      s0, 0                   # console_read answers, now or later
    j       .Lcon_loop
5:  li      t0, CONSOLE_MODE
    bne     s3, t0, 6f
    SYSCALL REPLY_KEEP              # raw mode is the caller's: who it is, from
    mv      s0, a0                  # the kernel's record (s2 may be misread:
    blez    a0, 51f                 # toyos fi made raw mode a ghost's and
    mv      a1, a0                  # the shell's line editor waited for ever)
    mv      a0, s4
    call    console_mode
    mv      s1, a0
    j       .Lcon_loop
51: li      s0, 0                   # its caller is gone
    j       .Lcon_loop
6:  li      t0, CONSOLE_FOREGROUND
    bne     s3, t0, 8f
    SYSCALL REPLY_KEEP              # only pm may say; who asked, from the kernel
    mv      s0, a0
    blez    a0, 51b
    mv      a1, a0
    mv      a0, s4
    call    console_foreground
    mv      s1, a0
    j       .Lcon_loop
8:  li      t0, CONSOLE_STATS
    bne     s3, t0, 7f
    li      a0, REPLY_CALLER
    call    console_stats           # stats.s answers
    li      s0, 0
    j       .Lcon_loop
7:  li      s1, 0
    li      t0, IO_CLOSE
    beq     s3, t0, .Lcon_loop
    li      t0, LABEL_ALIVE         # pm's watchdog: alive, and its own
    bne     s3, t0, 9f              # promise kept (audit.s), or -EIO
    mv      a0, s2
    call    console_audit
    mv      s1, a0
    j       .Lcon_loop
9:  li      s1, -ENOSYS
    j       .Lcon_loop

.Lcon_inline:                       # console.write_inline: bytes in a2-a5
    IPC_RECEIVED_LEASE_LEN a0
    IPC_RECEIVED_LEASE_RIGHTS a1
    call    console_write_inline
    mv      s1, a0
    li      s0, REPLY_CALLER
    andi    t0, s5, UART_NOTIFY | UART_POLL
    beqz    t0, .Lcon_loop
    call    uart_interrupt
    j       .Lcon_loop

# poll_uart(a0 = the server thread): a thread of its own that notifies the
# server every POLL_MS, which then reads the UART as if it had interrupted.
# An interrupt whose notification is lost (toyos fi drops one) would
# otherwise leave the source claimed and the console deaf for good; MINIX's
# drivers keep a watchdog timer for the same reason.  Never returns.
poll_uart:
    mv      s0, a0
1:  li      a0, POLL_MS
    SYSCALL SLEEP
    mv      a0, s0
    li      a1, UART_POLL
    SYSCALL NOTIFY
    j       1b

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

# console_read(a0 = client tid, a1 = bytes wanted): queues the read and
# answers whatever can be answered now (editing type-ahead for it). When
# every slot is taken, the reads of threads that died meanwhile are dropped
# first (in raw mode nobody else's read is served, so they would stay).
# Called by main for IO_READ. Clobbers caller-saved registers.
console_read:
    la      t0, reader_count
    lw      t1, 0(t0)
    li      t2, READERS_MAX
    bltu    t1, t2, 2f
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    sw      a1, 4(sp)
    call    drop_dead_readers
    lw      a0, 8(sp)
    call    make_room_for
    lw      a1, 4(sp)
    lw      a0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    la      t0, reader_count
    lw      t1, 0(t0)
    li      t2, READERS_MAX
    bgeu    t1, t2, 1f
2:  addi    sp, sp, -16             # its space: in cooked mode only the
    sw      ra, 12(sp)              # foreground job's reads are served
    sw      a0, 8(sp)
    sw      a1, 4(sp)
    call    space_of
    la      t0, reader_count
    lw      t1, 0(t0)
    slli    t3, t1, 2
    la      t2, reader_spaces
    add     t2, t2, t3
    sw      a0, 0(t2)
    lw      a0, 8(sp)
    lw      a1, 4(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
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

# drop_dead_readers(): forgets the waiting reads whose thread no longer
# waits for our reply (killed, or its slot reused since). Called when the
# table is full and by line.s before it echoes a new cooked line.
# Clobbers caller-saved registers. s0 = index, s1 = our tid.
    .globl drop_dead_readers
drop_dead_readers:
    prologue ra, s0, s1
    SYSCALL SELF
    mv      s1, a0
    li      s0, 0
1:  la      t0, reader_count
    lw      t0, 0(t0)
    bgeu    s0, t0, 9f
    la      t0, readers
    slli    t1, s0, 3
    add     t0, t0, t1
    lw      a0, 0(t0)
    mv      a1, s1
    call    still_calling
    bnez    a0, 2f
    mv      a0, s0
    call    pop_reader
    j       1b
2:  addi    s0, s0, 1
    j       1b
9:  epilogue
    ret

# make_room_for(a0 = tid): when every slot is still taken and the read of
# tid may be served now (in raw mode: the line editor's; in cooked mode: the
# foreground job's), the oldest read that may not is refused (-EBUSY) to
# make room: readers in the background never lock the user out.
# Clobbers caller-saved registers. s0 = tid, then the index.
make_room_for:
    prologue ra, s0
    la      t0, reader_count
    lw      t0, 0(t0)
    li      t1, READERS_MAX
    bltu    t0, t1, 9f
    mv      s0, a0
    call    may_read_tid
    beqz    a0, 9f
    li      s0, 0
1:  la      t0, reader_count
    lw      t0, 0(t0)
    bgeu    s0, t0, 9f
    mv      a0, s0
    call    may_read
    beqz    a0, 2f
    addi    s0, s0, 1
    j       1b
2:  la      t0, readers
    slli    t1, s0, 3
    add     t0, t0, t1
    lw      a0, 0(t0)
    li      a1, -EBUSY
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    mv      a0, s0
    call    pop_reader
9:  epilogue
    ret

# still_calling(a0 = tid, a1 = server tid) -> a0 nonzero while that thread
# waits in a call for that server's reply. Clobbers caller-saved registers.
still_calling:
    prologue_locals TINFO_SIZE, ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    andi    a0, a0, TID_SLOT_MASK
    mv      a1, sp
    SYSCALL THREAD_INFO
    bnez    a0, 8f                  # a free slot
    lw      t0, TINFO_TID(sp)
    bne     t0, s0, 8f
    lw      t0, TINFO_STATE(sp)
    li      t1, STATE_CALL
    bne     t0, t1, 8f
    lw      t0, TINFO_PARTNER_TID(sp)
    bne     t0, s1, 8f
    li      a0, 1
    j       9f
8:  li      a0, 0
9:  epilogue
    ret

    .globl serve_readers
# serve_readers(): while a read that may be served waits (next_reader) and a
# finished line exists, gives that reader (up to its length of) the oldest line. A reader whose lease
# cannot take the line gets the error (-EFAULT) and the line goes to the
# next one, as it does when the reader was killed meanwhile. Called after input and after a new read. Clobbers caller-saved.
# s0 = bytes to hand over, s1 = bytes to consume, s2 = reader tid, s3 = its index.
serve_readers:
    prologue ra, s0, s1, s2, s3
.Lsr_next:
    call    next_reader             # s3 = the index of the read to serve
    bltz    a0, .Lsr_done
    mv      s3, a0
    la      t0, ready_len
    lw      t1, 0(t0)
    beqz    t1, .Lsr_done
    call    raw_mode
    bnez    a0, .Lsr_raw
    la      t0, ready_len
    lw      t1, 0(t0)
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
    j       4f
.Lsr_raw:                           # raw: the bytes through the first Enter
    la      t0, ready_len
    lw      a1, 0(t0)
    la      a0, ready_buf
    call    through_enter
    mv      s0, a0
    mv      s1, a0
4:  la      t0, readers
    slli    t1, s3, 3
    add     t0, t0, t1
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
7:  mv      a0, s3
    call    pop_reader
    j       .Lsr_next
.Lsr_done:
    epilogue
    ret

# pop_reader(a0 = index): removes that waiting read, keeping the others
# in their order. Clobbers caller-saved registers.
pop_reader:
    prologue_locals 16, ra
    la      t0, reader_count
    lw      a2, 0(t0)
    addi    a2, a2, -1
    sw      a2, 0(t0)
    sub     a2, a2, a0
    slli    a2, a2, 2
    sw      a2, 0(sp)
    sw      a0, 4(sp)
    slli    a0, a0, 2               # its space
    la      t0, reader_spaces
    add     a0, a0, t0
    addi    a1, a0, 4
    call    memmove
    lw      a0, 4(sp)
    lw      a2, 0(sp)
    slli    a2, a2, 1
    slli    a0, a0, 3               # its (tid, length)
    la      t0, readers
    add     a0, a0, t0
    addi    a1, a0, 8
    call    memmove
    epilogue
    ret

# space_of(a0 = tid) -> a0 = the handle of its address space (-1 if the
# kernel does not know it: never foreground). Clobbers caller-saved.
space_of:
    prologue_locals TINFO_SIZE, ra
    andi    a0, a0, TID_SLOT_MASK
    mv      a1, sp
    SYSCALL THREAD_INFO
    mv      t0, a0
    li      a0, -1
    bnez    t0, 9f
    lw      a0, TINFO_SPACE(sp)
9:  epilogue
    ret

# may_read(a0 = index) -> a0 nonzero when that waiting read may be served
# now: in raw mode only the reads of the thread that set it; in cooked mode
# the reads of the foreground job and the services (console.foreground:
# pm says which spaces).  may_read_tid(a0 = tid): the same for a read not
# queued yet.  Clobbers caller-saved registers.
may_read:
    slli    t0, a0, 3
    la      t1, readers
    add     t1, t1, t0
    lw      t2, 0(t1)               # its tid
    slli    t0, a0, 2
    la      t1, reader_spaces
    add     t1, t1, t0
    lw      a1, 0(t1)               # its space
    mv      a0, t2
    j       1f
may_read_tid:
    li      a1, -2                  # its space: ask the kernel if it counts
1:  prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    call    raw_mode                # a0 = raw?, a1 = its owner
    beqz    a0, 2f
    sub     a0, s0, a1
    seqz    a0, a0
    j       9f
2:  li      t0, -2
    bne     s1, t0, 3f
    mv      a0, s0
    call    space_of
    mv      s1, a0
3:  li      a0, 0
    bltz    s1, 9f
    la      t0, foreground_spaces
    lw      t0, 0(t0)
    srl     t0, t0, s1
    andi    a0, t0, 1
9:  epilogue
    ret

# console_foreground(a0 = space bits, a1 = caller) -> a0 = 0 or -EPERM:
# pm names the spaces of the foreground job and of the services (bit n:
# space handle n); a read that may go on now is served. Called by main for
# CONSOLE_FOREGROUND. Clobbers caller-saved registers.
console_foreground:
    li      t0, PM_TID
    bne     a1, t0, 1f
    la      t0, foreground_spaces
    sw      a0, 0(t0)
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    edit_input              # a read may wait for it
    lw      ra, 12(sp)
    addi    sp, sp, 16
    li      a0, 0
    ret
1:  li      a0, -EPERM
    ret

# lines_waiting() -> a0 = bytes of finished lines not read yet. Called by
# line.s. Clobbers nothing else.
    .globl lines_waiting
lines_waiting:
    la      a0, ready_len
    lw      a0, 0(a0)
    ret

# next_reader() -> a0 = the index of the oldest waiting read that may be
# served now (may_read: in raw mode the line editor's, in cooked mode the
# foreground job's), or -1. Called by serve_readers and line.s.
# Clobbers caller-saved registers.
    .globl next_reader
next_reader:
    prologue ra, s0
    li      s0, 0
1:  la      t0, reader_count
    lw      t0, 0(t0)
    bgeu    s0, t0, 3f
    mv      a0, s0
    call    may_read
    bnez    a0, 4f
    addi    s0, s0, 1
    j       1b
3:  li      s0, -1
4:  mv      a0, s0
    epilogue
    ret

# interrupt_readers(): Ctrl-C: drops the finished lines and answers every
# read that may be served now (the foreground's) with -EINTR; a background
# job's read goes on waiting. Called by line.s. Clobbers caller-saved registers.
    .globl interrupt_readers
interrupt_readers:
    prologue_locals 16, ra
    la      t0, ready_len
    sw      zero, 0(t0)
1:  call    next_reader
    bltz    a0, 2f
    sw      a0, 0(sp)
    slli    t0, a0, 3
    la      t1, readers
    add     t0, t0, t1
    lw      a0, 0(t0)
    li      a1, -EINTR
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    call    reply
    lw      a0, 0(sp)
    call    pop_reader
    j       1b
2:  epilogue
    ret

# console_write_inline(a0 = count, a1 = lease rights, a2..a5 = the bytes,
# w0's low byte first) -> a0 = count, or -EINVAL for a count of 0 or past
# CONSOLE_INLINE_MAX or any lease rights (abi.toml console.write_inline).
# The common case stores all four words at the ring's tail, byte by byte
# (the tail need not be aligned), when the ring has CONSOLE_INLINE_MAX free
# bytes before its end: those past the count land in free space, which the
# next write overwrites.  Else byte by byte through out_byte, which waits
# for the line when the ring is full.  Called by main. Clobbers
# caller-saved registers.
console_write_inline:
    bnez    a1, 9f
    addi    t2, a0, -1
    sltiu   t2, t2, CONSOLE_INLINE_MAX
    beqz    t2, 9f
    la      t3, out_head
    lw      t4, 0(t3)
    lw      t5, 4(t3)               # out_tail
    sub     t6, t5, t4              # bytes waiting
    li      t2, OUT_RING - CONSOLE_INLINE_MAX
    bgtu    t6, t2, 5f
    andi    t6, t5, OUT_RING - 1
    bgtu    t6, t2, 5f
    add     t5, t5, a0
    sw      t5, 4(t3)
    la      t2, out_ring
    add     t6, t2, t6              # t6 = where the bytes go
.irp at, 0, 4
    sb      a2, \at(t6)
    srli    a2, a2, 8
    sb      a2, \at + 1(t6)
    srli    a2, a2, 8
    sb      a2, \at + 2(t6)
    srli    a2, a2, 8
    sb      a2, \at + 3(t6)
    mv      a2, a3
.endr
    li      t2, 8
    bleu    a0, t2, 4f
.irp at, 8, 12
    sb      a4, \at(t6)
    srli    a4, a4, 8
    sb      a4, \at + 1(t6)
    srli    a4, a4, 8
    sb      a4, \at + 2(t6)
    srli    a4, a4, 8
    sb      a4, \at + 3(t6)
    mv      a4, a5
.endr
4:  ret
5:  la      t2, inline_bytes        # no room for all four words: one byte at a time
    sw      a2, 0(t2)
    sw      a3, 4(t2)
    sw      a4, 8(t2)
    sw      a5, 12(t2)
    prologue ra, s0, s1, s2
    mv      s0, t2
    add     s1, t2, a0
    mv      s2, a0
6:  lbu     a0, 0(s0)
    call    out_byte
    addi    s0, s0, 1
    bne     s0, s1, 6b
    mv      a0, s2
    epilogue
    ret
9:  li      a0, -EINVAL
    ret

# console_write(a0 = client tid, a1 = bytes to write) -> a0 = bytes written
# (-EFAULT when the lease cannot be read at all).
# lease_reads the client's lease straight into the output ring's free space
# (uart.s sends it as it is, but for ONLCR): one copy when it fits before
# the ring's end; else a copy per piece, waiting for the line when the ring
# is full. Called by main for IO_WRITE. Clobbers caller-saved registers.
console_write:
    la      t0, out_head
    lw      t1, 0(t0)
    lw      t2, 4(t0)               # out_tail
    sub     t3, t2, t1
    li      t4, OUT_RING
    sub     t3, t4, t3              # t3 = free bytes
    andi    t5, t2, OUT_RING - 1
    sub     t4, t4, t5              # t4 = bytes before the ring's end
    bltu    t3, a1, .Lcw_pieces
    bltu    t4, a1, .Lcw_pieces
    prologue ra                     # the common case: one copy
    mv      a3, a1
    li      a1, 0
    la      a2, out_ring
    add     a2, a2, t5
    call    lease_read
    blez    a0, 1f
    la      t0, out_tail
    lw      t1, 0(t0)
    add     t1, t1, a0
    sw      t1, 0(t0)
1:  epilogue
    ret

# s0 = tid, s1 = bytes left, s2 = offset in the lease.
.Lcw_pieces:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      s2, 0
1:  beqz    s1, 4f
    la      t0, out_head
    lw      t1, 0(t0)
    lw      t2, 4(t0)               # out_tail
    sub     t3, t2, t1
    li      t4, OUT_RING
    sub     t3, t4, t3              # t3 = free bytes
    bnez    t3, 2f
    call    uart_make_room          # full: wait for the line
    j       1b
2:  andi    t5, t2, OUT_RING - 1
    sub     t4, t4, t5              # t4 = free bytes before the ring's end
    bleu    t3, t4, 3f
    mv      t3, t4
3:  mv      a3, s1
    bleu    a3, t3, 5f
    mv      a3, t3
5:  mv      a0, s0
    mv      a1, s2
    la      a2, out_ring
    add     a2, a2, t5
    call    lease_read
    bltz    a0, 6f
    beqz    a0, 4f                  # the lease ended: stop there
    la      t0, out_tail
    lw      t1, 0(t0)
    add     t1, t1, a0
    sw      t1, 0(t0)
    add     s2, s2, a0
    sub     s1, s1, a0
    j       1b
6:  beqz    s2, 7f                  # a bad lease: its error, unless some
4:  mv      a0, s2                  # bytes were written already
7:  epilogue
    ret

    .bss
    .balign 4
    .globl ready_len                # stats.s counts it
    .globl reader_count, readers, reader_spaces, foreground_spaces   # audit.s reads them
ready_len:    .zero 4
reader_count: .zero 4
readers:      .zero 8 * READERS_MAX  # (tid, bytes wanted), oldest first
reader_spaces: .zero 4 * READERS_MAX # the space of each (console.foreground)
ready_buf:    .zero READY_MAX
inline_bytes: .zero CONSOLE_INLINE_MAX # console_write_inline's words, when the ring is nearly full

    .data
    .balign 4
foreground_spaces: .word -1         # pm's console.foreground: every space until it says
