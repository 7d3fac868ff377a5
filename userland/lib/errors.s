# userland/lib/errors.s — words for error numbers.
#
# Owns the text shown for each errno of kernel/abi.toml (the numbers come
# from abi.inc; only the words live here).

    .include "abi.inc"

    .text

# strerror(a0 = errno, positive or negative) -> a0 = a short description.
# Called by the shell and programs to report failures. Clobbers t0-t2.
    .globl strerror
strerror:
    bgez    a0, 1f
    neg     a0, a0
1:  la      t0, error_table
2:  lw      t1, 0(t0)
    beqz    t1, 3f
    beq     t1, a0, 4f
    addi    t0, t0, 8
    j       2b
3:  la      a0, unknown_error_text
    ret
4:  lw      a0, 4(t0)
    ret

    .section .rodata
    .balign 4
error_table:
    .word EPERM, err_eperm_text
    .word ENOENT, err_enoent_text
    .word ESRCH, err_esrch_text
    .word EINTR, err_eintr_text
    .word EIO, err_eio_text
    .word E2BIG, err_e2big_text
    .word ENOEXEC, err_enoexec_text
    .word EBADF, err_ebadf_text
    .word ECHILD, err_echild_text
    .word EAGAIN, err_eagain_text
    .word ENOMEM, err_enomem_text
    .word EFAULT, err_efault_text
    .word EBUSY, err_ebusy_text
    .word EEXIST, err_eexist_text
    .word EINVAL, err_einval_text
    .word ENOSPC, err_enospc_text
    .word EPIPE, err_epipe_text
    .word ENOSYS, err_enosys_text
    .word ETIMEDOUT, err_etimedout_text
    .word EDEAD, err_edead_text
    .word 0, 0
err_eperm_text:       .asciz "operation not permitted"
err_enoent_text:      .asciz "no such program or file"
err_esrch_text:       .asciz "no such process"
err_eintr_text:       .asciz "interrupted"
err_eio_text:         .asciz "input/output error"
err_e2big_text:       .asciz "argument list too long"
err_enoexec_text:     .asciz "not an executable"
err_ebadf_text:       .asciz "bad file descriptor"
err_echild_text:      .asciz "no child processes"
err_eagain_text:      .asciz "try again"
err_enomem_text:      .asciz "out of memory"
err_efault_text:      .asciz "bad address"
err_ebusy_text:       .asciz "busy"
err_eexist_text:      .asciz "already exists"
err_einval_text:      .asciz "invalid argument"
err_enospc_text:      .asciz "no space left"
err_epipe_text:       .asciz "broken pipe"
err_enosys_text:      .asciz "no such operation"
err_etimedout_text:   .asciz "timed out"
err_edead_text:       .asciz "server is dead"
unknown_error_text: .asciz "unknown error"
