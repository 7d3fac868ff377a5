# userland/programs/fault.s — does one forbidden thing, on purpose.
#
# `fault WHAT` where WHAT is one of the names in fault_table (without one
# it prints them). pm should report the fault (cause, pc, address) and kill this
# process; the kernel and the shell must carry on. If the bad thing
# somehow succeeds, the program says so and exits 1.

    .include "abi.inc"
    .include "frame.inc"

    .text

# main(a0 = argc, a1 = argv) -> a0 = 1 (only if the fault did not happen).
# Called by _start. s0 = the name asked for, s1 = table cursor.
    .globl main
main:
    prologue ra, s0, s1
    li      t0, 2
    blt     a0, t0, .Lfault_usage   # no silent default: say what there is
    lw      s0, 4(a1)
1:  la      s1, fault_table
2:  lw      a0, 0(s1)
    beqz    a0, .Lfault_usage
    mv      a1, s0
    call    strcmp
    beqz    a0, 3f
    addi    s1, s1, 8
    j       2b
3:  lw      t0, 4(s1)
    jalr    t0
    la      a0, survived_text
    mv      a1, s0
    call    printf
    li      a0, 1
    j       9f
.Lfault_usage:
    la      a0, usage_text
    call    printf
    la      s1, fault_table
4:  lw      a1, 0(s1)
    beqz    a1, 5f
    la      a0, name_text
    call    printf
    addi    s1, s1, 8
    j       4b
5:  la      a0, newline_text
    call    printf
    li      a0, 2
9:  epilogue
    ret

# The bad things. Each is called with jalr and should never come back.
do_null:                            # store through a null pointer
    li      t0, 0
    sw      t0, 0(t0)
    ret
do_read_null:                       # load through a null pointer
    lw      t0, 0(zero)
    ret
do_kernel:                          # read kernel memory
    li      t0, RAM_BASE
    lw      t0, 0(t0)
    ret
do_kernel_write:                    # write kernel memory
    li      t0, RAM_BASE
    sw      zero, 0(t0)
    ret
do_heap:                            # where other processes keep their heap:
    li      t0, USER_HEAP_BASE      # never mapped in this space
    lw      t0, 0(t0)
    ret
do_device:                          # touch the UART's registers directly
    li      t0, UART_BASE
    lbu     t0, 5(t0)
    ret
do_priv:                            # an S-mode instruction
    sret
    ret
do_csr:                             # a supervisor CSR
    csrr    t0, sstatus
    ret
do_illegal:                         # an all-zero word is no instruction
    .word   0
    ret
do_misaligned:                      # atomics must be aligned; lr.w raises a
    la      t0, scratch_word        # load misalignment everywhere (QEMU 7.2
    addi    t0, t0, 2               # reports an AMO's as a load one too,
    lr.w    t0, (t0)                # where the spec says store/AMO)
    ret
do_exec:                            # jump into data (never executable)
    la      t0, scratch_word
    jr      t0
do_jump_null:                       # call a null function pointer
    jr      zero
do_stack:                           # recurse until the stack runs out
    addi    sp, sp, -1024
    sw      ra, 0(sp)
    call    do_stack
    ret
do_ebreak:                          # a breakpoint with no debugger
    ebreak
    ret

    .section .rodata
    .balign 4
fault_table:
    .word null_name, do_null
    .word read_null_name, do_read_null
    .word kernel_name, do_kernel
    .word kernel_write_name, do_kernel_write
    .word heap_name, do_heap
    .word device_name, do_device
    .word priv_name, do_priv
    .word csr_name, do_csr
    .word illegal_name, do_illegal
    .word misaligned_name, do_misaligned
    .word exec_name, do_exec
    .word jump_null_name, do_jump_null
    .word stack_name, do_stack
    .word ebreak_name, do_ebreak
    .word 0, 0
null_name:         .asciz "null"
read_null_name:    .asciz "readnull"
kernel_name:       .asciz "kernel"
kernel_write_name: .asciz "kwrite"
heap_name:         .asciz "heap"
device_name:       .asciz "device"
priv_name:         .asciz "priv"
csr_name:          .asciz "csr"
illegal_name:      .asciz "illegal"
misaligned_name:   .asciz "misaligned"
exec_name:         .asciz "exec"
jump_null_name:    .asciz "jumpnull"
stack_name:        .asciz "stack"
ebreak_name:       .asciz "ebreak"
survived_text:     .asciz "fault: %s did not fault!\n"
usage_text:        .asciz "usage: fault WHAT, WHAT one of:"
name_text:         .asciz " %s"
newline_text:      .asciz "\n"

    .data
    .balign 4
scratch_word: .word 0
