# servers/pm/load.s — build a process: space, ELF segments, start-up block,
# first thread.  The start-up block (abi.toml "Process start-up") is laid
# out in pm's memory and copied to the top of the child's stack.
.include "pm.inc"
.include "elf.inc"
.include "frame.inc"
.equ BLOCK_MAX, STRINGS_MAX + 2 + 4 * (ARGC_MAX + 3) + FDS_MAX * FD_PAIR_SIZE + 16

.section .text
# load_program(a0 = ELF image, a1 = argv strings, a2 = their length,
#              a3 = argc, a4 = fd pairs, a5 = space flags,
#              a6 = priority, a7 = how many fd pairs)
# -> a0 = space handle or -errno, a1 = tid.  Clobbers a0-a7, t0-t2.
.globl load_program
load_program:
    prologue ra, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9
    mv      s9, a7                  # how many fd pairs
    mv      s0, a0                  # ELF
    mv      s1, a1                  # strings
    mv      s2, a2                  # length
    mv      s3, a3                  # argc
    mv      s4, a4                  # fds
    mv      s6, a6                  # priority
    lw      t0, 0(s0)
    li      t1, ELF_MAGIC
    li      a0, -ENOEXEC
    bne     t0, t1, 9f
    mv      a0, a5
    SYSCALL SPACE_CREATE
    bltz    a0, 9f
    mv      s5, a0                  # the child's space
    lw      s7, E_PHOFF(s0)
    add     s7, s7, s0              # program header
    lhu     s8, E_PHNUM(s0)
1:  beqz    s8, 3f
    lw      t0, P_TYPE(s7)
    li      t1, PT_LOAD
    bne     t0, t1, 2f
    mv      a0, s7
    call    load_segment
    bltz    a0, 8f
2:  lhu     t0, E_PHENTSIZE(s0)
    add     s7, s7, t0
    addi    s8, s8, -1
    j       1b
3:  mv      a0, s5                  # the stack
    li      a1, USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE
    li      a2, USER_STACK_PAGES
    li      a3, PROT_R | PROT_W
    SYSCALL MEM_MAP
    bltz    a0, 8f
    call    build_block             # -> a0 = child sp, a1 = block size
    mv      s7, a0
    mv      s8, a1
    mv      a0, s5
    mv      a1, s7
    la      a2, start_block
    mv      a3, s8
    SYSCALL SPACE_COPY
    bltz    a0, 8f
    mv      a0, s5
    lw      a1, E_ENTRY(s0)
    mv      a2, s7
    mv      a3, s3                  # a0 = argc
    addi    a4, s7, 4               # a1 = argv
    mv      a5, s6
    SYSCALL THREAD_CREATE
    bltz    a0, 8f
    mv      a1, a0
    mv      a0, s5
    j       9f
8:  mv      s7, a0                  # undo: free the half-built space
    mv      a0, s5
    SYSCALL SPACE_DESTROY
    mv      a0, s7
9:  epilogue
    ret

# load_segment(a0 = program header), with s0 = ELF, s5 = space: map it
# with its rights and copy its file bytes.  -> a0 = 0 or -errno.
load_segment:
    prologue ra, s1, s2
    mv      s1, a0
    lw      t0, P_FLAGS(s1)         # PF_R 4, PF_W 2, PF_X 1 -> PROT_*
    li      a3, 0
    andi    t1, t0, 4
    beqz    t1, 1f
    ori     a3, a3, PROT_R
1:  andi    t1, t0, 2
    beqz    t1, 2f
    ori     a3, a3, PROT_R | PROT_W
2:  andi    t1, t0, 1
    beqz    t1, 3f
    ori     a3, a3, PROT_X
3:  lw      a1, P_VADDR(s1)
    lw      t0, P_MEMSZ(s1)
    add     a2, a1, t0
    srli    a1, a1, 12
    slli    a1, a1, 12
    sub     a2, a2, a1
    li      t0, PAGE_SIZE - 1
    add     a2, a2, t0
    srli    a2, a2, 12
    li      a0, -ENOEXEC
    beqz    a2, 9f
    mv      a0, s5
    mv      s2, a1                  # (mem_map keeps a1-a3)
    SYSCALL MEM_MAP
    li      t0, -EEXIST
    bne     a0, t0, 5f
4:  mv      a0, s5                  # shares a page with the previous segment:
    mv      a1, s2                  # map the rest page by page
    li      a2, 1
    SYSCALL MEM_MAP
    li      t0, -EEXIST
    beq     a0, t0, 6f
    bltz    a0, 9f
6:  li      t0, PAGE_SIZE
    add     s2, s2, t0
    lw      t0, P_VADDR(s1)
    lw      t1, P_MEMSZ(s1)
    add     t0, t0, t1
    bltu    s2, t0, 4b
    li      a0, 0
5:  bltz    a0, 9f
    lw      a3, P_FILESZ(s1)
    li      a0, 0
    beqz    a3, 9f
    mv      a0, s5
    lw      a1, P_VADDR(s1)
    lw      a2, P_OFFSET(s1)
    add     a2, a2, s0
    SYSCALL SPACE_COPY
9:  epilogue
    ret

# build_block(), with s1 = strings, s2 = length, s3 = argc, s4 = fd pairs,
# s9 = their count: fill start_block for the top of the child's stack.
# -> a0 = child sp, a1 = block size.  Clobbers a2-a5, t0-t2.
build_block:
    addi    t0, s3, 3
    slli    a5, t0, 2               # header: argc, argv, 0, nfds
    li      t0, FD_PAIR_SIZE
    mul     t0, t0, s9
    add     a5, a5, t0              # ... and the fd pairs
    add     a1, a5, s2
    addi    a1, a1, 15
    andi    a1, a1, -16             # block size, sp stays 16-aligned
    li      a0, USER_STACK_TOP
    sub     a0, a0, a1              # child sp
    la      a2, start_block
    sw      s3, 0(a2)
    add     a3, a0, a5              # child address of the first string
    mv      a4, s1                  # walk the strings
    li      t0, 0
1:  bgeu    t0, s3, 3f
    slli    t1, t0, 2
    add     t1, t1, a2
    sub     t2, a4, s1
    add     t2, t2, a3
    sw      t2, 4(t1)               # argv[i]
2:  lbu     t2, 0(a4)               # skip the string and its NUL
    addi    a4, a4, 1
    bnez    t2, 2b
    addi    t0, t0, 1
    j       1b
3:  slli    t1, s3, 2
    add     t1, t1, a2
    sw      zero, 4(t1)             # argv[argc] = 0
    sw      s9, 8(t1)               # nfds
    addi    t1, t1, 12
    li      t0, FD_PAIR_SIZE
    mul     t0, t0, s9
    add     t0, t0, s4              # end of the pairs
    mv      a4, s4
6:  bgeu    a4, t0, 7f              # the pairs, a word at a time
    lw      t2, 0(a4)
    sw      t2, 0(t1)
    addi    a4, a4, 4
    addi    t1, t1, 4
    j       6b
7:  add     t1, a2, a5              # the strings themselves
    li      t0, 0
4:  bgeu    t0, s2, 5f
    add     t2, s1, t0
    lbu     t2, 0(t2)
    add     a4, t1, t0
    sb      t2, 0(a4)
    addi    t0, t0, 1
    j       4b
5:  sub     t2, a1, a5              # then zeros to the block's end: the child
6:  bgeu    t0, t2, 7f              # reads the string after its arguments
    add     a4, t1, t0              # (its working directory), nothing stale
    sb      zero, 0(a4)
    addi    t0, t0, 1
    j       6b
7:  ret

.section .bss
.balign 16
start_block: .space BLOCK_MAX
