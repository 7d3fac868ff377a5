# userland/lib/env.s — the process's environment: `environ` and getenv.
#
# Owns the pointer to the environment block: strings "NAME=value", each
# NUL-terminated, ended by an empty string (kernel/abi.toml, "Process
# start-up").  A program starts with the block its parent passed (after
# the working directory in the start-up block; env_init); spawn passes
# the block `environ` points at to every child (process.s).  The shell
# keeps its variables itself and points `environ` at the block of its
# exported ones (env_use).  Never talks to a server.

    .include "abi.inc"
    .include "frame.inc"

    .text

# env_init(a0 = the byte after the argument strings): the environment
# follows the working directory there (a string starting with '/'; a block
# without one starts with the environment).
# Called by _start before main. Clobbers t0-t2, a0.
    .globl env_init
env_init:
    lbu     t0, 0(a0)
    li      t1, '/'
    bne     t0, t1, 2f
1:  lbu     t0, 0(a0)               # skip the working directory
    addi    a0, a0, 1
    bnez    t0, 1b
2:  la      t0, environ
    sw      a0, 0(t0)
    ret

# env_use(a0 = block): children get this block from now on (the caller
# keeps it in memory and ends it with an empty string). Clobbers t0.
    .globl env_use
env_use:
    la      t0, environ
    sw      a0, 0(t0)
    ret

# getenv(a0 = name) -> a0 = its value in the environment, or 0.
# Called by programs. Clobbers t0-t3, a0.
    .globl getenv
getenv:
    la      t0, environ
    lw      t0, 0(t0)               # t0 = this string
    beqz    t0, 8f
1:  lbu     t1, 0(t0)
    beqz    t1, 8f                  # the empty string: the end
    mv      t2, a0                  # compare NAME with name, then '='
2:  lbu     t1, 0(t0)
    lbu     t3, 0(t2)
    beqz    t3, 4f
    bne     t1, t3, 3f
    addi    t0, t0, 1
    addi    t2, t2, 1
    j       2b
4:  li      t3, '='
    bne     t1, t3, 3f
    addi    a0, t0, 1
    ret
3:  lbu     t1, 0(t0)               # not it: the next string
    addi    t0, t0, 1
    bnez    t1, 3b
    j       1b
8:  li      a0, 0
    ret

    .bss
    .balign 4
    .globl environ
environ: .zero 4                    # 0 before env_init: no environment
