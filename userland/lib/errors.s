# userland/lib/errors.s — words for error numbers.
#
# Looks up the words for each errno; numbers and words both come from
# kernel/abi.toml ([errno], [errno_words]) through abi.inc's ERRNO_WORD_TABLE.

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
    ERRNO_WORD_TABLE                # (errno, text) pairs from kernel/abi.toml [errno_words]
unknown_error_text: .asciz "unknown error"
