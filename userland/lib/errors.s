# userland/lib/errors.s — words for error numbers.
#
# Looks up the words for each errno, and prints a program's failure in
# them (warn_errno); numbers and words both come from
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


# warn_errno(a0 = -errno, a1 = program name, a2 = what failed): prints
# "program: what: words" on descriptor 2, as Unix tools word their errors
# (`cat: nosuch: no such file or directory`).
# Called by programs. Clobbers caller-saved registers.
    .globl warn_errno
warn_errno:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a1, 8(sp)
    sw      a2, 4(sp)
    call    strerror
    mv      a4, a0
    lw      a3, 4(sp)
    lw      a2, 8(sp)
    la      a1, warn_format
    li      a0, 2
    call    dprintf
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
warn_format: .asciz "%s: %s: %s\n"
    .balign 4
error_table:
    ERRNO_WORD_TABLE                # (errno, text) pairs from kernel/abi.toml [errno_words]
unknown_error_text: .asciz "unknown error"
