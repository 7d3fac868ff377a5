# kernel/boot_pm.s — start pm, the first user process, from the boot archive.
# The one ELF loader in the kernel: pm loads every other program itself.
# pm's space gets SPACE_PM (all privileges), its segments, a stack, and the
# boot archive mapped read-only at USER_ARCHIVE_BASE; its thread (tid 1,
# PM_TID) starts with a0 = archive address, a1 = archive length.
.include "kernel.inc"
.include "elf.inc"

.section .text
# start_pm: called once by kmain (S-mode, kernel stack, paging on).  Pushes
# a frame of ra, s1-s4.  Panics if pm cannot be started.  Clobbers a0-a6,
# t0-t3.
.globl start_pm
start_pm:
    prologue ra, s1, s2, s3, s4
    la      a0, boot_archive
    la      a1, pm_file_name
    call    cpio_find
    la      t0, msg_no_pm
    beqz    a0, 9f
    mv      s1, a0                  # pm's ELF image
    lw      t2, 0(s1)
    li      t1, ELF_MAGIC
    la      t0, msg_bad_pm
    bne     t2, t1, 9f
    li      a0, SPACE_PM | SPACE_DRIVER
    call    space_alloc
    la      t0, msg_no_memory
    beqz    a0, 9f
    mv      s2, a0                  # pm's space
    lw      s3, E_PHOFF(s1)
    add     s3, s3, s1              # program header
    lhu     s4, E_PHNUM(s1)
1:  beqz    s4, 3f
    lw      t0, P_TYPE(s3)
    li      t1, PT_LOAD
    bne     t0, t1, 2f
    mv      a0, s3
    mv      a1, s2
    mv      a2, s1
    call    load_segment
    la      t0, msg_no_memory
    bnez    a0, 9f
2:  lhu     t0, E_PHENTSIZE(s1)
    add     s3, s3, t0
    addi    s4, s4, -1
    j       1b
3:  lw      a0, SPACE_ROOT(s2)      # the archive, borrowed read-only
    li      a1, USER_ARCHIVE_BASE
    la      a2, boot_archive_end
    la      a4, boot_archive
    sub     a2, a2, a4
    li      t0, PAGE_SIZE - 1
    add     a2, a2, t0
    srli    a2, a2, PAGE_SHIFT
    li      a3, PTE_R
    li      a5, 0
    call    map_pages
    la      t0, msg_no_memory
    bnez    a0, 9f
    lw      a0, SPACE_ROOT(s2)      # the stack
    li      a1, USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE
    li      a2, USER_STACK_PAGES
    li      a3, PTE_R | PTE_W
    li      a4, 0
    li      a5, 0
    call    map_pages
    la      t0, msg_no_memory
    bnez    a0, 9f
    call    thread_alloc
    la      t0, pm_thread
    sw      a0, 0(t0)
    mv      a1, s2
    lw      a2, E_ENTRY(s1)
    li      a3, USER_STACK_TOP
    li      a4, USER_ARCHIVE_BASE
    la      a5, boot_archive_end
    la      t0, boot_archive
    sub     a5, a5, t0
    li      a6, PRIO_PM
    call    thread_start
    li      t0, 0x6d70              # "pm"
    sw      t0, THREAD_NAME(a0)
    epilogue
    ret
9:  mv      a0, t0
    j       panic

# load_segment(a0 = program header, a1 = space, a2 = ELF image) -> a0 = 0
# or -errno.  Maps [vaddr, vaddr + memsz) with the segment's rights and
# copies filesz bytes; the rest stays zero.  Clobbers a0-a5, t0-t3.
load_segment:
    prologue ra, s1, s2, s3
    mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    li      a3, 0                   # PF_* to PTE_*
    lw      t0, P_FLAGS(s1)
    andi    t1, t0, PF_R
    beqz    t1, 1f
    ori     a3, a3, PTE_R
1:  andi    t1, t0, PF_W
    beqz    t1, 2f
    ori     a3, a3, PTE_R | PTE_W
2:  andi    t1, t0, PF_X
    beqz    t1, 3f
    ori     a3, a3, PTE_X
3:  lw      a1, P_VADDR(s1)
    lw      t0, P_MEMSZ(s1)
    add     a2, a1, t0              # end
    srli    a1, a1, PAGE_SHIFT
    slli    a1, a1, PAGE_SHIFT
    sub     a2, a2, a1
    li      t0, PAGE_SIZE - 1
    add     a2, a2, t0
    srli    a2, a2, PAGE_SHIFT
    lw      a0, SPACE_ROOT(s2)
    li      a4, 0
    li      a5, 1                   # segments may share a page
    call    map_pages
    bnez    a0, 4f
    lw      a0, SPACE_ROOT(s2)
    lw      a1, P_VADDR(s1)
    li      a2, 0                   # from the kernel's own memory
    lw      a3, P_OFFSET(s1)
    add     a3, a3, s3
    lw      a4, P_FILESZ(s1)
    li      a5, PTE_U
    call    copy_between
4:  epilogue
    ret

.section .rodata
pm_file_name:  .asciz "pm"
msg_no_pm:     .asciz "no pm in the boot archive"
msg_bad_pm:    .asciz "pm is not an ELF file"
msg_no_memory: .asciz "out of memory starting pm"

.section .data
.balign 4
.globl pm_thread
pm_thread: .word 0               # the process manager's thread (fault reports)
