# userland/programs/df.s — how full the disk is.
#
# `df` asks the fs server for its volume's clusters (fs.statfs) and prints
# sizes in KiB, as `df -k` does:
#     Filesystem 1K-blocks      Used Available Use% Mounted on
#     disk           32596        84     32512   1% /
# Use% is rounded up, as df rounds it.  Exits 0, or 1 with `df: disk:
# words` when there is no file system.

    .include "abi.inc"
    .include "frame.inc"

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
# s0 = KiB in all, s1 = KiB free, s2 = KiB used.
    .globl main
main:
    prologue_locals STATFS_SIZE, ra, s0, s1, s2
    mv      a0, sp
    call    statfs
    bgez    a0, 1f
    la      a1, df_name_text
    la      a2, disk_text
    call    warn_errno
    li      a0, 1
    j       9f
1:  lw      t0, STATFS_CLUSTER_BYTES(sp)
    srli    t0, t0, 10              # KiB per cluster (clusters are >= 512 B:
    lw      t1, STATFS_CLUSTERS(sp) # FAT16's are 2 KiB and up on our disks)
    mul     s0, t1, t0
    lw      t1, STATFS_FREE(sp)
    mul     s1, t1, t0
    sub     s2, s0, s1
    la      a0, header_text
    call    printf
    li      a5, 0                   # used * 100 / all, rounded up
    beqz    s0, 2f
    li      t0, 100
    mul     a5, s2, t0
    add     a5, a5, s0
    addi    a5, a5, -1
    divu    a5, a5, s0
2:  la      a0, line_format
    la      a1, disk_text
    mv      a2, s0
    mv      a3, s2
    mv      a4, s1
    call    printf
    li      a0, 0
9:  epilogue
    ret

    .section .rodata
df_name_text: .asciz "df"
disk_text:    .asciz "disk"
header_text:  .asciz "Filesystem 1K-blocks      Used Available Use%% Mounted on\n"
line_format:  .asciz "%-10s %9u %9u %9u %3u%% /\n"
