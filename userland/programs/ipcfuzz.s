# userland/programs/ipcfuzz.s — random IPC to every server; the system must survive.
#
# `ipcfuzz [CALLS [SEED]]` (default 2000 calls, seed 1) makes CALLS IPC
# calls from a worker thread to the well-known ports (pm, console, fs, net,
# pipe, lpd, and now and then any port) with random labels, words of the
# shapes that break servers (sysfuzz's), and random leases: none, our
# scratch buffer, our read-only code, kernel memory, a device address, a
# range that wraps past 2^32, a huge length, a real path name; with random
# rights.  Calls that block (a console read, a pipe read, pm.wait) are part
# of the attack: the main thread is a watchdog that, when the worker makes
# no progress for WATCH_MS, kills it inside its call and starts another, so
# every server also meets clients that die while it holds their call.
# Only what would end us on purpose is tamed: pm.exit, and pm.kill/pm.stop
# of our own pid (or 0, or a negative one).  Paths are never under /bin, so
# the fuzzer cannot truncate the programs on the disk.
# Prints a summary and exits 0; tests/userland/test_ipcfuzz.py checks that
# the system still answers, frames come back and the disk stays clean.

    .include "abi.inc"
    .include "frame.inc"

    .equ SCRATCH, 1024
    .equ WORKER_STACK, 4096
    .equ WATCH_MS, 30               # no call finished in this long: kill the worker

    .text

# main(a0 = argc, a1 = argv) -> a0 = exit status. Called by _start.
# s0 = argv, s1 = argc, s2 = the worker's tid, s3 = calls made at the last look,
# s4 = workers killed.
    .globl main
main:
    prologue ra, s0, s1, s2, s3, s4
    mv      s1, a0
    mv      s0, a1
    li      t0, 2000
    la      t1, calls_total
    sw      t0, 0(t1)
    li      t0, 2
    blt     s1, t0, 2f
    lw      a0, 4(s0)
    call    parse_int
    beqz    a1, .Lusage
    bltz    a0, .Lusage
    la      t1, calls_total
    sw      a0, 0(t1)
    li      t0, 3
    blt     s1, t0, 2f
    lw      a0, 8(s0)
    call    parse_int
    beqz    a1, .Lusage
    call    random_seed             # (userland/lib/random.s; 0 means 1)
2:  call    random_state            # the seed the summary names
    la      t1, seed
    sw      a0, 0(t1)
    call    getpid
    la      t1, my_pid
    sw      a0, 0(t1)
    li      s3, 0                   # scratch: random bytes the leases lend
1:  call    random
    la      t0, scratch
    add     t0, t0, s3
    sw      a0, 0(t0)
    addi    s3, s3, 4
    li      t1, SCRATCH
    bltu    s3, t1, 1b
    li      s4, 0
    call    start_worker
    bltz    a0, .Lno_thread
    mv      s2, a0
    li      s3, -1
.Lwatch:
    li      a0, WATCH_MS
    call    sleep
    la      t0, calls_made
    lw      t0, 0(t0)
    la      t1, calls_total
    lw      t1, 0(t1)
    bgeu    t0, t1, .Lfinished
    beq     t0, s3, 3f
    mv      s3, t0                  # progress: look again later
    j       .Lwatch
3:  mv      a0, s2                  # stuck in a call: kill it there
    call    thread_kill
    addi    s4, s4, 1
    call    start_worker
    bltz    a0, .Lno_thread
    mv      s2, a0
    li      s3, -1
    j       .Lwatch
.Lfinished:
    mv      a0, s2                  # it ends by itself; if it is still in
    call    thread_kill             # thread_exit's way, -ESRCH is fine
    la      a0, summary_text
    la      t0, calls_made
    lw      a1, 0(t0)
    la      t0, answered
    lw      a2, 0(t0)
    la      t0, errors
    lw      a3, 0(t0)
    mv      a4, s4
    la      t0, seed
    lw      a5, 0(t0)
    call    printf
    li      a0, 0
    j       9f
.Lno_thread:
    mv      a1, a0
    la      a0, thread_error_text
    call    printf
    li      a0, 1
    j       9f
.Lusage:
    la      a0, usage_text
    call    printf
    li      a0, 2
9:  epilogue
    ret

# start_worker() -> a0 = the new worker's tid or -errno.  Every worker runs
# on the one worker_stack: a new one starts only after the old one is dead
# (or has finished).  Clobbers caller-saved registers.
start_worker:
    li      a0, 0                   # our own space
    la      a1, worker
    la      a2, worker_stack + WORKER_STACK
    li      a3, 0
    li      a4, 0
    li      a5, PRIO_USER
    SYSCALL THREAD_CREATE
    ret

# worker: makes calls until calls_made reaches calls_total, then ends.
# The call's registers are built in a frame: port, label, w0-w3, lease
# address, length and rights at sp+0..sp+32.
worker:
    addi    sp, sp, -48
.Lw_next:
    la      t0, calls_made
    lw      t0, 0(t0)
    la      t1, calls_total
    lw      t1, 0(t1)
    bgeu    t0, t1, .Lw_done
    mv      a0, sp
    call    pick_call
    beqz    a0, .Lw_next            # tamed away
    lw      a0, 0(sp)
    lw      a1, 4(sp)
    lw      a2, 8(sp)
    lw      a3, 12(sp)
    lw      a4, 16(sp)
    lw      a5, 20(sp)
    lw      a6, 24(sp)
    lw      t0, 28(sp)
    lw      t1, 32(sp)
    SYSCALL CALL
    li      t0, -ERRNO_MAX          # -errno results
    la      t1, errors
    bgeu    a0, t0, 1f
    la      t1, answered
1:  li      t0, 1
    amoadd.w zero, t0, (t1)
    la      t1, calls_made
    amoadd.w zero, t0, (t1)
    j       .Lw_next
.Lw_done:
    li      a0, 0
    SYSCALL THREAD_EXIT

# pick_call(a0 = the frame to fill) -> a0 = 1 to make the call, 0 to skip it.
# Clobbers caller-saved registers.
pick_call:
    prologue ra, s0, s1
    mv      s0, a0
    call    random                  # the port: mostly a server's
    andi    t0, a0, 7
    slli    t0, t0, 2
    la      t1, port_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    bgez    t1, 1f
    srli    t1, a0, 3               # any port, 0..15
    andi    t1, t1, 15
1:  sw      t1, 0(s0)
    call    random                  # the label: mostly near the operations
    andi    t0, a0, 7
    srli    a0, a0, 3
    beqz    t0, 2f                  # 1 in 8: any word
    andi    a0, a0, 31
2:  sw      a0, 4(s0)
    li      s1, 0                   # four words
3:  call    random_argument
    slli    t0, s1, 2
    add     t0, s0, t0
    sw      a0, 8(t0)
    addi    s1, s1, 1
    li      t0, 4
    bltu    s1, t0, 3b
    call    random_lease            # a0 = address, a1 = length
    sw      a0, 24(s0)
    sw      a1, 28(s0)
    call    random
    andi    a0, a0, LEASE_R | LEASE_W
    sw      a0, 32(s0)
    lw      t0, 0(s0)               # tame what would end us on purpose
    li      t1, PORT_PM
    bne     t0, t1, 8f
    lw      t0, 4(s0)
    li      t1, PM_EXIT
    beq     t0, t1, 7f
    li      t1, PM_KILL
    beq     t0, t1, 4f
    li      t1, PM_STOP
    bne     t0, t1, 8f
4:  lw      t0, 8(s0)               # the pid: not ours, 0 or below
    blez    t0, 7f
    la      t1, my_pid
    lw      t1, 0(t1)
    beq     t0, t1, 7f
8:  li      a0, 1
    j       9f
7:  li      a0, 0
9:  epilogue
    ret

# random_lease() -> a0 = a lease's address, a1 = its length, of a random shape.
# Clobbers caller-saved registers.
random_lease:
    prologue ra, s0
    call    random
    mv      s0, a0
    srli    a1, a0, 3               # a length: mostly short
    andi    a1, a1, 255
    andi    t0, a0, 7
    slli    t0, t0, 2
    la      t1, lease_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    srli    a0, s0, 11              # more random bits for the shape
    jalr    t1
    epilogue
    ret

# The lease shapes: a0 = random bits, a1 = a short length in; a0 = address,
# a1 = length out.
lease_none:
    li      a0, 0
    li      a1, 0
    ret
lease_scratch:                      # inside our writable buffer
    andi    a0, a0, SCRATCH / 2 - 1
    la      t0, scratch
    add     a0, a0, t0
    ret
lease_text:                         # our read-only code
    andi    a0, a0, 0x7ff
    li      t0, USER_TEXT_BASE
    add     a0, a0, t0
    ret
lease_kernel:                       # kernel memory
    li      t0, 0xffff
    and     a0, a0, t0
    li      t0, RAM_BASE
    add     a0, a0, t0
    ret
lease_device:                       # where drivers map devices; not mapped for us
    li      a0, USER_DEVICE_BASE
    ret
lease_wrap:                         # past the top of the address space
    li      a0, -PAGE_SIZE
    li      a1, 2 * PAGE_SIZE
    ret
lease_huge:                         # our buffer, with a length far past it
    la      a0, scratch
    li      a1, 0x7fffffff
    ret
lease_name:                         # a real path (never under /bin)
    andi    a0, a0, 7
    slli    a0, a0, 2
    la      t0, name_table
    add     t0, t0, a0
    lw      a0, 0(t0)
    mv      t1, a0                  # its length, without the NUL
1:  lbu     t0, 0(t1)
    addi    t1, t1, 1
    bnez    t0, 1b
    sub     a1, t1, a0
    addi    a1, a1, -1
    ret

# random_argument() -> a0 = a word of a random shape (as sysfuzz's). Clobbers t0-t2.
random_argument:
    prologue ra
    call    random
    andi    t0, a0, 7
    srli    a0, a0, 3
    slli    t0, t0, 2
    la      t1, shape_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    jalr    t1
    epilogue
    ret

shape_zero:
    li      a0, 0
    ret
shape_small:
    andi    a0, a0, 63
    ret
shape_word:
    slli    t0, a0, 3               # all 32 bits, not just the 29 left
    xor     a0, a0, t0
    ret
shape_minus_one:
    li      a0, -1
    ret
shape_scratch:
    andi    a0, a0, SCRATCH / 2 - 1
    la      t0, scratch
    add     a0, a0, t0
    ret
shape_length:                       # a length a server might believe
    li      t0, 0x1fff
    and     a0, a0, t0
    ret
shape_kernel:
    li      t0, 0xffffff
    and     a0, a0, t0
    li      t0, RAM_BASE
    add     a0, a0, t0
    ret
shape_flags:                        # open's flags and modes are small bit sets
    andi    a0, a0, 0x3ff
    ret

    .section .rodata
    .balign 4
port_table:                         # -1: any port
    .word PORT_PM, PORT_CONSOLE, PORT_FS, PORT_NET, PORT_PIPE, PORT_LPD, PORT_FS, -1
lease_table:
    .word lease_none, lease_scratch, lease_text, lease_kernel
    .word lease_device, lease_wrap, lease_huge, lease_name
shape_table:
    .word shape_zero, shape_small, shape_word, shape_minus_one
    .word shape_scratch, shape_length, shape_kernel, shape_flags
name_table:
    .word name_root, name_file, name_dir, name_in_dir
    .word name_missing, name_file, name_long, name_dots
name_root:    .asciz "/"
name_file:    .asciz "/fuzz.txt"
name_dir:     .asciz "/fuzzdir"
name_in_dir:  .asciz "/fuzzdir/a long file name.data"
name_missing: .asciz "/no/such/dir/f"
name_long:    .asciz "/fuzzdir/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
name_dots:    .asciz "/fuzzdir/../."
summary_text: .asciz "ipcfuzz: %u calls, %u answered, %u errors, %u workers killed in a call (seed %d)\n"
usage_text:   .asciz "usage: ipcfuzz [CALLS [SEED]]\n"
thread_error_text: .asciz "ipcfuzz: no worker thread: %d\n"

    .data
    .balign 4
seed:        .word 1
my_pid:      .word 0
calls_total: .word 0
calls_made:  .word 0
answered:    .word 0
errors:      .word 0

    .bss
    .balign 16
scratch:      .zero SCRATCH
worker_stack: .zero WORKER_STACK
