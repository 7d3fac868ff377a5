# userland/lib/lpd.s — asking the print spooler (servers/lpd) for print jobs.
#
# Owns the client side of the lpd protocol (kernel/abi.toml, server "lpd"
# on PORT_LPD): submit a file, read the queue, cancel a job.  Each is one
# IPC call; nothing here keeps state.  Without a disk there is no spooler:
# the calls answer -EDEAD.

    .include "abi.inc"
    .include "frame.inc"

    .equ PATH_BUF, FS_PATH_MAX + 1

    .text

# lpd_submit(a0 = path) -> a0 = the job number or -errno, a1 = the bytes
# queued.  The path is resolved against the working directory first; the
# spooler copies the file and answers before it prints anything.
# Called by lpr. Clobbers caller-saved.
    .globl lpd_submit
lpd_submit:
    prologue_locals PATH_BUF, ra
    mv      a1, sp
    call    path_resolve            # a0 = length or -errno
    bltz    a0, 9f
    IPC_LEASE sp, a0, LEASE_R
    mv      a2, a0                  # w0 = length
    li      a1, LPD_SUBMIT
    li      a0, PORT_LPD
    li      a3, 0
    li      a4, 0
    li      a5, 0
    SYSCALL CALL
9:  epilogue
    ret

# lpd_queue(a0 = buffer, a1 = record capacity) -> a0 = [lp_job] records
# written (the printing job first) or -errno. Called by lpq.
# Clobbers caller-saved.
    .globl lpd_queue
lpd_queue:
    li      t2, LPJ_SIZE
    mul     t2, t2, a1
    IPC_LEASE a0, t2, LEASE_W
    mv      a2, a1
    li      a1, LPD_QUEUE
    li      a0, PORT_LPD
    li      a3, 0
    li      a4, 0
    li      a5, 0
    SYSCALL CALL
    ret

# lpd_cancel(a0 = job number) -> a0 = 0 or -errno (-ESRCH: no such job).
# Called by lprm. Clobbers caller-saved.
    .globl lpd_cancel
lpd_cancel:
    mv      a2, a0
    li      a1, LPD_CANCEL
    li      a0, PORT_LPD
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    ret
