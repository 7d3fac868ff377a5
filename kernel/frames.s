# kernel/frames.s — the physical frame allocator.
# Frames are the 4 KiB pages of RAM from FRAMES_BASE (after the kernel image
# and boot archive) to the end of RAM (found from the boot ROM's device-tree
# address, else RAM_END).  Never-used frames are handed out by a bump
# pointer (so boot does not walk 32k frames); freed frames go on a free list
# threaded through their first word.  Every frame handed out is zeroed.
.include "kernel.inc"

.section .text
# frames_init: called once by kmain.  Clobbers t0-t1.
.globl frames_init
frames_init:
    la      t0, frames_bump
    li      t1, FRAMES_BASE
    sw      t1, 0(t0)
    la      t0, boot_fdt            # RAM ends 2 MiB past the device tree
    lw      t1, 0(t0)
    li      t0, 0x200000
    add     t1, t1, t0
    li      t0, FRAMES_BASE + 0x400000
    bltu    t1, t0, 1f              # no usable hint: the board default
    li      t0, RAM_LIMIT
    bleu    t1, t0, 2f
1:  li      t1, RAM_END
2:  la      t0, frames_end
    sw      t1, 0(t0)
    li      t0, FRAMES_BASE
    sub     t1, t1, t0
    srli    t1, t1, PAGE_SHIFT
    la      t0, frames_free
    sw      t1, 0(t0)
    ret

# frame_alloc() -> a0 = physical address of a zeroed frame, or 0 when none.
# Clobbers t0-t2.
.globl frame_alloc
frame_alloc:
    la      t0, frames_list
    lw      a0, 0(t0)
    beqz    a0, 1f
    lw      t1, 0(a0)               # pop the free list
    sw      t1, 0(t0)
    j       2f
1:  la      t0, frames_bump
    lw      a0, 0(t0)
    la      t1, frames_end
    lw      t1, 0(t1)
    bgeu    a0, t1, 3f
    li      t1, PAGE_SIZE
    add     t1, a0, t1
    sw      t1, 0(t0)
2:  la      t0, frames_free
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    la      t0, frames_used
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    mv      t0, a0                  # zero it, four words a turn
    li      t1, PAGE_SIZE
    add     t1, a0, t1
4:  sw      zero, 0(t0)
    sw      zero, 4(t0)
    sw      zero, 8(t0)
    sw      zero, 12(t0)
    addi    t0, t0, 16
    bltu    t0, t1, 4b
    ret
3:  li      a0, 0
    ret

# frames_take_run(a0 = pages, 1..DMA_PAGES_MAX) -> a0 = physical address of
# `pages` contiguous zeroed frames, or 0 when the never-used part of RAM is
# shorter.  Only the bump region is contiguous by construction (the free
# list is in any order), so a run never comes from the list; frames freed
# later go on the list like any other.  Clobbers a1, t0-t2.
.globl frames_take_run
frames_take_run:
    la      t0, frames_bump
    lw      t1, 0(t0)
    slli    a1, a0, PAGE_SHIFT
    add     t2, t1, a1              # end of the run (no wrap: RAM_LIMIT < 2^32)
    la      a0, frames_end
    lw      a0, 0(a0)
    bgtu    t2, a0, 3f
    sw      t2, 0(t0)
    srli    a1, a1, PAGE_SHIFT
    la      t0, frames_free
    lw      a0, 0(t0)
    sub     a0, a0, a1
    sw      a0, 0(t0)
    la      t0, frames_used
    lw      a0, 0(t0)
    add     a0, a0, a1
    sw      a0, 0(t0)
    mv      a0, t1
4:  sw      zero, 0(t1)             # zero it (the bump region is not
    sw      zero, 4(t1)             # always clean: a warm reset reuses RAM)
    sw      zero, 8(t1)
    sw      zero, 12(t1)
    addi    t1, t1, 16
    bltu    t1, t2, 4b
    ret
3:  li      a0, 0
    ret

# frame_free(a0 = physical address of a frame).  Clobbers t0-t1.
.globl frame_free
frame_free:
    la      t0, frames_list
    lw      t1, 0(t0)
    sw      t1, 0(a0)
    sw      a0, 0(t0)
    la      t0, frames_free
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      t0, frames_used
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    ret

.section .data
.balign 4
frames_list: .word 0             # head of the free list
frames_bump: .word 0             # next never-used frame
.globl frames_free
frames_free: .word 0             # frames available (list + bump)
.globl frames_used
frames_used: .word 0
frames_end:  .word 0             # end of RAM, found by frames_init
