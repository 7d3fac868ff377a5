# servers/shell/script.s — scripts: `sh FILE [ARGS]`, `source FILE`, #!.
#
# Owns running the lines of a file as if typed (run_file), and the three
# ways to get there:
#   sh FILE [ARGS]  the shell program itself (/bin/sh on the disk is the
#                   shell, `make image` puts it there) started with a file:
#                   main calls script_main, which runs it in that child
#                   process and exits with the last status, so `exit N`,
#                   `$?`, `$0`-`$9`, `$#`, and redirecting its output as a
#                   whole (`sh s > out`) behave as in Unix, and its
#                   variables die with it (it inherits the exported ones).
#   source FILE     a builtin: the lines run in this shell, so what they set
#                   stays set.  The parsed line that called it is kept
#                   (source_saves) while they run, and put back.
#   NAME            a file on PATH whose first line is #!INTERPRETER: when
#                   pm answers -ENOEXEC (the file is no ELF), spawn_script
#                   starts INTERPRETER FILE ARGS instead.  This lives in
#                   the shell, not in pm, as POSIX shells do it (execvp's
#                   ENOEXEC rule): pm stays a loader of ELF files that never
#                   reads what a file says, and the shell that searched PATH
#                   already holds the path the interpreter needs.
# A script that runs itself is stopped: SHLVL (env.s) counts nested shells
# and a script shell refuses to start past SCRIPT_DEPTH_MAX; source counts
# its own nesting.  A line too long, an unterminated quote or a syntax
# error stops the file with status 2, the message saying FILE: line N.

    .include "abi.inc"
    .include "frame.inc"
    .include "shell.inc"

    .equ SCRIPT_DEPTH_MAX, 8        # scripts within scripts (sh), and sources
    .equ STATUS_USAGE, 2            # a script's syntax error, nesting too deep
    .equ STATUS_CANNOT_RUN, 126     # a file that cannot be read
    .equ STATUS_NOT_FOUND, 127
    .equ CHUNK_SIZE, 256            # bytes read from a script at a time
    .equ SAVE_TOKENS, TOKENS_MAX * TOK_SIZE
    .equ SAVE_SIZE, SAVE_TOKENS + WORD_BUF_SIZE + REDIRS_SAVE
    .equ HASHBANG_MAX, 128          # bytes of a #! line looked at

    .text

# script_main(a0 = argc >= 2, a1 = argv = {sh, FILE, ARGS...}): runs FILE
# and exits with its status.  Never returns. Called by main.
    .globl script_main
script_main:
    la      t0, script_count        # $0 = FILE, $1.. = ARGS
    addi    t1, a0, -1
    sw      t1, 0(t0)
    la      t0, script_args
    addi    a1, a1, 4
    sw      a1, 0(t0)
    lw      s0, 0(a1)               # (never returns: s0 is ours)
    la      t0, shell_level
    lw      t0, 0(t0)
    li      t1, SCRIPT_DEPTH_MAX + 1
    bgt     t0, t1, 8f
    mv      a0, s0
    la      a1, sh_name_text
    call    run_file
    call    exit
8:  li      a0, 2
    la      a1, too_deep_text
    la      a2, sh_name_text
    mv      a3, s0
    li      a4, SCRIPT_DEPTH_MAX
    call    dprintf
    li      a0, STATUS_USAGE
    call    exit

# source FILE: runs FILE's lines in this shell; $? is its last status.
# Clobbers caller-saved registers. s0 = FILE, s1 = this level's save area.
    .globl builtin_source
builtin_source:
    prologue ra, s0, s1
    li      t0, 2
    bne     a0, t0, 7f
    lw      s0, 4(a1)
    la      t0, source_depth
    lw      t1, 0(t0)
    li      t2, SCRIPT_DEPTH_MAX
    bgeu    t1, t2, 8f
    li      t2, SAVE_SIZE           # keep the line that called us
    mul     t2, t2, t1
    la      s1, source_saves
    add     s1, s1, t2
    addi    t1, t1, 1
    sw      t1, 0(t0)
    mv      a0, s1
    la      a1, tokens
    li      a2, SAVE_TOKENS
    call    memcpy
    li      t0, SAVE_TOKENS
    add     a0, s1, t0
    la      a1, word_buf
    li      a2, WORD_BUF_SIZE
    call    memcpy
    li      t0, SAVE_TOKENS + WORD_BUF_SIZE
    add     a0, s1, t0
    call    redirects_save          # ours stay open while the file runs
    mv      a0, s0
    la      a1, source_name_text
    call    run_file
    call    set_builtin_status
    la      a0, tokens
    mv      a1, s1
    li      a2, SAVE_TOKENS
    call    memcpy
    la      a0, word_buf
    li      t0, SAVE_TOKENS
    add     a1, s1, t0
    li      a2, WORD_BUF_SIZE
    call    memcpy
    li      t0, SAVE_TOKENS + WORD_BUF_SIZE
    add     a0, s1, t0
    call    redirects_restore
    la      t0, source_depth
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    j       9f
7:  la      a0, source_usage_text
    call    printf
    li      a0, STATUS_USAGE
    call    set_builtin_status
    j       9f
8:  li      a0, 2
    la      a1, too_deep_text
    la      a2, source_name_text
    mv      a3, s0
    li      a4, SCRIPT_DEPTH_MAX
    call    dprintf
    li      a0, STATUS_USAGE
    call    set_builtin_status
9:  epilogue
    ret

# run_file(a0 = path, a1 = who: "sh" or "source") -> a0 = the status of
# its last command, or why it stopped: 127 (no such file), 126 (cannot be
# read), 2 (a line too long, an unterminated quote, a syntax error).
# Called by script_main and builtin_source. Clobbers caller-saved.
# s0 = path, s1 = who, s2 = fd, s3 = chunk position, s4 = chunk length,
# s5 = line number, s6 = line length, s7 = the where text to put back.
    .equ RF_CHUNK, 0
    .equ RF_LINE, CHUNK_SIZE
    .equ RF_STAT, RF_LINE + LINE_MAX
    .equ RF_LOCALS, RF_STAT + STAT_SIZE
run_file:
    prologue_locals RF_LOCALS, ra, s0, s1, s2, s3, s4, s5, s6, s7
    mv      s0, a0
    mv      s1, a1
    la      t0, last_status         # an empty file: status 0
    sw      zero, 0(t0)
    li      a1, O_RDONLY
    call    open
    mv      s2, a0
    bltz    s2, .Lrf_cannot
    mv      a0, s2
    addi    a1, sp, RF_STAT
    call    fstat
    bltz    a0, .Lrf_cannot_close
    lw      t0, RF_STAT + STAT_ATTR(sp)
    andi    t0, t0, FS_ATTR_DIR
    li      a0, -EISDIR
    bnez    t0, .Lrf_cannot_close
    li      s3, 0
    li      s4, 0
    li      s5, 0
.Lrf_line:
    li      s6, 0
.Lrf_byte:
    bltu    s3, s4, 2f
    mv      a0, s2                  # the next chunk
    addi    a1, sp, RF_CHUNK
    li      a2, CHUNK_SIZE
    call    read
    bltz    a0, .Lrf_cannot_close
    li      s3, 0
    mv      s4, a0
    bnez    s4, 2f
    beqz    s6, .Lrf_end            # the end (a last line without '\n' runs)
    j       .Lrf_run
2:  add     t0, sp, s3
    lbu     t1, RF_CHUNK(t0)
    addi    s3, s3, 1
    li      t2, '\n'
    beq     t1, t2, .Lrf_run
    li      t2, LINE_MAX - 1
    bgeu    s6, t2, .Lrf_too_long
    add     t0, sp, s6
    sb      t1, RF_LINE(t0)
    addi    s6, s6, 1
    j       .Lrf_byte
.Lrf_run:
    add     t0, sp, s6
    sb      zero, RF_LINE(t0)
    addi    s5, s5, 1
    call    set_where
    addi    a0, sp, RF_LINE
    call    parse_line
    bltz    a0, .Lrf_parse_error
    call    exec_line
    bltz    a0, .Lrf_stop           # a syntax error: said, $? = 2
    j       .Lrf_line
.Lrf_too_long:
    call    set_where
    la      a0, line_long_text
    la      a1, script_where
    li      a2, LINE_MAX - 1
    call    printf
    j       .Lrf_stop
.Lrf_parse_error:
    mv      t1, a0
    li      t0, -1
    la      a0, unterminated_text
    beq     t1, t0, 3f
    la      a0, too_many_words_text
3:  la      a1, script_where
    call    printf
.Lrf_stop:
    la      t0, last_status
    li      t1, STATUS_USAGE
    sw      t1, 0(t0)
.Lrf_end:
    mv      a0, s2
    call    close
    la      t0, script_where        # messages say no place again
    sb      zero, 0(t0)
    la      t0, last_status
    lw      a0, 0(t0)
    j       9f
.Lrf_cannot_close:
    mv      s3, a0
    mv      a0, s2
    call    close
    mv      a0, s3
.Lrf_cannot:                        # a0 = -errno
    mv      s3, a0
    mv      a1, s1
    mv      a2, s0
    call    warn_errno
    li      a0, STATUS_NOT_FOUND
    li      t0, -ENOENT
    beq     s3, t0, 4f
    li      a0, STATUS_CANNOT_RUN
4:  la      t0, last_status
    sw      a0, 0(t0)
9:  epilogue
    ret

# set_where(), with s0 = path, s5 = line number: script_where = "PATH:
# line N: ", the place syntax errors name. Clobbers caller-saved.
set_where:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, script_where
    mv      a1, s0
    li      a2, FS_PATH_MAX
    call    copy_bounded
    la      a1, line_word_text
    li      a2, 8
    call    copy_bounded
    sw      a0, 8(sp)
    mv      a0, s5
    lw      a1, 8(sp)
    call    itoa
    lw      a0, 8(sp)
    call    strlen
    lw      t0, 8(sp)
    add     a0, a0, t0
    la      a1, colon_space_text
    li      a2, 4
    call    copy_bounded
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# copy_bounded(a0 = destination, a1 = string, a2 = at most this many
# bytes) -> a0 = the NUL written after them. Clobbers t0.
copy_bounded:
1:  lbu     t0, 0(a1)
    beqz    t0, 2f
    beqz    a2, 2f
    sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    j       1b
2:  sb      zero, 0(a0)
    ret

# spawn_script(a0 = argv, argv[0] a path pm found no program in, a1 =
# descriptors) -> a0 = pid of INTERPRETER FILE ARGS when the file's first
# line is #!INTERPRETER, else -ENOEXEC. Called by try_spawn (search.s).
# Clobbers caller-saved. s0 = argv, s1 = descriptors, s2 = fd or bytes.
    .equ SS_LINE, 0
    .equ SS_ARGV, HASHBANG_MAX
    .equ SS_LOCALS, SS_ARGV + 4 * (ARGV_MAX + 2)
    .globl spawn_script
spawn_script:
    prologue_locals SS_LOCALS, ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    lw      a0, 0(s0)
    li      a1, O_RDONLY
    call    open
    bltz    a0, 8f
    mv      s2, a0
    addi    a1, sp, SS_LINE
    li      a2, HASHBANG_MAX - 1
    call    read
    mv      t0, a0
    mv      a0, s2
    mv      s2, t0
    call    close
    li      t0, 2
    blt     s2, t0, 8f              # (an error, or too short)
    add     t0, sp, s2
    sb      zero, SS_LINE(t0)
    lbu     t0, SS_LINE(sp)
    li      t1, '#'
    bne     t0, t1, 8f
    lbu     t0, SS_LINE + 1(sp)
    li      t1, '!'
    bne     t0, t1, 8f
    addi    t0, sp, SS_LINE + 2     # the interpreter: one word
    li      t2, ' '
1:  lbu     t1, 0(t0)
    beq     t1, t2, 11f
    li      t3, '\t'
    bne     t1, t3, 12f
11: addi    t0, t0, 1
    j       1b
12: mv      t4, t0                  # t4 = its start
2:  lbu     t1, 0(t0)
    beqz    t1, 3f
    li      t3, '\n'
    beq     t1, t3, 3f
    li      t3, '\r'
    beq     t1, t3, 3f
    beq     t1, t2, 3f
    li      t3, '\t'
    beq     t1, t3, 3f
    addi    t0, t0, 1
    j       2b
3:  beq     t0, t4, 8f              # #! and nothing
    sb      zero, 0(t0)
    addi    t1, sp, SS_ARGV         # {INTERPRETER, FILE, ARGS..., 0}
    sw      t4, 0(t1)
    mv      t0, s0
    li      t2, ARGV_MAX
4:  lw      t3, 0(t0)
    sw      t3, 4(t1)
    beqz    t3, 5f
    addi    t2, t2, -1
    li      a0, -E2BIG
    blez    t2, 9f
    addi    t0, t0, 4
    addi    t1, t1, 4
    j       4b
5:  addi    a0, sp, SS_ARGV
    mv      a1, s1
    call    spawn_fds
    j       9f
8:  li      a0, -ENOEXEC
9:  epilogue
    ret

# positional(a0 = '0'..'9' or '#') -> a0 = $0..$9 (0 when there is no
# such argument) or $# in decimal: a script's FILE and ARGS (script_main).
# Called by expand_word. Clobbers caller-saved registers.
    .globl positional
positional:
    la      t0, script_count
    lw      t1, 0(t0)
    li      t2, '#'
    bne     a0, t2, 1f
    addi    a0, t1, -1              # $#: the ARGS
    bgez    a0, 2f
    li      a0, 0
2:  la      a1, count_buf
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    itoa
    lw      ra, 12(sp)
    addi    sp, sp, 16
    la      a0, count_buf
    ret
1:  addi    a0, a0, -'0'
    bgeu    a0, t1, 3f
    la      t0, script_args
    lw      t0, 0(t0)
    slli    a0, a0, 2
    add     t0, t0, a0
    lw      a0, 0(t0)
    ret
3:  li      a0, 0
    ret

    .section .rodata
sh_name_text:        .asciz "sh"
source_name_text:    .asciz "source"
    .globl source_help_text
source_help_text:    .asciz "source FILE - run FILE's lines in this shell (sh FILE: in a new one)"
source_usage_text:   .asciz "usage: source FILE\n"
too_deep_text:       .asciz "%s: %s: scripts nested too deep (%u at most)\n"
line_long_text:      .asciz "shell: %sline too long (%u bytes at most)\n"
unterminated_text:   .asciz "shell: %sunterminated quote\n"
too_many_words_text: .asciz "shell: %stoo many words\n"
line_word_text:      .asciz ": line "
colon_space_text:    .asciz ": "

    .bss
    .balign 4
    .globl script_where, script_count
script_count:  .zero 4              # $0 and the ARGS (0: not a script)
script_args:   .zero 4              # their argv
source_depth:  .zero 4
count_buf:     .zero 12
script_where:  .zero FS_PATH_MAX + 32   # "FILE: line N: " while a file runs
source_saves:  .zero SCRIPT_DEPTH_MAX * SAVE_SIZE
