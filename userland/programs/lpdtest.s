# userland/programs/lpdtest.s — `lpdtest`: calls that lie to the print
# spooler, each of which it must refuse in its own words and survive.
#
# Prints one line, `lpdtest: R1 R2 ...`, the spooler's answers in order:
# submit with no path (-EINVAL), with a length past FS_PATH_MAX
# (-ENAMETOOLONG), with a lease shorter than its length (-EFAULT), with a
# lease the kernel cannot read (unmapped: -EFAULT), with a relative path
# (-EINVAL); queue into a lease of 0 bytes (0 records) and into our own
# code, which the server may not write (-EFAULT while jobs are queued, 0
# when there is nothing to write); cancel of job 0 and of
# job -1 (-ESRCH); an operation the protocol lacks (-ENOSYS).
# tests/userland/test_lpd.py reads the line.

    .include "abi.inc"
    .include "frame.inc"

    .equ RESULTS, 10

    .text
    .globl main
# main() -> a0 = 0. Called by _start. s0 = result cursor.
main:
    prologue_locals 4 * RESULTS, ra, s0
    mv      s0, sp
    li      a2, 0                   # submit: no path
    la      a6, path_text
    li      t0, 8
    call    submit_call
    li      a2, FS_PATH_MAX + 1     # submit: too long a path
    la      a6, path_text
    li      t0, FS_PATH_MAX + 1
    call    submit_call
    li      a2, 8                   # submit: the lease is 4 bytes
    la      a6, path_text
    li      t0, 4
    call    submit_call
    li      a2, 8                   # submit: a lease of nothing mapped
    li      a6, 16
    li      t0, 8
    call    submit_call
    li      a2, 5                   # submit: "a.txt", relative
    la      a6, relative_text
    li      t0, 5
    call    submit_call
    la      a6, records             # queue: a lease of 0 bytes
    li      t0, 0
    li      t1, LEASE_W
    li      a1, LPD_QUEUE
    li      a2, 1000000
    call    lpd_call
    la      a6, main                # queue: into our code (read-only)
    li      t0, LPJ_SIZE * 2
    li      t1, LEASE_W
    li      a1, LPD_QUEUE
    li      a2, 2
    call    lpd_call
    li      a0, 0                   # cancel: no job 0
    call    lpd_cancel
    sw      a0, 0(s0)
    addi    s0, s0, 4
    li      a0, -1                  # cancel: no job -1
    call    lpd_cancel
    sw      a0, 0(s0)
    addi    s0, s0, 4
    IPC_NO_LEASE                    # an operation the protocol lacks
    li      a1, LPD_NOPS + 1
    li      a2, 0
    call    lpd_call
    la      a0, result_text
    lw      a1, 0(sp)
    lw      a2, 4(sp)
    lw      a3, 8(sp)
    lw      a4, 12(sp)
    lw      a5, 16(sp)
    lw      a6, 20(sp)
    lw      a7, 24(sp)
    call    printf
    la      a0, result2_text
    lw      a1, 28(sp)
    lw      a2, 32(sp)
    lw      a3, 36(sp)
    call    printf
    li      a0, 0
    epilogue
    ret

# submit_call(a2 = length word, a6/t0 = the lease): lpd.submit, R lease.
# lpd_call(a1 = label, a2 = w0, a6/t0/t1 = the lease): one call to lpd.
# Both store the answer at s0 and move s0 on.  Clobbers caller-saved.
submit_call:
    li      t1, LEASE_R
    li      a1, LPD_SUBMIT
lpd_call:
    li      a0, PORT_LPD
    li      a3, 0
    li      a4, 0
    li      a5, 0
    SYSCALL CALL
    sw      a0, 0(s0)
    addi    s0, s0, 4
    ret

    .section .rodata
path_text:     .asciz "/a.txt\0\0"
relative_text: .asciz "a.txt"
result_text:   .asciz "lpdtest: %d %d %d %d %d %d %d"
result2_text:  .asciz " %d %d %d\n"

    .bss
    .balign 4
records: .zero LPJ_SIZE
