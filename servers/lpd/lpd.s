# servers/lpd/lpd.s — the print spooler: jobs queued on the disk, printed
# at the printer's own pace.
#
# Owns the print queue (protocol "lpd" in kernel/abi.toml on PORT_LPD:
# submit, queue, cancel) and the printer, a file on the disk
# (/var/spool/printer.out) that takes LP_CHUNK bytes a timer tick, as a
# slow device would.  A submit copies the file into the spool folder
# (/var/spool/lpd/dfN) and answers at once; the printer prints the oldest
# job, a chunk at every LP_TICK notification of a thread of ours
# (printer.s), so the program that asked goes on while its job waits and
# prints: spooling.  Why a copy and not the path: the user may change or
# remove the file right after `lpr` (Unix's lpr copies too; `lpr -s` is
# the exception), and a copy is what the job was when it was queued.
# This file is the server loop; jobs.s serves the operations; printer.s
# feeds the printer.  The server calls only fs; nobody waits on it but
# its clients, each for one copy at most.

    .include "lpd.inc"
    .include "frame.inc"

    .text

# main(): the server loop. Called by _start (crt0); never returns.
# s1 = the notification bits that came with a receive.
    .globl main
main:
    call    printer_init            # the printer's thread
1:  li      a0, PORT_LPD
    li      a1, LP_TICK
    SYSCALL RECV
    IPC_RECEIVED_BITS s1
    la      t2, msg
    sw      a0, MSG_SENDER(t2)
    sw      a1, MSG_LABEL(t2)
    sw      a2, MSG_W0(t2)
    IPC_RECEIVED_LEASE_LEN t0
    sw      t0, MSG_LEASE_LEN(t2)
    blez    a0, 3f                  # notifications only
    li      t0, LABEL_ALIVE         # pm's watchdog: alive
    beq     a1, t0, 4f
    addi    t0, a1, -1              # labels 1..LPD_NOPS
    li      t1, LPD_NOPS
    bgeu    t0, t1, 2f
    slli    t0, t0, 2
    la      t1, op_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    jalr    t1
    j       3f
2:  li      a1, -ENOSYS
    li      a2, 0
    call    answer
    j       3f
4:  li      a1, 0
    li      a2, 0
    call    answer
3:  andi    t0, s1, LP_TICK
    beqz    t0, 1b
    call    print_chunk             # printer.s
    j       1b

# answer(a1 = code, a2 = r0): reply to the caller of `msg`, by the kernel's
# record of who asked (REPLY_CALLER), not MSG_SENDER, which a fault may
# have bent.  Clobbers the caller-saved registers.
    .globl answer
answer:
    li      a0, REPLY_CALLER
    li      a3, 0
    li      a4, 0
    li      a5, 0
    tail    reply

    .section .rodata
    .balign 4
op_table:                           # lp_<name> by label (abi.inc, from abi.toml)
    LPD_OP_TABLE

    .bss
    .balign 4
    .globl msg
msg: .zero MSG_SIZE
