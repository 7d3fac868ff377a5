# servers/shell/builtins.s — the commands the shell runs itself.
#
# Owns the builtin table (name, handler, one-line help) and the handlers:
# help echo kill uptime free wait exit shutdown (ps lives in ps.s, time
# and sched in acct.s, jobs fg bg in jobs.s, export and unset in env.s,
# source in script.s). Each handler is
# handler(a0 = argc, a1 = argv) and prints its own errors. Also how the
# shell words the end of a child (report_status, print_spawn_error).

    .include "abi.inc"
    .include "frame.inc"

    .equ BUILTIN_SIZE, 12           # a row of builtin_table: name, handler, help
    .equ HELP_INDENT, 2             # help's list of programs: its margins
    .equ HELP_WIDTH, 72
    .equ BIN_DIR_LENGTH, 5          # "/bin/": file_names reads the directory before the last '/'

    .text

# find_builtin(a0 = argc, a1 = argv) -> a0 = handler address, or 0 when
# argv[0] is not a builtin. Called by main. Clobbers caller-saved registers.
    .globl find_builtin
find_builtin:
    prologue ra, s0, s1
    lw      s1, 0(a1)               # s1 = the command word
    la      s0, builtin_table
1:  lw      a0, 0(s0)
    beqz    a0, 2f
    mv      a1, s1
    call    strcmp
    beqz    a0, 3f
    addi    s0, s0, BUILTIN_SIZE
    j       1b
2:  li      a0, 0
    j       4f
3:  lw      a0, 4(s0)
4:  epilogue
    ret

# builtin_name(a0 = index) -> a0 = the name of builtin number index, or 0
# past the last. Called by complete.s (Tab, help's list). Clobbers t0, t1.
    .globl builtin_name
builtin_name:
    li      t0, BUILTIN_SIZE
    mul     t0, t0, a0
    la      t1, builtin_table
    add     t1, t1, t0
    la      t0, builtin_table_end
    li      a0, 0
    bgeu    t1, t0, 1f
    lw      a0, 0(t1)
1:  ret

# help: lists the builtins with their help lines (the table), then the
# programs of the boot archive as pm lists them, then those of the disk's
# /bin as the fs server reads them (no such list without a disk), and
# whether a builtin shadows one of them (a builtin is found first).
# Clobbers caller-saved. s0 = table row, s1 = a program shadowed.
builtin_help:
    prologue ra, s0, s1
    la      s0, builtin_table
1:  lw      a1, 0(s0)
    beqz    a1, 2f
    lw      a2, 8(s0)
    la      a0, help_line_text
    call    printf
    addi    s0, s0, BUILTIN_SIZE
    j       1b
2:  la      a0, help_programs_text
    call    printf
    call    command_names           # a1 = the programs' names
    mv      a0, a1
    call    print_names
    mv      s1, a0
    la      a0, bin_dir_text        # the disk's (complete.s reads a directory)
    li      a1, BIN_DIR_LENGTH
    call    file_names
    lbu     t0, 0(a0)
    beqz    t0, 3f                  # no disk, or no /bin: nothing to say
    mv      s0, a0
    la      a0, help_disk_text
    call    printf
    mv      a0, s0
    call    print_names
    or      s1, s1, a0
3:  beqz    s1, 4f
    la      a0, help_shadow_text
    call    printf
4:  la      a0, help_keys_text
    call    printf
    epilogue
    ret

# print_names(a0 = names, each NUL-terminated, an empty one at the end):
# prints them on lines of HELP_WIDTH at most, indented, leaving out a
# directory's (ending in '/': "./" and "../" of a directory read) ->
# a0 = 1 when one of them is a builtin's name too. Clobbers caller-saved.
# s0 = name, s1 = output column, s2 = shadowed?, s3 = its length.
print_names:
    prologue ra, s0, s1, s2, s3
    mv      s0, a0
    li      s1, HELP_INDENT
    li      s2, 0
    la      a0, help_indent_text
    call    printf
1:  lbu     t0, 0(s0)
    beqz    t0, 6f
    mv      a0, s0
    call    strlen
    mv      s3, a0
    add     t0, s0, s3
    lbu     t0, -1(t0)
    li      t1, '/'
    beq     t0, t1, 5f              # a directory: no program
    add     t0, s1, s3              # wrap before the margin
    li      t1, HELP_WIDTH
    bltu    t0, t1, 4f
    la      a0, help_wrap_text
    call    printf
    li      s1, HELP_INDENT
4:  addi    s1, s1, 1
    add     s1, s1, s3
    la      a0, help_name_text_fmt
    mv      a1, s0
    call    printf
    li      a0, 1                   # is it a builtin's name too?
    la      a1, help_argv
    sw      s0, 0(a1)
    call    find_builtin
    beqz    a0, 5f
    li      s2, 1
5:  add     s0, s0, s3
    addi    s0, s0, 1
    j       1b
6:  la      a0, newline_text
    call    printf
    mv      a0, s2
    epilogue
    ret

# echo WORD...: prints the words separated by spaces. Clobbers caller-saved.
# s0 = argv cursor, s1 = words left.
builtin_echo:
    prologue ra, s0, s1
    addi    s0, a1, 4
    addi    s1, a0, -1
1:  blez    s1, 2f
    la      a0, word_text
    lw      a1, 0(s0)
    call    printf
    addi    s0, s0, 4
    addi    s1, s1, -1
    blez    s1, 2f
    la      a0, space_text
    call    printf
    j       1b
2:  la      a0, newline_text
    call    printf
    epilogue
    ret

# kill PID: asks pm to end a process. Clobbers caller-saved registers.
builtin_kill:
    prologue ra
    li      t0, 2
    bne     a0, t0, 8f
    lw      a0, 4(a1)
    call    parse_int
    beqz    a1, 8f
    bltz    a0, 8f                  # `kill -1` is a usage error; 0 is a number
                                    # that names no process, as 4242 does (pm says)
    call    kill
    bgez    a0, 9f
    la      a1, kill_name_text
    call    print_error
    j       9f
8:  la      a0, kill_usage_text
    call    printf
9:  epilogue
    ret

# uptime: time since boot, in seconds with milliseconds. Clobbers caller-saved.
builtin_uptime:
    prologue ra
    call    uptime
    li      t0, 1000
    divu    a1, a0, t0
    remu    a2, a0, t0
    la      a0, uptime_text
    call    printf
    epilogue
    ret

# free: physical frames free and used. Clobbers caller-saved registers.
builtin_free:
    prologue ra
    call    frames_info             # a0 = free, a1 = used
    mv      a2, a1
    mv      a1, a0
    slli    a3, a1, 2               # KiB free (4 KiB frames)
    la      a0, free_text
    call    printf
    epilogue
    ret

# wait: waits for every background job, saying how each ended.
# Clobbers caller-saved registers.
builtin_wait:
    prologue ra, s0
1:  li      a0, -1
    call    wait_pid                # a0 = pid, a1 = status, a2 = how
    bltz    a0, 2f                  # -ECHILD: no jobs left; -EINTR: Ctrl-C
    call    job_ended               # jobs.s: a pipeline is one job
    beqz    a0, 1b                  # some of it runs on
    mv      s0, a0
    mv      a0, a3                  # said below: forgotten
    call    job_free
    call    describe_end            # a0 = text for (status, how)
    mv      a2, a0
    mv      a1, s0
    la      a0, job_end_text
    call    printf
    j       1b
2:  epilogue
    ret

# exit [N]: ends the shell with status N (default: $?, the last status);
# pm starts a new shell (the shell is a service it supervises).
builtin_exit:
    la      t0, last_status
    lw      t0, 0(t0)
    li      t1, 2
    bgt     a0, t1, 8f
    bne     a0, t1, 1f
    lw      a0, 4(a1)
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    parse_int
    lw      ra, 12(sp)
    addi    sp, sp, 16
    beqz    a1, 8f
    mv      t0, a0
1:  mv      a0, t0
    tail    exit
8:  la      a0, exit_usage_text
    tail    printf

# shutdown: powers the machine off through pm. Clobbers caller-saved.
builtin_shutdown:
    prologue ra
    li      a0, 0
    call    shutdown
    la      a1, shutdown_name_text  # only reached if pm refused
    call    print_error
    epilogue
    ret

# describe_end(a1 = status, a2 = how) -> a0 = words for how a child ended
# ("done", "exit status N", "killed", "killed by a fault"), in a static
# buffer. Called by builtin_wait, report_status and jobs.s. Clobbers caller-saved.
    .globl describe_end
describe_end:
    li      t0, WAIT_KILLED
    beq     a2, t0, 1f
    li      t0, WAIT_FAULTED
    beq     a2, t0, 2f
    bnez    a1, 3f
    la      a0, done_text
    ret
1:  la      a0, killed_text
    ret
2:  la      a0, faulted_text
    ret
3:  addi    sp, sp, -16             # "exit status N" into end_text_buffer
    sw      ra, 12(sp)
    la      a0, end_text_buffer
    la      t0, exit_status_text
    sw      a1, 8(sp)
    mv      a1, t0
    call    strcpy
    lw      a0, 8(sp)
    la      a1, end_text_buffer + 12
    call    itoa
    la      a0, end_text_buffer
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# report_status(a0 = program name, a1 = status, a2 = how): after a
# foreground program ended, says how if it did not simply exit 0 (a
# script says only kills and faults: its exit statuses are $?'s).
# Called by run_pipeline. Clobbers caller-saved registers.
    .globl report_status
report_status:
    li      t0, WAIT_EXITED
    bne     a2, t0, 1f
    beqz    a1, 2f
    la      t0, script_count        # (script.s: nonzero in a script)
    lw      t0, 0(t0)
    beqz    t0, 1f
2:  ret
1:  addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    call    describe_end
    mv      a2, a0
    lw      a1, 8(sp)
    la      a0, status_text
    call    printf
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# print_spawn_error(a0 = -errno from spawn, a1 = program name).
# Called by run_pipeline. Clobbers caller-saved registers.
    .globl print_spawn_error
print_spawn_error:
    li      t0, -EAGAIN             # from spawn it means no process or thread
    beq     a0, t0, 1f              # slot was free ("try again" would mislead)
    li      t0, -ENOENT
    bne     a0, t0, print_error
    mv      a2, a1
    la      a1, command_name_text
    la      a0, not_found_text
    tail    printf
1:  la      a0, too_many_text
    tail    printf

# print_error(a0 = -errno, a1 = what failed): "shell: WHAT: words".
# Called by the builtins (ps.s too). Clobbers caller-saved registers.
    .globl print_error
print_error:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a1, 8(sp)
    call    strerror
    mv      a2, a0
    lw      a1, 8(sp)
    la      a0, error_text
    call    printf
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
    .balign 4
builtin_table:                      # name, handler, help
    .word help_name_text, builtin_help, help_help_text
    .word echo_name_text, builtin_echo, echo_help_text
    .word ps_name_text, builtin_ps, ps_help_text
    .word kill_name_text, builtin_kill, kill_help_text
    .word uptime_name_text, builtin_uptime, uptime_help_text
    .word free_name_text, builtin_free, free_help_text
    .word wait_name_text, builtin_wait, wait_help_text
    .word jobs_name_text, builtin_jobs, jobs_help_text      # (jobs.s)
    .word fg_name_text, builtin_fg, fg_help_text
    .word bg_name_text, builtin_bg, bg_help_text
    .word exit_name_text, builtin_exit, exit_help_text
    .word shutdown_name_text, builtin_shutdown, shutdown_help_text
    .word cd_name_text, builtin_cd, cd_help_text            # (dirs.s)
    .word pwd_name_text, builtin_pwd, pwd_help_text
    .word time_name_text, builtin_time, time_help_text     # (acct.s)
    .word sched_word_text, builtin_sched, sched_help_text
    .word svc_name_text, builtin_svc, svc_help_text         # (svc.s)
    .word export_word_text, builtin_export, export_help_text   # (env.s)
    .word unset_word_text, builtin_unset, unset_help_text
    .word source_word_text, builtin_source, source_help_text   # (script.s)
    .word buffers_name_text, builtin_buffers, buffers_help_text # (buffers.s)
builtin_table_end:
    .word 0, 0, 0

help_name_text:      .asciz "help"
echo_name_text:      .asciz "echo"
ps_name_text:        .asciz "ps"
kill_name_text:      .asciz "kill"
uptime_name_text:    .asciz "uptime"
free_name_text:      .asciz "free"
wait_name_text:      .asciz "wait"
shutdown_name_text:  .asciz "shutdown"
exit_name_text:      .asciz "exit"
exit_help_text:      .asciz "exit [N] - end this shell with status N (pm starts a new one)"
exit_usage_text:     .asciz "usage: exit [N]\n"
help_help_text:      .asciz "this list"
echo_help_text:      .asciz "echo WORD... - print the words"
ps_help_text:        .asciz "threads: state, priority, times, syscalls, switches; CPU use"
kill_help_text:      .asciz "kill PID - end a process"
uptime_help_text:    .asciz "time since boot"
free_help_text:      .asciz "physical memory frames free and used"
wait_help_text:      .asciz "wait for the background jobs (started with CMD &)"
shutdown_help_text:  .asciz "power off"
time_name_text:      .asciz "time"
sched_word_text:     .asciz "sched"
time_help_text:      .asciz "time CMD - run CMD, then its times, switches and system calls"
sched_help_text:     .asciz "sched [fifo|rr|prio|mlfq [MS]] - the scheduling policy"
export_word_text:    .asciz "export"
export_help_text:    .asciz "export [NAME[=VALUE]...] - give variables to programs; alone, list them"
unset_word_text:     .asciz "unset"
unset_help_text:     .asciz "unset NAME... - forget variables"
source_word_text:    .asciz "source"
help_line_text:      .asciz "  %-9s %s\n"
help_programs_text:  .asciz "Programs (the boot archive):\n"
help_disk_text:      .asciz "Programs on the disk (/bin):\n"
bin_dir_text:        .asciz "/bin/"
help_indent_text:    .asciz " "
help_wrap_text:      .asciz "\n "
help_name_text_fmt:  .asciz " %s"
help_shadow_text:    .asciz "A builtin is found before a program of the same name.\n"
help_keys_text:      .asciz "Join commands with | (a pipe), ; && ||; $? is the last status, # starts a\ncomment. Add & to run in the background; Ctrl-C interrupts, Ctrl-D ends input.\nAt the prompt: Left/Right, Home/End, Backspace/Delete, Ctrl-W, Ctrl-U, Ctrl-K,\nUp/Down for the last 32 lines, Tab completes a command's or a file's name.\n"
word_text:           .asciz "%s"
space_text:          .asciz " "
newline_text:        .asciz "\n"
kill_usage_text:     .asciz "usage: kill PID\n"
uptime_text:         .asciz "up %u.%03u s\n"
free_text:           .asciz "frames: %u free, %u used (%u KiB free)\n"
job_end_text:        .asciz "[%d] %s\n"
done_text:           .asciz "done"
killed_text:         .asciz "killed"
faulted_text:        .asciz "killed by a fault"
exit_status_text:    .asciz "exit status "
status_text:         .asciz "%s: %s\n"
not_found_text:      .asciz "%s: %s: command not found\n"
too_many_text:       .asciz "shell: %s: too many processes\n"
command_name_text:   .asciz "shell"
error_text:          .asciz "shell: %s: %s\n"

    .bss
    .balign 4
end_text_buffer: .zero 32
help_argv:       .zero 8            # { name, 0 }: help asks find_builtin
