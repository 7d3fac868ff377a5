# userland/programs/hostile.s — what a hostile program tries, one attack
# per run, each of which the system must survive (issue 13).
#
# `hostile WHAT` where WHAT is a name of attack_table.  Each attack prints
# one line `hostile: WHAT -> RESULT` with what the kernel or a server
# answered (an attack that must end the process prints nothing); the
# regression tests (tests/userland/test_hostile.py) read those lines.

    .include "abi.inc"
    .include "frame.inc"

    .equ DEVICE_PAGE, USER_HEAP_BASE  # the page devptr offers as a device page
    .equ HOST_FLAG, USER_HEAP_BASE + PAGE_SIZE  # word the test sets from the host
    .equ CONSOLE_PID, 2             # pm starts the console first
    .equ LINE_BUFFER_SIZE, 512      # badread's line; programs' names

    .text

# main(a0 = argc, a1 = argv) -> a0 = 0 (2: usage); prints the attack's a0.
# Called by _start. s0 = the name asked for, s1 = table cursor.
    .globl main
main:
    prologue ra, s0, s1
    li      t0, 2
    blt     a0, t0, .Lhostile_usage
    lw      s0, 4(a1)
    la      s1, attack_table
1:  lw      a0, 0(s1)
    beqz    a0, .Lhostile_usage
    mv      a1, s0
    call    strcmp
    beqz    a0, 2f
    addi    s1, s1, 8
    j       1b
2:  lw      t0, 4(s1)
    jalr    t0                      # a0 = result to print
    mv      a2, a0
    mv      a1, s0
    la      a0, result_text
    call    printf
    li      a0, 0
    j       9f
.Lhostile_usage:
    la      a0, usage_text
    call    printf
    li      a0, 2
9:  epilogue
    ret

# selfkill: thread_kill on our own (only) thread.  The process must be
# reaped as if it had exited (it used to vanish, leaking its slot).
do_selfkill:
    SYSCALL SELF
    SYSCALL THREAD_KILL
    ret                             # only if the kill failed

# devptr: every call that takes a pointer, given one into a device page.
# A program cannot map one itself, so the test turns our heap page into
# the UART's page (it rewrites the PTE from the host, then sets HOST_FLAG
# to 1) and puts it back afterwards (then HOST_FLAG = 2).  Each call must
# be -EFAULT; the kernel used to copy through the device's physical
# address and panic (debug_write too, which only pm and drivers may call
# now).  -> a0 = how many of the three calls gave -EFAULT.
do_devptr:
    prologue ra, s2, s3, s4
    li      a0, 0
    li      a1, DEVICE_PAGE
    li      a2, 2                   # the page and the flag's
    li      a3, PROT_R | PROT_W
    call    mem_map
    la      a0, devptr_ready_text
    call    printf
    li      a0, 1                   # the host swaps the page now
    call    wait_host
    li      a0, DEVICE_PAGE
    li      a1, 0
    li      a2, 1
    call    futex_wait
    mv      s2, a0
    li      a0, 0
    li      a1, DEVICE_PAGE
    call    thread_name
    mv      s3, a0
    li      a0, 1                   # a lease the console reads from (a
    li      a1, DEVICE_PAGE         # shorter write would go in the words:
    li      a2, CONSOLE_INLINE_MAX + 1 # write_inline, read by our library)
    call    write
    mv      s4, a0
    la      a0, devptr_text
    mv      a1, s2
    mv      a2, s3
    mv      a3, s4
    call    printf
    li      a0, 2                   # the host puts our page back now
    call    wait_host
    li      a0, 0
    li      t1, -EFAULT
    bne     s2, t1, 2f
    addi    a0, a0, 1
2:  bne     s3, t1, 3f
    addi    a0, a0, 1
3:  bne     s4, t1, 4f
    addi    a0, a0, 1
4:  epilogue
    ret

# longsleep / longfutex: the longest timeouts.  They must last (about 49
# days); rounding 0xffffffff ms up to ticks used to wrap to 10 ms.
do_long_sleep:
    li      a0, -1
    tail    sleep
do_long_futex:
    la      a0, futex_word
    li      a1, 0
    li      a2, -1
    tail    futex_wait

# twowait: two threads wait for the same child.  The second must get an
# answer (-EBUSY) at once; pm kept one waiter per process and the second
# overwrote the first, which was never answered.  The second then kills
# the child, which must answer the first.  Prints both results.
# -> a0 = 0 when the first wait returned the child's pid.
do_two_wait:
    prologue ra, s1
    la      a0, sleeper_argv        # a child that lives until killed
    call    spawn
    blez    a0, 9f
    la      t0, child_pid
    sw      a0, 0(t0)
    la      a0, second_waiter
    li      a1, 0
    call    thread_create
    bltz    a0, 9f
    la      t0, child_pid
    lw      a0, 0(t0)
    call    wait_pid                # the first waiter
    mv      s1, a0
    la      t0, second_result
    lw      a2, 0(t0)
    mv      a1, s1
    la      a0, two_wait_text
    call    printf
    la      t0, child_pid
    lw      t0, 0(t0)
    sub     a0, s1, t0
9:  epilogue
    ret

# second_waiter(): twowait's second thread.  Exits with its wait's result.
second_waiter:
    prologue ra
    li      a0, 100                 # let the first thread wait first
    call    sleep
    la      t0, child_pid
    lw      a0, 0(t0)
    call    wait_pid
    la      t0, second_result
    sw      a0, 0(t0)
    la      t0, child_pid
    lw      a0, 0(t0)
    call    kill
    la      t0, second_result
    lw      a0, 0(t0)
    epilogue
    ret

# badread: console reads into memory the console cannot write: a kernel
# address, then our read-only code; each must be answered -EFAULT (the
# console used to drop them unanswered: the caller hung).  Then a good read
# takes the line the test typed.  Prints the three results.
# -> a0 = the good read's length.
do_bad_read:
    prologue_locals 4, ra, s1, s2
    li      a0, 0
    li      a1, RAM_BASE
    li      a2, 16
    call    read
    mv      s1, a0
    li      a0, 0
    li      a1, USER_TEXT_BASE
    li      a2, 16
    call    read
    mv      s2, a0
    li      a0, 0
    la      a1, line_buffer
    li      a2, 16
    call    read
    sw      a0, 0(sp)
    mv      a3, a0
    mv      a2, s2
    mv      a1, s1
    la      a0, bad_read_text
    call    printf
    lw      a0, 0(sp)
    epilogue
    ret

# wraplease: a call whose lease runs past the top of the address space
# must be refused at the call (-EINVAL), before any server sees it.
do_wrap_lease:
    li      a0, PORT_CONSOLE
    li      a1, IO_WRITE
    li      a2, 0                   # handle
    li      a3, PAGE_SIZE           # length
    li      a6, -PAGE_SIZE / 2      # lease: 0xfffff800 .. past 2^32
    li      t0, PAGE_SIZE
    li      t1, LEASE_R
    SYSCALL CALL
    ret

# inline: console.write_inline (abi.toml), a console write carried in the
# message words.  write() to the console of inline_cuts' pieces of
# inline_text, in order (1..CONSOLE_INLINE_MAX bytes go in the words, at
# any alignment; one byte more is a lease); then raw calls that must be
# refused (-EINVAL): no bytes, one past the limit, a count of 2^32 - 1, a
# lease with rights; and one whose words hold more than its count says,
# of which only the count's bytes may print.  Prints the results;
# tests/userland/test_console_inline.py traces the run.  -> a0 = pieces
# whose write did not answer their length (0).
do_inline:
    prologue_locals 32, ra, s0, s1
    la      s0, inline_cuts
    li      s1, 0
1:  lw      a2, 4(s0)
    beqz    a2, 2f
    lw      a1, 0(s0)
    la      t0, inline_text
    add     a1, a1, t0
    li      a0, 1
    call    write
    lw      t0, 4(s0)
    beq     a0, t0, 3f
    addi    s1, s1, 1
3:  addi    s0, s0, 8
    j       1b
2:  li      a0, 0
    li      a1, 0
    call    inline_raw
    sw      a0, 0(sp)
    li      a0, CONSOLE_INLINE_MAX + 1
    li      a1, 0
    call    inline_raw
    sw      a0, 4(sp)
    li      a0, -1
    li      a1, 0
    call    inline_raw
    sw      a0, 8(sp)
    li      a0, 4
    li      a1, LEASE_R
    call    inline_raw
    sw      a0, 12(sp)
    li      a0, 4                   # "ok!\n" of the 16 bytes in the words
    li      a1, 0
    call    inline_raw
    mv      a5, a0
    lw      a4, 12(sp)
    lw      a3, 8(sp)
    lw      a2, 4(sp)
    lw      a1, 0(sp)
    la      a0, inline_result_text
    call    printf
    mv      a0, s1
    epilogue
    ret

# inline_raw(a0 = count, a1 = lease rights) -> a0 = the console's answer to
# write_inline with inline_words as w0..w3 (a lease of inline_text when
# the rights are not 0).
inline_raw:
    mv      t0, a0
    mv      t1, a1
    li      a6, 0
    beqz    t1, 1f
    la      a6, inline_text
1:  la      t2, inline_words
    lw      a2, 0(t2)
    lw      a3, 4(t2)
    lw      a4, 8(t2)
    lw      a5, 12(t2)
    li      a0, PORT_CONSOLE
    li      a1, CONSOLE_WRITE_INLINE
    SYSCALL CALL
    ret

# consmode: console.mode with modes that are none (2, -1) must be -EINVAL
# and change nothing; raw then cooked answer the mode before each.
# Prints the four results. -> a0 = 0.
do_console_mode:
    prologue_locals 16, ra
    li      a0, 2
    call    console_mode_call
    sw      a0, 0(sp)
    li      a0, -1
    call    console_mode_call
    sw      a0, 4(sp)
    li      a0, CONSOLE_RAW
    call    console_mode_call
    sw      a0, 8(sp)
    li      a0, CONSOLE_COOKED
    call    console_mode_call
    mv      a4, a0
    lw      a3, 8(sp)
    lw      a2, 4(sp)
    lw      a1, 0(sp)
    la      a0, console_mode_text
    call    printf
    li      a0, 0
    epilogue
    ret

# console_mode_call(a0 = mode) -> a0 = the console's answer.
console_mode_call:
    mv      a3, a0
    li      a0, PORT_CONSOLE
    li      a1, CONSOLE_MODE
    li      a2, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      t0, 0
    li      t1, 0
    SYSCALL CALL
    ret

# jobctl: thread_stop is pm's (-EPERM, on our own thread and on a tid
# that never lived); pm.stop follows kill's rule (pm: -EPERM; a service,
# which nobody would continue: -EPERM; nobody: -ESRCH), takes 0 or 1
# (-EINVAL), and continuing ourselves, never stopped, does nothing (0);
# a wait that must not hang with no child at all is -ECHILD.
# Prints the eight. -> a0 = 0.
do_job_control:
    prologue_locals 32, ra, s0
    call    getpid
    mv      s0, a0
    SYSCALL SELF
    li      a1, 1
    SYSCALL THREAD_STOP
    sw      a0, 0(sp)
    li      a0, TID_SLOT_MASK       # a slot never used: no thread
    li      a1, 1
    SYSCALL THREAD_STOP
    sw      a0, 4(sp)
    li      a0, 1
    li      a1, 1
    call    stop_pid
    sw      a0, 8(sp)
    li      a0, CONSOLE_PID
    li      a1, 1
    call    stop_pid
    sw      a0, 12(sp)
    li      a0, 4242
    li      a1, 1
    call    stop_pid
    sw      a0, 16(sp)
    mv      a0, s0
    li      a1, 2
    call    stop_pid
    sw      a0, 20(sp)
    mv      a0, s0
    li      a1, 0
    call    stop_pid
    sw      a0, 24(sp)
    li      a0, -1
    call    wait_nohang
    sw      a0, 28(sp)
    la      a0, job_control_text
    lw      a1, 0(sp)
    lw      a2, 4(sp)
    lw      a3, 8(sp)
    lw      a4, 12(sp)
    lw      a5, 16(sp)
    lw      a6, 20(sp)
    lw      a7, 24(sp)
    lw      t0, 28(sp)
    sw      t0, 0(sp)               # printf's ninth: the first on the stack
    call    printf
    li      a0, 0
    epilogue
    ret

# programs: pm.programs into a lease pm cannot write (our code), one too
# short for any name, none at all, then a good one: 0, 0, 0 bytes, then
# the names.  Prints the four results. -> a0 = 0.
do_programs:
    prologue_locals 16, ra
    li      a0, USER_TEXT_BASE
    li      a1, 64
    li      a2, LEASE_W
    call    programs_call
    sw      a0, 0(sp)
    la      a0, line_buffer
    li      a1, 2
    li      a2, LEASE_W
    call    programs_call
    sw      a0, 4(sp)
    li      a0, 0
    li      a1, 0
    li      a2, 0
    call    programs_call
    sw      a0, 8(sp)
    la      a0, line_buffer
    li      a1, LINE_BUFFER_SIZE
    li      a2, LEASE_W
    call    programs_call
    mv      a4, a0
    lw      a3, 8(sp)
    lw      a2, 4(sp)
    lw      a1, 0(sp)
    la      a0, programs_text
    call    printf
    li      a0, 0
    epilogue
    ret

# programs_call(a0 = lease, a1 = its length, a2 = rights) -> a0 = pm's answer.
programs_call:
    mv      a6, a0
    mv      t0, a1
    mv      t1, a2
    li      a0, PORT_PM
    li      a1, PM_PROGRAMS
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    SYSCALL CALL
    ret

# svc: pm.svc from a program that is not a service pm supervises: restart,
# hold and complain of the console (index 0) must be -EPERM, an index past the table
# -ESRCH, an unknown action -EINVAL, a list into a lease too short for its
# record or one pm may not write an error; listing the console works.
# Prints the six results. -> a0 = 0.
do_svc:
    prologue_locals 32, ra
    li      a0, 0
    li      a1, SVC_RESTART
    la      a2, line_buffer
    li      a3, SVCREC_SIZE
    li      a4, LEASE_W
    call    svc_call
    sw      a0, 0(sp)
    li      a0, 0
    li      a1, SVC_HOLD
    la      a2, line_buffer
    li      a3, SVCREC_SIZE
    li      a4, LEASE_W
    call    svc_call
    sw      a0, 4(sp)
    li      a0, 0x7FFFFFFF
    li      a1, SVC_LIST
    la      a2, line_buffer
    li      a3, SVCREC_SIZE
    li      a4, LEASE_W
    call    svc_call
    sw      a0, 8(sp)
    li      a0, 0
    li      a1, 99
    la      a2, line_buffer
    li      a3, SVCREC_SIZE
    li      a4, LEASE_W
    call    svc_call
    sw      a0, 12(sp)
    li      a0, 0
    li      a1, SVC_LIST
    la      a2, line_buffer
    li      a3, 2                   # shorter than a record
    li      a4, LEASE_W
    call    svc_call
    sw      a0, 16(sp)
    li      a0, 0
    li      a1, SVC_LIST
    la      a2, line_buffer
    li      a3, SVCREC_SIZE
    li      a4, LEASE_R             # pm may not write it
    call    svc_call
    sw      a0, 20(sp)
    li      a0, 0
    li      a1, SVC_LIST
    la      a2, line_buffer
    li      a3, SVCREC_SIZE
    li      a4, LEASE_W
    call    svc_call
    mv      a7, a0
    la      a0, svc_text
    lw      a1, 0(sp)
    lw      a2, 4(sp)
    lw      a3, 8(sp)
    lw      a4, 12(sp)
    lw      a5, 16(sp)
    lw      a6, 20(sp)
    call    printf
    la      a0, svc_name_text       # what the good list wrote: the console's name
    la      a1, line_buffer + SVCREC_NAME
    call    printf
    li      a0, 0                   # a complaint of the console: services only
    li      a1, SVC_COMPLAIN
    la      a2, line_buffer
    li      a3, SVCREC_SIZE
    li      a4, LEASE_W
    call    svc_call
    mv      a1, a0
    la      a0, svc_complain_text
    call    printf
    li      a0, 0
    epilogue
    ret

# svc_call(a0 = index, a1 = action, a2 = lease, a3 = its length, a4 = rights)
# -> a0 = pm's answer.
svc_call:
    mv      a6, a2
    mv      t0, a3
    mv      t1, a4
    mv      a2, a0
    mv      a3, a1
    li      a0, PORT_PM
    li      a1, PM_SVC
    li      a4, 0
    li      a5, 0
    SYSCALL CALL
    ret

# perms: what only pm, drivers or the user at the shell may do (DESIGN.md
# section 4): forge a Ctrl-C to pm, kill our parent (the shell) or the
# console (pid 2), shut the machine down, print around the console.  Each
# must be -EPERM.  Prints the five results.  -> a0 = how many were -EPERM.
do_perms:
    prologue_locals 20, ra
    li      a0, PM_TID
    li      a1, NOTIFY_INTERRUPT
    call    notify
    sw      a0, 0(sp)
    call    getpid
    mv      a0, a1                  # our parent
    call    kill
    sw      a0, 4(sp)
    li      a0, CONSOLE_PID
    call    kill
    sw      a0, 8(sp)
    li      a0, 0
    call    shutdown
    sw      a0, 12(sp)
    la      a0, perms_text
    li      a1, 4
    call    debug_write
    sw      a0, 16(sp)
    la      a0, perms_text
    lw      a1, 0(sp)
    lw      a2, 4(sp)
    lw      a3, 8(sp)
    lw      a4, 12(sp)
    lw      a5, 16(sp)
    call    printf
    li      a0, 0                   # count the -EPERM answers
    li      t0, 0
    li      t2, -EPERM
1:  add     t1, sp, t0
    lw      t1, 0(t1)
    bne     t1, t2, 2f
    addi    a0, a0, 1
2:  addi    t0, t0, 4
    li      t1, 20
    bltu    t0, t1, 1b
    epilogue
    ret

# dma: DMA memory (dma_alloc) is for drivers only, and a driver's hostile
# sizes are refused.  First as the program we are (-EPERM); then the test
# grants our space SPACE_DRIVER from the host (as pm grants a driver) and
# sets HOST_FLAG to 1.  Then: DMA_PAGES_MAX + 1 pages, 2^32 - 1 pages, an
# unaligned address, a range running past user space, a page count whose
# size wraps past 2^32, a range over our mapped heap page, 0 pages (each
# refused, nothing taken);
# a good run of DMA_RUN pages, each page's first word set to its index + 1
# (the test finds them at the physical address printed, and sets HOST_FLAG
# to 2); then runs of
# DMA_PAGES_MAX until the kernel says -ENOMEM, and then one page, which
# must still come (from frames freed earlier).  Prints the results; the
# frames come back when we exit.  -> a0 = runs taken before -ENOMEM.
    .equ DMA_RUN, 4
do_dma:
    prologue_locals 40, ra, s1, s2, s3
    li      a0, 0
    li      a1, USER_HEAP_BASE
    li      a2, 2                   # a page of ours, and the flag's
    li      a3, PROT_R | PROT_W
    call    mem_map
    li      a0, USER_DMA_BASE
    li      a1, 1
    call    dma_alloc
    mv      a1, a0
    la      a0, dma_ready_text
    call    printf
    li      a0, 1                   # the host makes us a driver now
    call    wait_host
    la      s1, dma_hostile_args
    mv      s2, sp
1:  lw      a0, 0(s1)
    lw      a1, 4(s1)
    beqz    a1, 2f                  # (end: pages 0 comes first, with addr != 0)
    call    dma_alloc
    sw      a0, 0(s2)
    addi    s1, s1, 8
    addi    s2, s2, 4
    j       1b
2:  li      a0, USER_DMA_BASE       # the first row again, with pages 0
    li      a1, 0
    call    dma_alloc
    sw      a0, 0(s2)
    la      a0, dma_sizes_text
    lw      a1, 0(sp)
    lw      a2, 4(sp)
    lw      a3, 8(sp)
    lw      a4, 12(sp)
    lw      a5, 16(sp)
    lw      a6, 20(sp)
    lw      a7, 24(sp)
    call    printf
    li      a0, USER_DMA_BASE
    li      a1, DMA_RUN
    call    dma_alloc
    mv      s3, a0
    li      t0, USER_DMA_BASE       # mark each page: index + 1
    li      t1, 1
3:  sw      t1, 0(t0)
    li      t2, PAGE_SIZE
    add     t0, t0, t2
    addi    t1, t1, 1
    li      t2, DMA_RUN
    bleu    t1, t2, 3b
    la      a0, dma_run_text
    mv      a1, s3
    call    printf
    li      a0, 2                   # the host reads our page table now
    call    wait_host
    li      s1, USER_DMA_BASE + DMA_RUN * PAGE_SIZE
    li      s2, 0                   # runs taken
4:  mv      a0, s1
    li      a1, DMA_PAGES_MAX
    call    dma_alloc
    li      t0, -ERRNO_MAX
    bgeu    a0, t0, 5f
    addi    s2, s2, 1
    li      t0, DMA_PAGES_MAX * PAGE_SIZE
    add     s1, s1, t0
    j       4b
5:  mv      s3, a0
    mv      a0, s1                  # one page still comes (from freed frames)
    li      a1, 1
    call    dma_alloc
    mv      a3, a0
    mv      a2, s3
    mv      a1, s2
    la      a0, dma_exhaust_text
    call    printf
    mv      a0, s2
    epilogue
    ret

# wait_host(a0 = value): sleeps until the test has set HOST_FLAG to value.
# Clobbers the caller-saved registers.
wait_host:
    prologue ra, s1
    mv      s1, a0
1:  li      t0, HOST_FLAG
    lw      t0, 0(t0)
    mv      a0, s1
    beq     t0, a0, 2f
    li      a0, 10
    call    sleep
    j       1b
2:  epilogue
    ret

    .section .rodata
    .balign 4
attack_table:
    .word selfkill_name, do_selfkill
    .word devptr_name, do_devptr
    .word long_sleep_name, do_long_sleep
    .word long_futex_name, do_long_futex
    .word two_wait_name, do_two_wait
    .word bad_read_name, do_bad_read
    .word wrap_lease_name, do_wrap_lease
    .word perms_name, do_perms
    .word dma_name, do_dma
    .word console_mode_name, do_console_mode
    .word programs_name, do_programs
    .word svc_name, do_svc
    .word job_control_name, do_job_control
    .word inline_name, do_inline
    .word 0, 0
dma_hostile_args:                   # (addr, pages) that dma_alloc must refuse
    .word USER_DMA_BASE, DMA_PAGES_MAX + 1
    .word USER_DMA_BASE, 0xFFFFFFFF
    .word USER_DMA_BASE + 4, 1
    .word USER_USER_TOP - PAGE_SIZE, 2
    .word USER_DMA_BASE, 0x100001   # pages * PAGE_SIZE wraps to one page
    .word USER_HEAP_BASE, 1
    .word 0, 0
perms_name:     .asciz "perms"
console_mode_name: .asciz "consmode"
console_mode_text: .asciz "hostile: consmode 2:%d -1:%d raw:%d cooked:%d\n"
programs_name:  .asciz "programs"
svc_name:       .asciz "svc"
svc_text:       .asciz "hostile: svc restart %d hold %d index %d action %d short %d readonly %d list %d\n"
svc_complain_text: .asciz "hostile: svc complain %d\n"
svc_name_text:  .asciz "hostile: svc listed %s\n"
job_control_name: .asciz "jobctl"
job_control_text: .asciz "hostile: jobctl self %d notid %d pm %d service %d none %d badstop %d running %d nohang %d\n"
programs_text:  .asciz "hostile: programs readonly %d short %d none %d good %d\n"
dma_name:       .asciz "dma"
dma_ready_text: .asciz "hostile: dma ready %d\n"
dma_sizes_text: .asciz "hostile: dma over-max %d all-ones %d unaligned %d past-top %d wrap %d mapped %d zero %d\n"
dma_run_text:   .asciz "hostile: dma run %x\n"
dma_exhaust_text: .asciz "hostile: dma runs %d then %d, one page %x\n"
perms_text:     .asciz "hostile: perms notify %d kill-parent %d kill-console %d shutdown %d debug_write %d\n"
bad_read_name:  .asciz "badread"
bad_read_text:  .asciz "hostile: badread kernel %d text %d good %d\n"
wrap_lease_name: .asciz "wraplease"
sleeper_argv:   .word sleep_name, forever_text, 0
sleep_name:     .asciz "sleep"
forever_text:   .asciz "100000"
two_wait_name:  .asciz "twowait"
two_wait_text:  .asciz "hostile: twowait first %d second %d\n"
long_sleep_name: .asciz "longsleep"
long_futex_name: .asciz "longfutex"
selfkill_name:  .asciz "selfkill"
devptr_name:    .asciz "devptr"
devptr_ready_text: .asciz "hostile: devptr ready\n"
devptr_text:    .asciz "hostile: devptr futex_wait %d thread_name %d write %d\n"
result_text:    .asciz "hostile: %s -> %d\n"
inline_name:    .asciz "inline"
inline_result_text: .asciz "hostile: inline zero %d over %d huge %d leased %d short %d\n"
usage_text:     .asciz "usage: hostile selfkill|devptr|longsleep|longfutex|twowait|badread|wraplease|perms|dma|inline\n"

    .data
    .balign 4
inline_cuts:                        # (offset, length) in inline_text, in order: every byte once
    .word 0, 3, 3, 16, 19, 17, 36, 2, 38, 13, 0, 0
inline_text:    .ascii "0123456789\nabcdefghijklmnopqrstuvwxyz\nABCDEFGHIJKL\n"
    .balign 4
inline_words:   .ascii "ok!\nJUNKJUNKJUNK"
futex_word:     .word 0
child_pid:      .word 0
second_result:  .word 0

    .bss
line_buffer:    .zero LINE_BUFFER_SIZE
