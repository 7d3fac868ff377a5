# The start-up benchmark's program (vm/cli/bench_startup.py): print "hi" and
# power off, so `toyos run` of it is nearly all start-up.
    .include "abi.inc"                # the board's addresses (kernel/abi.toml [board])
    .globl _start
_start:
    li      t0, UART_BASE
    li      t1, 'h'
    sb      t1, 0(t0)
    li      t1, 'i'
    sb      t1, 0(t0)
    li      t1, '\n'
    sb      t1, 0(t0)
    li      t0, SIFIVE_TEST_BASE
    li      t1, FINISHER_PASS
    sw      t1, 0(t0)
1:  j       1b
