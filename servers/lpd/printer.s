# servers/lpd/printer.s — the printer: a file on the disk that takes
# LP_CHUNK bytes a timer tick.
#
# Owns the printer (/var/spool/printer.out: each job's bytes are added at
# its end, so the file is everything printed, in order) and its pace.  A
# thread of its own, the ticker, notifies the server (LP_TICK) once a tick
# while there is work (`busy`), and sleeps on a futex otherwise, so an idle
# spooler costs nothing; the server thread does the printing itself, at
# each notification, so the queue is touched by one thread only.

    .include "lpd.inc"
    .include "frame.inc"

    .text

# spool_dirs(): makes the spool folder (/var, /var/spool, /var/spool/lpd;
# those that exist stay).  Called by lp_submit before each copy, so the
# spooler writes nothing to a disk nobody prints from (and a folder
# removed meanwhile comes back).  Clobbers caller-saved.
    .globl spool_dirs
spool_dirs:
    prologue ra
    la      a0, var_dir_text
    call    mkdir
    la      a0, var_spool_dir_text
    call    mkdir
    la      a0, spool_dir_text
    call    mkdir
    epilogue
    ret

# printer_init(): starts the ticker.  Called by main once.
# Clobbers caller-saved.
    .globl printer_init
printer_init:
    prologue ra
    SYSCALL SELF                    # the ticker notifies this thread
    mv      a1, a0
    la      a0, ticker
    call    thread_create
    bgez    a0, 9f
    la      a0, no_ticker_text
    call    printf
9:  epilogue
    ret

# ticker(a0 = the server's tid): the printer's clock.  While `busy`,
# notifies the server LP_TICK each tick; otherwise waits on `busy`.
# Never returns.  s0 = the server's tid.
ticker:
    mv      s0, a0
1:  la      a0, busy
    lw      t0, 0(a0)
    bnez    t0, 2f
    li      a1, 0                   # wait while busy is 0
    li      a2, 0
    call    futex_wait
    j       1b
2:  li      a0, 1000 / TICK_HZ
    call    sleep
    mv      a0, s0
    li      a1, LP_TICK
    call    notify
    j       1b

# printer_wake(): there is work: the ticker starts ticking.  Called by
# lp_submit.  Clobbers caller-saved.
    .globl printer_wake
printer_wake:
    la      a0, busy
    li      t0, 1
    sw      t0, 0(a0)
    li      a1, 1
    tail    futex_wake

# print_chunk(): one tick of the printer: starts the oldest job if none
# prints (opens its spool file and the printer), else prints its next
# LP_CHUNK bytes; a job whose spool file is at its end is done (closed,
# removed, dropped from the queue).  An empty queue stops the ticker.
# Called by main at LP_TICK.  Clobbers caller-saved.  s0 = the first job.
    .globl print_chunk
print_chunk:
    prologue_locals SPOOL_PATH_MAX, ra, s0
    la      t0, job_count
    lw      t0, 0(t0)
    bnez    t0, 1f
    la      t0, busy                # nothing to print: the ticker rests
    sw      zero, 0(t0)
    j       9f
1:  la      s0, jobs
    lw      t0, LPJ_STATE(s0)
    li      t1, LP_PRINTING
    beq     t0, t1, 3f
    lw      a0, LPJ_JOB(s0)         # start it
    mv      a1, sp
    call    spool_path
    mv      a0, sp
    li      a1, O_RDONLY
    call    open
    bltz    a0, 7f
    la      t0, spool_fd
    sw      a0, 0(t0)
    la      a0, printer_text
    li      a1, O_WRONLY | O_CREAT | O_APPEND
    call    open
    bltz    a0, 6f
    la      t0, printer_fd
    sw      a0, 0(t0)
    li      t0, LP_PRINTING
    sw      t0, LPJ_STATE(s0)
    j       9f
3:  la      t0, spool_fd            # its next chunk
    lw      a0, 0(t0)
    la      a1, chunk
    li      a2, LP_CHUNK
    call    read
    blez    a0, 5f                  # the end (or a disk that failed): done
    mv      a2, a0
    lw      t0, LPJ_PRINTED(s0)
    add     t0, t0, a0
    sw      t0, LPJ_PRINTED(s0)
    la      t0, printer_fd
    lw      a0, 0(t0)
    la      a1, chunk
    call    write_all
    j       9f
5:  call    printer_stop
    lw      a0, LPJ_JOB(s0)
    mv      a1, sp
    call    spool_path
    mv      a0, sp
    call    unlink
    li      a0, 0
    call    remove_job
    j       9f
6:  la      t0, spool_fd            # no printer: the job waits for the next tick
    lw      a0, 0(t0)
    call    close
    j       9f
7:  li      a0, 0                   # its spool file is gone: drop it
    call    remove_job
9:  epilogue
    ret

# printer_stop(): closes the job's spool file and the printer (the job
# ended or was cancelled).  Called by print_chunk and lp_cancel.
# Clobbers caller-saved.
    .globl printer_stop
printer_stop:
    prologue ra
    la      t0, spool_fd
    lw      a0, 0(t0)
    call    close
    la      t0, printer_fd
    lw      a0, 0(t0)
    call    close
    epilogue
    ret

    .section .rodata
var_dir_text:       .asciz "/var"
var_spool_dir_text: .asciz "/var/spool"
printer_text:       .asciz "/var/spool/printer.out"
no_ticker_text:     .asciz "lpd: no thread for the printer: jobs stay queued\n"

    .bss
    .balign 4
busy:       .zero 4                 # 1 while jobs are queued: the ticker ticks
spool_fd:   .zero 4                 # the printing job's spool file
printer_fd: .zero 4                 # the printer, while a job prints
chunk:      .zero LP_CHUNK
