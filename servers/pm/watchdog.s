# servers/pm/watchdog.s — pm's watchdog: a server that stops answering is
# ended, so pm restarts it (issue 13).
#
# A server whose code or state is bent may go on running without ever
# faulting (a loop, a wait for an interrupt that was lost): pm's restart
# never hears of it, and every client waits for ever.  As MINIX 3's
# reincarnation server pings its drivers, two threads of pm watch the
# services that serve a port (console, fs, pipe, net, lpd; the shell serves
# none, and its user has Ctrl-C):
#   the pinger calls each running one in turn with LABEL_ALIVE (abi.toml),
#     which every server answers at once, then sleeps WD_PERIOD_MS; a
#     server whose own check of its state fails answers -EIO (the
#     console, audit.s), which counts as a complaint (below);
#   the checker wakes every WD_TICK_MS, and when the pinger has waited for
#     the same answer for WD_STRIKES ticks in a row, it ends every thread of
#     that server's process (thread_kill), marking the service silent.
# The last thread's end reaches pm's main thread as a fault report, like a
# crash: the ordinary path (procs.s, restart_service) restarts the service
# within its restart budget, says "pm: NAME not answering, restarting" and
# counts it in `svc`; the pinger's call meanwhile ends with -EDEAD.  The
# pinger blocks in its calls and the main thread may block printing to the
# console, so the checker alone decides and it never calls anyone: a stuck
# console cannot stop its own restart.
# Both read the services and process tables the main thread writes; a
# word read is whole, and a stale one costs at most one round.
# The shell, which no ping reaches, is watched after each Ctrl-C instead
# (cc_tick, in the checker): a Ctrl-C it does not come back from, to wait
# at its prompt or for its command, ends it the same way.  And a service a
# client saw break its protocol (pm.svc SVC_COMPLAIN: the shell's editor
# of the console) is ended at the checker's next tick, as answering wrongly.
.include "pm.inc"
.include "frame.inc"

.equ WD_STACK, 1024

.section .text
# watchdog_start(): start the pinger and the checker (after the services).
# Clobbers a0-a7, t0-t2.
.globl watchdog_start
watchdog_start:
    prologue ra
    la      a1, wd_pinger
    la      a2, pinger_stack + WD_STACK
    call    wd_thread
    la      a1, wd_checker
    la      a2, checker_stack + WD_STACK
    call    wd_thread
    epilogue
    ret

# wd_thread(a1 = entry, a2 = stack top): a thread of pm's at pm's priority
# (named "pm" like pm, as a server's other threads share its name in ps).
wd_thread:
    la      t0, procs
    lw      a0, P_SPACE(t0)         # pm's own space (process 1)
    li      a3, 0
    li      a4, 0
    li      a5, PRIO_PM
    SYSCALL THREAD_CREATE
    ret

# The pinger: never returns.  s1 = the service being called.
wd_pinger:
1:  li      a0, WD_PERIOD_MS
    SYSCALL SLEEP
    la      s1, services
2:  lw      t0, SV_NAME(s1)
    beqz    t0, 1b                  # the end of the table
    lw      t0, SV_PORT(s1)
    beqz    t0, 3f                  # serves no port: nothing to ask
    lw      t0, SV_STATE(s1)
    bnez    t0, 3f                  # held: not running
    mv      a0, s1
    call    service_proc
    beqz    a0, 3f                  # not running (no device, or between two lives)
    la      t0, wd_seq              # a new question, then whom it is for
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      t0, wd_asking
    sw      s1, 0(t0)
    lw      a0, SV_PORT(s1)
    li      a1, LABEL_ALIVE
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL                    # an answer, or -EDEAD once it is gone
    la      t0, wd_asking
    sw      zero, 0(t0)
    li      t0, -EIO                # it answers, but its own check failed
    bne     a0, t0, 3f              # (the console's audit): as a complaint
    la      t0, wd_accused
    sw      s1, 0(t0)
3:  addi    s1, s1, SV_SIZE
    j       2b

# The checker: never returns.  s1 = the question it saw last, s2 = ticks it
# has seen that question unanswered, s3 = the service, s6 = the last question it ended a server for (that
# call ends with -EDEAD, or the next server answers it: never twice).
wd_checker:
    li      s1, 0
    li      s2, 0
    li      s6, 0
1:  li      a0, WD_TICK_MS
    SYSCALL SLEEP
    call    cc_tick
    la      t0, wd_accused          # a client's complaint (procs.s, op_svc)
    lw      a0, 0(t0)
    beqz    a0, 11f
    sw      zero, 0(t0)
    li      a1, SILENT_WRONG
    call    wd_end
11:
    la      t0, wd_asking
    lw      s3, 0(t0)
    la      t0, wd_seq
    lw      t1, 0(t0)
    beqz    s3, 2f                  # the pinger waits for nobody
    beq     t1, s6, 2f              # settled already
    beq     t1, s1, 3f
    mv      s1, t1                  # a new question: its first tick
    li      s2, 1
    j       1b
2:  li      s2, 0
    j       1b
3:  addi    s2, s2, 1
    li      t0, WD_STRIKES
    bltu    s2, t0, 1b
    li      s2, 0                   # this question is settled: end the server
    mv      s6, s1
    mv      a0, s3
    li      a1, SILENT_PING
    call    wd_end
    j       1b

# wd_end(a0 = service, a1 = why: SILENT_*): end every thread of its live
# process (the last one's end reaches pm's main thread, which restarts it
# and says why, SV_SILENT).  Nothing when it is not running.
# Clobbers caller-saved registers.  s1 = service, s2 = space, s3 = slot.
wd_end:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    call    service_proc
    beqz    a0, 9f
    sw      s2, SV_SILENT(s1)       # restart_service says why
    lw      s2, P_SPACE(a0)
    li      s3, 1
1:  li      t0, NTHREADS
    bgeu    s3, t0, 9f
    mv      a0, s3
    la      a1, wd_info
    SYSCALL THREAD_INFO
    bltz    a0, 2f
    la      t0, wd_info
    lw      t1, TINFO_SPACE(t0)
    bne     t1, s2, 2f
    lw      a0, TINFO_TID(t0)
    SYSCALL THREAD_KILL             # the last one reports to pm's main thread
2:  addi    s3, s3, 1
    j       1b
9:  epilogue
    ret

# cc_tick(): the checker's Ctrl-C watch, once a tick.  A Ctrl-C (pm's
# `interrupts` count, ops.s) gives the shell CC_TICKS ticks to be back
# waiting: blocked in a call for a whole tick without a system call (its
# read at the prompt, its wait for the command it runs, or a call to a
# server the watchdog watches), or having started a command since (pm's
# next pid moved: lines typed at once after the Ctrl-C).  A call to pm is
# no excuse by itself: a bent shell may loop on its calls to pm.  A shell that is not (it
# loops, prints for ever, or waits where no Ctrl-C reaches) is ended, so
# pm restarts it, as a stuck login session is hung up.  The shell serves
# no port, so no ping reaches it; its user's Ctrl-C is the question it
# does not answer.  Clobbers caller-saved registers.  s1 = the shell's
# service row, s2 = its live process.
cc_tick:
    prologue ra, s1, s2
    la      t0, interrupts
    lw      t1, 0(t0)
    la      t0, cc_seen
    lw      t2, 0(t0)
    beq     t1, t2, 1f
    sw      t1, 0(t0)               # a new Ctrl-C: the shell's turn
    la      t0, cc_left
    li      t1, CC_TICKS
    sw      t1, 0(t0)
    la      t0, cc_calls
    li      t1, -1
    sw      t1, 0(t0)
    la      t0, next_pid            # the processes started so far
    lw      t1, 0(t0)
    la      t0, cc_pid
    sw      t1, 0(t0)
1:  la      t0, cc_left
    lw      t1, 0(t0)
    beqz    t1, 9f                  # nothing to watch
    la      t0, next_pid            # it started a command since: it takes
    lw      t1, 0(t0)               # commands again
    la      t0, cc_pid
    lw      t0, 0(t0)
    bne     t1, t0, 7f
    la      s1, shell_service
    lw      t0, SV_STATE(s1)
    bnez    t0, 7f                  # held: nobody to watch
    mv      a0, s1
    call    service_proc
    mv      s2, a0
    beqz    s2, 7f                  # none (it died: pm restarts it anyway)
    lw      a0, P_TID(s2)
    andi    a0, a0, TID_SLOT_MASK
    la      a1, wd_info
    SYSCALL THREAD_INFO
    bnez    a0, 7f
    la      t0, wd_info
    lw      t1, TINFO_TID(t0)
    lw      t3, P_TID(s2)
    bne     t1, t3, 7f              # its thread is gone: the same
    lw      t1, TINFO_SYSCALLS(t0)
    lw      t3, TINFO_STATE(t0)
    la      t2, cc_calls
    li      t4, STATE_CALL
    bne     t3, t4, 4f
    lw      t3, 0(t2)
    beq     t3, t1, 7f              # waited the whole tick: back at its prompt
4:  sw      t1, 0(t2)
    la      t0, cc_left
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    bnez    t1, 9f
    mv      a0, s1                  # it did not come back: end it
    li      a1, SILENT_PING
    call    wd_end
7:  la      t0, cc_left
    sw      zero, 0(t0)
9:  epilogue
    ret

.section .bss
.balign 16
pinger_stack:  .space WD_STACK
checker_stack: .space WD_STACK
.balign 4
wd_asking:     .space 4         # the service the pinger waits for (0: none)
wd_seq:        .space 4         # questions asked so far
.globl wd_accused
wd_accused:    .space 4         # a service a client complained of (0: none): end it
wd_info:       .space TINFO_SIZE
cc_seen:       .space 4         # pm's Ctrl-C count when cc_tick last looked
cc_left:       .space 4         # ticks left for the shell to be back waiting (0: none)
cc_calls:      .space 4         # its system calls at the last tick (-1: unknown)
cc_pid:        .space 4         # pm's next pid at the Ctrl-C
