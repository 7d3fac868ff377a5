# userland/programs/lpr.s — `lpr FILE...`: print files through the spooler.
#
# Each FILE becomes a job of the print spooler (servers/lpd), which copies
# it and answers at once: lpr ends long before the printer is done (`lpq`
# shows the queue, `lprm` cancels).  Prints "job N: FILE, BYTES bytes"
# for each; a file that cannot be queued reads like Unix's errors.
# Exits 0, 1 if any file failed, 2 with a usage line.

    .include "abi.inc"
    .include "frame.inc"

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
main:
    prologue ra
    la      a2, queue_file
    la      a3, name_text
    call    each_arg
    epilogue
    ret

# queue_file(a0 = path) -> a0 = 0 or -errno: one job.
# Called by each_arg. Clobbers caller-saved. s0 = the path.
queue_file:
    prologue ra, s0
    mv      s0, a0
    call    lpd_submit
    bltz    a0, 9f
    mv      a3, a1
    mv      a1, a0
    mv      a2, s0
    la      a0, queued_text
    call    printf
    li      a0, 0
9:  epilogue
    ret

    .section .rodata
name_text:   .asciz "lpr"
queued_text: .asciz "job %u: %s, %u bytes\n"
