# servers/shell/env.s — shell variables, the environment, and expansion.
#
# Owns the variable table (NAME=value lines set them, `export` marks them
# for children, `unset` drops them), the environment block children
# inherit (the exported variables as "NAME=value" strings, which the user
# library's spawn passes on: userland/lib/env.s, kernel/abi.toml "Process
# start-up"), the blocks of `NAME=value cmd` (split_assignments takes the
# words apart, env_push/env_pop put a block with them in force while cmd
# starts), and expand_word, which puts each `$?` and `$NAME` of a parsed
# word (parse.s marks them) in its place when the command runs, so
# `X=1; echo $X` says 1.  A value is one word whatever it holds (no field
# splitting).  Limits are refused with a message, never cut: a name of
# more than NAME_MAX bytes, a value of more than VALUE_MAX, VARS_MAX
# variables, an environment of more than ENV_MAX bytes, a command longer
# than WORD_BUF_SIZE bytes once expanded.
# At start the shell takes the environment it was given, sets PATH to
# /bin unless it came with one, and counts SHLVL up (how deep scripts
# nest: script.s refuses to go on past SCRIPT_DEPTH_MAX).

    .include "abi.inc"
    .include "frame.inc"
    .include "shell.inc"

    .equ VARS_MAX, 32
    .equ NAME_MAX, 31
    .equ VALUE_MAX, 255
    .equ V_FLAGS, 0                 # a row of vars: F_* bits (0: free)
    .equ V_NAME, 4                  # the name, NUL-terminated
    .equ V_VALUE, V_NAME + NAME_MAX + 1
    .equ VAR_SIZE, V_VALUE + VALUE_MAX + 1
    .equ F_USED, 1
    .equ F_EXPORTED, 2
    .equ ENV_BUF_SIZE, ENV_MAX + 4  # env_push's block: strings, the empty one, pad
    .equ ENV_LEVELS, 12             # env_push inside env_push: source runs lines (script.s's depth is 8)

    .text

# env_import(): the variables of the environment this shell was given
# (all exported), then PATH and SHLVL. Called by main at start.
# Clobbers caller-saved registers. s0 = this string, s1 = its name's length.
    .globl env_import
env_import:
    prologue ra, s0, s1
    la      t0, environ
    lw      s0, 0(t0)
    beqz    s0, 5f
1:  lbu     t0, 0(s0)
    beqz    t0, 5f                  # the empty string ends the block
    mv      a0, s0
    call    assignment_name
    beqz    a0, 4f                  # not NAME=value: not ours to keep
    mv      a1, a0
    mv      a0, s0
    add     a2, s0, a1
    addi    a2, a2, 1
    li      a3, 1
    call    var_set
4:  lbu     t0, 0(s0)
    addi    s0, s0, 1
    bnez    t0, 4b
    j       1b
5:  la      a0, path_name
    li      a1, 4
    call    var_find
    bnez    a0, 6f
    la      a0, path_name
    li      a1, 4
    la      a2, default_path
    li      a3, 1
    call    var_set
6:  la      a0, shlvl_name
    li      a1, 5
    call    var_lookup
    li      s1, 0
    beqz    a0, 7f
    call    parse_int
    beqz    a1, 7f                  # not a number: count from 0
    mv      s1, a0
7:  addi    s1, s1, 1
    la      t0, shell_level
    sw      s1, 0(t0)
    mv      a0, s1
    la      a1, number_buf
    call    itoa
    la      a0, shlvl_name
    li      a1, 5
    la      a2, number_buf
    li      a3, 1
    call    var_set
    call    env_rebuild
    epilogue
    ret

# assignment_name(a0 = word) -> a0 = the length of NAME when the word is
# NAME=value, else 0. Clobbers t0-t3.
    .globl assignment_name
assignment_name:
    mv      t3, a0
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    name_length
    lw      ra, 12(sp)
    addi    sp, sp, 16
    add     t0, t3, a0
    lbu     t0, 0(t0)
    li      t1, '='
    beq     t0, t1, 1f
    li      a0, 0
1:  ret

# var_find(a0 = name, a1 = its length) -> a0 = its row of vars, or 0.
# Clobbers t0-t6.
var_find:
    la      t0, vars
    li      t3, VARS_MAX
1:  beqz    t3, 8f
    lw      t1, V_FLAGS(t0)
    beqz    t1, 4f
    li      t4, 0
2:  beq     t4, a1, 3f
    add     t5, a0, t4
    lbu     t5, 0(t5)
    add     t6, t0, t4
    lbu     t6, V_NAME(t6)
    bne     t5, t6, 4f
    addi    t4, t4, 1
    j       2b
3:  add     t6, t0, a1
    lbu     t6, V_NAME(t6)
    bnez    t6, 4f
    mv      a0, t0
    ret
4:  addi    t0, t0, VAR_SIZE
    addi    t3, t3, -1
    j       1b
8:  li      a0, 0
    ret

# var_lookup(a0 = name, a1 = its length) -> a0 = its value, or 0 when it
# is not set. Clobbers t0-t6.
    .globl var_lookup
var_lookup:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    var_find
    lw      ra, 12(sp)
    addi    sp, sp, 16
    beqz    a0, 1f
    addi    a0, a0, V_VALUE
1:  ret

# var_set(a0 = name, a1 = its length, a2 = value, a3 = 1 to export it)
# -> a0 = 0, or -1 after saying why not ("shell: NAME: ...").  A variable
# once exported stays so.  Clobbers caller-saved registers.
# s0 = name, s1 = length, s2 = value, s3 = export, s4 = row, s5 = env bytes after.
    .globl var_set
var_set:
    prologue ra, s0, s1, s2, s3, s4, s5
    mv      s0, a0
    mv      s1, a1
    mv      s2, a2
    mv      s3, a3
    call    name_copy               # for the messages
    la      a0, name_long_text
    li      a1, NAME_MAX
    li      t0, NAME_MAX
    bgtu    s1, t0, 8f
    mv      a0, s2
    call    strlen
    mv      t1, a0
    la      a0, value_long_text
    li      a1, VALUE_MAX
    li      t0, VALUE_MAX
    bgtu    t1, t0, 8f
    mv      a0, s0
    mv      a1, s1
    call    var_find
    mv      s4, a0
    la      t0, env_bytes           # the environment's size afterwards
    lw      s5, 0(t0)
    beqz    s4, 1f
    lw      t0, V_FLAGS(s4)
    andi    t0, t0, F_EXPORTED
    beqz    t0, 1f
    li      s3, 1                   # exported stays exported
    addi    a0, s4, V_VALUE         # less the old NAME=value
    call    strlen
    sub     s5, s5, a0
    sub     s5, s5, s1
    addi    s5, s5, -2
1:  beqz    s3, 2f
    mv      a0, s2                  # plus the new one
    call    strlen
    add     s5, s5, a0
    add     s5, s5, s1
    addi    s5, s5, 2
    la      a0, env_full_text
    li      a1, ENV_MAX
    li      t0, ENV_MAX
    bgtu    s5, t0, 8f
2:  bnez    s4, 4f                  # a new one: a free row
    la      s4, vars
    li      t1, VARS_MAX
3:  lw      t0, V_FLAGS(s4)
    beqz    t0, 4f
    addi    s4, s4, VAR_SIZE
    addi    t1, t1, -1
    bnez    t1, 3b
    la      a0, too_many_vars_text
    li      a1, VARS_MAX
    j       8f
4:  addi    a0, s4, V_NAME
    mv      a1, s0
    mv      a2, s1
    call    memcpy
    add     t0, s4, s1
    sb      zero, V_NAME(t0)
    addi    a0, s4, V_VALUE         # (the same string when export keeps it)
    mv      a1, s2
    call    strcpy
    slli    t0, s3, 1               # F_EXPORTED when s3
    ori     t0, t0, F_USED
    sw      t0, V_FLAGS(s4)
    beqz    s3, 5f
    call    env_rebuild
5:  li      a0, 0
    j       9f
8:  mv      a2, a1                  # a0 = the message, a2 = its limit
    la      a1, name_buf
    call    printf
    li      a0, -1
9:  epilogue
    ret

# name_copy(), with s0 = name, s1 = its length: name_buf = the name,
# NUL-terminated (its first NAME_MAX bytes). Clobbers caller-saved.
name_copy:
    mv      a2, s1
    li      t0, NAME_MAX
    bleu    a2, t0, 1f
    mv      a2, t0
1:  la      t0, name_buf
    add     t0, t0, a2
    sb      zero, 0(t0)
    la      a0, name_buf
    mv      a1, s0
    tail    memcpy

# env_rebuild(): the exported variables into env_block, which children
# get from now on (env_use); env_bytes = its size. Clobbers caller-saved.
# s0 = row, s1 = rows left, s2 = write cursor.
env_rebuild:
    prologue ra, s0, s1, s2
    la      s0, vars
    li      s1, VARS_MAX
    la      s2, env_block
1:  beqz    s1, 3f
    lw      t0, V_FLAGS(s0)
    andi    t0, t0, F_EXPORTED
    beqz    t0, 2f
    mv      a0, s2
    addi    a1, s0, V_NAME
    call    strcpy
    call    strlen                  # (strcpy answers its destination)
    add     s2, s2, a0
    li      t0, '='
    sb      t0, 0(s2)
    addi    s2, s2, 1
    mv      a0, s2
    addi    a1, s0, V_VALUE
    call    strcpy
    call    strlen
    add     s2, s2, a0
    addi    s2, s2, 1
2:  addi    s0, s0, VAR_SIZE
    addi    s1, s1, -1
    j       1b
3:  sb      zero, 0(s2)             # the empty string: the end
    la      t0, env_block
    sub     t1, s2, t0
    la      t0, env_bytes
    sw      t1, 0(t0)
    la      a0, env_block
    call    env_use
    epilogue
    ret

# run_assignments(a0 = command) -> a0 = -1 when it has a command word
# (run it as a command; NAME=value words before it are split_assignments'),
# else the status: 0 when every assignment was made, 1 when one was refused.
# Called by run_pipeline for a command alone. Clobbers caller-saved.
# s0 = argv cursor, s1 = word, s2 = status.
    .globl run_assignments
run_assignments:
    prologue ra, s0, s1, s2
    addi    s0, a0, CMD_ARGV
    li      s2, -1
    lw      a0, 0(s0)
    call    assignment_name         # the first word one: all are
    beqz    a0, 9f
    li      s2, 0
3:  lw      s1, 0(s0)
    beqz    s1, 9f
    mv      a0, s1
    call    assignment_name
    mv      a1, a0
    mv      a0, s1
    add     a2, s1, a1
    addi    a2, a2, 1
    li      a3, 0
    call    var_set
    bgez    a0, 4f
    li      s2, 1
4:  addi    s0, s0, 4
    j       3b
9:  mv      a0, s2
    epilogue
    ret

# split_assignments(a0 = command): the NAME=value words before its command
# word leave argv for the slots after argv's NULL (CMD_ENVC of them), as
# POSIX sh reads `NAME=value cmd`: variables for that command only
# (env_push).  A command of nothing but assignments is left as it is
# (run_assignments sets them).  Called by build_pipeline. Clobbers
# caller-saved registers. s0 = command, s1 = argc, s2 = assignments.
    .globl split_assignments
split_assignments:
    prologue ra, s0, s1, s2
    mv      s0, a0
    sw      zero, CMD_ENVC(s0)
    lw      s1, CMD_ARGC(s0)
    li      s2, 0
1:  bgeu    s2, s1, 9f              # all assignments: no command
    slli    t0, s2, 2
    add     t0, t0, s0
    lw      a0, CMD_ARGV(t0)
    call    assignment_name
    beqz    a0, 2f
    addi    s2, s2, 1
    j       1b
2:  beqz    s2, 9f
    li      t0, 0                   # the assignments aside
    la      t2, assign_tmp
3:  bgeu    t0, s2, 4f
    slli    t1, t0, 2
    add     t3, t1, s0
    lw      t3, CMD_ARGV(t3)
    add     t1, t1, t2
    sw      t3, 0(t1)
    addi    t0, t0, 1
    j       3b
4:  sub     t4, s1, s2              # the command's words and NULL down
    li      t0, 0
5:  bgtu    t0, t4, 6f
    add     t1, t0, s2
    slli    t1, t1, 2
    add     t1, t1, s0
    lw      t3, CMD_ARGV(t1)
    slli    t1, t0, 2
    add     t1, t1, s0
    sw      t3, CMD_ARGV(t1)
    addi    t0, t0, 1
    j       5b
6:  li      t0, 0                   # and the assignments after the NULL
7:  bgeu    t0, s2, 8f
    slli    t1, t0, 2
    add     t3, t1, t2
    lw      t3, 0(t3)
    addi    t5, t4, 1
    add     t5, t5, t0
    slli    t5, t5, 2
    add     t5, t5, s0
    sw      t3, CMD_ARGV(t5)
    addi    t0, t0, 1
    j       7b
8:  sw      t4, CMD_ARGC(s0)
    sw      s2, CMD_ENVC(s0)
9:  epilogue
    ret

# command_env(a0 = command) -> a0 = its assignments (split_assignments'),
# a1 = how many. Clobbers t0.
    .globl command_env
command_env:
    lw      a1, CMD_ENVC(a0)
    lw      t0, CMD_ARGC(a0)
    addi    t0, t0, 1
    slli    t0, t0, 2
    add     a0, a0, t0
    addi    a0, a0, CMD_ARGV
    ret

# env_push(a0 = NAME=value words, a1 = how many) -> a0 = 0 and a1 = the
# environment to give back to env_pop, or a0 = -1 after saying why
# ("shell: NAME: ..."; nothing changed).  Children started until env_pop
# get the environment in force with these variables added or replacing
# (the last one of a name wins), as `NAME=value cmd` wants; the shell's own
# variables do not change.  The same limits as var_set's: a name of
# NAME_MAX bytes, a value of VALUE_MAX (a child shell takes its
# environment as variables), an environment of ENV_MAX (pm's block).  One
# block per level: `A=1 source f` runs f's `B=2 cmd` inside it.
# Called by run_pipeline and time. Clobbers caller-saved registers.
# s0 = words, s1 = count, s2 = write cursor, s3 = the environment in force,
# s4 = index or string, s5 = its replacement.
    .globl env_push
env_push:
    prologue ra, s0, s1, s2, s3, s4, s5
    mv      s0, a0
    mv      s1, a1
    li      a1, 0
    li      a0, 0
    beqz    s1, 9f                  # none: nothing to push
    li      s4, 0                   # each within the limits
1:  bgeu    s4, s1, 2f
    slli    t0, s4, 2
    add     t0, t0, s0
    lw      a0, 0(t0)
    call    assignment_check
    bltz    a0, 9f
    addi    s4, s4, 1
    j       1b
2:  la      t0, env_depth
    lw      t0, 0(t0)
    la      a0, env_deep_text
    li      t1, ENV_LEVELS
    bgeu    t0, t1, 87f
    li      t1, ENV_BUF_SIZE
    mul     t0, t0, t1
    la      s2, env_levels
    add     s2, s2, t0
    la      t0, environ
    lw      s3, 0(t0)
    mv      s4, s3                  # the environment's strings, each one
3:  lbu     t0, 0(s4)               # replaced by the last assignment of its name
    beqz    t0, 5f
    mv      a0, s4
    call    assignment_name
    mv      a3, a0
    mv      a0, s0
    mv      a1, s1
    mv      a2, s4
    call    last_assignment
    mv      s5, a0
    bnez    s5, 4f
    mv      s5, s4
4:  mv      a0, s5
    call    env_append
    bltz    a0, 9f
    mv      a0, s4
    call    strlen
    add     s4, s4, a0
    addi    s4, s4, 1
    j       3b
5:  li      s4, 0                   # then the new names, the last of each
6:  bgeu    s4, s1, 8f
    slli    t0, s4, 2
    add     t0, t0, s0
    lw      s5, 0(t0)
    mv      a0, s5
    call    assignment_name
    mv      a1, a0
    mv      a0, s3
    mv      a2, s5
    call    block_has               # placed already
    bnez    a0, 7f
    mv      a0, s5
    call    assignment_name
    mv      a3, a0
    addi    s4, s4, 1
    slli    t0, s4, 2
    add     a0, s0, t0              # a later one of this name?
    sub     a1, s1, s4
    mv      a2, s5
    call    last_assignment
    addi    s4, s4, -1
    bnez    a0, 7f
    mv      a0, s5
    call    env_append
    bltz    a0, 9f
7:  addi    s4, s4, 1
    j       6b
8:  sb      zero, 0(s2)             # the empty string: the end
    la      t0, env_depth
    lw      t1, 0(t0)
    li      t2, ENV_BUF_SIZE
    mul     t2, t2, t1
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      a0, env_levels
    add     a0, a0, t2
    call    env_use
    mv      a1, s3
    li      a0, 0
    j       9f
87: call    printf
    li      a0, -1
9:  epilogue
    ret

# env_append(a0 = "NAME=value"), with s2 = env_push's write cursor: copies
# it there -> a0 = 0, or -1 after saying the environment would be too big.
# Clobbers caller-saved registers (s2 moves on).
env_append:
    prologue ra, s0, s1
    mv      s0, a0
    call    strlen
    addi    s1, a0, 1
    la      t0, env_depth           # this level's block: ENV_MAX of strings
    lw      t0, 0(t0)
    li      t1, ENV_BUF_SIZE
    mul     t0, t0, t1
    la      t1, env_levels + ENV_MAX
    add     t1, t1, t0
    add     t0, s2, s1
    bgtu    t0, t1, 8f
    mv      a0, s2
    mv      a1, s0
    call    strcpy
    add     s2, s2, s1
    li      a0, 0
    j       9f
8:  mv      a0, s0
    call    assignment_name
    mv      s1, a0
    call    name_copy               # (s0 = name, s1 = its length)
    la      a0, env_full_text
    la      a1, name_buf
    li      a2, ENV_MAX
    call    printf
    li      a0, -1
9:  epilogue
    ret

# env_pop(a0 = env_push's a1, 0 for none): children get the environment
# that was in force before that env_push. Clobbers t0, t1.
    .globl env_pop
env_pop:
    beqz    a0, 1f
    la      t0, env_depth
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    tail    env_use
1:  ret

# assignment_check(a0 = "NAME=value") -> a0 = 0, or -1 after saying that
# the name or the value is longer than a variable's (var_set's words).
# Clobbers caller-saved registers. s0 = word, s1 = name length.
assignment_check:
    prologue ra, s0, s1
    mv      s0, a0
    call    assignment_name
    mv      s1, a0
    call    name_copy
    la      a0, name_long_text
    li      a2, NAME_MAX
    bgtu    s1, a2, 8f
    add     a0, s0, s1
    addi    a0, a0, 1
    call    strlen
    mv      t0, a0
    la      a0, value_long_text
    li      a2, VALUE_MAX
    bgtu    t0, a2, 8f
    li      a0, 0
    j       9f
8:  la      a1, name_buf
    call    printf
    li      a0, -1
9:  epilogue
    ret

# last_assignment(a0 = words, a1 = how many, a2 = a string starting with
# NAME, a3 = NAME's length) -> a0 = the last word that is NAME=..., or 0.
# Clobbers caller-saved registers. s0 = words, s1 = left, s2 = name,
# s3 = its length, s4 = found.
last_assignment:
    prologue ra, s0, s1, s2, s3, s4
    mv      s0, a0
    mv      s1, a1
    mv      s2, a2
    mv      s3, a3
    li      s4, 0
    beqz    s3, 9f
1:  beqz    s1, 9f
    lw      a0, 0(s0)
    mv      a1, s2
    mv      a2, s3
    call    same_name
    beqz    a0, 2f
    lw      s4, 0(s0)
2:  addi    s0, s0, 4
    addi    s1, s1, -1
    j       1b
9:  mv      a0, s4
    epilogue
    ret

# block_has(a0 = an environment block, a1 = NAME's length, a2 = a string
# starting with NAME) -> a0 = 1 when the block holds NAME=..., else 0.
# Clobbers caller-saved registers. s0 = string, s1 = length, s2 = name.
block_has:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    mv      s2, a2
1:  lbu     t0, 0(s0)
    li      a0, 0
    beqz    t0, 9f
    mv      a0, s0
    mv      a1, s2
    mv      a2, s1
    call    same_name
    bnez    a0, 9f
    mv      a0, s0
    call    strlen
    add     s0, s0, a0
    addi    s0, s0, 1
    j       1b
9:  epilogue
    ret

# same_name(a0 = "NAME=...", a1 = a name, a2 = its length) -> a0 = 1 when
# the string's name is that name, else 0. Clobbers t0-t3.
same_name:
    li      t0, 0
1:  beq     t0, a2, 2f
    add     t1, a0, t0
    lbu     t1, 0(t1)
    add     t2, a1, t0
    lbu     t2, 0(t2)
    bne     t1, t2, 8f
    addi    t0, t0, 1
    j       1b
2:  add     t1, a0, a2
    lbu     t1, 0(t1)
    li      t3, '='
    bne     t1, t3, 8f
    li      a0, 1
    ret
8:  li      a0, 0
    ret

# path_value() -> a0 = PATH's value for finding a program (0: none): the
# one of `PATH=... cmd` while env_push's block is in force, else the
# shell's variable. Called by spawn_command. Clobbers caller-saved.
    .globl path_value
path_value:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, env_depth
    lw      t0, 0(t0)
    beqz    t0, 1f
    la      a0, path_name
    call    getenv
    bnez    a0, 2f
1:  la      a0, path_name
    li      a1, 4
    call    var_lookup
2:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# export [NAME[=value]...]: marks variables for children (setting them
# first with =value; an unset NAME becomes empty); alone, lists what
# children get. Clobbers caller-saved. s0 = argv cursor, s1 = word,
# s2 = its name's length.
    .globl builtin_export
builtin_export:
    prologue ra, s0, s1, s2
    addi    s0, a1, 4
    li      t0, 1
    bne     a0, t0, 1f
    la      s1, env_block           # alone: the environment
11: lbu     t0, 0(s1)
    beqz    t0, 9f
    la      a0, line_text
    mv      a1, s1
    call    printf
    mv      a0, s1
    call    strlen
    add     s1, s1, a0
    addi    s1, s1, 1
    j       11b
1:  lw      s1, 0(s0)
    beqz    s1, 9f
    mv      a0, s1
    call    name_length
    mv      s2, a0
    beqz    s2, 7f
    add     t0, s1, s2
    lbu     t0, 0(t0)
    li      t1, '='
    beq     t0, t1, 3f
    bnez    t0, 7f
    mv      a0, s1                  # NAME: keep its value
    mv      a1, s2
    call    var_lookup
    mv      a2, a0
    bnez    a2, 2f
    la      a2, empty_text
2:  mv      a0, s1
    mv      a1, s2
    j       4f
3:  mv      a0, s1                  # NAME=value
    mv      a1, s2
    add     a2, s1, s2
    addi    a2, a2, 1
4:  li      a3, 1
    call    var_set
    bgez    a0, 6f
    j       71f
7:  la      a0, bad_name_text
    la      a1, export_name_text
    mv      a2, s1
    call    printf
71: li      a0, 1
    call    set_builtin_status
6:  addi    s0, s0, 4
    j       1b
9:  epilogue
    ret

# unset NAME...: forgets variables (exported ones leave the environment).
# Clobbers caller-saved. s0 = argv cursor, s1 = word.
    .globl builtin_unset
builtin_unset:
    prologue ra, s0, s1
    addi    s0, a1, 4
1:  lw      s1, 0(s0)
    beqz    s1, 9f
    mv      a0, s1
    call    name_length
    add     t0, s1, a0
    lbu     t0, 0(t0)
    beqz    a0, 7f
    bnez    t0, 7f
    mv      a1, a0
    mv      a0, s1
    call    var_find
    beqz    a0, 6f
    lw      t0, V_FLAGS(a0)
    sw      zero, V_FLAGS(a0)
    andi    t0, t0, F_EXPORTED
    beqz    t0, 6f
    call    env_rebuild
    j       6f
7:  la      a0, bad_name_text
    la      a1, unset_name_text
    mv      a2, s1
    call    printf
    li      a0, 1
    call    set_builtin_status
6:  addi    s0, s0, 4
    j       1b
9:  epilogue
    ret

# expand_reset(): a new pipeline's expansions start at the front of
# exp_buf. Called by build_pipeline. Clobbers t0, t1.
    .globl expand_reset
expand_reset:
    la      t0, exp_cursor
    la      t1, exp_buf
    sw      t1, 0(t0)
    la      t0, expand_overflow
    sw      zero, 0(t0)
    ret

# expand_failed() -> a0 = 0, or 1 after saying that the pipeline last
# built did not fit in exp_buf once expanded (it must not run).
# Called by run_pipeline. Clobbers caller-saved registers.
    .globl expand_failed
expand_failed:
    la      t0, expand_overflow
    lw      a0, 0(t0)
    beqz    a0, 1f
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, expand_long_text
    li      a1, WORD_BUF_SIZE
    call    printf
    li      a0, 1
    lw      ra, 12(sp)
    addi    sp, sp, 16
1:  ret

# expand_word(a0 = word) -> a0 = the word with each STATUS_MARK replaced
# by last_status in decimal and each VAR_MARK name VAR_END by the value
# (nothing when unset; $0-$9 and $# are script.s's), a copy in exp_buf;
# the word itself when it has no mark.  A copy that does not fit sets
# expand_overflow (run_pipeline refuses the command).
# Called by build_pipeline. Clobbers caller-saved registers.
# s0 = source, s1 = copy cursor, s2 = the copy, s3 = last byte for it.
    .globl expand_word
expand_word:
    prologue_locals 16, ra, s0, s1, s2, s3
    mv      s0, a0
    mv      t0, a0                  # any mark (a byte 1..VAR_END)?
1:  lbu     t1, 0(t0)
    beqz    t1, .Lew_none
    addi    t0, t0, 1
    li      t2, VAR_END + 1
    bgeu    t1, t2, 1b
    la      t0, exp_cursor
    lw      s1, 0(t0)
    la      s3, exp_buf + WORD_BUF_SIZE - 1
    bleu    s1, s3, 2f
    mv      s1, s3                  # full already (and said so)
2:  mv      s2, s1
.Lew_next:
    lbu     t1, 0(s0)
    beqz    t1, .Lew_end
    addi    s0, s0, 1
    li      t2, STATUS_MARK
    beq     t1, t2, 3f
    li      t2, VAR_MARK
    beq     t1, t2, 4f
    bgeu    s1, s3, .Lew_over
    sb      t1, 0(s1)
    addi    s1, s1, 1
    j       .Lew_next
3:  la      t0, last_status
    lw      a0, 0(t0)
    mv      a1, sp
    call    itoa
    mv      a0, sp
    j       .Lew_copy
4:  mv      t0, s0                  # the name, up to VAR_END
5:  lbu     t1, 0(t0)
    beqz    t1, 6f
    addi    t0, t0, 1
    li      t2, VAR_END
    bne     t1, t2, 5b
    addi    a1, t0, -1
    j       7f
6:  mv      a1, t0
7:  sub     a1, a1, s0
    mv      a0, s0
    mv      s0, t0
    call    lookup_name
    beqz    a0, .Lew_next
.Lew_copy:                          # a0 = a string to put here
    lbu     t1, 0(a0)
    beqz    t1, .Lew_next
    bgeu    s1, s3, .Lew_over
    sb      t1, 0(s1)
    addi    s1, s1, 1
    addi    a0, a0, 1
    j       .Lew_copy
.Lew_over:
    la      t0, expand_overflow
    li      t1, 1
    sw      t1, 0(t0)
.Lew_end:
    sb      zero, 0(s1)
    addi    s1, s1, 1
    la      t0, exp_cursor
    sw      s1, 0(t0)
    mv      a0, s2
    j       9f
.Lew_none:
    mv      a0, s0
9:  epilogue
    ret

# lookup_name(a0 = name, a1 = its length) -> a0 = its value or 0: $0-$9
# and $# from script.s, else the variable. Clobbers caller-saved registers.
lookup_name:
    li      t0, 1
    bne     a1, t0, 2f
    lbu     t0, 0(a0)
    li      t1, '#'
    beq     t0, t1, 1f
    addi    t1, t0, -'0'
    sltiu   t1, t1, 10
    beqz    t1, 2f
1:  mv      a0, t0
    tail    positional
2:  tail    var_lookup

    .section .rodata
path_name:          .asciz "PATH"
shlvl_name:         .asciz "SHLVL"
default_path:       .asciz "/bin"
empty_text:         .asciz ""
export_name_text:   .asciz "export"
unset_name_text:    .asciz "unset"
line_text:          .asciz "%s\n"
name_long_text:     .asciz "shell: %s...: a name is %u bytes at most\n"
value_long_text:    .asciz "shell: %s: value too long (%u bytes at most)\n"
env_full_text:      .asciz "shell: %s: the environment would pass %u bytes\n"
too_many_vars_text: .asciz "shell: %s: too many variables (%u)\n"
env_deep_text:      .asciz "shell: assignments for a command nested too deep\n"
bad_name_text:      .asciz "shell: %s: %s: not a valid name\n"
expand_long_text:   .asciz "shell: the command is too long once expanded (%u bytes at most)\n"

    .bss
    .balign 4
    .globl shell_level, exp_cursor
shell_level:     .zero 4            # SHLVL: 1 for the first shell
env_bytes:       .zero 4            # env_block's strings, without the final NUL
expand_overflow: .zero 4
exp_cursor:      .zero 4
number_buf:      .zero 12
name_buf:        .zero NAME_MAX + 1
vars:            .zero VARS_MAX * VAR_SIZE
env_block:       .zero VARS_MAX * VAR_SIZE + 4
exp_buf:         .zero WORD_BUF_SIZE
env_depth:       .zero 4            # env_push's blocks in force
assign_tmp:      .zero 4 * ARGV_MAX # split_assignments' words, aside
env_levels:      .zero ENV_LEVELS * ENV_BUF_SIZE
