# kernel/main.s — kmain: bring the kernel up, one init per line, then run.
# Entered from start by mret, in S-mode with paging off, on the boot stack
# (which becomes the one kernel stack every trap runs on).
.include "kernel.inc"

.section .text
# kmain: from start's mret, S-mode, paging off.  Never returns.
.globl kmain
kmain:
    la      sp, kstack_top
    call    pagetable_init          # kernel page table; paging on (devices move to 0xF0...)
    call    trap_init               # stvec, sscratch: traps land in trap_entry
    la      a0, banner
    call    kputs                   # the first sign of life
    call    frames_init             # physical frames after the image
    call    threads_init            # thread table, the idle thread
    call    irq_init                # PLIC: S-mode context accepts every priority
    call    timer_init              # first time slice (Sstc stimecmp)
    call    start_pm                # pm, the first user process, from the boot archive
    call    schedule                # pick pm
    j       trap_return             # and enter it; the kernel only runs on traps now

.section .rodata
banner:
    .asciz "toyos kernel: booting\n"
