# userland/programs/tee.s — copy the input to the output and to files.
#
#   tee [FILE...]
# Each byte of descriptor 0 goes to descriptor 1 and to every FILE.  Until
# toyos has a file system the only files are /dev/stdout and /dev/stderr
# (descriptors 1 and 2); another name is reported and skipped (exit 1), the
# copy to the output goes on.

    .include "abi.inc"
    .include "frame.inc"

    .equ CHUNK, 512
    .equ TARGETS_MAX, 8

    .text

# main(a0 = argc, a1 = argv) -> exit status. Called by _start.
# s0 = argv cursor, s1 = status, s2 = targets, s3 = bytes read.
    .globl main
main:
    prologue ra, s0, s1, s2, s3, s4
    addi    s0, a1, 4
    li      s1, 0
    li      s2, 1                   # targets[0] = fd 1
    la      t0, targets
    li      t1, 1
    sw      t1, 0(t0)
1:  lw      s3, 0(s0)
    beqz    s3, 4f
    mv      a0, s3
    la      a1, stdout_text
    call    strcmp
    li      t1, 1
    beqz    a0, 2f
    mv      a0, s3
    la      a1, stderr_text
    call    strcmp
    li      t1, 2
    beqz    a0, 2f
    li      a0, 2                   # no file system yet
    la      a1, nofs_text
    mv      a2, s3
    call    dprintf
    li      s1, 1
    j       3f
2:  li      t0, TARGETS_MAX
    bgeu    s2, t0, 3f
    slli    t0, s2, 2
    la      t2, targets
    add     t0, t0, t2
    sw      t1, 0(t0)
    addi    s2, s2, 1
3:  addi    s0, s0, 4
    j       1b
4:  li      a0, 0                   # copy: read a chunk, write it to each
    la      a1, buffer
    li      a2, CHUNK
    call    read
    blez    a0, 8f
    mv      s3, a0
    li      s4, 0
5:  bgeu    s4, s2, 4b
    slli    t0, s4, 2
    la      t1, targets
    add     t0, t0, t1
    lw      a0, 0(t0)
    la      a1, buffer
    mv      a2, s3
    call    write_all
    li      t0, -EPIPE
    bne     a0, t0, 6f
    li      s1, STATUS_BROKEN_PIPE  # the reader is gone: stop, quietly
    j       8f
6:  addi    s4, s4, 1
    j       5b
8:  mv      a0, s1
    epilogue
    ret

    .section .rodata
stdout_text: .asciz "/dev/stdout"
stderr_text: .asciz "/dev/stderr"
nofs_text:   .asciz "tee: %s: files need the file system, which toyos does not have yet\n"

    .bss
    .balign 4
targets: .zero 4 * TARGETS_MAX
buffer:  .zero CHUNK
