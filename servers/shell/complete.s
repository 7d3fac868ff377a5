# servers/shell/complete.s — Tab completion and the names the shell knows.
#
# Owns the list of command names: the builtins (builtins.s's table) and the
# programs of the boot archive, asked of pm once (pm.programs), so `help`
# and Tab name what is really there.  Tab completes the word before the
# cursor: a command's name where a command goes (the line's first word, or
# the first after | ; &), otherwise, or when the word holds a '/', a file's
# name from the directory the word names (read with readdir when Tab is
# pressed; a directory's name ends in '/').  One match is completed whole
# (a space after it, unless it is a directory), several as far as they
# agree, and when there is nothing to add they are listed under the line.
# (file_names also gives `help` the programs of the disk's /bin.)

    .include "abi.inc"
    .include "frame.inc"

    .equ NAMES_MAX, 2048            # bytes of names, NUL after each, "" at the end
    .equ FILE_NAMES_MAX, 4096       # a directory's names for Tab (the rest are not offered)

    .text

# command_names() -> a0 = the builtins' names then the programs', each
# NUL-terminated, an empty name at the end; a1 = where the programs start.
# Built at the first call. Called by complete_word and help. Clobbers
# caller-saved registers. s0 = write cursor, s1 = builtin index.
    .globl command_names
command_names:
    prologue ra, s0, s1
    la      t0, names_ready
    lw      t0, 0(t0)
    bnez    t0, 8f
    la      s0, names
    li      s1, 0
1:  mv      a0, s1                  # the builtins
    call    builtin_name
    beqz    a0, 2f
    mv      a1, a0
    mv      a0, s0
    call    strcpy
    mv      a0, s0
    call    strlen
    add     s0, s0, a0
    addi    s0, s0, 1
    addi    s1, s1, 1
    j       1b
2:  la      t0, programs_at
    sw      s0, 0(t0)
    li      a0, PORT_PM             # then pm's list of the archive
    li      a1, PM_PROGRAMS
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    mv      a6, s0                  # lease: the rest of names, less the end mark
    la      t0, names + NAMES_MAX - 1
    sub     t0, t0, s0
    li      t1, LEASE_W
    SYSCALL CALL
    bgez    a0, 3f
    li      a0, 0                   # pm could not say: builtins only
3:  add     s0, s0, a0
    sb      zero, 0(s0)
    la      t0, names_ready
    li      t1, 1
    sw      t1, 0(t0)
8:  la      a0, names
    la      a1, programs_at
    lw      a1, 0(a1)
    epilogue
    ret

# complete_word(): Tab. Completes the word before the cursor (see the
# header). Called by the editor. Clobbers caller-saved registers.
# s0 = line, s1 = start of the part matched, s2 = its length so far, s3 =
# name cursor, s4 = matches, s5 = first match, s6 = length all matches share.
    .globl complete_word
complete_word:
    prologue ra, s0, s1, s2, s3, s4, s5, s6
    call    ed_line                 # a0 = line, a1 = length, a2 = cursor
    mv      s0, a0
    mv      s1, a2
1:  beqz    s1, 2f                  # back to the word's start
    add     t0, s0, s1
    lbu     a0, -1(t0)
    call    ends_word
    bnez    a0, 2f
    addi    s1, s1, -1
    j       1b
2:  call    ed_line
    sub     s2, a2, s1
    li      t0, 0                   # a '/' in it: a path
    li      t2, '/'
3:  bgeu    t0, s2, 4f
    add     t1, s0, s1
    add     t1, t1, t0
    lbu     t1, 0(t1)
    beq     t1, t2, 20f
    addi    t0, t0, 1
    j       3b
4:  mv      s3, s1                  # where a command goes: nothing but spaces
5:  beqz    s3, 21f                 # before it back to the line's start or | ; &
    add     t0, s0, s3
    lbu     t0, -1(t0)
    addi    s3, s3, -1
    li      t1, ' '
    beq     t0, t1, 5b
    li      t1, '|'
    beq     t0, t1, 21f
    li      t1, ';'
    beq     t0, t1, 21f
    li      t1, '&'
    beq     t0, t1, 21f
20: add     a0, s0, s1              # a file's name
    mv      a1, s2
    call    file_names              # a0 = names, a1 = bytes naming the directory
    add     s1, s1, a1
    sub     s2, s2, a1
    j       22f
21: call    command_names
22: la      t0, match_names         # for list_matches
    sw      a0, 0(t0)
    mv      s3, a0
    li      s4, 0
5:  lbu     t0, 0(s3)               # each name
    beqz    t0, 7f
    mv      a0, s3
    add     a1, s0, s1
    mv      a2, s2
    call    strncmp
    bnez    a0, 6f
    addi    s4, s4, 1
    li      t0, 1
    bne     s4, t0, 10f
    mv      s5, s3                  # the first match: all of it is shared
    mv      a0, s3
    call    strlen
    mv      s6, a0
    j       6f
10: mv      t0, s2                  # a further one: what it shares with the first
11: bgeu    t0, s6, 12f
    add     t1, s5, t0
    lbu     t1, 0(t1)
    add     t2, s3, t0
    lbu     t2, 0(t2)
    bne     t1, t2, 12f
    addi    t0, t0, 1
    j       11b
12: mv      s6, t0
6:  mv      a0, s3                  # the next name
    call    strlen
    add     s3, s3, a0
    addi    s3, s3, 1
    j       5b
7:  beqz    s4, 9f
    li      s3, 0
13: bgeu    s2, s6, 14f             # add what every match shares
    add     t0, s5, s2
    lbu     a0, 0(t0)
    call    insert_byte
    addi    s2, s2, 1
    li      s3, 1                   # (something was added)
    j       13b
14: li      t0, 1
    bne     s4, t0, 15f
    add     t0, s5, s6              # the one match, whole: a space after it,
    lbu     t0, -1(t0)              # unless it is a directory (its '/')
    li      t1, '/'
    beq     t0, t1, 9f
    li      a0, ' '
    call    insert_byte
    j       9f
15: bnez    s3, 9f                  # several, nothing added: list them
    mv      a0, s0
    add     a1, s0, s1
    mv      a2, s2
    call    list_matches
9:  epilogue
    ret

# ends_word(a0 = byte) -> a0 nonzero if a word cannot hold it (a space, or
# one of the shell's operators | ; & < >). Clobbers t0.
ends_word:
    li      t0, ' '
    beq     a0, t0, 1f
    li      t0, '|'
    beq     a0, t0, 1f
    li      t0, ';'
    beq     a0, t0, 1f
    li      t0, '&'
    beq     a0, t0, 1f
    li      t0, '<'
    beq     a0, t0, 1f
    li      t0, '>'
    beq     a0, t0, 1f
    li      a0, 0
    ret
1:  li      a0, 1
    ret

# file_names(a0 = word, a1 = its length) -> a0 = the names in the directory
# the word names (its part up to the last '/', or the working directory),
# each NUL-terminated, a directory's with a '/' after it, an empty name at
# the end (none at all when it cannot be read: no disk, no such directory);
# a1 = the length of that directory part. Clobbers caller-saved registers.
# s0 = word, s1 = its length, then the descriptor, s2 = directory part,
# s3 = write cursor. Called by complete_word and help (the disk's /bin).
    .globl file_names
file_names:
    prologue ra, s0, s1, s2, s3
    mv      s0, a0
    mv      s1, a1
    li      s2, 0
    li      t0, 0
    li      t2, '/'
1:  bgeu    t0, s1, 2f
    add     t1, s0, t0
    lbu     t1, 0(t1)
    addi    t0, t0, 1
    bne     t1, t2, 1b
    mv      s2, t0
    j       1b
2:  la      s3, file_names_buf
    sb      zero, 0(s3)             # no names, until some are read
    li      t0, FS_PATH_MAX
    bgtu    s2, t0, 8f
    la      a0, dir_path
    bnez    s2, 3f
    li      t0, '.'                 # no '/': the working directory
    sb      t0, 0(a0)
    sb      zero, 1(a0)
    j       4f
3:  mv      a1, s0
    mv      a2, s2
    call    memcpy
    la      t0, dir_path
    add     t0, t0, s2
    sb      zero, 0(t0)
4:  la      a0, dir_path
    li      a1, O_RDONLY
    call    open
    bltz    a0, 8f
    mv      s1, a0
5:  mv      a0, s1                  # one entry per call: Tab is rare
    la      a1, file_dirent
    li      a2, DIRENT_SIZE
    call    readdir
    blez    a0, 7f
    la      a0, file_dirent + DIRENT_NAME
    call    strlen
    add     t0, s3, a0              # room for it, its '/', its NUL and the end mark?
    la      t1, file_names_buf + FILE_NAMES_MAX - 3
    bgtu    t0, t1, 7f
    mv      a0, s3
    la      a1, file_dirent + DIRENT_NAME
    call    strcpy
    mv      a0, s3
    call    strlen
    add     s3, s3, a0
    la      t0, file_dirent
    lw      t0, DIRENT_ATTR(t0)
    andi    t0, t0, FS_ATTR_DIR
    beqz    t0, 6f
    li      t0, '/'
    sb      t0, 0(s3)
    addi    s3, s3, 1
6:  sb      zero, 0(s3)
    addi    s3, s3, 1
    j       5b
7:  sb      zero, 0(s3)             # the end mark
    mv      a0, s1
    call    close
8:  la      a0, file_names_buf
    mv      a1, s2
    epilogue
    ret

# list_matches(a0 = line, a1 = word, a2 = its length): prints every name
# starting with the word on a line of its own, then the prompt and the line
# again. Clobbers caller-saved registers. s0 = word, s1 = length, s2 = name.
list_matches:
    prologue ra, s0, s1, s2
    mv      s0, a1
    mv      s1, a2
    li      a0, '\n'
    call    out_byte
    la      s2, match_names         # complete_word's list
    lw      s2, 0(s2)
1:  lbu     t0, 0(s2)
    beqz    t0, 3f
    mv      a0, s2
    mv      a1, s0
    mv      a2, s1
    call    strncmp
    bnez    a0, 2f
    mv      a0, s2
    call    out_string
    li      a0, ' '
    call    out_byte
    li      a0, ' '
    call    out_byte
2:  mv      a0, s2
    call    strlen
    add     s2, s2, a0
    addi    s2, s2, 1
    j       1b
3:  li      a0, '\n'
    call    out_byte
    call    redraw_line
    epilogue
    ret

    .bss
    .balign 4
names_ready: .zero 4
programs_at: .zero 4
names:       .zero NAMES_MAX
match_names: .zero 4                # the list complete_word matched against
file_dirent: .zero DIRENT_SIZE
dir_path:    .zero FS_PATH_MAX + 1
file_names_buf: .zero FILE_NAMES_MAX
