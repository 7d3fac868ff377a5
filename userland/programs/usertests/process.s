# userland/programs/usertests/process.s — cases for memory, descriptors
# and pm: a heap page, closed and bad descriptors, spawn, wait, kill, getpid.

    .include "abi.inc"
    .include "usertests.inc"
    .include "frame.inc"

    .text

# A fresh heap page can be written and read back, and is zeroed.
    .globl case_heap_page
case_heap_page:
    prologue ra
    li      a0, 0
    li      a1, HEAP_PAGE
    li      a2, 1
    li      a3, PROT_R | PROT_W
    call    mem_map
    bnez    a0, 8f
    li      t0, HEAP_PAGE
    lw      a2, 100(t0)             # zeroed
    bnez    a2, 7f
    li      t1, 0x5a5a
    sw      t1, 100(t0)
    lw      a2, 100(t0)
    bne     a2, t1, 7f
    li      a1, 1
    li      a3, 0x5a5a
    j       9f
7:  li      a1, 0
    li      a3, 0x5a5a
    j       9f
8:  mv      a2, a0
    li      a1, 0
    li      a3, 0
9:  epilogue
    ret

# read and write through descriptors that are not open.
    .globl case_bad_fd
case_bad_fd:
    prologue ra
    li      a0, 9
    la      a1, io_buffer
    li      a2, 4
    call    read
    mv      a2, a0
    li      a3, -EBADF
    xori    a1, a0, -EBADF
    seqz    a1, a1
    epilogue
    ret

# close(2) tells the console and frees the slot: writing to 2 then fails.
    .globl case_close_fd
case_close_fd:
    prologue ra
    li      a0, 2
    call    close
    bnez    a0, 8f
    li      a0, 2
    la      a1, io_buffer
    li      a2, 1
    call    write
    mv      a2, a0
    li      a3, -EBADF
    xori    a1, a0, -EBADF
    seqz    a1, a1
    j       9f
8:  mv      a2, a0
    li      a3, 0
    li      a1, 0
9:  epilogue
    ret

# write from an unmapped buffer: an error or nothing written, never a crash.
    .globl case_write_bad_buffer
case_write_bad_buffer:
    prologue ra
    li      a0, 1
    li      a1, 0x10
    li      a2, 8
    call    write
    mv      a2, a0
    li      a3, 0
    slti    a1, a0, 1               # <= 0
    epilogue
    ret

# pm: spawning a program that is not in the archive.
    .globl case_spawn_missing
case_spawn_missing:
    prologue ra
    la      a0, missing_argv
    call    spawn
    mv      a2, a0
    li      a3, -ENOENT
    xori    a1, a0, -ENOENT
    seqz    a1, a1
    epilogue
    ret

# pm: wait with no children.
    .globl case_wait_no_child
case_wait_no_child:
    prologue ra
    li      a0, -1
    call    wait_pid
    mv      a2, a0
    li      a3, -ECHILD
    xori    a1, a0, -ECHILD
    seqz    a1, a1
    epilogue
    ret

# pm: killing a process that does not exist.
    .globl case_kill_missing
case_kill_missing:
    prologue ra
    li      a0, 31000
    call    kill
    mv      a2, a0
    li      a3, -ESRCH
    xori    a1, a0, -ESRCH
    seqz    a1, a1
    epilogue
    ret

# pm: our own pid.
    .globl case_getpid
case_getpid:
    prologue ra
    call    getpid
    mv      a2, a0
    li      a3, 1
    sgtz    a1, a0
    epilogue
    ret

# pm: spawn a child that exits 0, wait for exactly it.
    .globl case_spawn_wait
case_spawn_wait:
    prologue ra, s0
    la      a0, spin_argv           # "spin 0": exits 0 at once, prints nothing
    call    spawn
    blez    a0, 8f
    mv      s0, a0
    call    wait_pid
    bne     a0, s0, 8f
    or      a2, a1, a2              # status 0 and WAIT_EXITED (0)
    li      a3, 0
    seqz    a1, a2
    j       9f
8:  mv      a2, a0
    li      a3, 0
    li      a1, 0
9:  epilogue
    ret

# pm: a child that faults is reported as such.
    .globl case_child_fault
case_child_fault:
    prologue ra, s0
    la      a0, fault_argv
    call    spawn
    blez    a0, 8f
    mv      s0, a0
    call    wait_pid
    bne     a0, s0, 8f
    li      a3, WAIT_FAULTED
    xori    a1, a2, WAIT_FAULTED
    seqz    a1, a1
    j       9f
8:  mv      a2, a0
    li      a3, WAIT_FAULTED
    li      a1, 0
9:  epilogue
    ret

# pm: kill a running child; wait says it was killed.
    .globl case_kill_child
case_kill_child:
    prologue ra, s0
    la      a0, spin_forever_argv
    call    spawn
    blez    a0, 8f
    mv      s0, a0
    call    kill
    bnez    a0, 8f
    mv      a0, s0
    call    wait_pid
    bne     a0, s0, 8f
    li      a3, WAIT_KILLED
    xori    a1, a2, WAIT_KILLED
    seqz    a1, a1
    j       9f
8:  mv      a2, a0
    li      a3, WAIT_KILLED
    li      a1, 0
9:  epilogue
    ret

    .section .rodata
    .balign 4
missing_argv:       .word missing_name, 0
spin_argv:          .word spin_name, zero_text, 0
spin_forever_argv:  .word spin_name, 0
fault_argv:         .word fault_name, null_text, 0
missing_name:          .asciz "nosuchprogram"
spin_name:             .asciz "spin"
fault_name:            .asciz "fault"
zero_text:             .asciz "0"
null_text:             .asciz "null"

    .bss
    .balign 4
io_buffer:    .zero 8
