# servers/shell/buffers.s — the `buffers` builtin: the console's and the
# disk's buffers, in counters.
#
# Asks the console (console.stats) how many typed bytes wait to be read
# (type-ahead) and how many wait for the UART (the output ring), and the
# file system (fs.stats) how its block cache has done: hits, misses (reads
# from the disk) and dirty blocks (written, not yet on the disk).  A
# builtin, not a program: starting a program reads its file from /bin
# through the same cache (about 140 KB, more than the cache holds), which
# would write the dirty blocks out before they could be counted.

    .include "abi.inc"
    .include "frame.inc"

    .text
# builtin_buffers(a0 = argc, a1 = argv).  Clobbers caller-saved registers.
    .globl builtin_buffers
builtin_buffers:
    prologue ra
    li      a0, PORT_CONSOLE
    li      a1, CONSOLE_STATS
    call    stats_call
    bltz    a0, 1f
    la      a0, console_text
    call    printf
1:  li      a0, PORT_FS
    li      a1, FS_STATS
    call    stats_call
    bltz    a0, 2f
    la      a0, disk_text           # a1..a3 = hits, misses, dirty
    call    printf
    j       9f
2:  la      a0, no_disk_text
    call    printf
9:  epilogue
    ret

# stats_call(a0 = port, a1 = label) -> a0 = 0 or -errno, a1..a4 = r0..r3.
# One call lending nothing.  Clobbers caller-saved.
stats_call:
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    ret

    .section .rodata
    .globl buffers_name_text, buffers_help_text
buffers_name_text: .asciz "buffers"
buffers_help_text: .asciz "console type-ahead and output, disk cache hits, misses, dirty blocks"
console_text: .asciz "console  type-ahead %u of %u bytes, output ring %u of %u bytes\n"
disk_text:    .asciz "disk     cache hits %u, misses %u, dirty blocks %u\n"
no_disk_text: .asciz "disk     no disk (no fs server)\n"
