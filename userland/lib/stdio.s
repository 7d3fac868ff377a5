# userland/lib/stdio.s — buffered standard input and output for filters.
#
# Owns one output buffer for descriptor 1 and one input buffer for
# descriptor 0, so a filter (grep, sort, wc...) moves its bytes in a few
# large reads and writes instead of one IPC per character.  Output is
# flushed when the buffer fills, before the input buffer is refilled (so a
# prompt or an answer shows before a program waits for more input), and by
# exit().  A write that fails with -EPIPE (no one reads the pipe) ends the
# program with STATUS_BROKEN_PIPE, quietly, as SIGPIPE ends a Unix program.
# printf writes at once: a program flushes before mixing the two.

    .include "abi.inc"
    .include "frame.inc"

    .equ OUT_SIZE, 512
    .equ IN_SIZE, 512

    .text

# stdout_char(a0 = byte). Clobbers the caller-saved registers.
    .globl stdout_char
stdout_char:
    la      t0, out_len
    lw      t1, 0(t0)
    li      t2, OUT_SIZE
    bltu    t1, t2, 1f
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    call    stdout_flush
    lw      a0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    la      t0, out_len
    lw      t1, 0(t0)
1:  la      t2, out_buf
    add     t2, t2, t1
    sb      a0, 0(t2)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    ret

# stdout_write(a0 = buf, a1 = len). Clobbers the caller-saved registers.
    .globl stdout_write
stdout_write:
    prologue ra, s0, s1
    mv      s0, a0
    add     s1, a0, a1
1:  bgeu    s0, s1, 9f
    lbu     a0, 0(s0)
    call    stdout_char
    addi    s0, s0, 1
    j       1b
9:  epilogue
    ret

# stdout_str(a0 = NUL-terminated string). Clobbers the caller-saved registers.
    .globl stdout_str
stdout_str:
    prologue ra, s0
    mv      s0, a0
1:  lbu     a0, 0(s0)
    beqz    a0, 9f
    call    stdout_char
    addi    s0, s0, 1
    j       1b
9:  epilogue
    ret

# stdout_uint(a0 = unsigned number): its decimal digits. Clobbers caller-saved.
    .globl stdout_uint
stdout_uint:
    prologue_locals 16, ra, s0
    mv      s0, sp
    addi    s0, s0, 15              # digits backwards from the end
    li      t1, 10
1:  remu    t2, a0, t1
    divu    a0, a0, t1
    addi    t2, t2, '0'
    addi    s0, s0, -1
    sb      t2, 0(s0)
    bnez    a0, 1b
    addi    a1, sp, 15
    sub     a1, a1, s0
    mv      a0, s0
    call    stdout_write
    epilogue
    ret

# stdout_uint_width(a0 = unsigned number, a1 = width): right-aligned in width
# columns (more digits than that: all of them). Clobbers caller-saved.
    .globl stdout_uint_width
stdout_uint_width:
    prologue ra, s0, s1
    mv      s0, a0
    li      t0, 1                   # digits
    li      t1, 10
    mv      t2, a0
1:  divu    t2, t2, t1
    beqz    t2, 2f
    addi    t0, t0, 1
    j       1b
2:  sub     s1, a1, t0
3:  blez    s1, 4f
    li      a0, ' '
    call    stdout_char
    addi    s1, s1, -1
    j       3b
4:  mv      a0, s0
    call    stdout_uint
    epilogue
    ret

# stdout_flush(): writes what is buffered to fd 1. -EPIPE ends the program
# with STATUS_BROKEN_PIPE; other errors drop the bytes.
# Clobbers the caller-saved registers.
    .globl stdout_flush
stdout_flush:
    la      t0, out_len
    lw      a2, 0(t0)
    beqz    a2, 9f
    sw      zero, 0(t0)             # emptied first: exit flushes again
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, 1
    la      a1, out_buf
    call    write_all
    lw      ra, 12(sp)
    addi    sp, sp, 16
    li      t0, -EPIPE
    bne     a0, t0, 9f
    li      a0, STATUS_BROKEN_PIPE
    tail    exit
9:  ret

# stdin_char() -> a0 = the next byte of fd 0, or -1 at its end (or on an
# error). Flushes the output before waiting for more input.
# Clobbers the caller-saved registers.
    .globl stdin_char
stdin_char:
    la      t0, in_pos
    lw      t1, 0(t0)
    la      t2, in_len
    lw      t2, 0(t2)
    bltu    t1, t2, 2f
    la      t2, in_eof
    lw      t2, 0(t2)
    bnez    t2, 8f
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    stdout_flush
    li      a0, 0
    la      a1, in_buf
    li      a2, IN_SIZE
    call    read
    lw      ra, 12(sp)
    addi    sp, sp, 16
    la      t0, in_pos
    sw      zero, 0(t0)
    la      t2, in_len
    bgtz    a0, 1f
    sw      zero, 0(t2)
    la      t2, in_eof              # the end stays the end
    li      t1, 1
    sw      t1, 0(t2)
    j       8f
1:  sw      a0, 0(t2)
    li      t1, 0
2:  la      t2, in_buf
    add     t2, t2, t1
    lbu     a0, 0(t2)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    ret
8:  li      a0, -1
    ret

# stdin_line(a0 = buf, a1 = size) -> a0 = bytes stored (the '\n' included, if
# the line had one; 0 at the end of input). The line is NUL-terminated; a
# line longer than size - 1 comes in pieces. Clobbers the caller-saved registers.
    .globl stdin_line
stdin_line:
    prologue ra, s0, s1, s2
    mv      s0, a0
    addi    s1, a1, -1              # room for bytes
    li      s2, 0
1:  bgeu    s2, s1, 9f
    call    stdin_char
    bltz    a0, 9f
    add     t0, s0, s2
    sb      a0, 0(t0)
    addi    s2, s2, 1
    li      t0, '\n'
    bne     a0, t0, 1b
9:  add     t0, s0, s2
    sb      zero, 0(t0)
    mv      a0, s2
    epilogue
    ret

    .bss
    .balign 4
out_len: .zero 4
in_pos:  .zero 4
in_len:  .zero 4
in_eof:  .zero 4
out_buf: .zero OUT_SIZE
in_buf:  .zero IN_SIZE
