# userland/lib/path.s — the working directory and path resolution.
#
# Owns the process's working directory (an absolute, normalised path: no
# `.`, `..`, empty or trailing components; "/" is the root) and turns the
# paths users type into the absolute paths the fs protocol takes
# (kernel/abi.toml: the server resolves no relative path).  `..` is taken
# lexically, as FAT has no links to make that differ from the tree.
# A child inherits the directory through the start-up block: spawn passes it
# as the string after the argument strings (kernel/abi.toml, "Process
# start-up"), cwd_init takes it from there.  Never talks to a server except
# chdir's stat.

    .include "abi.inc"
    .include "frame.inc"

    .equ PATH_BUF, FS_PATH_MAX + 1  # a resolved path and its NUL (256: keeps sp 16-aligned)

    .text

# cwd_init(a0 = the byte after the argument strings, or 0): the working
# directory the parent passed there (an absolute path), else "/".  A path
# that does not resolve (too long) also leaves "/".
# Called by _start before main. Clobbers t0-t6, a0-a1.
    .globl cwd_init
cwd_init:
    prologue ra
    la      t0, cwd
    li      t1, '/'
    sb      t1, 0(t0)
    sb      zero, 1(t0)
    beqz    a0, 9f
    li      t2, USER_STACK_TOP
    bgeu    a0, t2, 9f
    lbu     t2, 0(a0)
    bne     t2, t1, 9f              # not an absolute path: none was passed
    la      a1, cwd
    call    path_resolve            # absolute, so it never reads cwd
    bgez    a0, 9f
    la      t0, cwd
    li      t1, '/'
    sb      t1, 0(t0)
    sb      zero, 1(t0)
9:  epilogue
    ret

# path_resolve(a0 = path, a1 = out, PATH_BUF bytes) -> a0 = length of the
# absolute normalised path written at out (NUL-terminated), -ENOENT for an
# empty path, -ENAMETOOLONG if it would pass FS_PATH_MAX bytes.  A relative
# path starts at the working directory; `.` stays, `..` goes up (not above
# the root), repeated slashes count as one.  out may be cwd itself only for
# an absolute path.  Called by the file calls, chdir and programs.
# Clobbers t0-t6, a0. (A leaf: no stack.)
#
# t1 = bytes in out, t3 = '/', t4 = end of the current component,
# t5 = its length.
    .globl path_resolve
path_resolve:
    li      t3, '/'
    li      t1, 0
    lbu     t2, 0(a0)
    beqz    t2, .Lpr_enoent
    beq     t2, t3, 2f              # absolute: from the root
    la      t4, cwd                 # relative: from the working directory
1:  lbu     t2, 0(t4)
    beqz    t2, 11f
    add     t5, a1, t1
    sb      t2, 0(t5)
    addi    t1, t1, 1
    addi    t4, t4, 1
    j       1b
11: li      t2, 1                   # "/" is the empty prefix
    bne     t1, t2, 2f
    li      t1, 0
2:  lbu     t2, 0(a0)               # next component: skip slashes
    beqz    t2, 8f
    bne     t2, t3, 3f
    addi    a0, a0, 1
    j       2b
3:  mv      t4, a0                  # find its end
4:  lbu     t2, 0(t4)
    beqz    t2, 5f
    beq     t2, t3, 5f
    addi    t4, t4, 1
    j       4b
5:  sub     t5, t4, a0
    lbu     t2, 0(a0)
    li      t6, '.'
    bne     t2, t6, 6f              # a name
    li      t2, 1
    beq     t5, t2, 7f              # "." changes nothing
    li      t2, 2
    bne     t5, t2, 6f
    lbu     t2, 1(a0)
    bne     t2, t6, 6f
51: beqz    t1, 7f                  # "..": drop out's last component
    addi    t1, t1, -1
    add     t2, a1, t1
    lbu     t2, 0(t2)
    bne     t2, t3, 51b
    j       7f
6:  add     t2, t1, t5              # append "/name" if it fits
    addi    t2, t2, 1
    li      t6, FS_PATH_MAX
    bgtu    t2, t6, .Lpr_toolong
    add     t6, a1, t1
    sb      t3, 0(t6)
    addi    t1, t1, 1
61: beq     a0, t4, 7f
    lbu     t2, 0(a0)
    add     t6, a1, t1
    sb      t2, 0(t6)
    addi    t1, t1, 1
    addi    a0, a0, 1
    j       61b
7:  mv      a0, t4
    j       2b
8:  bnez    t1, 9f                  # nothing left: the root
    sb      t3, 0(a1)
    li      t1, 1
9:  add     t2, a1, t1
    sb      zero, 0(t2)
    mv      a0, t1
    ret
.Lpr_enoent:
    li      a0, -ENOENT
    ret
.Lpr_toolong:
    li      a0, -ENAMETOOLONG
    ret

# chdir(a0 = path) -> a0 = 0, or -errno: path_resolve's, stat's (-ENOENT,
# -EDEAD without a file system), -ENOTDIR when it is a file.  The root
# needs no server.  Called by the shell's cd.
# Clobbers the caller-saved registers.
    .globl chdir
chdir:
    prologue_locals PATH_BUF + 16, ra
    mv      a1, sp
    call    path_resolve
    bltz    a0, 9f
    li      t0, 1
    beq     a0, t0, 2f              # "/"
    mv      a0, sp
    addi    a1, sp, PATH_BUF        # a [stat] record
    call    stat
    bltz    a0, 9f
    lw      t0, PATH_BUF + STAT_ATTR(sp)
    andi    t0, t0, FS_ATTR_DIR
    li      a0, -ENOTDIR
    beqz    t0, 9f
2:  la      a0, cwd
    mv      a1, sp
    call    strcpy
    li      a0, 0
9:  epilogue
    ret

# getcwd(a0 = buf, a1 = size) -> a0 = length of the working directory
# copied to buf with its NUL, or -EINVAL if size cannot hold it.
# Called by the shell's pwd and anyone. Clobbers t0, t1, a0-a2.
    .globl getcwd
getcwd:
    mv      a2, a0
    la      t0, cwd
1:  lbu     t1, 0(t0)               # a1 counts down the room left
    beqz    a1, 8f
    sb      t1, 0(a2)
    beqz    t1, 2f
    addi    t0, t0, 1
    addi    a2, a2, 1
    addi    a1, a1, -1
    j       1b
2:  sub     a0, a2, a0
    ret
8:  li      a0, -EINVAL
    ret

    .bss
    .globl cwd
cwd: .zero PATH_BUF                 # the working directory; "/" once cwd_init ran
