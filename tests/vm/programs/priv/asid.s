# asid.s -- address spaces told apart by ASID (issue 12): the same virtual
# page mapped to different frames in two spaces, switched by satp alone
# (loads, stores and instruction fetch); an ASID given a new root; and each
# sfence.vma form (rs1 = a page or x0, rs2 = an ASID or x0), global
# mappings included, making a changed PTE visible.  The machine caches
# translations per ASID and keeps them across satp writes (vm/mmu.py), so
# every line here is a place where a stale entry would show.
.include "privlib.inc"

.equ PTE_V, 0x01
.equ PTE_R, 0x02
.equ PTE_W, 0x04
.equ PTE_X, 0x08
.equ PTE_G, 0x20
.equ PTE_A, 0x40
.equ PTE_D, 0x80
.equ RW, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
.equ RX, PTE_V | PTE_R | PTE_X | PTE_A

.equ TEST_VA, 0x40000000        # page 0: per space; page 1: global; page 2: code per space
.equ ASID_A, 1
.equ ASID_B, 2

# Write table[index] = PTE for the physical address of `target`.
.macro SET_PTE table, index, target, flags
    la      t0, \target
    srli    t0, t0, 12
    slli    t0, t0, 10
    ori     t0, t0, \flags
    la      t1, \table
    sw      t0, (\index) * 4(t1)
.endm

# The same for a constant physical address (megapages of l1 tables).
.macro SET_PTE_PA table, index, pa, flags
    li      t0, (((\pa) >> 12) << 10) | (\flags)
    la      t1, \table
    li      t2, (\index) * 4
    add     t1, t1, t2
    sw      t0, 0(t1)
.endm

# satp := Sv32, `asid`, root table `root`; no sfence.vma.
.macro USE_SPACE root, asid
    la      t0, \root
    srli    t0, t0, 12
    li      t1, 0x80000000 | ((\asid) << 22)
    or      t0, t0, t1
    csrw    satp, t0
.endm

.macro SHOW_LOAD name, addr
    li      t3, \addr
    lw      t3, 0(t3)
    PRINT_HEX "\name", t3
    NEWLINE
.endm

# Call the code page of the current space and print what it returns.
.macro SHOW_CALL name
    li      t3, TEST_VA + 2 * 4096
    jalr    ra, 0(t3)
    PRINT_HEX "\name", a0
    NEWLINE
.endm

    PRIV_BOOT
main:
    PRINT   "asid\n"
    la      a0, root_a
    call    map_common
    la      a0, root_b
    call    map_common
    la      a0, root_c
    call    map_common
    SET_PTE root_a, TEST_VA >> 22, l0_a, PTE_V
    SET_PTE root_b, TEST_VA >> 22, l0_b, PTE_V
    SET_PTE root_c, TEST_VA >> 22, l0_c, PTE_V
    SET_PTE l0_a, 0, page_a, RW
    SET_PTE l0_b, 0, page_b, RW
    SET_PTE l0_c, 0, page_c, RW
    SET_PTE l0_a, 1, page_g, RW | PTE_G
    SET_PTE l0_b, 1, page_g, RW | PTE_G
    SET_PTE l0_a, 2, code_a, RX
    SET_PTE l0_b, 2, code_b, RX
    USE_SPACE root_a, ASID_A
    sfence.vma
    ENTER_MODE MODE_S, s_main

s_main:
    PRINT   "S: two spaces, one address, switched by satp alone\n"
    SHOW_LOAD "A: ", TEST_VA
    SHOW_CALL "A runs: "
    USE_SPACE root_b, ASID_B
    SHOW_LOAD "B: ", TEST_VA
    SHOW_CALL "B runs: "
    li      t3, TEST_VA
    li      t4, 0xb0b0b0b1
    sw      t4, 0(t3)
    USE_SPACE root_a, ASID_A
    SHOW_LOAD "A again: ", TEST_VA
    SHOW_CALL "A runs: "
    li      t3, TEST_VA
    li      t4, 0xa0a0a0a1
    sw      t4, 0(t3)
    USE_SPACE root_b, ASID_B
    SHOW_LOAD "B again, after its store: ", TEST_VA
    SHOW_CALL "B runs: "
    USE_SPACE root_a, ASID_A
    SHOW_LOAD "A again, after its store: ", TEST_VA

    PRINT   "S: ASID A given another root (as QEMU: the new tables)\n"
    USE_SPACE root_c, ASID_A
    SHOW_LOAD "A on root C: ", TEST_VA
    USE_SPACE root_a, ASID_A
    SHOW_LOAD "A on root A: ", TEST_VA

    PRINT   "S: sfence.vma page, ASID\n"
    SHOW_LOAD "before: ", TEST_VA
    SET_PTE l0_a, 0, page_c, RW
    li      t3, TEST_VA
    li      t4, ASID_A
    sfence.vma t3, t4
    SHOW_LOAD "after: ", TEST_VA

    PRINT   "S: sfence.vma x0, ASID\n"
    SET_PTE l0_a, 0, page_b, RW
    li      t4, ASID_A
    sfence.vma zero, t4
    SHOW_LOAD "after: ", TEST_VA

    PRINT   "S: sfence.vma page, x0\n"
    SET_PTE l0_a, 0, page_a, RW
    li      t3, TEST_VA + 0x123
    sfence.vma t3, zero
    SHOW_LOAD "after: ", TEST_VA
    USE_SPACE root_b, ASID_B
    SHOW_LOAD "B still: ", TEST_VA

    PRINT   "S: global mappings\n"
    SHOW_LOAD "B global: ", TEST_VA + 4096
    USE_SPACE root_a, ASID_A
    SHOW_LOAD "A global: ", TEST_VA + 4096
    SET_PTE l0_a, 1, page_c, RW | PTE_G
    SET_PTE l0_b, 1, page_c, RW | PTE_G
    sfence.vma
    SHOW_LOAD "A global after sfence.vma: ", TEST_VA + 4096
    USE_SPACE root_b, ASID_B
    SHOW_LOAD "B global after sfence.vma: ", TEST_VA + 4096
    SET_PTE l0_a, 1, page_g, RW | PTE_G
    SET_PTE l0_b, 1, page_g, RW | PTE_G
    li      t3, TEST_VA + 4096
    sfence.vma t3, zero
    SHOW_LOAD "B global after sfence.vma page: ", TEST_VA + 4096
    USE_SPACE root_a, ASID_A
    SHOW_LOAD "A global after sfence.vma page: ", TEST_VA + 4096

    PRINT   "S: code changed in one space, sfence.vma\n"
    SET_PTE l0_a, 2, code_b, RX
    sfence.vma
    SHOW_CALL "A runs: "
    USE_SPACE root_b, ASID_B
    SHOW_CALL "B runs: "
    PRINT   "done\n"
    POWER_OFF

# map_common(a0 = root): the program, the UART and the test device, as
# megapages mapped to themselves (M-mode, physical addresses).
map_common:
    li      t0, ((0x80000000 >> 12) << 10) | RW | PTE_X
    li      t1, (0x80000000 >> 22) * 4
    add     t1, t1, a0
    sw      t0, 0(t1)
    li      t0, ((UART_BASE >> 12) << 10) | RW
    li      t1, (UART_BASE >> 22) * 4
    add     t1, t1, a0
    sw      t0, 0(t1)
    li      t0, RW
    li      t1, (SIFIVE_TEST >> 22) * 4
    add     t1, t1, a0
    sw      t0, 0(t1)
    ret

    PRIV_LIB

    .text
    .balign 4096
code_a:
    li      a0, 0xaa
    ret
    .balign 4096
code_b:
    li      a0, 0xbb
    ret

    .data
    .balign 4096
root_a:
    .zero 4096
root_b:
    .zero 4096
root_c:
    .zero 4096
l0_a:
    .zero 4096
l0_b:
    .zero 4096
l0_c:
    .zero 4096
page_a:
    .word 0xaaaaaaaa
    .balign 4096
page_b:
    .word 0xbbbbbbbb
    .balign 4096
page_c:
    .word 0xcccccccc
    .balign 4096
page_g:
    .word 0x99999999
    .balign 4096
