# sv32.s -- Sv32 paging seen from S and U: 4 KiB pages and 4 MiB
# superpages, accessed/dirty bits set by the machine, every page-fault cause
# (12 fetch, 13 load, 15 store) with its tval (AMO faults: spec_only.s), MXR, SUM, U pages, reserved
# PTE encodings, misaligned superpages and sfence.vma.
.include "privlib.inc"

.equ PTE_V, 0x01
.equ PTE_R, 0x02
.equ PTE_W, 0x04
.equ PTE_X, 0x08
.equ PTE_U, 0x10
.equ PTE_A, 0x40
.equ PTE_D, 0x80

.equ TEST_VA, 0x40000000        # l0_table maps 4 KiB pages here
.equ SUPER_VA, 0x40400000       # superpage -> 0x80000000
.equ BADSUPER_VA, 0x40800000    # superpage with a misaligned PPN
.equ USER_CODE_VA, 0xc0000000   # user alias of the program: U R X

# Page i of TEST_VA: what it maps (see map_pages).
.equ PG_AD, 0                   # R W, A and D clear  -> data_page0
.equ PG_RO, 1                   # R                    -> data_page1
.equ PG_XO, 2                   # X only               -> exec_page
.equ PG_USER, 3                 # U R W                -> data_page2
.equ PG_INVALID, 4              # V clear
.equ PG_WO, 5                   # W without R: reserved
.equ PG_NONLEAF, 6              # a pointer PTE at the last level
.equ PG_UX, 7                   # U X                  -> exec_page
.equ PG_REMAP, 8                # data_page0, then data_page1
.equ PG_URO, 9                  # U R                  -> data_page1

# Write table[index] = PTE for the physical address of `target`.
.macro SET_PTE table, index, target, flags
    la      t0, \target
    srli    t0, t0, 12
    slli    t0, t0, 10
    ori     t0, t0, \flags
    la      t1, \table
    li      t2, (\index) * 4
    add     t1, t1, t2
    sw      t0, 0(t1)
.endm

# The same for a constant physical address.
.macro SET_PTE_PA table, index, pa, flags
    li      t0, (((\pa) >> 12) << 10) | (\flags)
    la      t1, \table
    li      t2, (\index) * 4
    add     t1, t1, t2
    sw      t0, 0(t1)
.endm

.macro SHOW_PTE name, table, index
    la      t3, \table
    li      t4, (\index) * 4
    add     t3, t3, t4
    lw      t3, 0(t3)
    PRINT_HEX "\name", t3
    NEWLINE
.endm

.macro SHOW_LOAD name, addr
    li      t3, \addr
    lw      t3, 0(t3)
    PRINT_HEX "\name", t3
    NEWLINE
.endm

    PRIV_BOOT
main:
    PRINT   "sv32\n"
    call    map_pages
    la      t0, s_trap
    csrw    stvec, t0
    la      t0, s_trap_stack_top
    csrw    sscratch, t0
    la      t0, l1_table
    srli    t0, t0, 12
    li      t1, 0x80000000          # MODE = Sv32
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
    ENTER_MODE MODE_S, s_main

s_main:
    PRINT   "S: A and D are set by the machine\n"
    SHOW_PTE "pte before ", l0_table, PG_AD
    SHOW_LOAD "load ", TEST_VA + PG_AD * 4096
    SHOW_PTE "after load ", l0_table, PG_AD
    li      t3, TEST_VA + PG_AD * 4096
    li      t4, 0x0a0a0a0b
    sw      t4, 4(t3)
    SHOW_PTE "after store ", l0_table, PG_AD

    PRINT   "S: faults not delegated go to M\n"
    li      t3, TEST_VA + PG_RO * 4096
    sw      zero, 8(t3)
    li      t3, TEST_VA + PG_INVALID * 4096
    lw      t4, 0x10(t3)

    PRINT   "S: delegate page faults\n"
    RESUME_AT m_delegate, MODE_M
    ecall
m_delegate:
    li      t0, (1 << 12) | (1 << 13) | (1 << 15)
    csrw    medeleg, t0
    ENTER_MODE MODE_S, s_delegated
s_delegated:
    SHOW_LOAD "read-only page: load ", TEST_VA + PG_RO * 4096
    li      t3, TEST_VA + PG_RO * 4096 + 0x123
    sb      zero, 0(t3)
    li      t3, TEST_VA + PG_INVALID * 4096 + 0xffc
    lw      t4, 0(t3)
    sw      t4, 0(t3)
    lr.w    t4, (t3)
    S_RESUME_AT s_after_fetch_invalid, MODE_S
    li      t3, TEST_VA + PG_INVALID * 4096 + 0x40
    jalr    ra, 0(t3)
s_after_fetch_invalid:
    PRINT   "S: execute-only page\n"
    li      t3, TEST_VA + PG_XO * 4096
    jalr    ra, 0(t3)
    PRINT_HEX "fetched and ran: a0=", a0
    NEWLINE
    li      t3, TEST_VA + PG_XO * 4096
    lw      t4, 0(t3)
    sw      t4, 0(t3)
    li      t0, MSTATUS_MXR
    csrs    sstatus, t0
    SHOW_LOAD "MXR: load ", TEST_VA + PG_XO * 4096
    li      t0, MSTATUS_MXR
    csrc    sstatus, t0

    PRINT   "S: U pages need SUM for loads and stores, and never run\n"
    li      t3, TEST_VA + PG_USER * 4096
    lw      t4, 0(t3)
    sw      t4, 0(t3)
    li      t0, MSTATUS_SUM
    csrs    sstatus, t0
    SHOW_LOAD "SUM: load ", TEST_VA + PG_USER * 4096
    li      t3, TEST_VA + PG_USER * 4096
    li      t4, 0x2c2c2c2d
    sw      t4, 4(t3)
    SHOW_PTE "SUM: after store ", l0_table, PG_USER
    S_RESUME_AT s_after_fetch_user, MODE_S
    li      t3, TEST_VA + PG_UX * 4096
    jalr    ra, 0(t3)
s_after_fetch_user:
    li      t0, MSTATUS_SUM
    csrc    sstatus, t0

    PRINT   "S: reserved encodings fault\n"
    li      t3, TEST_VA + PG_WO * 4096
    lw      t4, 0(t3)
    sw      t4, 0(t3)
    li      t3, TEST_VA + PG_NONLEAF * 4096
    lw      t4, 0(t3)

    PRINT   "S: superpages\n"
    la      t3, data_word
    li      t4, SUPER_VA - 0x80000000
    add     t3, t3, t4
    lw      t4, 0(t3)
    PRINT_HEX "superpage load ", t4
    NEWLINE
    SHOW_PTE "superpage pte ", l1_table, SUPER_VA >> 22
    li      t3, BADSUPER_VA + 0x100
    lw      t4, 0(t3)

    PRINT   "S: sfence.vma makes a changed PTE visible\n"
    SHOW_LOAD "before ", TEST_VA + PG_REMAP * 4096
    SET_PTE l0_table, PG_REMAP, data_page1, PTE_V | PTE_R | PTE_A
    li      t3, TEST_VA + PG_REMAP * 4096
    sfence.vma t3, zero
    SHOW_LOAD "after ", TEST_VA + PG_REMAP * 4096

    PRINT   "S: to U\n"
    RESUME_AT s_after_user, MODE_S
    la      t0, u_main
    li      t1, USER_CODE_VA - 0x80000000
    add     t0, t0, t1
    csrw    sepc, t0
    li      t0, MSTATUS_SPP
    csrc    sstatus, t0
    sret
s_after_user:
    PRINT   "S: back from U\n"
    SHOW_PTE "user code superpage pte ", l1_table, USER_CODE_VA >> 22
    PRINT   "done\n"
    POWER_OFF

# U-mode code, run through the USER_CODE_VA alias: it cannot print, so it
# only makes accesses; the S handler prints each fault.  The ecall goes to M
# (not delegated), which resumes S at s_after_user.
u_main:
    li      t3, TEST_VA + PG_USER * 4096
    lw      t4, 0(t3)
    sw      t4, 8(t3)
    li      t3, TEST_VA + PG_URO * 4096
    lw      t4, 0(t3)
    sw      t4, 0(t3)
    li      t3, TEST_VA + PG_AD * 4096
    lw      t4, 0(t3)
    li      t3, 0x80000000
    lw      t4, 0(t3)
    li      t3, UART_BASE
    sb      t4, 0(t3)
    ecall

# Build the page tables (M-mode, physical addresses).
map_pages:
    mv      t6, ra
    SET_PTE_PA l1_table, 0x80000000 >> 22, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    SET_PTE_PA l1_table, UART_BASE >> 22, UART_BASE, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    SET_PTE_PA l1_table, SIFIVE_TEST >> 22, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    SET_PTE_PA l1_table, USER_CODE_VA >> 22, 0x80000000, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
    SET_PTE_PA l1_table, SUPER_VA >> 22, 0x80000000, PTE_V | PTE_R | PTE_W
    SET_PTE_PA l1_table, BADSUPER_VA >> 22, 0x80001000, PTE_V | PTE_R | PTE_A
    SET_PTE l1_table, TEST_VA >> 22, l0_table, PTE_V
    SET_PTE l0_table, PG_AD, data_page0, PTE_V | PTE_R | PTE_W
    SET_PTE l0_table, PG_RO, data_page1, PTE_V | PTE_R | PTE_A
    SET_PTE l0_table, PG_XO, exec_page, PTE_V | PTE_X | PTE_A
    SET_PTE l0_table, PG_USER, data_page2, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A
    SET_PTE l0_table, PG_WO, data_page1, PTE_V | PTE_W | PTE_A | PTE_D
    SET_PTE l0_table, PG_NONLEAF, data_page1, PTE_V
    SET_PTE l0_table, PG_UX, exec_page, PTE_V | PTE_X | PTE_U | PTE_A
    SET_PTE l0_table, PG_REMAP, data_page0, PTE_V | PTE_R | PTE_A
    SET_PTE l0_table, PG_URO, data_page1, PTE_V | PTE_R | PTE_U | PTE_A
    mv      ra, t6
    ret

    PRIV_LIB

    .text
    .balign 4096
exec_page:
    li      a0, 0x77
    ret

    .data
    .balign 4096
l1_table:
    .zero 4096
l0_table:
    .zero 4096
data_page0:
    .word 0x0a0a0a0a
    .balign 4096
data_page1:
    .word 0x1b1b1b1b
    .balign 4096
data_page2:
    .word 0x2c2c2c2c
    .balign 4096
data_word:
    .word 0x5a5aa5a5
