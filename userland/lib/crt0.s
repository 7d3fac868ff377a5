# userland/lib/crt0.s — where every program starts.
#
# Owns the start-up contract of kernel/abi.toml: the first thread enters at
# _start with a0 = argc, a1 = argv and sp at the start-up block
# [argc][argv[0..argc-1]][0][nfds][nfds fd pairs][strings...], where the
# string after the arguments is the working directory the parent passed
# and the strings after it the environment.  _start fills the descriptor
# table, the working directory and `environ` from the block, calls
# main(argc, argv) and hands main's result to exit(). It never returns.

    .text
    .globl _start
_start:
    mv      s0, a0                  # argc
    mv      s1, a1                  # argv
    slli    a0, s0, 2               # nfds and the fd pairs follow argv's NULL
    add     a0, s1, a0
    addi    a0, a0, 4
    call    fd_init
    li      a0, 0                   # the working directory: after argv's strings
    beqz    s0, 1f
    slli    t0, s0, 2
    add     t0, s1, t0
    lw      s2, -4(t0)              # argv[argc - 1]
    mv      a0, s2
    call    strlen
    add     a0, a0, s2
    addi    a0, a0, 1
1:  mv      s2, a0
    call    cwd_init
    beqz    s2, 2f                  # then the environment (env.s); pm ends
    mv      a0, s2                  # the strings with an empty one
    call    env_init
2:  andi    sp, sp, -16             # the block stays above; align for main
    mv      a0, s0
    mv      a1, s1
    call    main
    call    exit
1:  j       1b                      # not reached: exit never returns
