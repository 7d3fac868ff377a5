# CPU benchmark, M-mode, no translation: run the integer workload, power off.
    .include "abi.inc"                # the board's addresses (kernel/abi.toml [board])
    .equ OUTER, 200000
    .globl _start
_start:
    li      s0, OUTER
    call    int_workload
    .globl bench_end
bench_end:
    li      t0, SIFIVE_TEST_BASE
    li      t1, 0x5555
    sw      t1, 0(t0)
1:  j       1b

    .include "int_loop.inc"

    .data
    .align 12
bench_data:
    .space 256
