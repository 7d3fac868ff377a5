# userland/programs/batch.s — `batch [JOB...]`: run jobs with no person,
# then show what the scheduler did to each.
#
# The jobs are command lines: the arguments (`batch "burn 300" "burn 30"`)
# or, with none, the lines of standard input up to its end (Ctrl-D at the
# console, later `batch < FILE`).  All are submitted at once, in order;
# batch then waits for each and prints its turnaround (submission to end),
# waiting (ready, not on the CPU) and running (on the CPU, plus servers
# answering it) from the kernel's accounting (pm.wait's [acct] record), the
# averages, and the throughput.  The same mix under `sched fifo`, `rr` and
# `mlfq` shows the textbook differences (the convoy effect under FIFO).

    .include "abi.inc"
    .include "frame.inc"

    .equ JOBS_MAX, 16
    .equ LINE_MAX, 64               # bytes of one job's command line
    .equ WORDS_MAX, 8               # words of one job (argv, NULL included)
    .equ MS_PER_TICK, 1000 / TICK_HZ
    .equ J_PID, 0                   # one job: pid (-errno if not started)
    .equ J_ACCT, 4                  # its [acct] record
    .equ J_SIZE, 4 + ACCT_SIZE

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = 0, 1 when no job ran.
# Called by _start (crt0).  s0 = jobs, s1 = job index.
main:
    prologue ra, s0, s1, s2, s3, s4
    li      t0, 1
    ble     a0, t0, 1f
    addi    a0, a0, -1              # jobs from the arguments
    addi    a1, a1, 4
    call    jobs_from_args
    j       2f
1:  call    jobs_from_input
2:  mv      s0, a0
    beqz    s0, 8f
    li      a0, -1                  # the policy, for the record
    li      a1, 0
    call    sched
    mv      a2, a1
    la      t0, sched_words
    li      t1, NSCHED
    la      a1, unknown_text
    bgeu    a0, t1, 3f
    slli    a0, a0, 2
    add     t0, t0, a0
    lw      a1, 0(t0)
3:  mv      a3, a2
    mv      a2, a1
    mv      a1, s0
    la      a0, header_text
    call    printf
    li      s1, 0                   # submit every job at once
4:  bgeu    s1, s0, 5f
    mv      a0, s1
    call    job_argv
    call    spawn
    mv      s2, a0
    mv      a0, s1
    call    job_entry
    sw      s2, J_PID(a0)
    bgez    s2, 6f
    mv      a0, s2
    call    strerror
    mv      a2, a0
    mv      a0, s1
    call    job_argv
    lw      a1, 0(a0)
    la      a0, spawn_error_text
    call    printf
6:  addi    s1, s1, 1
    j       4b
5:  li      s1, 0                   # then wait for each
7:  bgeu    s1, s0, 10f
    mv      a0, s1
    call    job_entry
    mv      s2, a0
    lw      a0, J_PID(s2)
    bltz    a0, 11f
    addi    a1, s2, J_ACCT
    call    wait_acct
11: addi    s1, s1, 1
    j       7b
10: mv      a0, s0
    call    report
    li      a0, 0
    j       9f
8:  la      a0, usage_text
    call    printf
    li      a0, 1
9:  epilogue
    ret

# report(a0 = jobs): the table, the averages, the throughput.
# Called by main. Clobbers caller-saved.  s0 = jobs, s1 = index, s2 = job,
# s3 = sums of turnaround and (s4) waiting ticks, s5 = jobs done,
# s6 = earliest born, s7 = latest end.
report:
    prologue ra, s0, s1, s2, s3, s4, s5, s6, s7
    mv      s0, a0
    li      s1, 0
    li      s3, 0
    li      s4, 0
    li      s5, 0
    li      s6, -1
    li      s7, 0
    la      a0, table_text
    call    printf
1:  bgeu    s1, s0, 3f
    mv      a0, s1
    call    job_entry
    mv      s2, a0
    lw      t0, J_PID(s2)
    blez    t0, 2f
    addi    s5, s5, 1
    lw      t0, J_ACCT + ACCT_ENDED(s2)
    lw      t1, J_ACCT + ACCT_BORN(s2)
    bgeu    t1, s6, 4f
    mv      s6, t1
4:  bleu    t0, s7, 5f
    mv      s7, t0
5:  sub     a1, t0, t1              # turnaround
    add     s3, s3, a1
    la      a0, cell_turnaround
    call    fmt_ticks
    lw      a1, J_ACCT + ACCT_READY(s2)
    add     s4, s4, a1
    la      a0, cell_waiting
    call    fmt_ticks
    lw      a1, J_ACCT + ACCT_USER(s2)
    lw      t0, J_ACCT + ACCT_SYS(s2)
    add     a1, a1, t0
    la      a0, cell_running
    call    fmt_ticks
    mv      a0, s1                  # the command line, words joined again
    call    job_text
    mv      a6, a0
    addi    a1, s1, 1
    lw      a2, J_PID(s2)
    la      a3, cell_turnaround
    la      a4, cell_waiting
    la      a5, cell_running
    la      a0, row_text
    call    printf
2:  addi    s1, s1, 1
    j       1b
3:  beqz    s5, 9f
    divu    a1, s3, s5              # averages (ticks, rounded down)
    la      a0, cell_turnaround
    call    fmt_ticks
    divu    a1, s4, s5
    la      a0, cell_waiting
    call    fmt_ticks
    sub     a1, s7, s6              # throughput: jobs over the whole run
    mv      s3, a1
    la      a0, cell_running
    call    fmt_ticks
    li      t0, 100 * TICK_HZ       # jobs per second, in hundredths
    mul     t0, s5, t0
    li      a5, 0
    li      a6, 0
    beqz    s3, 6f
    divu    t0, t0, s3
    li      t1, 100
    divu    a5, t0, t1
    remu    a6, t0, t1
6:  la      a1, cell_turnaround
    la      a2, cell_waiting
    mv      a3, s5
    la      a4, cell_running
    la      a0, summary_text
    call    printf
9:  epilogue
    ret

# fmt_ticks(a0 = 16-byte buffer, a1 = ticks) -> a0: as seconds.
# Clobbers caller-saved registers.
fmt_ticks:
    li      t0, MS_PER_TICK
    mul     a1, a1, t0
    tail    fmt_ms

# jobs_from_args(a0 = count, a1 = argv) -> a0 = jobs stored (at most
# JOBS_MAX; each line cut at LINE_MAX - 1 bytes).  Clobbers caller-saved.
jobs_from_args:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s1, a1
    li      s2, 0
1:  bgeu    s2, s0, 2f
    li      t0, JOBS_MAX
    bgeu    s2, t0, 2f
    mv      a0, s2
    lw      a1, 0(s1)
    call    store_job
    addi    s1, s1, 4
    addi    s2, s2, 1
    j       1b
2:  mv      a0, s2
    epilogue
    ret

# jobs_from_input() -> a0 = jobs read from descriptor 0, one per line, up
# to its end (read = 0) or an error; blank lines are skipped.
# Clobbers caller-saved.  s0 = jobs.
jobs_from_input:
    prologue ra, s0
    li      s0, 0
1:  li      t0, JOBS_MAX
    bgeu    s0, t0, 3f
    li      a0, 0
    la      a1, input_line
    li      a2, LINE_MAX - 1
    call    read
    blez    a0, 3f
    la      t0, input_line          # NUL-terminate, dropping the newline
    add     t1, t0, a0
    sb      zero, 0(t1)
    lbu     t2, -1(t1)
    li      t3, '\n'
    bne     t2, t3, 2f
    sb      zero, -1(t1)
2:  mv      a0, s0
    la      a1, input_line
    call    store_job
    beqz    a0, 1b                  # blank: not a job
    addi    s0, s0, 1
    j       1b
3:  mv      a0, s0
    epilogue
    ret

# store_job(a0 = index, a1 = command line) -> a0 = its word count: copies
# the line into the job's text and splits it into its argv in place.
# Clobbers caller-saved.  s0 = index, s1 = text.
store_job:
    prologue ra, s0, s1
    mv      s0, a0
    li      t0, LINE_MAX
    mul     t0, t0, s0
    la      s1, job_lines
    add     s1, s1, t0
    li      t0, 0                   # copy at most LINE_MAX - 1 bytes
1:  li      t1, LINE_MAX - 1
    bgeu    t0, t1, 2f
    add     t1, a1, t0
    lbu     t1, 0(t1)
    beqz    t1, 2f
    add     t2, s1, t0
    sb      t1, 0(t2)
    addi    t0, t0, 1
    j       1b
2:  add     t2, s1, t0
    sb      zero, 0(t2)
    mv      a0, s0
    call    job_argv                # split on spaces: argv[i] into the text
    mv      t3, a0
    li      t4, 0                   # words
    mv      t0, s1
3:  lbu     t1, 0(t0)               # skip spaces
    beqz    t1, 6f
    li      t2, ' '
    bne     t1, t2, 4f
    addi    t0, t0, 1
    j       3b
4:  li      t2, WORDS_MAX - 1
    bgeu    t4, t2, 6f
    slli    t2, t4, 2
    add     t2, t3, t2
    sw      t0, 0(t2)
    addi    t4, t4, 1
5:  lbu     t1, 0(t0)               # to the end of the word
    beqz    t1, 6f
    addi    t0, t0, 1
    li      t2, ' '
    bne     t1, t2, 5b
    sb      zero, -1(t0)
    j       3b
6:  slli    t2, t4, 2               # argv ends with NULL
    add     t2, t3, t2
    sw      zero, 0(t2)
    mv      a0, t4
    epilogue
    ret

# job_argv(a0 = index) -> a0 = its argv array.  Clobbers t0.
job_argv:
    li      t0, WORDS_MAX * 4
    mul     t0, t0, a0
    la      a0, job_words
    add     a0, a0, t0
    ret

# job_entry(a0 = index) -> a0 = its pid and [acct] record.  Clobbers t0.
job_entry:
    li      t0, J_SIZE
    mul     t0, t0, a0
    la      a0, jobs
    add     a0, a0, t0
    ret

# job_text(a0 = index) -> a0 = its command line again (words joined by
# spaces, in a static buffer).  Clobbers caller-saved.
job_text:
    prologue ra, s0, s1
    call    job_argv
    mv      s0, a0
    la      s1, text_line
    sb      zero, 0(s1)
1:  lw      a1, 0(s0)
    beqz    a1, 2f
    mv      a0, s1
    call    strlen
    add     a0, s1, a0
    lw      a1, 0(s0)
    call    strcpy
    addi    s0, s0, 4
    lw      t0, 0(s0)
    beqz    t0, 2f
    mv      a0, s1
    call    strlen
    add     a0, s1, a0
    li      t0, ' '
    sb      t0, 0(a0)
    sb      zero, 1(a0)
    j       1b
2:  mv      a0, s1
    epilogue
    ret

    .section .rodata
    .balign 4
sched_words:                        # indexed by SCHED_* (abi.toml [sched_words])
    SCHED_WORD_TABLE
usage_text:       .asciz "usage: batch [JOB...]  (no JOB: one per line of input, to its end)\n"
unknown_text:     .asciz "?"
header_text:      .asciz "batch: %u jobs, policy %s, slice %u ms\n"
spawn_error_text: .asciz "batch: %s: %s\n"
table_text:       .asciz "  JOB   PID TURNAROUND   WAITING   RUNNING  COMMAND\n"
row_text:         .asciz "%5u %5d %10s %9s %9s  %s\n"
summary_text:     .asciz "average turnaround %s s, waiting %s s; throughput %u jobs in %s s = %u.%02u jobs/s\n"

    .bss
    .balign 4
jobs:        .zero JOBS_MAX * J_SIZE
job_words:   .zero JOBS_MAX * WORDS_MAX * 4
job_lines:   .zero JOBS_MAX * LINE_MAX
input_line:  .zero LINE_MAX
text_line:   .zero LINE_MAX + WORDS_MAX
cell_turnaround: .zero 16
cell_waiting:    .zero 16
cell_running:    .zero 16
