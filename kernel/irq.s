# kernel/irq.s — device interrupts become notifications.
# A driver binds a PLIC source to notification bits (irq_bind).  When the
# source fires, the kernel claims it at the PLIC and sets the bits on the
# driver's thread; the source stays claimed (silent) until the driver has
# served the device and calls irq_ack, which completes it.
.include "kernel.inc"

.section .text
# irq_init: S-mode context takes every priority above 0.  Called once by
# kmain.  Clobbers t0.
.globl irq_init
irq_init:
    li      t0, KPLIC_S_THRESHOLD
    sw      zero, 0(t0)
    ret

# external_interrupt: from trap_entry.  Clobbers a0-a1, t0-t2.
.globl external_interrupt
external_interrupt:
    li      t0, KPLIC_S_CLAIM
    lw      a0, 0(t0)
    beqz    a0, 2f
    li      t1, NIRQS
    bgeu    a0, t1, 1f
    table_slot t2, irq_thread, a0, t1
    lw      t1, 0(t2)
    beqz    t1, 1f
    lw      a1, NIRQS * 4(t2)       # irq_bits follows irq_thread
    mv      a0, t1
    j       notify_thread
1:  sw      a0, 0(t0)               # nobody listens: complete it at once
2:  ret

# irq_bind(irq, bits): drivers (and pm) only
.globl sys_irq_bind
sys_irq_bind:
    mv      t2, a0
    caller_flags t0, SPACE_DRIVER | SPACE_PM
    beqz    t0, ret_eperm
    beqz    t2, ret_einval
    li      t0, NIRQS
    bgeu    t2, t0, ret_einval
    table_slot t1, irq_thread, t2, t0
    sw      s0, 0(t1)
    sw      a1, NIRQS * 4(t1)
    li      t1, KPLIC + PLIC_PRIORITY # priority 1: above the threshold
    add     t1, t1, t0
    li      t0, 1
    sw      t0, 0(t1)
    li      t1, KPLIC_S_ENABLE
    lw      t0, 0(t1)
    li      a0, 1
    sll     a0, a0, t2
    or      t0, t0, a0
    sw      t0, 0(t1)
    li      a0, 0
    ret

# irq_ack(irq): only the bound thread may complete its interrupt.
.globl sys_irq_ack
sys_irq_ack:
    beqz    a0, ret_einval
    li      t0, NIRQS
    bgeu    a0, t0, ret_einval
    table_slot t1, irq_thread, a0, t0
    lw      t1, 0(t1)
    bne     t1, s0, ret_eperm
    li      t0, KPLIC_S_CLAIM
    sw      a0, 0(t0)
    li      a0, 0
    ret

.section .bss
.balign 4
.globl irq_thread
irq_thread: .space NIRQS * 4     # bound thread per PLIC source
irq_bits:   .space NIRQS * 4     # its notification bits
.if irq_bits - irq_thread != NIRQS * 4
    .error "irq_bits must follow irq_thread: the code reaches it as irq_thread + NIRQS * 4"
.endif
