# userland/lib/tool.s — what the small file programs share.
#
# Owns the loop "apply an operation to each argument, report each failure
# the Unix way, exit 1 if any failed" (rm, mkdir, rmdir, touch, ...), the
# `-n N` option of head and tail, and joining a directory and a name
# (cp, mv).  Keeps no state.

    .include "abi.inc"
    .include "frame.inc"

    .text

# each_arg(a0 = argc, a1 = argv, a2 = op(a0 = argument) -> a0 = 0 or
# -errno, a3 = program name) -> a0 = 0 when every op succeeded, 1 if any
# failed (each failure printed as "program: argument: words"), 2 with a
# usage line when there is no argument.
# Called by programs' main. Clobbers caller-saved. s0 = argv cursor,
# s1 = arguments left, s2 = op, s3 = name, s4 = status.
    .globl each_arg
each_arg:
    prologue ra, s0, s1, s2, s3, s4
    addi    s0, a1, 4
    addi    s1, a0, -1
    mv      s2, a2
    mv      s3, a3
    li      s4, 0
    bgtz    s1, 1f
    li      a0, 2
    la      a1, usage_format
    mv      a2, s3
    call    dprintf
    li      s4, 2
    j       9f
1:  blez    s1, 9f
    lw      a0, 0(s0)
    jalr    s2
    bgez    a0, 2f
    mv      a1, s3
    lw      a2, 0(s0)
    call    warn_errno
    li      s4, 1
2:  addi    s0, s0, 4
    addi    s1, s1, -1
    j       1b
9:  mv      a0, s4
    epilogue
    ret

# line_count_option(a0 = argc, a1 = argv) -> a0 = lines (10 unless
# argv[1] is "-n" followed by a number, or "-N"), a1 = arguments used by the
# option (0, 1 or 2), or a0 = -EINVAL for a bad count.
# Called by head and tail. Clobbers caller-saved. s0 = argv, s1 = argc.
    .globl line_count_option
line_count_option:
    prologue ra, s0, s1
    mv      s0, a1
    mv      s1, a0
    li      a0, 10
    li      a1, 0
    li      t0, 2
    blt     s1, t0, 9f
    lw      t1, 4(s0)               # argv[1]
    lbu     t2, 0(t1)
    li      t0, '-'
    bne     t2, t0, 9f
    lbu     t2, 1(t1)
    li      t0, 'n'
    bne     t2, t0, 3f
    lbu     t2, 2(t1)
    bnez    t2, 4f                  # "-n5"
    li      t0, 3                   # "-n 5"
    blt     s1, t0, 8f
    lw      a0, 8(s0)
    call    parse_int
    beqz    a1, 8f
    bltz    a0, 8f
    li      a1, 2
    j       9f
3:  addi    a0, t1, 1               # "-5"
    j       5f
4:  addi    a0, t1, 2
5:  call    parse_int
    beqz    a1, 8f
    bltz    a0, 8f
    li      a1, 1
    j       9f
8:  li      a0, -EINVAL
9:  epilogue
    ret

# path_join(a0 = out, PATH_MAX_JOIN bytes, a1 = directory, a2 = path) ->
# a0 = out holding "directory/basename(path)", or -ENAMETOOLONG.  The
# base name is what follows path's last '/' (a trailing '/' is ignored).
# Called by cp and mv for a target directory. Clobbers caller-saved.
# s0 = out, s1 = directory, s2 = base name, s3 = its length.
    .globl path_join
path_join:
    prologue ra, s0, s1, s2, s3
    mv      s0, a0
    mv      s1, a1
    mv      a0, a2
    call    base_name               # a0 = start, a1 = length
    mv      s2, a0
    mv      s3, a1
    mv      a0, s1
    call    strlen
    add     t0, a0, s3
    addi    t0, t0, 2               # '/' and the NUL
    li      t1, FS_PATH_MAX + 1
    bgtu    t0, t1, 8f
    mv      a0, s0
    mv      a1, s1
    call    strcpy
    mv      a0, s1
    call    strlen
    add     a0, a0, s0              # a0 = the end of the directory
    li      t0, '/'
    sb      t0, 0(a0)
    addi    a0, a0, 1
    mv      a1, s2
    mv      a2, s3
    add     t0, a0, s3
    sb      zero, 0(t0)
    call    memcpy
    mv      a0, s0
    j       9f
8:  li      a0, -ENAMETOOLONG
9:  epilogue
    ret

# base_name(a0 = path) -> a0 = where its last component starts, a1 = its
# length (a trailing '/' is not part of it). Clobbers t0-t2.
    .globl base_name
base_name:
    mv      t0, a0                  # t0 = end: path's end without trailing '/'
1:  lbu     t1, 0(t0)
    beqz    t1, 2f
    addi    t0, t0, 1
    j       1b
2:  li      t2, '/'
3:  beq     t0, a0, 4f
    lbu     t1, -1(t0)
    bne     t1, t2, 4f
    addi    t0, t0, -1
    j       3b
4:  mv      t1, t0                  # back to the '/' before it
5:  beq     t1, a0, 6f
    lbu     a1, -1(t1)
    beq     a1, t2, 6f
    addi    t1, t1, -1
    j       5b
6:  sub     a1, t0, t1
    mv      a0, t1
    ret


# to_target(a0 = argc, a1 = argv, a2 = op(a0 = source, a1 = target) ->
# a0 = 0, or 1 after op reported its failure, a3 = program name) -> a0 =
# exit status: cp's and mv's operands.  `PROG SRC DST` is op(SRC, DST)
# unless DST is a directory; with a directory (always, for several
# sources) each SRC goes to DST/base name of SRC.  Several sources and a
# DST that is not a directory: "PROG: DST: not a directory", 1.  Fewer
# than two operands: a usage line, 2.
# Called by cp and mv. Clobbers caller-saved.
# s0 = source cursor, s1 = sources left, s2 = op, s3 = program name,
# s4 = DST, s5 = status; the frame holds a joined path and a [stat].
    .equ TT_PATH, 0
    .equ TT_STAT, FS_PATH_MAX + 1
    .globl to_target
to_target:
    prologue_locals FS_PATH_MAX + 1 + STAT_SIZE, ra, s0, s1, s2, s3, s4, s5
    addi    s0, a1, 4
    addi    s1, a0, -2
    mv      s2, a2
    mv      s3, a3
    li      s5, 0
    bgtz    s1, 1f
    li      a0, 2
    la      a1, target_usage_format
    mv      a2, s3
    call    dprintf
    li      s5, 2
    j       9f
1:  slli    t0, s1, 2
    add     t0, s0, t0
    lw      s4, 0(t0)               # DST, the last operand
    mv      a0, s4
    addi    a1, sp, TT_STAT
    call    stat
    bltz    a0, 2f
    lw      t0, TT_STAT + STAT_ATTR(sp)
    andi    t0, t0, FS_ATTR_DIR
    bnez    t0, 4f
2:  li      t0, 1                   # DST is no directory
    bne     s1, t0, 3f
    lw      a0, 0(s0)
    mv      a1, s4
    jalr    s2
    mv      s5, a0
    j       9f
3:  li      a0, -ENOTDIR
    mv      a1, s3
    mv      a2, s4
    call    warn_errno
    li      s5, 1
    j       9f
4:  blez    s1, 9f                  # each SRC into the directory DST
    addi    a0, sp, TT_PATH
    mv      a1, s4
    lw      a2, 0(s0)
    call    path_join
    bgez    a0, 5f
    mv      a1, s3
    lw      a2, 0(s0)
    call    warn_errno
    li      s5, 1
    j       6f
5:  lw      a0, 0(s0)
    addi    a1, sp, TT_PATH
    jalr    s2
    or      s5, s5, a0
6:  addi    s0, s0, 4
    addi    s1, s1, -1
    j       4b
9:  mv      a0, s5
    epilogue
    ret

# lines_of_files(a0 = argc, a1 = argv, a2 = op(a0 = fd, a1 = lines) ->
# a0 = 0 or -errno, a3 = program name) -> a0 = exit status: head's and
# tail's operands.  `-n N`/`-N` sets lines (10 by default); then op runs on
# each FILE (its input without one), each after a `==> FILE <==` line when
# there are several; a FILE that fails is reported, the rest still run.
# Called by head and tail. Clobbers caller-saved.
# s0 = file cursor, s1 = files left, s2 = op, s3 = program name,
# s4 = lines, s5 = status, s6 = fd, s7 = how many files.
    .globl lines_of_files
lines_of_files:
    prologue ra, s0, s1, s2, s3, s4, s5, s6, s7
    mv      s0, a1
    mv      s1, a0
    mv      s2, a2
    mv      s3, a3
    li      s5, 0
    call    line_count_option       # a0 = lines, a1 = words it took
    mv      s4, a0
    bgez    a0, 1f
    li      a0, 2
    la      a1, lines_usage_format
    mv      a2, s3
    call    dprintf
    li      s5, 2
    j       9f
1:  addi    t0, a1, 1               # skip argv[0] and the option
    slli    t1, t0, 2
    add     s0, s0, t1
    sub     s1, s1, t0
    mv      s7, s1
    bnez    s1, 2f
    li      a0, 0                   # no FILE: the input
    mv      a1, s4
    jalr    s2
    sltz    s5, a0
    j       9f
2:  blez    s1, 9f
    li      t0, 1
    beq     s7, t0, 4f
    la      a0, header_format
    beq     s1, s7, 3f
    la      a0, next_header_format
3:  lw      a1, 0(s0)
    call    printf
4:  lw      a0, 0(s0)
    li      a1, O_RDONLY
    call    open
    bltz    a0, 7f
    mv      s6, a0
    mv      a1, s4
    jalr    s2
    mv      t0, a0
    mv      a0, s6
    mv      s6, t0
    call    close
    mv      a0, s6
    bgez    a0, 8f
7:  mv      a1, s3
    lw      a2, 0(s0)
    call    warn_errno
    li      s5, 1
8:  addi    s0, s0, 4
    addi    s1, s1, -1
    j       2b
9:  mv      a0, s5
    epilogue
    ret

    .section .rodata
lines_usage_format:  .asciz "usage: %s [-n N] [FILE...]\n"
header_format:       .asciz "==> %s <==\n"
next_header_format:  .asciz "\n==> %s <==\n"
target_usage_format: .asciz "usage: %s SRC... DST\n"
usage_format: .asciz "usage: %s NAME...\n"
