# servers/pm/disk.s — programs from /bin on the disk.
#
# spawn looks for a program on the disk before the boot archive: NAME is
# /bin/NAME, a NAME starting with '/' is that path.  pm reads the whole
# file through the fs server (open, fstat, read, close: the fs protocol of
# kernel/abi.toml) into pages of its own at USER_HEAP_BASE, kept mapped
# for the next spawn and grown for a larger file, and checks that the ELF's
# headers and segments lie inside the file before load_program trusts it
# (a file on the disk is anyone's; the archive is ours).  Without a disk
# (no fs server: -EDEAD), or when the file is missing or unfit, the caller
# falls back to the archive, which keeps pm, the servers and a rescue shell.
# pm blocks in these calls: the fs server never calls pm (DESIGN.md 4), so
# they cannot deadlock, and a dead fs server answers -EDEAD at once.
.include "pm.inc"
.include "elf.inc"
.include "frame.inc"

.equ DISK_ELF_MAX, 1 << 20       # bytes: larger programs come from the archive only
.equ DISK_BUF, USER_HEAP_BASE
.equ PATH_LOCAL, FS_PATH_MAX + 1
.equ PHDR_SIZE, 32               # ELF32 sizes (the specification's)
.equ ELF_HEADER_SIZE, 52

.section .text
# disk_load(a0 = program name, NUL-terminated) -> a0 = the ELF in pm's
# memory, or 0 (not on the disk, no disk, unfit), a1 = its size;
# disk_unfit = 1 when the file is there but is no program pm would load
# (empty, too large, a directory, headers outside the file).
# Called by op_spawn. Clobbers the caller-saved registers.
# s0 = name, s1 = handle, s2 = size, s3 = bytes read.
.globl disk_load
disk_load:
    prologue_locals PATH_LOCAL, ra, s0, s1, s2, s3
    la      t0, disk_unfit
    sw      zero, 0(t0)
    mv      s0, a0
    lbu     t0, 0(s0)               # the path: NAME -> /bin/NAME
    li      t1, '/'
    mv      t2, sp
    beq     t0, t1, 2f
    la      t3, bin_prefix
1:  lbu     t0, 0(t3)
    beqz    t0, 2f
    sb      t0, 0(t2)
    addi    t2, t2, 1
    addi    t3, t3, 1
    j       1b
2:  mv      t3, s0                  # then the name (a plain NAME has no '/')
    li      t4, PATH_LOCAL - 1
    add     t4, t4, sp              # the last byte the path may use
3:  lbu     t0, 0(t3)
    beqz    t0, 4f
    bgeu    t2, t4, 8f              # too long
    lbu     t5, 0(s0)
    beq     t5, t1, 31f             # a path: any '/' goes
    beq     t0, t1, 8f              # a NAME with a '/': not ours
31: sb      t0, 0(t2)
    addi    t2, t2, 1
    addi    t3, t3, 1
    j       3b
4:  sub     a3, t2, sp              # w1 = length
    li      a0, PORT_FS
    li      a1, FS_OPEN
    li      a2, O_RDONLY
    li      a4, 0
    li      a5, 0
    IPC_LEASE sp, a3, LEASE_R
    SYSCALL CALL
    bltz    a0, 8f                  # -EDEAD (no disk), -ENOENT, ...
    mv      s1, a0
    li      a0, PORT_FS             # its size; a directory is no program
    li      a1, FS_FSTAT
    mv      a2, s1
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    bltz    a0, 71f
    andi    t0, a2, FS_ATTR_DIR
    bnez    t0, 7f
    mv      s2, a1
    beqz    s2, 7f
    li      t0, DISK_ELF_MAX
    bgtu    s2, t0, 7f
    mv      a0, s2
    call    disk_room
    bltz    a0, 71f
    li      s3, 0                   # read it all (a read may come short)
5:  bgeu    s3, s2, 6f
    li      a0, PORT_FS
    li      a1, FS_READ
    mv      a2, s1
    sub     a3, s2, s3
    li      a4, 0
    li      a5, 0
    li      t2, DISK_BUF
    add     t2, t2, s3
    IPC_LEASE t2, a3, LEASE_W
    SYSCALL CALL
    blez    a0, 71f                 # an error, or the file shrank
    add     s3, s3, a0
    j       5b
6:  mv      a0, s1
    call    disk_close
    li      a0, DISK_BUF
    mv      a1, s2
    call    elf_fits
    beqz    a0, 72f
    li      a0, DISK_BUF
    mv      a1, s2
    j       9f
7:  la      t0, disk_unfit          # there, but no program
    li      t1, 1
    sw      t1, 0(t0)
71: mv      a0, s1
    call    disk_close
    j       8f
72: la      t0, disk_unfit
    li      t1, 1
    sw      t1, 0(t0)
8:  li      a0, 0
    li      a1, 0
9:  epilogue
    ret

# disk_close(a0 = handle): fs close. Clobbers the caller-saved registers.
disk_close:
    mv      a2, a0
    li      a0, PORT_FS
    li      a1, FS_CLOSE
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    ret

# disk_room(a0 = bytes) -> a0 = 0, or -errno when pages cannot be had:
# maps pm's buffer at DISK_BUF up to that size (pages stay mapped).
# Clobbers the caller-saved registers.
disk_room:
    li      t0, PAGE_SIZE - 1
    add     a0, a0, t0
    srli    a2, a0, 12              # pages needed
    la      t1, disk_pages
    lw      t2, 0(t1)
    li      a0, 0
    bleu    a2, t2, 1f
    sub     a2, a2, t2              # map the missing ones after the others
    slli    a1, t2, 12
    li      t0, DISK_BUF
    add     a1, a1, t0
    li      a0, 0                   # pm's own space
    li      a3, PROT_R | PROT_W
    mv      t3, a2
    SYSCALL MEM_MAP
    bltz    a0, 1f
    la      t1, disk_pages
    lw      t2, 0(t1)
    add     t2, t2, t3
    sw      t2, 0(t1)
    li      a0, 0
1:  ret

# elf_fits(a0 = ELF, a1 = size) -> a0 = 1 when load_program may trust it:
# the magic, word-aligned program headers of at least PHDR_SIZE bytes inside the file,
# and each PT_LOAD's file bytes inside the file (no sum wraps) and no more
# than its memory size; else 0. Clobbers t0-t6, a0-a5.
.globl elf_fits
elf_fits:
    li      t6, ELF_HEADER_SIZE
    bltu    a1, t6, 8f
    lw      t0, 0(a0)
    li      t1, ELF_MAGIC
    bne     t0, t1, 8f
    lhu     t2, E_PHENTSIZE(a0)
    li      t1, PHDR_SIZE
    bltu    t2, t1, 8f
    lhu     t3, E_PHNUM(a0)
    lw      t4, E_PHOFF(a0)
    or      t1, t2, t4              # headers read a word at a time
    andi    t1, t1, 3
    bnez    t1, 8f
    mul     t5, t2, t3              # < 2^32: both are 16-bit
    add     t5, t5, t4
    bltu    t5, t4, 8f              # wraps
    bgtu    t5, a1, 8f
    add     t4, t4, a0              # t4 = this header
1:  beqz    t3, 7f
    lw      t0, P_TYPE(t4)
    li      t1, PT_LOAD
    bne     t0, t1, 2f
    lw      t0, P_OFFSET(t4)
    lw      t1, P_FILESZ(t4)
    add     t5, t0, t1
    bltu    t5, t0, 8f
    bgtu    t5, a1, 8f
    lw      t0, P_MEMSZ(t4)
    bgtu    t1, t0, 8f
2:  add     t4, t4, t2
    addi    t3, t3, -1
    j       1b
7:  li      a0, 1
    ret
8:  li      a0, 0
    ret

.section .rodata
bin_prefix: .asciz "/bin/"

.section .bss
.balign 4
disk_pages: .zero 4              # pages mapped at DISK_BUF so far
.globl disk_unfit
disk_unfit: .zero 4              # see disk_load
