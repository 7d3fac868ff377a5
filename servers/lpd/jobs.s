# servers/lpd/jobs.s — the print queue: submit, queue, cancel.
#
# Owns `jobs`, the queue as [lp_job] records (kernel/abi.toml), oldest
# first: the first one is the job printing once the printer has started it
# (LPJ_STATE = LP_PRINTING).  A job's bytes are its spool file,
# /var/spool/lpd/dfN for job N, made by submit and removed when the job is
# printed or cancelled.

    .include "lpd.inc"
    .include "frame.inc"

    .equ PATH_BUF, FS_PATH_MAX + 1

    .text

# lp_submit(): lpd.submit.  Reads the path the caller lent (w0 bytes),
# copies the file into the spool folder and queues it; answers the job
# number and r0 = its bytes, or -errno: -EINVAL (no path, or not
# absolute), -ENAMETOOLONG, -EFAULT (the lease is shorter), -EAGAIN (the
# queue is full), -EISDIR, and what open, read or write said.
# Called by main. Clobbers caller-saved.  Locals: the path at sp+0, the
# spool file's path after it.  s0 = the new record, s1 = source fd,
# s2 = spool fd, s3 = bytes copied, s4 = the error.
    .equ SUB_PATH, 0
    .equ SUB_SPOOL, (PATH_BUF + 3) & ~3
    .equ SUB_STAT, SUB_SPOOL + SPOOL_PATH_MAX
    .equ SUB_LOCALS, SUB_STAT + STAT_SIZE
    .globl lp_submit
lp_submit:
    prologue_locals SUB_LOCALS, ra, s0, s1, s2, s3, s4
    li      s1, -1
    li      s2, -1
    la      t0, msg
    lw      a3, MSG_W0(t0)
    li      s4, -EINVAL
    beqz    a3, 8f
    li      s4, -ENAMETOOLONG
    li      t1, FS_PATH_MAX
    bgtu    a3, t1, 8f
    lw      t1, MSG_LEASE_LEN(t0)
    li      s4, -EFAULT
    bgtu    a3, t1, 8f
    la      t1, job_count
    lw      t1, 0(t1)
    li      s4, -EAGAIN
    li      t2, LP_JOBS_MAX
    bgeu    t1, t2, 8f
    lw      a0, MSG_SENDER(t0)      # the path, NUL-terminated here
    li      a1, 0
    addi    a2, sp, SUB_PATH
    mv      s3, a3
    SYSCALL LEASE_READ
    li      s4, -EFAULT
    bne     a0, s3, 8f
    add     t0, sp, s3
    sb      zero, SUB_PATH(t0)
    lbu     t0, SUB_PATH(sp)
    li      s4, -EINVAL
    li      t1, '/'
    bne     t0, t1, 8f
    addi    a0, sp, SUB_PATH        # the file: readable, not a folder
    li      a1, O_RDONLY
    call    open
    mv      s4, a0
    bltz    a0, 8f
    mv      s1, a0
    addi    a1, sp, SUB_STAT
    call    fstat
    mv      s4, a0
    bltz    a0, 8f
    lw      t0, SUB_STAT + STAT_ATTR(sp)
    andi    t0, t0, FS_ATTR_DIR
    li      s4, -EISDIR
    bnez    t0, 8f
    call    spool_dirs              # printer.s
    la      t0, next_job            # its number and its spool file
    lw      a0, 0(t0)
    addi    a1, sp, SUB_SPOOL
    call    spool_path
    addi    a0, sp, SUB_SPOOL
    li      a1, O_WRONLY | O_CREAT | O_TRUNC
    call    open
    mv      s4, a0
    bltz    a0, 8f
    mv      s2, a0
    li      s3, 0
1:  mv      a0, s1                  # the copy
    la      a1, copy_buf
    li      a2, COPY_BUF
    call    read
    mv      s4, a0
    bltz    a0, 7f
    beqz    a0, 2f
    add     s3, s3, a0
    mv      a2, a0
    mv      a0, s2
    la      a1, copy_buf
    call    write_all
    mv      s4, a0
    bltz    a0, 7f
    j       1b
2:  mv      a0, s1
    call    close
    mv      a0, s2
    call    close
    la      t0, job_count           # the record, at the queue's end
    lw      t1, 0(t0)
    addi    t2, t1, 1
    sw      t2, 0(t0)
    li      t0, LPJ_SIZE
    mul     t1, t1, t0
    la      s0, jobs
    add     s0, s0, t1
    la      t0, next_job
    lw      t1, 0(t0)
    addi    t2, t1, 1
    sw      t2, 0(t0)
    sw      t1, LPJ_JOB(s0)
    li      t0, LP_QUEUED
    sw      t0, LPJ_STATE(s0)
    sw      s3, LPJ_BYTES(s0)
    sw      zero, LPJ_PRINTED(s0)
    addi    t0, sp, SUB_PATH        # its name: the path, cut to fit
    addi    t1, s0, LPJ_NAME
    li      t2, LPJ_NAME_SIZE - 1
3:  lbu     t3, 0(t0)
    sb      t3, 0(t1)
    beqz    t3, 4f
    addi    t0, t0, 1
    addi    t1, t1, 1
    addi    t2, t2, -1
    bnez    t2, 3b
    sb      zero, 0(t1)
4:  call    printer_wake            # printer.s
    lw      a1, LPJ_JOB(s0)
    mv      a2, s3
    call    answer
    j       9f
7:  addi    a0, sp, SUB_SPOOL       # a copy that failed leaves nothing
    call    unlink
8:  bltz    s1, 5f
    mv      a0, s1
    call    close
5:  bltz    s2, 6f
    mv      a0, s2
    call    close
6:  mv      a1, s4
    li      a2, 0
    call    answer
9:  epilogue
    ret

# lp_queue(): lpd.queue.  Writes the queue's records into the caller's
# lease, as many as it holds whole and w0 allows; answers how many.
# Called by main. Clobbers caller-saved.
    .globl lp_queue
lp_queue:
    prologue ra
    la      t0, msg
    la      t1, job_count
    lw      a3, 0(t1)               # a3 = records to write
    lw      t1, MSG_W0(t0)
    bgez    t1, 1f
    li      t1, 0
1:  bleu    a3, t1, 2f
    mv      a3, t1
2:  lw      t1, MSG_LEASE_LEN(t0)
    li      t2, LPJ_SIZE
    divu    t1, t1, t2
    bleu    a3, t1, 3f
    mv      a3, t1
3:  lw      a0, MSG_SENDER(t0)
    li      a1, 0
    la      a2, jobs
    li      t2, LPJ_SIZE
    mul     a3, a3, t2
    SYSCALL LEASE_WRITE             # a0 = bytes written or -errno
    mv      a1, a0
    bltz    a0, 4f
    li      t2, LPJ_SIZE
    divu    a1, a0, t2
4:  li      a2, 0
    call    answer
    epilogue
    ret

# lp_cancel(): lpd.cancel.  Drops job w0 from the queue and its spool
# file; a job that is printing stops where it is (what was printed stays
# on the printer, as on paper).  Answers 0, or -ESRCH (no such job).
# Called by main. Clobbers caller-saved.  s0 = index, s1 = the record.
    .globl lp_cancel
lp_cancel:
    prologue_locals SPOOL_PATH_MAX, ra, s0, s1
    la      t0, msg
    lw      t1, MSG_W0(t0)
    la      t2, job_count
    lw      t2, 0(t2)
    li      s0, 0
    la      s1, jobs
1:  bgeu    s0, t2, 8f
    lw      t3, LPJ_JOB(s1)
    beq     t3, t1, 2f
    addi    s0, s0, 1
    addi    s1, s1, LPJ_SIZE
    j       1b
2:  lw      t0, LPJ_STATE(s1)
    li      t1, LP_PRINTING
    bne     t0, t1, 3f
    call    printer_stop            # printer.s: closes what it had open
3:  lw      a0, LPJ_JOB(s1)
    mv      a1, sp
    call    spool_path
    mv      a0, sp
    call    unlink
    mv      a0, s0
    call    remove_job
    li      a1, 0
    j       9f
8:  li      a1, -ESRCH
9:  li      a2, 0
    call    answer
    epilogue
    ret

# remove_job(a0 = index): closes the queue's gap.  Called by lp_cancel and
# printer.s.  Clobbers caller-saved.
    .globl remove_job
remove_job:
    prologue ra
    la      t0, job_count
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    sub     t2, t1, a0              # records after it
    li      t3, LPJ_SIZE
    mul     a2, t2, t3
    mul     t2, a0, t3
    la      a0, jobs
    add     a0, a0, t2
    add     a1, a0, t3
    call    memmove
    epilogue
    ret

# spool_path(a0 = job number, a1 = SPOOL_PATH_MAX bytes) -> the path of
# its spool file there: /var/spool/lpd/dfN.  Called by jobs.s and
# printer.s.  Clobbers caller-saved.
    .globl spool_path
spool_path:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    mv      a0, a1
    la      a1, spool_prefix_text
    call    strcpy
    mv      a0, s1
    call    strlen
    add     a1, s1, a0
    mv      a0, s0
    call    itoa
    epilogue
    ret

    .section .rodata
    .globl spool_dir_text
spool_dir_text:    .asciz "/var/spool/lpd"
spool_prefix_text: .asciz "/var/spool/lpd/df"

    .data
    .balign 4
next_job: .word 1

    .bss
    .balign 4
    .globl jobs, job_count
job_count: .zero 4
jobs:      .zero LP_JOBS_MAX * LPJ_SIZE
copy_buf:  .zero COPY_BUF
