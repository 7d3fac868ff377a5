# kernel/space.s — address spaces and the calls that build them.
# A space is a slot in `spaces` (its handle) holding an Sv32 root table.
# Slot 0 is the kernel's own space (the idle thread); pm is slot 1.  Only pm
# builds other spaces (space_create, space_copy, device_map, mem_map into
# another space); any thread may map fresh pages into its own space.
.include "kernel.inc"

.section .text
# space_alloc(a0 = flags) -> a0 = space pointer, or 0 with a1 = -EAGAIN (every
# slot taken) or -ENOMEM (no frame for the root table).
# Clobbers a1, t0-t3.
.globl space_alloc
space_alloc:
    prologue ra, s1, s2
    mv      s2, a0
    la      s1, spaces + SPACE_SIZE
    la      t0, spaces + NSPACES * SPACE_SIZE
1:  bgeu    s1, t0, 3f
    lw      t1, SPACE_ROOT(s1)
    beqz    t1, 2f
    addi    s1, s1, SPACE_SIZE
    j       1b
2:  call    root_create
    li      a1, -ENOMEM
    beqz    a0, 5f
    sw      a0, SPACE_ROOT(s1)
    srli    t0, a0, PAGE_SHIFT      # satp: the root's page number
    li      t1, SATP_SV32
    or      t0, t0, t1
    la      t1, spaces              # ASID = the slot: switching spaces needs
    sub     t1, s1, t1              # no sfence.vma (space_destroy flushes a
    srli    t1, t1, SPACE_SHIFT     # slot's translations before its reuse)
    slli    t1, t1, SATP_ASID_SHIFT
    or      t0, t0, t1
    sw      t0, SPACE_SATP(s1)
    sw      s2, SPACE_FLAGS(s1)
    sw      zero, SPACE_NTHREADS(s1)
    addi    t0, s1, SPACE_ACCT      # no accounting yet (abi.toml [acct])
    addi    t1, s1, SPACE_SIZE
6:  sw      zero, 0(t0)
    addi    t0, t0, 4
    bltu    t0, t1, 6b
    mv      a0, s1
    j       4f
3:  li      a1, -EAGAIN             # too many processes, however much memory is free
5:  li      a0, 0
4:  epilogue
    ret

# space_lookup(a0 = handle) -> a0 = space pointer of s0's own space for 0,
# another live space for 1..NSPACES-1 if s0 is pm, else 0; a1 = -errno to
# return when a0 = 0.  Clobbers t0-t1.
.globl space_lookup
space_lookup:
    bnez    a0, 1f
    lw      a0, THREAD_SPACE(s0)
    ret
1:  caller_is_pm t0
    li      a1, -EPERM
    beqz    t0, 3f
    li      a1, -ESRCH
    li      t0, NSPACES
    bgeu    a0, t0, 3f
    slli    a0, a0, SPACE_SHIFT
    la      t0, spaces
    add     a0, a0, t0
    lw      t0, SPACE_ROOT(a0)
    beqz    t0, 3f
    ret
3:  li      a0, 0
    ret

# space_create(flags) -> handle.  pm only.
.globl sys_space_create
sys_space_create:
    prologue ra
    caller_is_pm t0
    beqz    t0, 1f
    lw      a0, TF_SYSCALL_ARG0(s0)
    andi    a0, a0, SPACE_DRIVER    # nobody else becomes pm
    call    space_alloc
    beqz    a0, 2f                  # a1 = -EAGAIN or -ENOMEM
    la      t0, spaces
    sub     a0, a0, t0
    srli    a0, a0, SPACE_SHIFT
    j       3f
1:  li      a0, -EPERM
    j       3f
2:  mv      a0, a1
3:  epilogue
    ret

# space_destroy(space): kill its threads, free its memory.  pm only, and
# never pm's own space or the kernel's.
.globl sys_space_destroy
sys_space_destroy:
    prologue ra, s1
    beqz    a0, 8f
    call    space_lookup
    beqz    a0, 9f
    lw      t0, THREAD_SPACE(s0)
    beq     a0, t0, 8f
    mv      s1, a0
    call    space_kill_threads      # kernel/thread.s
    lw      a0, SPACE_ROOT(s1)
    call    root_free
    sfence.vma                      # its ASID and frames will be reused
    sw      zero, SPACE_ROOT(s1)
    sw      zero, SPACE_FLAGS(s1)
    li      a0, 0
    j       10f
8:  li      a1, -EINVAL
9:  mv      a0, a1
10: epilogue
    ret

# mem_map(space, addr, pages, prot): fresh zeroed pages.
.globl sys_mem_map
sys_mem_map:
    prologue ra
    call    space_lookup
    beqz    a0, 9f
    lw      a1, TF_SYSCALL_ARG1(s0)
    lw      a2, TF_SYSCALL_ARG2(s0)
    lw      a3, TF_SYSCALL_ARG3(s0)
    call    check_user_range
    bnez    a4, 8f
    andi    t0, a3, ~(PROT_R | PROT_W | PROT_X)
    bnez    t0, 7f
    beqz    a3, 7f
    andi    t0, a3, PROT_W          # Sv32 has no write-only pages
    beqz    t0, 1f
    ori     a3, a3, PROT_R
1:  lw      a0, SPACE_ROOT(a0)
    li      a4, 0
    li      a5, 0
    call    map_pages
    j       10f
7:  li      a0, -EINVAL
    j       10f
8:  mv      a0, a4
    j       10f
9:  mv      a0, a1
10: epilogue
    ret

# check_user_range(a1 = page-aligned addr, a2 = pages) -> a4 = 0 if
# [addr, addr + pages*4096) is inside user space past page 0, else -EINVAL.
# Clobbers t0-t1.
.globl check_user_range
check_user_range:
    li      a4, -EINVAL
    page_offset t0, a1
    bnez    t0, 1f
    li      t0, PAGE_SIZE
    bltu    a1, t0, 1f
    li      t0, USER_USER_TOP / PAGE_SIZE
    bgeu    a2, t0, 1f
    beqz    a2, 1f
    slli    t1, a2, PAGE_SHIFT
    add     t1, a1, t1              # end
    li      t0, USER_USER_TOP
    bgtu    t1, t0, 1f
    bltu    t1, a1, 1f
    li      a4, 0
1:  ret

# space_copy(space, dst, src, len): pm loads programs with it.  The
# destination only needs to be a user page (text is not writable).
.globl sys_space_copy
sys_space_copy:
    prologue ra
    beqz    a0, 8f
    call    space_lookup
    beqz    a0, 9f
    lw      a0, SPACE_ROOT(a0)
    lw      a1, TF_SYSCALL_ARG1(s0)
    thread_root a2, s0
    lw      a3, TF_SYSCALL_ARG2(s0)
    lw      a4, TF_SYSCALL_ARG3(s0)
    li      a5, PTE_U
    call    copy_between
    j       10f
8:  li      a1, -EINVAL
9:  mv      a0, a1
10: epilogue
    ret

# device_map(space, addr, phys, pages): device registers, read/write.
# pm only; phys must lie below RAM so no one maps another space's memory.
.globl sys_device_map
sys_device_map:
    prologue ra
    caller_is_pm t0
    beqz    t0, 7f
    call    space_lookup
    beqz    a0, 9f
    lw      a1, TF_SYSCALL_ARG1(s0)
    lw      a3, TF_SYSCALL_ARG2(s0) # phys
    lw      a2, TF_SYSCALL_ARG3(s0)
    call    check_user_range
    bnez    a4, 8f
    page_offset t0, a3
    bnez    t0, 6f
    slli    t0, a2, PAGE_SHIFT
    add     t0, a3, t0
    bltu    t0, a3, 6f
    li      t1, RAM_BASE
    bgtu    t0, t1, 6f
    mv      a4, a3
    li      a3, PTE_R | PTE_W
    li      a5, 0
    lw      a0, SPACE_ROOT(a0)
    call    map_pages
    j       10f
6:  li      a0, -EINVAL
    j       10f
7:  li      a0, -EPERM
    j       10f
8:  mv      a0, a4
    j       10f
9:  mv      a0, a1
10: epilogue
    ret

# dma_alloc(addr, pages) -> physical address of `pages` contiguous zeroed
# frames now mapped read/write at addr in the caller's own space.  Drivers
# (and pm) only: a program that learnt physical addresses could aim a
# device's DMA at anybody's memory.  The frames are owned (not
# PTE_BORROWED), so root_free gives them back when the space dies.
# Nothing is allocated unless the whole range is free: a mapped page is
# -EEXIST before any frame is taken.  A run of several pages comes from
# the never-used part of RAM (frames_take_run), so it can run out while
# single frames remain: one page always comes from frame_alloc.
.globl sys_dma_alloc
sys_dma_alloc:
    prologue ra, s1, s2, s3, s4, s5
    caller_flags t0, SPACE_DRIVER | SPACE_PM
    li      s5, -EPERM
    beqz    t0, 9f
    mv      a2, a1
    mv      a1, a0
    call    check_user_range        # page-aligned, not page 0, no wrap, below user_top, pages > 0
    mv      s5, a4
    bnez    a4, 9f
    li      s5, -EINVAL
    li      t0, DMA_PAGES_MAX
    bgtu    a2, t0, 9f
    mv      s1, a1                  # va
    mv      s2, a2                  # pages
    thread_root s3, s0
    mv      s4, s1                  # every page of the range unmapped?
    mv      s5, s2
1:  mv      a0, s3
    mv      a1, s4
    li      a2, 0
    call    pte_find
    beqz    a0, 2f                  # no table there yet: unmapped
    lw      t0, 0(a0)
    andi    t0, t0, PTE_V
    bnez    t0, 8f
2:  li      t0, PAGE_SIZE
    add     s4, s4, t0
    addi    s5, s5, -1
    bnez    s5, 1b
    mv      a0, s2
    li      t0, 1                   # one page: any frame will do, so a
    bne     s2, t0, 12f             # driver that maps page by page is
    call    frame_alloc             # served from the free list too
    j       13f
12: call    frames_take_run
13: li      s5, -ENOMEM
    beqz    a0, 9f
    mv      s4, a0                  # phys of the page being mapped
    mv      s5, a0                  # the result
3:  mv      a0, s3
    mv      a1, s1
    li      a2, 1
    call    pte_find                # may take a frame for a second-level table
    beqz    a0, 6f
    srli    t0, s4, PAGE_SHIFT - PTE_PPN_SHIFT
    ori     t0, t0, PTE_V | PTE_U | PTE_A | PTE_D | PTE_R | PTE_W
    sw      t0, 0(a0)
    li      t0, PAGE_SIZE
    add     s1, s1, t0
    add     s4, s4, t0
    addi    s2, s2, -1
    bnez    s2, 3b
    j       7f
6:  mv      a0, s4                  # no frame for a table: give back the
    call    frame_free              # frames not mapped (the mapped ones
    li      t0, PAGE_SIZE           # are the space's, freed at its end)
    add     s4, s4, t0
    addi    s2, s2, -1
    bnez    s2, 6b
    li      s5, -ENOMEM
7:  sfence.vma
    j       9f
8:  li      s5, -EEXIST
9:  mv      a0, s5
    epilogue
    ret

.section .bss
.balign 4
.globl spaces
spaces:
    .space NSPACES * SPACE_SIZE
