# CPU benchmark, U-mode under Sv32 with the timer interrupt enabled: M-mode maps
# RAM with 4 KiB user pages, opens PMP, arms a far-away mtimecmp and drops to U;
# the workload's ecall comes back to M, which powers off.
    .include "abi.inc"                # the board's addresses (kernel/abi.toml [board])
    .equ OUTER, 200000
    .equ RAM, RAM_BASE
    .include "sv32_user.inc"
    .globl _start
_start:
    la      t0, m_trap
    csrw    mtvec, t0
    li      t0, -1                  # PMP: everything readable/writable/executable
    csrw    pmpaddr0, t0
    li      t0, 0x1f
    csrw    pmpcfg0, t0
    la      a0, pt_root
    la      a1, pt_l0
    MAP_RAM_AS_USER 1               # 4 MiB of user pages
    # timer interrupt live but far away
    li      t0, 0x2004000
    li      t1, -1
    sw      t1, 4(t0)
    sw      t1, 0(t0)
    li      t1, 0x80
    csrw    mie, t1
    # mret to U at user_main
    li      t0, 0x1800
    csrc    mstatus, t0
    li      t0, 0x80                # MPIE: interrupts on in U
    csrs    mstatus, t0
    la      t0, user_main
    csrw    mepc, t0
    mret

user_main:
    li      s0, OUTER
    call    int_workload
    ecall

    .align 2
m_trap:
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
    .space 4096
pt_root:
    .space 4096
pt_l0:
    .space 4096
