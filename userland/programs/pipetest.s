# userland/programs/pipetest.s — exercises the pipe server from a program.
#
#   pipetest gen N CHUNK YIELDS     write N pattern bytes to fd 1, CHUNK per
#                                   write, yielding YIELDS times between writes
#   pipetest check N CHUNK YIELDS   read fd 0 (CHUNK per read) to its end and
#                                   say whether it was those N bytes in order
#   pipetest run N WCHUNK WYIELDS RCHUNK RYIELDS
#                                   both, joined by a pipe it makes itself
#   pipetest epipe                  a write once the read end is closed
#   pipetest deadwriter             read a pipe whose only writer is killed
#   pipetest deadreader             write a pipe whose only reader is killed
#   pipetest killedreader           a reader killed while it waits loses
#                                   nothing for the next reader
#   pipetest hostile                handles and leases that lie
# Byte i of the pattern is i mod 251 (a prime: chunk edges never line up
# with it).  Tests (tests/userland/test_pipes.py) type these at the shell.

    .include "abi.inc"
    .include "frame.inc"

    .equ CHUNK_MAX, 2048

    .text

# main(a0 = argc, a1 = argv) -> exit status. Called by _start.
    .globl main
main:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      t0, 2
    blt     s0, t0, 8f
    la      s2, modes               # (name, handler, argc)
1:  lw      a0, 0(s2)
    beqz    a0, 8f
    lw      a1, 4(s1)
    call    strcmp
    bnez    a0, 2f
    lw      t0, 8(s2)
    bne     t0, s0, 8f
    addi    a0, s1, 8               # the numbers after the mode
    call    numbers
    bltz    a0, 8f
    lw      t0, 4(s2)
    jalr    t0
    j       9f
2:  addi    s2, s2, 12
    j       1b
8:  li      a0, 2
    la      a1, usage_text
    call    dprintf
    li      a0, 2
9:  epilogue
    ret

# numbers(a0 = argv from the first number) -> a0 = 0, or -1 if one is not a
# number; values in args[0..]. Clobbers caller-saved registers.
numbers:
    prologue ra, s0, s1
    mv      s0, a0
    la      s1, args
1:  lw      a0, 0(s0)
    beqz    a0, 2f
    call    parse_int
    beqz    a1, 8f
    bltz    a0, 8f
    sw      a0, 0(s1)
    addi    s0, s0, 4
    addi    s1, s1, 4
    j       1b
2:  li      a0, 0
    j       9f
8:  li      a0, -1
9:  epilogue
    ret

# chunk_of(a0 = asked) -> a0 = 1..CHUNK_MAX. Clobbers t0.
chunk_of:
    bnez    a0, 1f
    li      a0, 1
1:  li      t0, CHUNK_MAX
    bleu    a0, t0, 2f
    mv      a0, t0
2:  ret

# yields(a0 = count): gives the CPU away that many times. Clobbers caller-saved.
yields:
    prologue ra, s0
    mv      s0, a0
1:  beqz    s0, 2f
    call    yield
    addi    s0, s0, -1
    j       1b
2:  epilogue
    ret

# gen: args = N, CHUNK, YIELDS. s0 = offset, s1 = N, s2 = chunk.
mode_gen:
    prologue ra, s0, s1, s2, s3
    la      t0, args
    lw      s1, 0(t0)
    lw      a0, 4(t0)
    call    chunk_of
    mv      s2, a0
    li      s0, 0
1:  bgeu    s0, s1, 5f
    sub     s3, s1, s0              # this write: min(chunk, left)
    bleu    s3, s2, 2f
    mv      s3, s2
2:  li      t0, 0                   # fill the buffer with the pattern
    li      t2, 251
3:  bgeu    t0, s3, 4f
    add     t1, s0, t0
    remu    t1, t1, t2
    la      t3, buffer
    add     t3, t3, t0
    sb      t1, 0(t3)
    addi    t0, t0, 1
    j       3b
4:  li      a0, 1
    la      a1, buffer
    mv      a2, s3
    call    write_all
    bltz    a0, 8f
    add     s0, s0, s3
    la      t0, args
    lw      a0, 8(t0)
    call    yields
    j       1b
5:  li      a0, 0
    j       9f
8:  la      a1, write_text
    call    report
    li      a0, 1
9:  epilogue
    ret

# report(a0 = -errno, a1 = what): "pipetest: WHAT: words" on fd 2.
report:
    prologue ra, s0
    mv      s0, a1
    call    strerror
    mv      a3, a0
    mv      a2, s0
    li      a0, 2
    la      a1, error_text
    call    dprintf
    epilogue
    ret

# check: args = N, CHUNK, YIELDS. s0 = bytes seen, s1 = N, s2 = chunk, s3 = got.
mode_check:
    prologue ra, s0, s1, s2, s3, s4
    la      t0, args
    lw      s1, 0(t0)
    lw      a0, 4(t0)
    call    chunk_of
    mv      s2, a0
    li      s0, 0
1:  li      a0, 0
    la      a1, buffer
    mv      a2, s2
    call    read
    bltz    a0, 7f
    beqz    a0, 5f
    mv      s3, a0
    li      s4, 0
2:  bgeu    s4, s3, 4f
    la      t0, buffer
    add     t0, t0, s4
    lbu     a3, 0(t0)
    add     a1, s0, s4
    li      t2, 251
    remu    a2, a1, t2
    bne     a2, a3, 6f
    addi    s4, s4, 1
    j       2b
4:  add     s0, s0, s3
    la      t0, args
    lw      a0, 8(t0)
    call    yields
    j       1b
5:  bne     s0, s1, 3f
    la      a0, in_order_text
    mv      a1, s0
    call    printf
    li      a0, 0
    j       9f
3:  la      a0, count_text
    mv      a1, s0
    mv      a2, s1
    call    printf
    li      a0, 1
    j       9f
6:  mv      t0, a2                  # byte a1 is a3, not a2
    mv      a2, a3
    mv      a3, t0
    la      a0, wrong_text
    call    printf
    li      a0, 1
    j       9f
7:  la      a1, read_text
    call    report
    li      a0, 1
9:  epilogue
    ret

# run: args = N, WCHUNK, WYIELDS, RCHUNK, RYIELDS: gen | check, plumbed here.
mode_run:
    prologue ra, s0, s1, s2
    la      a0, ends
    call    pipe
    bltz    a0, 8f
    la      t0, args                # gen's argv: N WCHUNK WYIELDS
    lw      a0, 0(t0)
    la      a1, num0
    call    itoa
    la      t0, args
    lw      a0, 4(t0)
    la      a1, num1
    call    itoa
    la      t0, args
    lw      a0, 8(t0)
    la      a1, num2
    call    itoa
    la      t0, gen_argv + 4
    la      t1, gen_text
    sw      t1, 0(t0)
    la      t0, ends
    lw      a0, 4(t0)               # fd 1 = the write end for gen
    li      a1, 1
    call    dup2_saved
    la      a0, gen_argv
    li      a1, 3                   # 0, 1, 2 only, as a shell does
    call    spawn_fds
    mv      s1, a0
    call    restore_saved
    bltz    s1, 7f
    la      t0, args                # check's argv: N RCHUNK RYIELDS
    lw      a0, 12(t0)
    la      a1, num1
    call    itoa
    la      t0, args
    lw      a0, 16(t0)
    la      a1, num2
    call    itoa
    la      t0, gen_argv + 4
    la      t1, check_text
    sw      t1, 0(t0)
    la      t0, ends
    lw      a0, 0(t0)               # fd 0 = the read end for check
    li      a1, 0
    call    dup2_saved
    la      a0, gen_argv
    li      a1, 3                   # 0, 1, 2 only, as a shell does
    call    spawn_fds
    mv      s2, a0
    call    restore_saved
    la      t0, ends                # our ends go: only the children hold them
    lw      a0, 0(t0)
    call    close
    la      t0, ends
    lw      a0, 4(t0)
    call    close
    bltz    s2, 7f
    mv      a0, s1
    call    wait_pid
    beqz    a1, 1f
    la      a0, gen_status_text
    call    printf
1:  mv      a0, s2
    call    wait_pid
    mv      a0, a1
    j       9f
7:  mv      a0, s1
8:  la      a1, pipe_text
    call    report
    li      a0, 1
9:  epilogue
    ret

# dup2_saved(a0 = fd, a1 = target): keeps target's pair in `saved`, then
# dup2(fd, target). restore_saved() puts it back. Clobbers caller-saved.
dup2_saved:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    la      t0, saved_fd
    sw      a1, 0(t0)
    mv      a0, a1
    call    fd_port
    la      t0, saved_fd
    sw      a0, 4(t0)
    sw      a1, 8(t0)
    mv      a0, s0                  # without telling the console: a pair
    mv      a1, s1                  # copied by hand, as the shell would
    call    fd_port
    mv      a2, a1
    mv      a1, a0
    mv      a0, s1
    call    fd_set
    epilogue
    ret
restore_saved:
    la      t0, saved_fd
    lw      a0, 0(t0)
    lw      a1, 4(t0)
    lw      a2, 8(t0)
    tail    fd_set

# epipe: close the read end, then write: -EPIPE, reported like Unix.
mode_epipe:
    prologue ra
    la      a0, ends
    call    pipe
    bltz    a0, 8f
    la      t0, ends
    lw      a0, 0(t0)
    call    close
    la      t0, ends
    lw      a0, 4(t0)
    la      a1, buffer
    li      a2, 1
    call    write
8:  la      a1, write_text
    call    report
    li      a0, 0
    epilogue
    ret

# deadwriter: `spin` holds the only write end; kill it; read sees the end.
mode_deadwriter:
    prologue ra, s0
    la      a0, ends
    call    pipe
    bltz    a0, 8f
    la      t0, ends
    lw      a0, 4(t0)
    li      a1, 1
    call    dup2_saved
    la      a0, spin_argv
    li      a1, 3                   # 0, 1, 2 only, as a shell does
    call    spawn_fds
    mv      s0, a0
    call    restore_saved
    la      t0, ends
    lw      a0, 4(t0)
    call    close
    mv      a0, s0
    call    kill
    mv      a0, s0
    call    wait_pid
    la      t0, ends
    lw      a0, 0(t0)
    la      a1, buffer
    li      a2, 16
    call    read
8:  mv      a1, a0
    la      a0, read_result_text
    call    printf
    li      a0, 0
    epilogue
    ret

# deadreader: `spin` holds the only read end; kill it; a write is -EPIPE.
mode_deadreader:
    prologue ra, s0
    la      a0, ends
    call    pipe
    bltz    a0, 8f
    la      t0, ends
    lw      a0, 0(t0)
    li      a1, 0
    call    dup2_saved
    la      a0, spin_argv
    li      a1, 3                   # 0, 1, 2 only, as a shell does
    call    spawn_fds
    mv      s0, a0
    call    restore_saved
    la      t0, ends
    lw      a0, 0(t0)
    call    close
    mv      a0, s0
    call    kill
    mv      a0, s0
    call    wait_pid
    la      t0, ends
    lw      a0, 4(t0)
    la      a1, buffer
    li      a2, CHUNK_MAX           # more than the pipe holds: it would wait
    call    write
8:  la      a1, write_text
    call    report
    li      a0, 0
    epilogue
    ret

# killedreader: `cat` waits to read our pipe; kill it; the bytes written
# next are all ours to read (the dead reader's waiting call took none).
mode_killedreader:
    prologue ra, s0
    la      a0, ends
    call    pipe
    bltz    a0, 8f
    la      t0, ends
    lw      a0, 0(t0)
    li      a1, 0
    call    dup2_saved
    la      a0, cat_argv
    li      a1, 3
    call    spawn_fds
    mv      s0, a0
    call    restore_saved
    li      a0, 30                  # cat gets to its read and waits
    call    sleep
    mv      a0, s0
    call    kill
    mv      a0, s0
    call    wait_pid
    la      t0, ends
    lw      a0, 4(t0)
    la      a1, abc_text
    li      a2, 3
    call    write
    la      t0, ends
    lw      a0, 0(t0)
    la      a1, buffer
    li      a2, 16
    call    read
8:  mv      a1, a0
    la      a0, killed_reader_text
    call    printf
    li      a0, 0
    epilogue
    ret

# hostile: each line "pipetest: WHAT = RESULT" (tests compare the numbers).
mode_hostile:
    prologue ra, s0
    la      a0, ends
    call    pipe
    li      a0, PORT_PIPE           # a handle never made
    li      a1, IO_READ
    li      a2, 0x7ffffff1
    li      a3, 0
    call    io_call
    la      a1, bad_handle_text
    call    show
    li      a0, PORT_PIPE           # reading the write end
    li      a1, IO_READ
    la      t0, ends
    lw      a0, 4(t0)
    call    fd_port
    mv      a2, a1
    li      a1, IO_READ
    li      a3, 1
    call    io_call
    la      a1, wrong_end_text
    call    show
    li      a0, PORT_PIPE           # sharing with a pid that does not exist
    la      t0, ends
    lw      a0, 0(t0)
    call    fd_port
    mv      a2, a1
    li      a1, IO_SHARE
    li      a3, 99999
    call    io_call
    la      a1, share_nobody_text
    call    show
    la      t0, ends                # a huge length with a 4-byte lease
    lw      a0, 4(t0)
    la      a1, buffer
    li      a2, 4
    call    write
    la      t0, ends
    lw      a0, 0(t0)
    call    fd_port
    mv      a2, a1
    li      a1, IO_READ
    li      a3, 0x7fffffff
    la      a6, buffer
    li      t0, 4
    li      t1, LEASE_W
    SYSCALL CALL
    la      a1, huge_read_text
    call    show
    la      t0, ends                # a lease the server cannot write
    lw      a0, 4(t0)
    la      a1, buffer
    li      a2, 4
    call    write
    la      t0, ends
    lw      a0, 0(t0)
    li      a1, 0x10                # page 0 is never mapped
    li      a2, 4
    call    read
    la      a1, bad_lease_text
    call    show
    la      t0, ends                # the bytes stayed for a good read
    lw      a0, 0(t0)
    la      a1, buffer
    li      a2, 16
    call    read
    la      a1, after_text
    call    show
    la      t0, ends                # closing twice: the second is -EBADF
    lw      a0, 0(t0)
    call    fd_port
    mv      s0, a1
    la      t0, ends
    lw      a0, 0(t0)
    call    close
    li      a0, PORT_PIPE
    li      a1, IO_CLOSE
    mv      a2, s0
    li      a3, 0
    call    io_call
    la      a1, close_twice_text
    call    show
    li      a0, 0
    epilogue
    ret

# show(a0 = result, a1 = what). Clobbers caller-saved registers.
show:
    mv      a2, a0
    la      a0, show_text
    tail    printf

    .section .rodata
    .balign 4
modes:
    .word gen_text, mode_gen, 5
    .word check_text, mode_check, 5
    .word run_text, mode_run, 7
    .word epipe_text, mode_epipe, 2
    .word deadwriter_text, mode_deadwriter, 2
    .word deadreader_text, mode_deadreader, 2
    .word hostile_text, mode_hostile, 2
    .word killedreader_text, mode_killedreader, 2
    .word 0, 0, 0
gen_text:        .asciz "gen"
check_text:      .asciz "check"
run_text:        .asciz "run"
epipe_text:      .asciz "epipe"
deadwriter_text: .asciz "deadwriter"
deadreader_text: .asciz "deadreader"
hostile_text:    .asciz "hostile"
killedreader_text: .asciz "killedreader"
cat_text:        .asciz "cat"
abc_text:        .asciz "abc"
killed_reader_text: .asciz "pipetest: read after the killed reader = %d\n"
pipetest_text:   .asciz "pipetest"
spin_text:       .asciz "spin"
usage_text:      .asciz "usage: pipetest gen|check N CHUNK YIELDS, run N WCHUNK WYIELDS RCHUNK RYIELDS, epipe, deadwriter, deadreader, killedreader, hostile\n"
error_text:      .asciz "pipetest: %s: %s\n"
write_text:      .asciz "write"
read_text:       .asciz "read"
pipe_text:       .asciz "pipe"
in_order_text:   .asciz "pipetest: %u bytes in order\n"
count_text:      .asciz "pipetest: %u bytes, not %u\n"
wrong_text:      .asciz "pipetest: byte %u is %u, not %u\n"
gen_status_text: .asciz "pipetest: gen ended with status %d\n"
read_result_text: .asciz "pipetest: read = %d\n"
show_text:       .asciz "pipetest: %s = %d\n"
bad_handle_text: .asciz "read of a handle never made"
wrong_end_text:  .asciz "read of the write end"
share_nobody_text: .asciz "share with no such pid"
huge_read_text:  .asciz "read of 2^31-1 into a 4-byte lease"
bad_lease_text:  .asciz "read into page 0"
after_text:      .asciz "read after it"
close_twice_text: .asciz "close of a handle no longer held"

    .data
    .balign 4
gen_argv:  .word pipetest_text, gen_text, num0, num1, num2, 0
spin_argv: .word spin_text, 0
cat_argv:  .word cat_text, 0

    .bss
    .balign 4
args:     .zero 4 * 8
ends:     .zero 8
saved_fd: .zero 12
num0:     .zero 12
num1:     .zero 12
num2:     .zero 12
buffer:   .zero CHUNK_MAX
