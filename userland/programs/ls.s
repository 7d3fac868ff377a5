# userland/programs/ls.s — lists directories.
#
# `ls [-l] [PATH...]` prints the names in each directory PATH (the working
# directory without one), one a line, in the order the directory holds them
# (as mdir does; `.` and `..` are left out); a PATH that is a file prints
# itself.  With several PATHs each directory's names follow a `PATH:` line.
# `-l` puts the FAT attributes (d directory, r read-only, h hidden,
# s system, a archive; `-` for a bit not set), the size in bytes and the
# modification time before each name:
#     -a---     1234 2026-12-05 07:10 hello.txt
# A PATH that cannot be listed is reported as `ls: PATH: words`.
# Exits 0, or 1 if any PATH failed.

    .include "abi.inc"
    .include "frame.inc"

    .equ RECORDS, 8                 # [dirent] records per readdir call

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
# s0 = argv cursor, s1 = paths left, s2 = status, s3 = how many paths.
    .globl main
main:
    prologue ra, s0, s1, s2, s3
    addi    s0, a1, 4
    addi    s1, a0, -1
    li      s2, 0
    beqz    s1, 2f
    lw      a0, 0(s0)
    la      a1, long_option_text
    call    strcmp
    bnez    a0, 2f
    la      t0, long_format
    li      t1, 1
    sw      t1, 0(t0)
    addi    s0, s0, 4
    addi    s1, s1, -1
2:  mv      s3, s1
    bnez    s1, 3f
    la      a0, dot_text            # no PATH: the working directory
    call    list_path
    mv      s2, a0
    j       9f
3:  blez    s1, 9f
    li      t0, 1
    beq     s3, t0, 4f
    la      a0, header_format
    lw      a1, 0(s0)
    call    printf
4:  lw      a0, 0(s0)
    call    list_path
    or      s2, s2, a0
    addi    s0, s0, 4
    addi    s1, s1, -1
    j       3b
9:  mv      a0, s2
    epilogue
    ret

# list_path(a0 = path) -> a0 = 0, or 1 after reporting an error.
# A directory is opened and read with readdir; a path readdir refuses with
# -ENOTDIR is a file and is printed itself.
# Clobbers caller-saved. s0 = path, s1 = fd, s2 = records in the buffer,
# s3 = record cursor, s4 = result.
list_path:
    prologue ra, s0, s1, s2, s3, s4
    mv      s0, a0
    li      a1, O_RDONLY
    call    open
    mv      s4, a0
    bltz    a0, 8f
    mv      s1, a0
1:  mv      a0, s1
    la      a1, records
    li      a2, RECORDS * DIRENT_SIZE
    call    readdir                 # a0 = records or -errno
    mv      s2, a0
    bltz    a0, 5f
    beqz    a0, 6f                  # the end of the directory
    la      s3, records
2:  beqz    s2, 1b
    addi    a0, s3, DIRENT_NAME
    call    is_dot_or_dotdot
    bnez    a0, 3f
    lw      a0, DIRENT_FILE_SIZE(s3)
    lw      a1, DIRENT_ATTR(s3)
    lw      a2, DIRENT_MTIME(s3)
    addi    a3, s3, DIRENT_NAME
    call    print_entry
3:  addi    s3, s3, DIRENT_SIZE
    addi    s2, s2, -1
    j       2b
5:  li      t0, -ENOTDIR            # a file: print its own name
    bne     a0, t0, 7f
    mv      a0, s1
    la      a1, file_stat
    call    fstat
    mv      s4, a0
    bltz    a0, 7f
    la      t0, file_stat
    lw      a0, STAT_BYTES(t0)
    lw      a1, STAT_ATTR(t0)
    lw      a2, STAT_MTIME(t0)
    mv      a3, s0
    call    print_entry
6:  li      s4, 0
7:  mv      a0, s1
    call    close
8:  li      a0, 0
    bgez    s4, 9f
    mv      a0, s4
    la      a1, ls_name_text
    mv      a2, s0
    call    warn_errno
    li      a0, 1
9:  epilogue
    ret

# is_dot_or_dotdot(a0 = name) -> a0 = 1 for "." and "..", else 0. Clobbers t0, t1.
is_dot_or_dotdot:
    lbu     t0, 0(a0)
    li      t1, '.'
    bne     t0, t1, 8f
    lbu     t0, 1(a0)
    beqz    t0, 7f
    bne     t0, t1, 8f
    lbu     t0, 2(a0)
    bnez    t0, 8f
7:  li      a0, 1
    ret
8:  li      a0, 0
    ret

# print_entry(a0 = size, a1 = FAT attributes, a2 = FAT date << 16 | time,
# a3 = name): the name, or with -l the long line.
# Clobbers caller-saved. s0 = mtime, s1 = name.
print_entry:
    prologue ra, s0, s1
    mv      s0, a2
    mv      s1, a3
    la      t0, long_format
    lw      t0, 0(t0)
    beqz    t0, 5f
    la      t0, attr_text           # "drhsa" with '-' for each bit not set
    la      t1, attr_letters
    la      t2, attr_bits
    li      t3, 5
1:  lbu     t4, 0(t1)
    lbu     t5, 0(t2)
    and     t5, t5, a1
    bnez    t5, 2f
    li      t4, '-'
2:  sb      t4, 0(t0)
    addi    t0, t0, 1
    addi    t1, t1, 1
    addi    t2, t2, 1
    addi    t3, t3, -1
    bnez    t3, 1b
    mv      a2, a0
    la      a1, attr_text
    la      a0, size_format
    call    printf
    srli    a1, s0, 25              # year - 1980
    addi    a1, a1, 1980
    srli    a2, s0, 21              # month
    andi    a2, a2, 15
    srli    a3, s0, 16              # day
    andi    a3, a3, 31
    srli    a4, s0, 11              # hour
    andi    a4, a4, 31
    srli    a5, s0, 5               # minute
    andi    a5, a5, 63
    mv      a6, s1
    la      a0, time_format
    call    printf
    j       9f
5:  la      a0, name_format
    mv      a1, s1
    call    printf
9:  epilogue
    ret

    .section .rodata
ls_name_text:     .asciz "ls"
long_option_text: .asciz "-l"
dot_text:         .asciz "."
header_format:    .asciz "%s:\n"
name_format:      .asciz "%s\n"
size_format:      .asciz "%s %8u "
time_format:      .asciz "%04u-%02u-%02u %02u:%02u %s\n"
attr_letters:     .ascii "drhsa"
attr_bits:        .byte FS_ATTR_DIR, FS_ATTR_RDONLY, FS_ATTR_HIDDEN, FS_ATTR_SYSTEM, FS_ATTR_ARCHIVE

    .data
attr_text:        .asciz "-----"

    .bss
    .balign 4
long_format: .zero 4
file_stat:   .zero STAT_SIZE
records:     .zero RECORDS * DIRENT_SIZE
