# kernel/cpio.s — find a file in a cpio "newc" archive (Linux initramfs).
# Pure code, no privileged instructions: the kernel uses it to find pm, and
# pm links the same file to find programs.  Each entry is a 110-byte ASCII
# header ("070701", then 13 eight-digit hex fields), the NUL-terminated
# name, padding to 4, the data, padding to 4; "TRAILER!!!" ends the archive.
.include "frame.inc"

.equ CPIO_MAGIC_SIZE, 6         # "070701"
.equ CPIO_FIELD_SIZE, 8          # each of the 13 fields, in hex digits
.equ CPIO_FILESIZE, CPIO_MAGIC_SIZE + 6 * CPIO_FIELD_SIZE    # field 6
.equ CPIO_NAMESIZE, CPIO_MAGIC_SIZE + 11 * CPIO_FIELD_SIZE   # field 11
.equ CPIO_HEADER, CPIO_MAGIC_SIZE + 13 * CPIO_FIELD_SIZE

.section .text
# cpio_find(a0 = archive, a1 = NUL-terminated name) -> a0 = data or 0,
# a1 = size.  Clobbers a2-a5, t0-t3.
.globl cpio_find
cpio_find:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
1:  lbu     t0, 0(s1)               # every header starts with '0'
    li      t1, '0'
    bne     t0, t1, 8f
    addi    a0, s1, CPIO_NAMESIZE
    call    cpio_hex8
    mv      s3, a0                  # name size, NUL included
    addi    a0, s1, CPIO_HEADER
    la      a1, cpio_trailer
    call    cpio_streq
    bnez    a0, 8f
    addi    a0, s1, CPIO_HEADER
    mv      a1, s2
    call    cpio_streq
    mv      a5, a0
    addi    a0, s1, CPIO_FILESIZE
    call    cpio_hex8
    mv      a1, a0                  # file size
    addi    t0, s1, CPIO_HEADER + 3
    add     t0, t0, s3
    andi    t0, t0, -4              # the data
    bnez    a5, 9f
    add     s1, t0, a1              # next header
    addi    s1, s1, 3
    andi    s1, s1, -4
    j       1b
8:  li      a0, 0
    li      a1, 0
    j       10f
9:  mv      a0, t0
10: epilogue
    ret

# cpio_next(a0 = an entry's header) -> a0 = its NUL-terminated name, or 0
# at the trailer (or a header that is not one); a1 = the next entry's
# header.  pm walks the archive with it (pm.programs).  Clobbers a2-a5, t0-t3.
.globl cpio_next
cpio_next:
    prologue ra, s1, s2
    mv      s1, a0
    lbu     t0, 0(s1)
    li      t1, '0'
    bne     t0, t1, 8f
    addi    a0, s1, CPIO_NAMESIZE
    call    cpio_hex8
    mv      s2, a0                  # name size, NUL included
    addi    a0, s1, CPIO_HEADER
    la      a1, cpio_trailer
    call    cpio_streq
    bnez    a0, 8f
    addi    a0, s1, CPIO_FILESIZE
    call    cpio_hex8
    addi    t0, s1, CPIO_HEADER + 3
    add     t0, t0, s2
    andi    t0, t0, -4              # the data, then the next header
    add     a1, t0, a0
    addi    a1, a1, 3
    andi    a1, a1, -4
    addi    a0, s1, CPIO_HEADER
    j       9f
8:  li      a0, 0
    li      a1, 0
9:  epilogue
    ret

# cpio_hex8(a0 = 8 hex digits) -> a0 = value.  Clobbers t0-t3.
cpio_hex8:
    li      t0, 0
    li      t1, 8
1:  lbu     t2, 0(a0)
    addi    t3, t2, -'0'
    li      t2, 10
    bltu    t3, t2, 2f
    lbu     t2, 0(a0)
    ori     t2, t2, 0x20            # lower case
    addi    t3, t2, -'a' + 10
2:  slli    t0, t0, 4
    or      t0, t0, t3
    addi    a0, a0, 1
    addi    t1, t1, -1
    bnez    t1, 1b
    mv      a0, t0
    ret

# cpio_streq(a0, a1 = NUL-terminated strings) -> a0 = 1 if equal, else 0.
# Clobbers t0-t1.
cpio_streq:
1:  lbu     t0, 0(a0)
    lbu     t1, 0(a1)
    bne     t0, t1, 2f
    beqz    t0, 3f
    addi    a0, a0, 1
    addi    a1, a1, 1
    j       1b
2:  li      a0, 0
    ret
3:  li      a0, 1
    ret

.section .rodata
cpio_trailer: .asciz "TRAILER!!!"
