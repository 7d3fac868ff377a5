# userland/programs/top.s — `top [-n N]`: a live view of the CPU share of
# every process, refreshed every second.
#
# Owns nothing but the view: the figures are the kernel's tick accounting
# (abi.toml [thread] ticks, sys_ticks) as pm's ps hands them out.  Each
# second top takes a ps snapshot and compares it with the last one: a
# process's share is the ticks its threads were on the CPU in between over
# the ticks that passed.  Each tick charges exactly one thread as on the CPU
# (the idle thread when nobody runs), so the shares of all processes,
# idle's included, add up to 100 % (less what threads that ended in
# between had used, and the rounding down).
#
# Alone, top is a live view: it clears the screen for each frame, the
# console goes raw (console.mode) and a second thread reads the keys; `q`
# ends top (Ctrl-C ends it as any foreground program).  Run it in the
# foreground: raw mode hands the keys to top's reader.  `top -n N` is the
# batch form (top -b -n N on Linux): N frames one below the other, then
# it ends, and it leaves the keyboard alone, so the lines a script typed
# ahead stay for the shell and the run is deterministic.

    .include "abi.inc"
    .include "frame.inc"

    .equ PS_MAX, NTHREADS           # one record per kernel thread slot
    .equ REFRESH_MAX, 1000000
    # One process of a frame: its pid, ticks on the CPU and ticks of system
    # work done for it in the last period, its threads, its first thread's name.
    .equ PROC_PID, 0
    .equ PROC_TICKS, 4
    .equ PROC_SYS, 8
    .equ PROC_THREADS, 12
    .equ PROC_NAME, 16
    .equ PROC_SIZE, 32

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> a0 = 0, or 1 after the usage line.
# Called by _start (crt0).  s0 = refreshes left (0: until q), s1 = refresh
# number, s2 = records in the last snapshot, s3 = its jiffy, s4 = keys read
# (raw mode to undo).
# interactive (a word): no -n, so frames clear the screen.
main:
    prologue ra, s0, s1, s2, s3, s4
    li      s0, 0
    li      s4, 0
    li      t0, 1
    beq     a0, t0, 2f
    li      t0, 3
    bne     a0, t0, 8f
    mv      s1, a1
    lw      a0, 4(s1)
    la      a1, n_option_text
    call    strcmp
    bnez    a0, 8f
    lw      a0, 8(s1)
    call    parse_int
    beqz    a1, 8f
    blez    a0, 8f
    li      t0, REFRESH_MAX
    bgt     a0, t0, 8f
    mv      s0, a0
    j       3f                      # batch: no keys, no clearing
2:  la      t0, interactive
    li      t1, 1
    sw      t1, 0(t0)
    li      a0, 0                   # keys only from a console
    call    fd_port
    li      t0, PORT_CONSOLE
    bne     a0, t0, 3f
    li      s4, 1
    la      a0, key_reader
    li      a1, 0
    call    thread_create
3:  la      a0, last_records        # the first snapshot: the period starts
    li      a1, PS_MAX
    call    ps
    bltz    a0, 7f
    mv      s2, a0
    mv      s3, a2
    li      s1, 1
4:  addi    a0, s3, TICK_HZ         # one second after the last snapshot
    call    sleep_until
    la      a0, records
    li      a1, PS_MAX
    call    ps
    bltz    a0, 7f
    mv      a1, s2                  # records a0, last s2; jiffies a2 - s3
    sub     a3, a2, s3
    mv      s2, a0
    mv      s3, a2
    mv      a2, s1
    call    show_frame
    la      a0, last_records        # this snapshot starts the next period
    la      a1, records
    li      t0, PS_SIZE
    mul     a2, s2, t0
    call    memcpy
    addi    s1, s1, 1
    beqz    s0, 4b
    addi    s0, s0, -1
    bnez    s0, 4b
    li      a0, 0
    j       9f
7:  la      a0, ps_failed_text
    call    printf
    li      a0, 1
    j       9f
8:  la      a0, usage_text
    call    printf
    li      a0, 1
9:  beqz    s4, 10f
    mv      s4, a0
    li      a0, CONSOLE_COOKED      # the keys go back to programs' lines
    call    console_mode_set
    mv      a0, s4
10: epilogue
    ret

# key_reader(a0 = unused): top's second thread.  Sets raw mode (the console
# serves raw reads to the thread that set it) and reads keys; `q` ends
# the whole process (cooked mode back first).  A failed read (Ctrl-C, a
# console that died) ends only this thread: pm ends top on Ctrl-C anyway.
# Never returns to its caller's loop but through thread_exit.
key_reader:
    prologue_locals 16, ra
    li      a0, CONSOLE_RAW         # raw mode is its caller's: only its
    call    console_mode_set        # reads get the keys
    bltz    a0, 9f
1:  li      a0, 0
    mv      a1, sp
    li      a2, 16
    call    read
    blez    a0, 9f
    mv      t2, sp
    add     t3, sp, a0
2:  bgeu    t2, t3, 1b
    lbu     t0, 0(t2)
    addi    t2, t2, 1
    ori     t0, t0, 0x20            # q or Q
    li      t1, 'q'
    bne     t0, t1, 2b
    li      a0, CONSOLE_COOKED
    call    console_mode_set
    li      a0, 0
    call    exit
9:  li      a0, 0
    epilogue
    ret

# console_mode_set(a0 = CONSOLE_*) -> a0 = the previous mode or -errno:
# console.mode on standard input's handle.  Clobbers caller-saved.
console_mode_set:
    prologue ra, s0
    mv      s0, a0
    li      a0, 0
    call    fd_port                 # a1 = the handle
    mv      a2, a1
    mv      a3, s0
    li      a0, PORT_CONSOLE
    li      a1, CONSOLE_MODE
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    SYSCALL CALL
    epilogue
    ret

# show_frame(a0 = records now, a1 = records at the last snapshot, a2 =
# refresh number, a3 = ticks between them): clears the screen and prints
# one line per process, the busiest first.  Clobbers caller-saved.
# s0 = record cursor, s1 = records left, s2 = processes, s3 = ticks,
# s4 = last count, s5 = refresh number, s6 = share of the idle process.
show_frame:
    prologue_locals 32, ra, s0, s1, s2, s3, s4, s5, s6
    mv      s1, a0
    mv      s4, a1
    mv      s5, a2
    mv      s3, a3
    bnez    s3, 1f                  # never divide by zero
    li      s3, 1
1:  li      s2, 0
    la      s0, records
2:  blez    s1, 3f                  # every thread's ticks into its process
    mv      a0, s0
    mv      a1, s4
    mv      a2, s2
    call    add_thread
    mv      s2, a0
    addi    s0, s0, PS_SIZE
    addi    s1, s1, -1
    j       2b
3:  mv      a0, s2
    call    sort_procs
    li      s6, 0                   # idle's share: what was not busy
    la      t0, procs
    mv      t1, s2
4:  beqz    t1, 5f
    lw      t2, PROC_PID(t0)
    addi    t0, t0, PROC_SIZE
    addi    t1, t1, -1
    bnez    t2, 4b
    lw      s6, PROC_TICKS - PROC_SIZE(t0)
5:  la      t0, interactive
    lw      t0, 0(t0)
    beqz    t0, 7f
    la      a0, clear_text
    call    printf
7:
    li      t0, 100
    mul     t1, s6, t0
    divu    t1, t1, s3
    sub     a3, t0, t1              # % busy
    mv      a1, s5
    mv      a2, s3
    mv      a4, s2
    la      a0, header_text
    call    printf
    la      a0, columns_text
    call    printf
    la      s0, procs
    mv      s1, s2
6:  beqz    s1, 9f
    lw      a1, PROC_PID(s0)
    addi    a2, s0, PROC_NAME
    lw      t0, PROC_TICKS(s0)
    li      t1, 100
    mul     t0, t0, t1
    divu    a3, t0, s3              # CPU %, rounded down
    lw      t0, PROC_SYS(s0)
    mul     t0, t0, t1
    divu    a4, t0, s3              # SYS %: servers' work for it
    lw      a5, PROC_THREADS(s0)
    la      a0, row_text
    call    printf
    addi    s0, s0, PROC_SIZE
    addi    s1, s1, -1
    j       6b
9:  epilogue
    ret

# add_thread(a0 = a record now, a1 = records at the last snapshot, a2 =
# processes so far) -> a0 = processes now: adds the thread's ticks since
# the last snapshot (all of them for a thread born since) to its process,
# a new one if it has none yet.  Clobbers caller-saved.
add_thread:
    lw      t0, PS_TID(a0)
    lw      t1, PS_PID(a0)
    lw      a3, PS_TICKS(a0)        # a3 = ticks, a4 = sys ticks in the period
    lw      a4, PS_SYS_TICKS(a0)
    la      t2, last_records
1:  blez    a1, 3f                  # the same thread at the last snapshot?
    lw      t3, PS_TID(t2)
    bne     t3, t0, 2f
    lw      t3, PS_PID(t2)
    bne     t3, t1, 2f
    lw      t3, PS_TICKS(t2)
    lw      t4, PS_SYS_TICKS(t2)
    bltu    a3, t3, 3f              # counts went back: not the same thread
    bltu    a4, t4, 3f
    sub     a3, a3, t3
    sub     a4, a4, t4
    j       3f
2:  addi    t2, t2, PS_SIZE
    addi    a1, a1, -1
    j       1b
3:  la      t2, procs               # its process, or a new one
    mv      t3, a2
4:  beqz    t3, 5f
    lw      t4, PROC_PID(t2)
    beq     t4, t1, 6f
    addi    t2, t2, PROC_SIZE
    addi    t3, t3, -1
    j       4b
5:  sw      t1, PROC_PID(t2)
    sw      zero, PROC_TICKS(t2)
    sw      zero, PROC_SYS(t2)
    sw      zero, PROC_THREADS(t2)
    addi    t3, a0, PS_NAME         # the name, 15 bytes and a NUL at most
    addi    t4, t2, PROC_NAME
    li      t5, 15
7:  lbu     t6, 0(t3)
    sb      t6, 0(t4)
    addi    t3, t3, 1
    addi    t4, t4, 1
    addi    t5, t5, -1
    bnez    t5, 7b
    sb      zero, 0(t4)
    addi    a2, a2, 1
6:  lw      t4, PROC_TICKS(t2)
    add     t4, t4, a3
    sw      t4, PROC_TICKS(t2)
    lw      t4, PROC_SYS(t2)
    add     t4, t4, a4
    sw      t4, PROC_SYS(t2)
    lw      t4, PROC_THREADS(t2)
    addi    t4, t4, 1
    sw      t4, PROC_THREADS(t2)
    mv      a0, a2
    ret

# sort_procs(a0 = processes): orders `procs` by ticks, most first, lower
# pid first among equals (insertion sort: at most NTHREADS entries).
# Clobbers caller-saved.
sort_procs:
    li      t0, 1                   # t0 = i
1:  bgeu    t0, a0, 9f
    mv      t1, t0                  # sift entry i down towards 0
2:  beqz    t1, 4f
    li      t2, PROC_SIZE
    mul     t2, t1, t2
    la      t3, procs
    add     t3, t3, t2              # t3 = entry j, t3 - PROC_SIZE = j - 1
    lw      t4, PROC_TICKS(t3)
    lw      t5, PROC_TICKS - PROC_SIZE(t3)
    bltu    t5, t4, 3f
    bne     t5, t4, 4f
    lw      t4, PROC_PID(t3)
    lw      t5, PROC_PID - PROC_SIZE(t3)
    bleu    t5, t4, 4f
3:  li      t2, PROC_SIZE / 4       # swap j and j - 1, a word at a time
5:  lw      t4, 0(t3)
    lw      t5, -PROC_SIZE(t3)
    sw      t5, 0(t3)
    sw      t4, -PROC_SIZE(t3)
    addi    t3, t3, 4
    addi    t2, t2, -1
    bnez    t2, 5b
    addi    t1, t1, -1
    j       2b
4:  addi    t0, t0, 1
    j       1b
9:  ret

    .section .rodata
n_option_text:  .asciz "-n"
usage_text:     .asciz "usage: top [-n REFRESHES] (q quits)\n"
ps_failed_text: .asciz "top: pm did not answer ps\n"
clear_text:     .asciz "\033[H\033[J"
header_text:    .asciz "top: refresh %u, %u ticks, cpu %u%% busy, %u processes\n"
columns_text:   .asciz "  PID NAME             CPU%%  SYS%% THR\n"
row_text:       .asciz "%5u %-15s %4u%% %4u%% %3u\n"

    .bss
    .balign 4
interactive:  .zero 4                    # 1 without -n: clear, read keys
records:      .zero PS_MAX * PS_SIZE     # the snapshot just taken
last_records: .zero PS_MAX * PS_SIZE     # the one a period ago
procs:        .zero PS_MAX * PROC_SIZE   # this frame's processes
