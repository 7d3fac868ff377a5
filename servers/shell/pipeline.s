# servers/shell/pipeline.s — running a parsed line: lists and pipelines.
#
# Owns what the tokens of parse.s mean.  A line is a list of pipelines
# joined by `;` (run the next), `&&` (run the next if this one's status is
# 0), `||` (if it is not 0) and `&` (this one in the background, then the
# next); a pipeline is commands joined by `|`, each one's output the next
# one's input through a pipe (servers/pipe).  The whole line is checked
# before anything runs (a syntax error runs nothing).  `$?` is last_status:
# a builtin's status (0 unless it says otherwise: set_builtin_status),
# a program's exit status, 128 + pm's status when it was killed (130 for
# Ctrl-C), 139 for a fault, 127 when the program does not exist.
# Children get descriptors 0, 1 and 2 only, and the environment in
# force, with the NAME=value words written before their command (env.s).  A Ctrl-C ends the whole
# foreground pipeline: the shell waits for each of its processes by pid,
# and pm ends a waited-for child (and, at its wait, one spawned before the
# Ctrl-C).  A Ctrl-Z stops it: pm stops the one waited for and answers
# WAIT_STOPPED, and jobs.s stops the rest and keeps it as a job.  Redirections (< > >>) open their files on the command's
# descriptors 0 and 1 (redirect.s); a builtin alone gets them on the
# shell's own 0 and 1 while it runs.

    .include "abi.inc"
    .include "frame.inc"
    .include "shell.inc"

    .equ STATUS_NOT_FOUND, 127
    .equ STATUS_SIGNALLED, 128
    .equ STATUS_FAULTED, 139        # 128 + SIGSEGV, as a Unix shell would say

    .text

# exec_line(a0 = token count): checks the whole line, then runs it.
# -> a0 = 0, or -1 after a syntax error (nothing ran, $? is 2).
# Called by main and run_file (script.s). Clobbers caller-saved registers.
# s0 = token index, s1 = run the next pipeline?, s2 = its connector.
    .globl exec_line
exec_line:
    prologue ra, s0, s1, s2
    li      s0, 0                   # pass 1: syntax only
    li      s2, T_SEMI
1:  mv      a0, s0
    call    build_pipeline          # a0 = connector index, a1 = commands or -1
    bltz    a1, 8f
    bnez    a1, 6f                  # nothing after && or ||: an error
    li      t0, T_AND
    beq     s2, t0, 7f
    li      t0, T_OR
    beq     s2, t0, 7f
6:  slli    t0, a0, 3
    la      t1, tokens
    add     t0, t0, t1
    lw      t1, TOK_KIND(t0)
    mv      s2, t1
    addi    s0, a0, 1
    bnez    t1, 1b                  # until T_END
    li      s0, 0                   # pass 2: run
    li      s1, 1
2:  mv      a0, s0
    call    build_pipeline
    mv      t2, a0
    slli    t0, a0, 3
    la      t1, tokens
    add     t0, t0, t1
    lw      s2, TOK_KIND(t0)
    addi    s0, t2, 1
    beqz    s1, 3f
    beqz    a1, 3f                  # an empty command (a blank line)
    mv      a0, a1
    addi    a1, s2, -T_AMP
    seqz    a1, a1                  # & : in the background
    call    run_pipeline
3:  li      s1, 1                   # whether the next one runs
    la      t0, last_status
    lw      t0, 0(t0)
    li      t1, T_AND
    bne     s2, t1, 4f
    seqz    s1, t0
4:  li      t1, T_OR
    bne     s2, t1, 5f
    snez    s1, t0
5:  bnez    s2, 2b
    li      a0, 0
    j       9f
7:  call    syntax_error            # a0 = the token after && / ||
8:  la      t0, last_status
    li      t1, 2
    sw      t1, 0(t0)
    li      a0, -1
9:  epilogue
    ret

# build_pipeline(a0 = first token) -> a0 = index of the token that ended it
# (; && || & or the end), a1 = its commands in cmds[] (0: empty), or -1
# after printing a syntax error. Clobbers caller-saved registers.
# s0 = token index, s1 = command count, s2 = this command, s3 = its argc.
build_pipeline:
    prologue_locals 16, ra, s0, s1, s2, s3
    mv      s0, a0
    li      s1, 0
    call    expand_reset            # the expansions of this pipeline (env.s)
.Lbp_command:
    li      t0, CMD_SIZE
    mul     s2, s1, t0
    la      t0, cmds
    add     s2, s2, t0
    li      s3, 0
    sw      zero, CMD_IN(s2)
    sw      zero, CMD_OUT(s2)
    sw      zero, CMD_APPEND(s2)
    sw      zero, CMD_ENVC(s2)
.Lbp_token:
    slli    t0, s0, 3
    la      t1, tokens
    add     t0, t0, t1
    lw      t1, TOK_KIND(t0)
    lw      a1, TOK_WORD(t0)
    li      t2, T_WORD
    bne     t1, t2, 1f
    li      t2, ARGV_MAX
    bgeu    s3, t2, .Lbp_too_many_words
    mv      a0, a1
    call    expand_word
    slli    t2, s3, 2
    add     t2, t2, s2
    sw      a0, CMD_ARGV(t2)
    addi    s3, s3, 1
    addi    s0, s0, 1
    j       .Lbp_token
1:  li      t2, T_IN                # < > >>: a word must follow
    bltu    t1, t2, 3f
    lw      t3, TOK_SIZE + TOK_KIND(t0)
    li      t2, T_WORD
    bne     t3, t2, .Lbp_syntax_next
    lw      a0, TOK_SIZE + TOK_WORD(t0)
    sw      t1, 0(sp)               # (the kind, across the call)
    call    expand_word
    mv      a1, a0
    lw      t1, 0(sp)
    li      t2, T_IN
    bne     t1, t2, 2f
    sw      a1, CMD_IN(s2)
    j       5f
2:  sw      a1, CMD_OUT(s2)
    li      t2, T_APPEND
    sub     t2, t1, t2
    seqz    t2, t2
    sw      t2, CMD_APPEND(s2)
5:  addi    s0, s0, 2
    j       .Lbp_token
3:  beqz    s3, 6f                  # a command ends here
    slli    t2, s3, 2
    add     t2, t2, s2
    sw      zero, CMD_ARGV(t2)
    sw      s3, CMD_ARGC(s2)
    sw      t1, 0(sp)               # (the kind, across the call)
    mv      a0, s2                  # NAME=value words before it: its own (env.s)
    call    split_assignments
    lw      t1, 0(sp)
    addi    s1, s1, 1
    li      t2, T_PIPE
    bne     t1, t2, 8f
    li      t2, CMDS_MAX
    bgeu    s1, t2, .Lbp_too_many
    addi    s0, s0, 1
    j       .Lbp_command
6:  lw      t2, CMD_IN(s2)          # nothing but redirections: an error too
    lw      t3, CMD_OUT(s2)
    or      t2, t2, t3
    bnez    t2, .Lbp_syntax
    bnez    s1, .Lbp_syntax         # `a |` then nothing
    beqz    t1, 8f                  # a blank line (or a comment)
    j       .Lbp_syntax             # `;` alone, `&& x`, `| x`: errors
8:  mv      a0, s0
    mv      a1, s1
    j       9f
.Lbp_syntax_next:
    addi    s0, s0, 1
.Lbp_syntax:
    mv      a0, s0
    call    syntax_error
    li      a1, -1
    j       9f
.Lbp_too_many_words:
    la      a0, too_many_words_text
    j       1f
.Lbp_too_many:
    la      a0, too_many_text
1:  call    printf
    li      a1, -1
9:  epilogue
    ret

# syntax_error(a0 = token index): "shell: syntax error near 'X'".
# Clobbers caller-saved registers.
syntax_error:
    slli    t0, a0, 3
    la      t1, tokens
    add     t0, t0, t1
    lw      t1, TOK_KIND(t0)
    lw      a1, TOK_WORD(t0)
    li      t2, T_WORD
    beq     t1, t2, 1f
    slli    t1, t1, 2
    la      t2, token_names
    add     t1, t1, t2
    lw      a1, 0(t1)
1:  mv      a2, a1                  # "FILE: line N: " in a script (script.s)
    la      a1, script_where
    la      a0, syntax_text
    tail    printf

# run_pipeline(a0 = commands in cmds[], a1 = 1 for the background): sets
# last_status. Called by exec_line. Clobbers caller-saved registers.
# s0 = commands, s1 = background, s2 = index, s3 = read end for the next
# command (-1: none), s4 = this command, s5 = pipe to the next.
    .equ RP_ENDS, 0                 # the pipe's two descriptors
    .equ RP_SAVED, 8                # the shell's own fd 0 and 1 pairs
    .equ RP_ENV, 24                 # env_push's token while a child starts
    .equ RP_LOCALS, 32
run_pipeline:
    prologue_locals RP_LOCALS, ra, s0, s1, s2, s3, s4, s5
    mv      s0, a0
    mv      s1, a1
    call    expand_failed           # too long once expanded: not run (env.s)
    bnez    a0, .Lrp_status
    li      t0, 1                   # one builtin alone runs in the shell,
    bne     s0, t0, 3f              # its redirections on the shell's own 0/1
    la      a0, cmds                # NAME=value alone sets variables (env.s)
    call    run_assignments
    bgez    a0, .Lrp_status
    la      a1, cmds
    lw      a0, CMD_ARGC(a1)
    call    find_builtin
    beqz    a0, 3f
    mv      s5, a0
    addi    a0, sp, RP_SAVED
    call    save_01
    la      a0, cmds
    call    open_redirects
    li      s2, 1
    bltz    a0, 2f
    la      a0, cmds                # NAME=value before it: for what it starts
    call    command_env
    call    env_push
    bltz    a0, 2f
    mv      s4, a1
    la      t0, builtin_status      # 0 unless the builtin says (fg)
    sw      zero, 0(t0)
    la      a1, cmds
    lw      a0, CMD_ARGC(a1)
    jalr    s5
    mv      a0, s4
    call    env_pop
    la      t0, builtin_status
    lw      s2, 0(t0)
2:  addi    a0, sp, RP_SAVED
    call    restore_01
    call    close_redirects
    mv      a0, s2
    j       .Lrp_status
3:  li      s2, 0
    li      s3, -1
.Lrp_spawn:
    bgeu    s2, s0, .Lrp_wait
    li      t0, CMD_SIZE
    mul     s4, s2, t0
    la      t0, cmds
    add     s4, s4, t0
    li      s5, 0
    addi    t0, s0, -1
    bgeu    s2, t0, 4f              # the last command writes to our fd 1
    addi    a0, sp, RP_ENDS
    call    pipe
    bgez    a0, 5f
    la      a1, pipe_name_text
    call    print_error
    li      a0, -1                  # this and the rest do not start
    call    set_pid_rest
    bltz    s3, .Lrp_wait
    mv      a0, s3                  # nor does anyone read the last pipe
    call    close
    j       .Lrp_wait
5:  li      s5, 1
4:  addi    a0, sp, RP_SAVED        # keep our 0 and 1
    call    save_01
    bltz    s3, 6f                  # input: the previous pipe
    mv      a0, s3
    li      a1, 0
    call    copy_fd
6:  beqz    s5, 7f                  # output: the next pipe
    lw      a0, RP_ENDS + 4(sp)
    li      a1, 1
    call    copy_fd
7:  mv      a0, s4                  # its own < > >> win over the pipes
    call    open_redirects
    li      a1, 0                   # pid 0: not started (said why already)
    bltz    a0, 71f
    lw      a0, CMD_ARGV(s4)        # nothing but NAME=value: no command to
    call    assignment_name         # give them to (alone, run_assignments'
    beqz    a0, 69f                 # would have set them)
    lw      a1, CMD_ARGV(s4)
    la      a0, assign_only_text
    call    printf
    j       70f
69: mv      a0, s4                  # NAME=value before it: its environment
    call    command_env
    call    env_push
    bltz    a0, 70f
    sw      a1, RP_ENV(sp)
    addi    a0, s4, CMD_ARGV
    li      a1, 3
    call    spawn_command           # PATH, then the archive (search.s)
    sw      a0, RP_ENV + 4(sp)
    lw      a0, RP_ENV(sp)
    call    env_pop
    lw      a1, RP_ENV + 4(sp)
    j       71f
70: li      a1, 0
71: mv      a0, s2
    call    set_pid
    addi    a0, sp, RP_SAVED
    call    restore_01              # ours again
    bltz    s3, 8f                  # the child holds them now, not us
    mv      a0, s3
    call    close
8:  li      s3, -1
    beqz    s5, 10f
    lw      a0, RP_ENDS + 4(sp)
    call    close
    lw      s3, RP_ENDS(sp)
10: mv      a0, s2
    call    get_pid
    bgez    a0, 11f
    lw      a1, CMD_ARGV(s4)
    call    print_spawn_error
11: addi    s2, s2, 1
    j       .Lrp_spawn
.Lrp_wait:
    beqz    s1, 12f                 # background: say the last pid
    addi    a0, s0, -1
    call    get_pid
    li      t0, STATUS_NOT_FOUND
    bltz    a0, .Lrp_status_t0
    li      t0, 1                   # a redirection failed
    beqz    a0, .Lrp_status_t0
    mv      a1, a0
    la      a0, job_started_text
    call    printf
    mv      a0, s0                  # jobs.s: a job until reported ended
    call    job_background
    li      a0, 0
    j       .Lrp_status
12: mv      a0, s0                  # foreground: wait for each, in order
    call    wait_pipeline
    beqz    a1, .Lrp_status         # Ctrl-Z: a job now, its files kept
    la      t0, last_status         # as for one in the background
    sw      a0, 0(t0)
    j       18f
.Lrp_status_t0:
    mv      a0, t0
.Lrp_status:
    la      t0, last_status
    sw      a0, 0(t0)
    bnez    s1, 18f                 # the files stay open for a background job
    call    close_redirects
    j       19f
18: call    forget_redirects
19: epilogue
    ret

# wait_pipeline(a0 = commands) -> a0 = the status of the last (for $?),
# a1 = 1 when Ctrl-Z stopped it (a0 = STATUS_STOPPED; jobs.s keeps it as a
# stopped job): waits for each process of pids[] in order, saying how one
# ended unless it simply exited 0 (names: cmds[]'s argv[0]); one killed
# (Ctrl-C) ends the rest at once and its status is the pipeline's.  Called by
# run_pipeline and fg (jobs.s). Clobbers caller-saved registers.
# s0 = commands, s2 = index, s3 = the last one's status.
    .globl wait_pipeline
wait_pipeline:
    prologue ra, s0, s2, s3, s4
    mv      s0, a0
    li      s2, 0
    li      s3, 0
    li      s4, 0                   # the status of the first one killed (0: none)
13: bgeu    s2, s0, 16f
    mv      a0, s2
    call    get_pid
    li      s3, 1                   # 0: a redirection failed (fg: it ended)
    beqz    a0, 15f
    li      s3, STATUS_NOT_FOUND
    bltz    a0, 15f
    call    wait_pid                # a0 = pid, a1 = status, a2 = how
    bltz    a0, 15f
    li      t0, WAIT_STOPPED
    beq     a2, t0, 19f
    mv      s3, a1
    li      t0, WAIT_EXITED
    beq     a2, t0, 14f
    li      s3, STATUS_FAULTED
    li      t0, WAIT_FAULTED
    beq     a2, t0, 14f
    addi    s3, a1, STATUS_SIGNALLED
    bnez    s4, 17f                 # killed (Ctrl-C): the whole pipeline
    mv      s4, s3                  # ends now, before the rest can see the
    mv      a0, s2                  # end of their input and exit 0, and its
    call    kill_rest               # status is this one's
    j       17f
14: li      t0, WAIT_EXITED         # a broken pipe, and a non-last
    bne     a2, t0, 17f             # command's exit status, go unsaid
    li      t0, STATUS_BROKEN_PIPE
    beq     a1, t0, 15f
    addi    t0, s0, -1
    bne     s2, t0, 15f
17: li      t0, CMD_SIZE
    mul     t0, t0, s2
    la      a0, cmds
    add     a0, a0, t0
    lw      a0, CMD_ARGV(a0)
    call    report_status
15: addi    s2, s2, 1
    j       13b
16: mv      a0, s3
    beqz    s4, 161f
    mv      a0, s4
161: li      a1, 0
    j       20f
19: mv      a0, s2
    mv      a1, s0
    call    job_stopped             # jobs.s: the rest stop too
    li      a0, STATUS_STOPPED
    li      a1, 1
20: epilogue
    ret

# kill_rest(a0 = index): ends the processes after that one (pm.kill; one
# that has ended already is left to its wait). Called by wait_pipeline
# (s0 = commands). Clobbers caller-saved registers. s2 = index.
kill_rest:
    prologue ra, s2
    mv      s2, a0
1:  addi    s2, s2, 1
    bgeu    s2, s0, 9f
    mv      a0, s2
    call    get_pid
    blez    a0, 1b
    call    kill
    j       1b
9:  epilogue
    ret

# pipeline_pid(a0 = index) -> a0 = pids[index], a1 = the name of that
# command; pipeline_set_pid(a0 = index, a1 = pid); pipeline_set(a0 =
# index, a1 = pid, a2 = name): for jobs.s. Clobbers t0-t1.
    .globl pipeline_pid
pipeline_pid:
    li      t0, CMD_SIZE
    mul     t0, t0, a0
    la      t1, cmds
    add     t0, t0, t1
    lw      a1, CMD_ARGV(t0)
    j       get_pid
    .globl pipeline_set
pipeline_set:
    li      t0, CMD_SIZE
    mul     t0, t0, a0
    la      t1, cmds
    add     t0, t0, t1
    sw      a2, CMD_ARGV(t0)
    .globl pipeline_set_pid
pipeline_set_pid:
    j       set_pid

# set_builtin_status(a0 = status): a builtin's $? (0 unless it calls this).
# Clobbers t0.
    .globl set_builtin_status
set_builtin_status:
    la      t0, builtin_status
    sw      a0, 0(t0)
    ret

# save_01(a0 = 16 bytes), restore_01(a0 = them): the shell's own
# descriptors 0 and 1, kept while a child's are set up.
# Called by run_pipeline. Clobbers caller-saved. s0 = the save area.
save_01:
    prologue ra, s0
    mv      s0, a0
    li      a0, 0
    call    fd_port
    sw      a0, 0(s0)
    sw      a1, 4(s0)
    li      a0, 1
    call    fd_port
    sw      a0, 8(s0)
    sw      a1, 12(s0)
    epilogue
    ret
restore_01:
    prologue ra, s0
    mv      s0, a0
    li      a0, 0
    lw      a1, 0(s0)
    lw      a2, 4(s0)
    call    fd_set
    li      a0, 1
    lw      a1, 8(s0)
    lw      a2, 12(s0)
    call    fd_set
    epilogue
    ret

# copy_fd(a0 = from, a1 = to): descriptor `to` names what `from` names,
# without telling its server (spawn shares it with the child; the shell
# puts its own back right after). Clobbers caller-saved registers.
copy_fd:
    prologue ra, s0
    mv      s0, a1
    call    fd_port
    mv      a2, a1
    mv      a1, a0
    mv      a0, s0
    call    fd_set
    epilogue
    ret

# set_pid(a0 = index, a1 = pid or -errno); set_pid_rest(a0 = value) from
# s2 on; get_pid(a0 = index) -> a0. Clobbers t0, t1.
set_pid:
    slli    a0, a0, 2
    la      t0, pids
    add     a0, a0, t0
    sw      a1, 0(a0)
    ret
set_pid_rest:
    mv      t1, s2
1:  bgeu    t1, s0, 2f
    slli    t0, t1, 2
    la      a1, pids
    add     t0, t0, a1
    sw      a0, 0(t0)
    addi    t1, t1, 1
    j       1b
2:  ret
get_pid:
    slli    a0, a0, 2
    la      t0, pids
    add     a0, a0, t0
    lw      a0, 0(a0)
    ret

    .section .rodata
    .balign 4
token_names:                        # by kind, for syntax errors
    .word newline_name, 0, pipe_name, or_name, amp_name, and_name, semi_name
    .word in_name, out_name, append_name
newline_name:     .asciz "newline"
pipe_name:        .asciz "|"
or_name:          .asciz "||"
amp_name:         .asciz "&"
and_name:         .asciz "&&"
semi_name:        .asciz ";"
in_name:          .asciz "<"
out_name:         .asciz ">"
append_name:      .asciz ">>"
syntax_text:      .asciz "shell: %ssyntax error near '%s'\n"
too_many_text:    .asciz "shell: too many commands in one pipeline\n"
too_many_words_text: .asciz "shell: too many words\n"
job_started_text: .asciz "[%d]\n"
pipe_name_text:   .asciz "pipe"
assign_only_text: .asciz "shell: %s: an assignment in a pipeline sets nothing\n"

    .bss
    .balign 4
    .globl last_status
last_status: .zero 4
    .globl builtin_status
builtin_status: .zero 4             # a builtin's own status for $? (fg's: its job's; set_builtin_status)
pids:        .zero 4 * CMDS_MAX
cmds:        .zero CMDS_MAX * CMD_SIZE
