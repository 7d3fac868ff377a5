# kernel/pagetable.s — Sv32 page tables and checked access to user memory.
# The kernel never dereferences a user pointer: it walks the owner's page
# table (user_translate), checks U and the needed permission, and uses the
# physical address, which is identity-mapped for the kernel.  So a bad user
# pointer is an -EFAULT, never a kernel fault.
.include "kernel.inc"

.equ KERNEL_MEGAPAGE, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G
.equ DEVICE_MEGAPAGE, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G
.equ KERNEL_FIRST_ENTRY, 512     # root entries 512..1023 map 0x80000000 up
.equ MEGAPAGE_SHIFT, PAGE_SHIFT + VPN_BITS  # one root entry maps 4 MiB
.equ MEGAPAGE, 1 << MEGAPAGE_SHIFT

# pagetable_init maps RAM and the device aliases with megapages, and
# root_create shares the kernel half (entries from KERNEL_FIRST_ENTRY up)
# with every space: these must hold for that.
.if RAM_BASE != KERNEL_FIRST_ENTRY * MEGAPAGE
    .error "RAM_BASE must start the kernel half of the root table (entry KERNEL_FIRST_ENTRY)"
.endif
.if (RAM_LIMIT - RAM_BASE) % MEGAPAGE
    .error "RAM_LIMIT - RAM_BASE must be whole megapages"
.endif
.if KERNEL_DEV_BASE < RAM_LIMIT
    .error "the device aliases (KERNEL_DEV_BASE) must lie above the RAM the kernel maps"
.endif
.if (PLIC_BASE % MEGAPAGE) || (UART_BASE % MEGAPAGE)
    .error "PLIC_BASE and UART_BASE must start megapages: KPLIC and KUART alias whole ones"
.endif

.section .text
# pagetable_init: build kernel_root (RAM identity + device aliases), turn
# paging on.  Called once by kmain with paging off.  Clobbers t0-t3.
.globl pagetable_init
pagetable_init:
    la      t0, kernel_root
    li      t1, KERNEL_FIRST_ENTRY * 4
    add     t0, t0, t1              # &root[512]
    li      t1, RAM_BASE >> (PAGE_SHIFT - PTE_PPN_SHIFT) # PTE of megapage RAM_BASE
    ori     t1, t1, KERNEL_MEGAPAGE
    li      t2, (RAM_LIMIT - RAM_BASE) >> MEGAPAGE_SHIFT # map all RAM the board may have
    li      t3, MEGAPAGE >> (PAGE_SHIFT - PTE_PPN_SHIFT) # one megapage, in PTE units
1:  sw      t1, 0(t0)
    add     t1, t1, t3
    addi    t0, t0, 4
    addi    t2, t2, -1
    bnez    t2, 1b
    la      t0, kernel_root
    li      t1, (KTEST >> MEGAPAGE_SHIFT) * 4
    add     t1, t0, t1
    li      t2, ((SIFIVE_TEST_BASE >> MEGAPAGE_SHIFT) << (VPN_BITS + PTE_PPN_SHIFT)) | DEVICE_MEGAPAGE
    sw      t2, 0(t1)
    li      t1, (KPLIC >> MEGAPAGE_SHIFT) * 4
    add     t1, t0, t1
    li      t2, ((PLIC_BASE >> MEGAPAGE_SHIFT) << (VPN_BITS + PTE_PPN_SHIFT)) | DEVICE_MEGAPAGE
    sw      t2, 0(t1)
    li      t1, (KUART >> MEGAPAGE_SHIFT) * 4
    add     t1, t0, t1
    li      t2, ((UART_BASE >> MEGAPAGE_SHIFT) << (VPN_BITS + PTE_PPN_SHIFT)) | DEVICE_MEGAPAGE
    sw      t2, 0(t1)
    srli    t1, t0, PAGE_SHIFT      # satp: the root's page number
    li      t2, SATP_SV32
    or      t1, t1, t2
    la      t0, spaces              # space 0: the kernel's own (idle thread)
    sw      t1, SPACE_SATP(t0)
    la      t2, kernel_root
    sw      t2, SPACE_ROOT(t0)
    csrw    satp, t1
    sfence.vma
    ret

# root_create() -> a0 = a new root table with the kernel half copied in,
# or 0 when out of frames.  Clobbers t0-t3.
.globl root_create
root_create:
    prologue ra
    call    frame_alloc
    beqz    a0, 2f
    la      t0, kernel_root
    li      t1, KERNEL_FIRST_ENTRY * 4
    add     t0, t0, t1
    add     t1, a0, t1
    li      t2, (1 << VPN_BITS) - KERNEL_FIRST_ENTRY
1:  lw      t3, 0(t0)
    sw      t3, 0(t1)
    addi    t0, t0, 4
    addi    t1, t1, 4
    addi    t2, t2, -1
    bnez    t2, 1b
2:  epilogue
    ret

# pte_find(a0 = root, a1 = user va, a2 = create?) -> a0 = address of the
# leaf PTE slot, or 0 (no table and !create, out of frames, or a kernel
# megapage).  Clobbers a2, t0-t3.
.globl pte_find
pte_find:
    vpn1_offset t0, a1
    add     t0, a0, t0              # &root[vpn1]
    lw      t1, 0(t0)
    andi    t2, t1, PTE_V
    bnez    t2, 1f
    beqz    a2, 3f
    prologue ra, t0
    call    frame_alloc
    epilogue
    beqz    a0, 3f
    srli    t1, a0, PAGE_SHIFT - PTE_PPN_SHIFT # the table's PTE
    ori     t1, t1, PTE_V
    sw      t1, 0(t0)
1:  andi    t2, t1, PTE_R | PTE_W | PTE_X
    bnez    t2, 3f                  # a megapage: kernel memory, never a user page
    pte_page t1, t1
    vpn0_offset t2, a1
    add     a0, t1, t2
    ret
3:  li      a0, 0
    ret

# user_translate(a0 = root, a1 = va, a2 = PTE bits needed, e.g. PTE_U|PTE_R)
# -> a0 = physical address, or 0 when the page is absent, lacks a bit or is
# not RAM (the kernel maps only RAM where it copies: a mapped device page
# is -EFAULT to every call, never a kernel fault).
# Clobbers a2, t0-t3.  a1 is preserved.
.globl user_translate
user_translate:
    bltz    a1, 2f                  # 0x80000000 and up is never user memory
    vpn1_offset t0, a1
    add     t0, a0, t0
    lw      t1, 0(t0)
    andi    t2, t1, PTE_V
    beqz    t2, 2f
    andi    t2, t1, PTE_R | PTE_W | PTE_X
    bnez    t2, 2f
    pte_page t1, t1
    vpn0_offset t2, a1
    add     t1, t1, t2
    lw      t1, 0(t1)               # leaf PTE
    ori     a2, a2, PTE_V
    and     t2, t1, a2
    bne     t2, a2, 2f
    pte_page t1, t1
    li      t2, RAM_BASE            # a device page (a driver's, device_map
    bltu    t1, t2, 2f              # maps only below RAM) is no kernel target
    page_offset t2, a1
    or      a0, t1, t2
    ret
2:  li      a0, 0
    ret

# copy_between(a0 = dst root, a1 = dst va, a2 = src root, a3 = src va,
#              a4 = len, a5 = PTE bits the destination needs)
# -> a0 = 0, or -EFAULT (part may have been copied).  A root of 0 means the
# kernel's own memory (addresses used as they are).  Source pages need U|R.
# Clobbers a1-a5, t0-t3.
.globl copy_between
copy_between:
    prologue ra, s1, s2, s3, s4, s5, s6, s7
    mv      s1, a0                  # dst root
    mv      s2, a1                  # dst va
    mv      s3, a2                  # src root
    mv      s4, a3                  # src va
    mv      s5, a4                  # bytes left
    mv      s6, a5
1:  beqz    s5, 8f
    mv      s7, s2                  # dst pa
    beqz    s1, 2f
    mv      a0, s1
    mv      a1, s2
    mv      a2, s6
    call    user_translate
    beqz    a0, 9f
    mv      s7, a0
2:  mv      a3, s4                  # src pa
    beqz    s3, 3f
    mv      a0, s3
    mv      a1, s4
    li      a2, PTE_U | PTE_R
    call    user_translate
    beqz    a0, 9f
    mv      a3, a0
3:  li      t0, PAGE_SIZE           # chunk = min(left, rest of both pages)
    page_offset t1, s2
    sub     t1, t0, t1
    page_offset t2, s4
    sub     t2, t0, t2
    bleu    t1, t2, 4f
    mv      t1, t2
4:  bleu    t1, s5, 5f
    mv      t1, s5
5:  add     s2, s2, t1
    add     s4, s4, t1
    sub     s5, s5, t1
    or      t2, s7, a3              # both word-aligned: copy words
    or      t2, t2, t1
    andi    t2, t2, 3
    bnez    t2, 7f
6:  lw      t2, 0(a3)
    sw      t2, 0(s7)
    addi    a3, a3, 4
    addi    s7, s7, 4
    addi    t1, t1, -4
    bnez    t1, 6b
    j       1b
7:  lbu     t2, 0(a3)
    sb      t2, 0(s7)
    addi    a3, a3, 1
    addi    s7, s7, 1
    addi    t1, t1, -1
    bnez    t1, 7b
    j       1b
8:  li      a0, 0
    j       10f
9:  li      a0, -EFAULT
10: epilogue
    ret

# map_pages(a0 = root, a1 = va, a2 = pages, a3 = PTE bits, a4 = phys or 0,
#           a5 = merge?)
# -> a0 = 0, -EEXIST, -ENOMEM.  With a4 = 0 each page gets a fresh zeroed
# frame; otherwise pages map a4, a4+4096, ... (borrowed: never freed).
# A page already mapped is -EEXIST, unless a5 (merge, for the ELF loader)
# and not borrowed: then it keeps its frame and gains the bits.
# Clobbers a1-a4, t0-t3.
.globl map_pages
map_pages:
    prologue ra, s1, s2, s3, s4, s5, s6, s7
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s7, a5
    ori     s4, a3, PTE_V | PTE_U | PTE_A | PTE_D
    mv      s5, a4
    beqz    s5, 1f
    ori     s4, s4, PTE_BORROWED
1:  beqz    s3, 5f
    mv      a0, s1
    mv      a1, s2
    li      a2, 1
    call    pte_find
    beqz    a0, 7f
    lw      t0, 0(a0)
    andi    t1, t0, PTE_V
    beqz    t1, 9f
    beqz    s7, 6f                  # only the loader may overlay a page:
    bnez    s5, 6f                  # then an own page gains the rights
    or      t0, t0, s4              # (ELF segments may share a page)
    sw      t0, 0(a0)
    j       4f
9:  mv      s6, a0
    mv      a0, s5
    bnez    s5, 2f
    call    frame_alloc
    beqz    a0, 7f
    j       3f
2:  li      t0, PAGE_SIZE
    add     s5, s5, t0
3:  srli    a0, a0, PAGE_SHIFT - PTE_PPN_SHIFT # the page's PTE
    or      a0, a0, s4
    sw      a0, 0(s6)
4:  li      t0, PAGE_SIZE
    add     s2, s2, t0
    addi    s3, s3, -1
    j       1b
5:  li      a0, 0
    j       8f
6:  li      a0, -EEXIST
    j       8f
7:  li      a0, -ENOMEM
8:  sfence.vma
    epilogue
    ret

# root_free(a0 = root): free every owned user frame, the tables and the
# root itself.  Clobbers a0-a3, t0-t3.
.globl root_free
root_free:
    prologue ra, s1, s2, s3, s4
    mv      s1, a0
    li      s2, 0                   # root index 0..511 (user half)
1:  li      t0, KERNEL_FIRST_ENTRY
    bgeu    s2, t0, 5f
    slli    t0, s2, 2
    add     t0, s1, t0
    lw      t1, 0(t0)
    addi    s2, s2, 1
    andi    t2, t1, PTE_V
    beqz    t2, 1b
    pte_page s3, t1                 # the second-level table
    li      s4, 0
2:  li      t0, 1 << VPN_BITS
    bgeu    s4, t0, 4f
    slli    t0, s4, 2
    add     t0, s3, t0
    lw      t1, 0(t0)
    addi    s4, s4, 1
    andi    t2, t1, PTE_V
    beqz    t2, 2b
    andi    t2, t1, PTE_BORROWED
    bnez    t2, 2b
    pte_page a0, t1
    call    frame_free
    j       2b
4:  mv      a0, s3
    call    frame_free
    j       1b
5:  mv      a0, s1
    call    frame_free
    epilogue
    ret

.section .bss
.balign 4096
.globl kernel_root
kernel_root:
    .space 4096
