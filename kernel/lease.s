# kernel/lease.s — lease_read and lease_write: a server copies between the
# buffer a waiting client lent with its call (kernel/ipc.s keeps it in the
# client's thread: lease_addr/len/rights) and its own memory.
# Every read and write of a file or the console makes at least one, so
# they are served on the light path (kernel/trap.s, abi.toml `fast`): no
# full register save, no kernel stack; the few registers used beyond t0
# are kept in the caller's trapframe and put back.  Nothing here may fault
# (a trap on the light path is not the kernel's own): both sides of every
# page are translated by walking the two spaces' tables in software, and a
# page that is absent, lacks a right or is not RAM is -EFAULT (part of the
# copy may have been made).
.include "kernel.inc"

# walk RD, ROOT, VA, BITS, T, U: RD = the physical address of user address
# VA in the space whose root table is ROOT, if its page has BITS
# (PTE_U|PTE_R or PTE_U|PTE_W) and is RAM; else to .Llease_efault.  As
# user_translate (kernel/pagetable.s), inline.  Writes T, U and, last, RD
# (which may be VA).
.macro walk rd, root, va, bits, t, u
    bltz    \va, .Llease_efault     # 0x80000000 and up is never user memory
    vpn1_offset \t, \va
    add     \t, \root, \t
    lw      \t, 0(\t)
    andi    \u, \t, PTE_V | PTE_R | PTE_W | PTE_X
    addi    \u, \u, -PTE_V          # valid, and a pointer to the next level
    bnez    \u, .Llease_efault
    pte_page \t, \t
    vpn0_offset \u, \va
    add     \t, \t, \u
    lw      \t, 0(\t)               # leaf PTE
    andi    \u, \t, \bits | PTE_V
    xori    \u, \u, \bits | PTE_V
    bnez    \u, .Llease_efault
    pte_page \t, \t
    li      \u, RAM_BASE            # a device page is no copy target
    bltu    \t, \u, .Llease_efault
    page_offset \u, \va
    or      \rd, \t, \u
.endm

.section .text
# The light path's calling convention (kernel/syscall.s): sp = the calling
# thread, arguments in a0-a5, t1 = the return address (jr t1), t0 free;
# every other register but a0/a1 must come back unchanged.

# lease_read(tid, offset, buf, len) -> bytes copied from the lease into buf
.globl light_lease_read
light_lease_read:
    tf_each sw, sp, t2, t3, t4, t5, t6, a3, a4, a5
    li      t2, LEASE_R
    j       lease_copy

# lease_write(tid, offset, buf, len) -> bytes copied from buf into the lease
.globl light_lease_write
light_lease_write:
    tf_each sw, sp, t2, t3, t4, t5, t6, a3, a4, a5
    li      t2, LEASE_W

# lease_copy(a0 = tid, a1 = offset, a2 = buf, a3 = len, t2 = the right
# needed): tid must be waiting in CALL for the caller (the lease is only
# lent while the call lasts; tid REPLY_CALLER: the caller's reply
# capability, kernel/ipc.s); then up to len bytes at offset in the lease,
# clipped to it.  Registers: t3 = the client, then the source root; t6 =
# the destination root; a4/a5 = source/destination addresses (virtual,
# then physical), t0/a1 = the next page's; a3 = bytes left; a0 = the result.
lease_copy:
    lw      t0, THREAD_FAMILIES + FAMILY_INFO * 4(sp) # the light path counted an
    addi    t0, t0, -1              # info call: this is comm (abi.toml recounts)
    sw      t0, THREAD_FAMILIES + FAMILY_INFO * 4(sp)
    lw      t0, THREAD_FAMILIES + FAMILY_COMM * 4(sp)
    addi    t0, t0, 1
    sw      t0, THREAD_FAMILIES + FAMILY_COMM * 4(sp)
    addi    t3, a0, -REPLY_CALLER
    beqz    t3, .Llease_caller
    andi    t3, a0, TID_SLOT_MASK   # the client (thread_lookup, inline; tid 0
                                    # is the idle thread, never in CALL)
    slli    t3, t3, THREAD_SHIFT
    la      t4, threads
    add     t3, t3, t4
    lw      t4, THREAD_ID(t3)
    bne     t4, a0, .Llease_esrch
.Llease_client:                     # t3 = the client, if it calls us
    lw      t4, THREAD_STATE(t3)
    addi    t4, t4, -STATE_CALL
    bnez    t4, .Llease_esrch
    lw      t4, THREAD_PARTNER(t3)  # calling us
    bne     t4, sp, .Llease_esrch
    lw      t4, THREAD_LEASE_RIGHTS(t3)
    and     t4, t4, t2
    beqz    t4, .Llease_eperm
    lw      t4, THREAD_LEASE_LEN(t3)
    bgtu    a1, t4, .Llease_einval
    sub     t4, t4, a1              # room left in the lease
    bleu    a3, t4, 1f
    mv      a3, t4
1:  lw      t4, THREAD_LEASE_ADDR(t3)
    add     t4, t4, a1              # the lease at offset
    mv      a0, a3
    beqz    a3, .Llease_done
    thread_root t3, t3              # t3 = the client's root, t6 = ours
    thread_root t6, sp
    andi    t5, t2, LEASE_W
    mv      a4, t4                  # read: lease -> buf
    mv      a5, a2
    beqz    t5, .Llease_page
    mv      a4, a2                  # write: buf -> lease
    mv      a5, t4
    mv      t5, t3
    mv      t3, t6
    mv      t6, t5
# Each page: translate both sides, copy what both pages hold (at most a3).
.Llease_page:
    page_offset t4, a4              # t4 = room in the source page
    li      t2, PAGE_SIZE
    sub     t4, t2, t4
    page_offset t5, a5              # and in the destination page
    sub     t5, t2, t5
    bleu    t4, t5, 3f
    mv      t4, t5
3:  bleu    t4, a3, 4f
    mv      t4, a3
4:  sub     a3, a3, t4              # t4 = this chunk
    add     t0, a4, t4              # the next source and destination
    add     a1, a5, t4              # addresses, for later
    walk    a4, t3, a4, PTE_U | PTE_R, t2, t5
    walk    a5, t6, a5, PTE_U | PTE_W, t2, t5
    add     t4, a4, t4              # t4 = the source chunk's end
    addi    t5, t4, -3              # 4 bytes at a time while 4 are left
    bgeu    a4, t5, 6f
5:  lbu     t2, 0(a4)
    sb      t2, 0(a5)
    lbu     t2, 1(a4)
    sb      t2, 1(a5)
    lbu     t2, 2(a4)
    sb      t2, 2(a5)
    lbu     t2, 3(a4)
    sb      t2, 3(a5)
    addi    a4, a4, 4
    addi    a5, a5, 4
    bltu    a4, t5, 5b
6:  beq     a4, t4, 8f
7:  lbu     t2, 0(a4)
    sb      t2, 0(a5)
    addi    a4, a4, 1
    addi    a5, a5, 1
    bne     a4, t4, 7b
8:  mv      a4, t0                  # on to the next page, if any is left
    mv      a5, a1
    bnez    a3, .Llease_page
.Llease_done:
    tf_each lw, sp, t2, t3, t4, t5, t6, a3, a4, a5
    jr      t1
.Llease_caller:                     # REPLY_CALLER: the caller delivered last
    lw      t3, THREAD_CALLER(sp)   # (0: none; else checked as any client)
    bnez    t3, .Llease_client
.Llease_esrch:
    li      a0, -ESRCH
    j       .Llease_done
.Llease_eperm:
    li      a0, -EPERM
    j       .Llease_done
.Llease_einval:
    li      a0, -EINVAL
    j       .Llease_done
.Llease_efault:
    li      a0, -EFAULT
    j       .Llease_done
