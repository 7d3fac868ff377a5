# servers/shell/jobs.s — job control: the jobs table and jobs, fg, bg.
#
# Owns the shell's jobs: pipelines started with `&` and pipelines Ctrl-Z
# stopped (pm answers the shell's wait for one of its processes with
# WAIT_STOPPED; the shell then stops the rest through pm.stop, so the
# whole pipeline is stopped in the kernel).  A job is named by the pid of
# its last command, as `[PID]` shows it when it starts; `fg PID` and
# `bg PID` take that pid or any other of the job's.  fg continues every
# process of it and waits for them as for a pipeline typed anew
# (pipeline.s wait_pipeline); bg continues them in the background.  At
# each prompt the jobs whose processes have all ended are reported, as a
# Unix shell does (pm.wait with WAIT_NOHANG), and forgotten.

    .include "abi.inc"
    .include "frame.inc"
    .include "shell.inc"

    .equ JOBS_MAX, 16
    .equ JOB_NAME_SIZE, 16          # a command's name (PS_NAME_SIZE: what pm keeps)
    .equ JOB_ID, 0                  # the pid it is named by; 0: a free entry
    .equ JOB_STATE, 4               # JOB_RUNNING or JOB_STOPPED
    .equ JOB_COUNT, 8               # commands
    .equ JOB_STATUS, 12             # how the last command ended (once it has)
    .equ JOB_HOW, 16
    .equ JOB_PIDS, 20               # CMDS_MAX pids; 0: that one ended (or never started)
    .equ JOB_NAMES, JOB_PIDS + 4 * CMDS_MAX
    .equ JOB_SIZE, JOB_NAMES + JOB_NAME_SIZE * CMDS_MAX
    .equ JOB_RUNNING, 1
    .equ JOB_STOPPED, 2

    .text

# job_add(a0 = commands, a1 = JOB_*) -> a0 = the new entry (0: the table is
# full, the job is not kept): from pipeline.s's pids[] and the commands'
# names (cmds[]).  Pids not above 0 (never started, or ended) are not kept.
# Called by run_pipeline (a job in the background) and job_stopped.
# Clobbers caller-saved registers.  s0 = entry, s1 = index, s2 = count.
    .globl job_add
job_add:
    prologue ra, s0, s1, s2, s3
    mv      s2, a0
    mv      s3, a1
    li      a0, 0
    call    job_find_id             # a free entry
    mv      s0, a0
    beqz    s0, 9f
    sw      s2, JOB_COUNT(s0)
    sw      s3, JOB_STATE(s0)
    sw      zero, JOB_STATUS(s0)
    sw      zero, JOB_HOW(s0)
    li      s1, 0
1:  bgeu    s1, s2, 3f
    mv      a0, s1
    call    pipeline_pid            # pipeline.s: a0 = pid, a1 = name
    bgtz    a0, 2f
    li      a0, 0
2:  slli    t0, s1, 2
    add     t0, t0, s0
    sw      a0, JOB_PIDS(t0)
    beqz    a0, 21f
    sw      a0, JOB_ID(s0)          # the last one started names it
21: li      t0, JOB_NAME_SIZE
    mul     t0, t0, s1
    add     a0, s0, t0
    addi    a0, a0, JOB_NAMES
    li      a2, JOB_NAME_SIZE - 1
    call    copy_word
    addi    s1, s1, 1
    j       1b
3:  lw      t0, JOB_ID(s0)
    bnez    t0, 9f
    li      s0, 0                   # none of it runs: no job
9:  mv      a0, s0
    epilogue
    ret

# job_background(a0 = commands): the pipeline just started with `&` is a
# running job. Called by run_pipeline. Clobbers caller-saved registers.
    .globl job_background
job_background:
    li      a1, JOB_RUNNING
    j       job_add

# copy_word(a0 = dst, a1 = src, a2 = max bytes): a NUL-terminated copy of
# at most max bytes of src. Clobbers t0.
copy_word:
1:  beqz    a2, 2f
    lbu     t0, 0(a1)
    beqz    t0, 2f
    sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    j       1b
2:  sb      zero, 0(a0)
    ret

# job_find_id(a0 = pid, 0 for a free entry) -> a0 = the entry named so, or 0.
# Clobbers t0-t2.
job_find_id:
    la      t0, jobs
    la      t1, jobs + JOBS_MAX * JOB_SIZE
1:  bgeu    t0, t1, 2f
    lw      t2, JOB_ID(t0)
    beq     t2, a0, 3f
    addi    t0, t0, JOB_SIZE
    j       1b
2:  li      a0, 0
    ret
3:  mv      a0, t0
    ret

# job_of(a0 = pid > 0) -> a0 = the entry of the job it is part of, a1 = the
# address of its word in JOB_PIDS; a0 = 0 if none. Clobbers t0-t3.
job_of:
    la      t0, jobs
1:  la      t1, jobs + JOBS_MAX * JOB_SIZE
    bgeu    t0, t1, 4f
    lw      t1, JOB_ID(t0)
    beqz    t1, 3f
    addi    t1, t0, JOB_PIDS
    addi    t2, t1, 4 * CMDS_MAX
2:  bgeu    t1, t2, 3f
    lw      t3, 0(t1)
    beq     t3, a0, 5f
    addi    t1, t1, 4
    j       2b
3:  addi    t0, t0, JOB_SIZE
    j       1b
4:  li      a0, 0
    ret
5:  mv      a0, t0
    mv      a1, t1
    ret

# job_ended(a0 = pid, a1 = status, a2 = how) -> a0 = the pid to report
# the end by (the job's, or this pid if it is no job's), or 0 while some of
# its job runs on; a1, a2 = how to report it (its job's last command's
# status and how); a3 = the job's entry (0: none), for the caller to
# free (job_free) once it has said so.  Called by jobs_report and builtin_wait.
# Clobbers caller-saved registers.  s0 = entry, s1 = status, s2 = how.
    .globl job_ended
job_ended:
    prologue ra, s0, s1, s2, s3
    mv      s3, a0
    mv      s1, a1
    mv      s2, a2
    call    job_of
    mv      s0, a0
    mv      a0, s3
    li      a3, 0
    beqz    s0, 8f                  # no job's: as it is
    sw      zero, 0(a1)             # it ended
    lw      t0, JOB_COUNT(s0)       # the last command: the job's status
    slli    t0, t0, 2
    addi    t0, t0, JOB_PIDS - 4
    add     t0, t0, s0
    bne     t0, a1, 1f
    sw      s1, JOB_STATUS(s0)
    sw      s2, JOB_HOW(s0)
1:  addi    t0, s0, JOB_PIDS        # any left?
    addi    t1, t0, 4 * CMDS_MAX
    li      a0, 0
2:  bgeu    t0, t1, 3f
    lw      t2, 0(t0)
    bnez    t2, 9f
    addi    t0, t0, 4
    j       2b
3:  lw      a0, JOB_ID(s0)
    lw      s1, JOB_STATUS(s0)
    lw      s2, JOB_HOW(s0)
    mv      a3, s0
8:  mv      a1, s1
    mv      a2, s2
9:  epilogue
    ret

# job_free(a0 = entry or 0). Clobbers nothing else.
    .globl job_free
job_free:
    beqz    a0, 1f
    sw      zero, JOB_ID(a0)
1:  ret

# job_stopped(a0 = index of the command whose wait said WAIT_STOPPED, a1 =
# commands): Ctrl-Z stopped the foreground pipeline: pm stopped that one
# (and what it started); the shell stops those after it, keeps the
# pipeline as a stopped job and says so.  Those before it have ended.
# Called by wait_pipeline (pipeline.s). Clobbers caller-saved registers.
# s0 = index, s1 = commands, s2 = entry.
    .globl job_stopped
job_stopped:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      s2, 0                   # the ones before it are over
1:  bgeu    s2, s0, 2f
    mv      a0, s2
    li      a1, 0
    call    pipeline_set_pid
    addi    s2, s2, 1
    j       1b
2:  addi    s2, s2, 1               # the ones after it stop too
    bgeu    s2, s1, 3f
    mv      a0, s2
    call    pipeline_pid
    blez    a0, 2b
    li      a1, 1
    call    stop_pid
    j       2b
3:  mv      a0, s1
    li      a1, JOB_STOPPED
    call    job_add
    beqz    a0, 9f
    mv      a1, a0
    la      a0, stopped_word_text
    call    print_job
9:  epilogue
    ret

# print_job(a0 = the word for its state, a1 = entry): "[PID] WORD  NAME\n".
# Clobbers caller-saved registers. s0 = entry.
print_job:
    prologue ra, s0
    mv      s0, a1
    mv      a2, a0
    lw      a1, JOB_ID(s0)
    la      a0, job_head_text
    call    printf
    mv      a0, s0
    la      a1, newline_text
    call    print_names
    epilogue
    ret

# print_names(a0 = entry, a1 = what follows): the names of its commands
# joined by " | ", then that text. Clobbers caller-saved registers.
# s0 = entry, s1 = index, s2 = the tail.
print_names:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s2, a1
    li      s1, 0
1:  lw      t0, JOB_COUNT(s0)
    bgeu    s1, t0, 3f
    beqz    s1, 2f
    la      a0, pipe_join_text
    call    printf
2:  li      t0, JOB_NAME_SIZE
    mul     t0, t0, s1
    add     a1, s0, t0
    addi    a1, a1, JOB_NAMES
    la      a0, string_text
    call    printf
    addi    s1, s1, 1
    j       1b
3:  mv      a0, s2
    call    printf
    epilogue
    ret

# jobs_report(): before a prompt, the jobs whose processes have all ended
# since the last one: "[PID] done  NAME" (or how else its last command
# ended), then forgotten.  Called by the editor's read_line.
# Clobbers caller-saved registers.
    .globl jobs_report
jobs_report:
    prologue ra, s0, s1
1:  li      a0, -1
    call    wait_nohang             # a0 = pid, a1 = status, a2 = how
    blez    a0, 9f                  # -EAGAIN: none yet; -ECHILD: no jobs
    call    job_ended
    beqz    a0, 1b                  # some of it runs on
    mv      s0, a0
    mv      s1, a3
    call    describe_end            # builtins.s: the words for it
    bnez    s1, 2f
    mv      a2, a0                  # no job's (cannot happen: the shell's
    mv      a1, s0                  # children are jobs or in the foreground)
    la      a0, job_unknown_text
    call    printf
    j       1b
2:  mv      a1, s1
    call    print_job
    mv      a0, s1
    call    job_free
    j       1b
9:  epilogue
    ret

# jobs: one line per job: "[PID] running  NAME" or "[PID] stopped  NAME".
# Clobbers caller-saved registers. s0 = entry.
    .globl builtin_jobs
builtin_jobs:
    prologue ra, s0
    la      s0, jobs
1:  la      t0, jobs + JOBS_MAX * JOB_SIZE
    bgeu    s0, t0, 9f
    lw      t0, JOB_ID(s0)
    beqz    t0, 3f
    la      a0, running_text
    lw      t0, JOB_STATE(s0)
    li      t1, JOB_STOPPED
    bne     t0, t1, 2f
    la      a0, stopped_word_text
2:  mv      a1, s0
    call    print_job
3:  addi    s0, s0, JOB_SIZE
    j       1b
9:  epilogue
    ret

# continue_job(a0 = entry): every process of it left goes on (pm.stop 0).
# Clobbers caller-saved registers. s0 = entry, s1 = cursor.
continue_job:
    prologue ra, s0, s1
    mv      s0, a0
    li      t0, JOB_RUNNING
    sw      t0, JOB_STATE(s0)
    addi    s1, s0, JOB_PIDS
1:  addi    t0, s0, JOB_PIDS + 4 * CMDS_MAX
    bgeu    s1, t0, 9f
    lw      a0, 0(s1)
    addi    s1, s1, 4
    beqz    a0, 1b
    li      a1, 0
    call    stop_pid
    j       1b
9:  epilogue
    ret

# fg PID: the job goes on in the foreground: the shell waits for what is
# left of it as for a pipeline just typed (Ctrl-C ends it, Ctrl-Z stops
# it again, $? is its status). Clobbers caller-saved registers.
# s0 = entry, s1 = index.
    .globl builtin_fg
builtin_fg:
    prologue_locals 16, ra, s0, s1
    call    job_argument            # a0 = entry, or 0 after a message
    beqz    a0, 9f
    mv      s0, a0
    la      a1, newline_text        # its name, as a Unix shell says it
    call    print_names
    mv      a0, s0
    call    continue_job
    li      s1, 0                   # the pipeline again: pids and names
1:  lw      t0, JOB_COUNT(s0)
    bgeu    s1, t0, 2f
    slli    t0, s1, 2
    add     t0, t0, s0
    lw      a1, JOB_PIDS(t0)
    li      t0, JOB_NAME_SIZE       # (its names outlive the entry)
    mul     t0, t0, s1
    la      a2, fg_names
    add     a2, a2, t0
    add     a1, s0, t0
    addi    a1, a1, JOB_NAMES
    mv      a0, a2
    sw      a2, 0(sp)
    li      a2, JOB_NAME_SIZE - 1
    call    copy_word
    slli    t0, s1, 2
    add     t0, t0, s0
    lw      a1, JOB_PIDS(t0)
    mv      a0, s1
    lw      a2, 0(sp)
    call    pipeline_set
    addi    s1, s1, 1
    j       1b
2:  lw      a0, JOB_COUNT(s0)
    mv      s1, a0
    mv      a0, s0
    call    job_free                # a stop makes it a job again
    mv      a0, s1
    call    wait_pipeline           # a0 = status
    la      t0, builtin_status      # $? (pipeline.s)
    sw      a0, 0(t0)
9:  epilogue
    ret

# bg PID: a stopped job goes on in the background ("[PID] NAME &"); a
# running one is left as it is. Clobbers caller-saved registers.
    .globl builtin_bg
builtin_bg:
    prologue ra, s0
    call    job_argument
    beqz    a0, 9f
    mv      s0, a0
    call    continue_job
    la      a0, job_id_text
    lw      a1, JOB_ID(s0)
    call    printf
    mv      a0, s0
    la      a1, background_text
    call    print_names
9:  epilogue
    ret

# job_argument(a0 = argc, a1 = argv) -> a0 = the entry of the job argv[1]
# names (its pid or another of its pids), or 0 after a message (usage, no
# such job). Clobbers caller-saved registers. s0 = argv.
job_argument:
    prologue ra, s0
    mv      s0, a1
    li      t0, 2
    bne     a0, t0, 8f
    lw      a0, 4(s0)
    call    parse_int
    beqz    a1, 8f
    blez    a0, 7f
    call    job_of
    bnez    a0, 9f
7:  la      a0, no_job_text
    call    printf
    li      a0, 0
    j       9f
8:  la      a0, job_usage_text
    lw      a1, 0(s0)
    call    printf
    li      a0, 0
9:  epilogue
    ret

    .section .rodata
    .globl jobs_name_text, fg_name_text, bg_name_text   # builtins.s's table
    .globl jobs_help_text, fg_help_text, bg_help_text
jobs_name_text:    .asciz "jobs"
fg_name_text:      .asciz "fg"
bg_name_text:      .asciz "bg"
jobs_help_text:    .asciz "the jobs: pipelines started with & or stopped by Ctrl-Z"
fg_help_text:      .asciz "fg PID - go on with a job in the foreground"
bg_help_text:      .asciz "bg PID - go on with a stopped job in the background"
job_head_text:     .asciz "[%d] %s  "
job_unknown_text:  .asciz "[%d] %s\n"
job_id_text:       .asciz "[%d] "
pipe_join_text:    .asciz " | "
string_text:       .asciz "%s"
newline_text:      .asciz "\n"
background_text:   .asciz " &\n"
running_text:      .asciz "running"
stopped_word_text: .asciz "stopped"
no_job_text:       .asciz "shell: no such job\n"
job_usage_text:    .asciz "usage: %s PID (a job that jobs lists)\n"

    .bss
    .balign 4
jobs:     .zero JOBS_MAX * JOB_SIZE
fg_names: .zero CMDS_MAX * JOB_NAME_SIZE
