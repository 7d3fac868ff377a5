# userland/programs/cat.s — copies its input to its output until the end.
#
# `cat` reads descriptor 0 and writes what it read to descriptor 1 until
# read says end of input (Ctrl-D at the console) or fails (Ctrl-C: -EINTR).
# Exits 0 at the end of input, 1 after an error.

    .include "frame.inc"
    .equ BUFFER, 256

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
# s0 = bytes just read.
    .globl main
main:
    prologue ra, s0
1:  li      a0, 0
    la      a1, buffer
    li      a2, BUFFER
    call    read
    mv      s0, a0
    blez    s0, 2f
    li      a0, 1
    la      a1, buffer
    mv      a2, s0
    call    write
    bgez    a0, 1b
2:  sltz    a0, s0                  # 0 at the end of input, 1 on an error
    epilogue
    ret

    .bss
buffer: .zero BUFFER
