# servers/shell/search.s — where a command's program is found: PATH.
#
# The rule (README.md, "The shell"): a command word with a '/' is that
# file (relative to the working directory); any other NAME is looked for
# as DIR/NAME in each directory of PATH in turn (':' between them, empty
# entries skipped), then in the boot archive, which always answers last
# (the rescue programs: pm, the servers, the shell).  PATH starts as
# /bin, so by default a program on the disk wins over the archive's copy
# (`PATH=DIRS cmd` finds cmd with DIRS).
# A file found that is no program but a script (#! line) runs through
# the interpreter it names (script.s).  pm knows nothing of PATH: the
# shell asks it for one path at a time (DESIGN.md, the shell).

    .include "abi.inc"
    .include "frame.inc"
    .include "shell.inc"

    .equ CANDIDATE, 0               # spawn_command's locals: DIR/NAME
    .equ CANDIDATE_MAX, FS_PATH_MAX + 1

    .text

# spawn_command(a0 = argv, a1 = how many of our descriptors the child
# gets) -> a0 = pid or -errno (-ENOENT: found nowhere).  argv[0] is put
# back as it was. Called by run_pipeline and time. Clobbers caller-saved.
# s0 = argv, s1 = descriptors, s2 = PATH cursor, s3 = the name, s4 = this
# entry's end.
    .globl spawn_command
spawn_command:
    prologue_locals CANDIDATE_MAX, ra, s0, s1, s2, s3, s4
    mv      s0, a0
    mv      s1, a1
    lw      s3, 0(s0)
    mv      a0, s3
    li      a1, '/'
    call    strchr
    beqz    a0, 1f
    mv      a0, s0                  # a path: that file only
    mv      a1, s1
    call    try_spawn
    j       9f
1:  call    path_value              # (env.s: `PATH=... cmd`'s, or the variable)
    mv      s2, a0
    beqz    s2, .Lsc_archive
.Lsc_entry:
    lbu     t0, 0(s2)
    beqz    t0, .Lsc_archive
    mv      s4, s2                  # s4 = the entry's end (':' or NUL)
2:  lbu     t0, 0(s4)
    beqz    t0, 3f
    li      t1, ':'
    beq     t0, t1, 3f
    addi    s4, s4, 1
    j       2b
3:  beq     s4, s2, .Lsc_skip       # an empty entry
    mv      a0, s3
    call    strlen
    sub     t0, s4, s2
    add     t0, t0, a0
    addi    t0, t0, 2               # '/' and NUL
    li      t1, CANDIDATE_MAX
    bgtu    t0, t1, .Lsc_skip       # too long to be a path
    addi    t2, sp, CANDIDATE       # DIR
    mv      t0, s2
4:  bgeu    t0, s4, 5f
    lbu     t1, 0(t0)
    sb      t1, 0(t2)
    addi    t0, t0, 1
    addi    t2, t2, 1
    j       4b
5:  li      t1, '/'                 # /NAME (DIR/ needs no second one)
    mv      a0, t2
    lbu     t0, -1(t2)
    beq     t0, t1, 6f
    sb      t1, 0(t2)
    addi    a0, t2, 1
6:  mv      a1, s3
    call    strcpy
    addi    t0, sp, CANDIDATE
    sw      t0, 0(s0)
    mv      a0, s0
    mv      a1, s1
    call    try_spawn
    sw      s3, 0(s0)               # argv[0] is the name again
    li      t0, -ENOENT             # not there: the next directory
    beq     a0, t0, .Lsc_skip
    li      t0, -ENOTDIR
    beq     a0, t0, .Lsc_skip
    li      t0, -ENAMETOOLONG
    bne     a0, t0, 9f
.Lsc_skip:
    lbu     t0, 0(s4)
    mv      s2, s4
    beqz    t0, .Lsc_entry
    addi    s2, s4, 1               # past the ':'
    j       .Lsc_entry
.Lsc_archive:
    mv      a0, s0
    mv      a1, s1
    li      a2, SPAWN_ARCHIVE
    call    spawn_flags
9:  epilogue
    ret

# try_spawn(a0 = argv, a1 = descriptors) -> a0 = pid or -errno: argv[0]
# is a path; a file that is no program (-ENOEXEC) may be a script
# (spawn_script, script.s). Clobbers caller-saved. s0 = argv, s1 = descriptors.
try_spawn:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    call    spawn_fds
    li      t0, -ENOEXEC
    bne     a0, t0, 9f
    mv      a0, s0
    mv      a1, s1
    call    spawn_script
9:  epilogue
    ret

