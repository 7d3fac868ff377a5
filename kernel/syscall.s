# kernel/syscall.s — the system-call dispatcher, its table, the small calls.
# Hubris's shape in assembly: syscall_dispatch (jumped to from trap_entry)
# indexes one table by a7; every handler `sys_<name>` is called with
# s0 = the calling thread and a0-a5 = its arguments (also in its trapframe),
# and returns its result in a0 (-errno on failure), which is stored into the
# caller's a0.  A handler that blocks the caller does not return: it jumps to
# block_current (kernel/sched.s) and the waker writes the result later.
# Extra results (a1...) are written into the trapframe by the handler.
.include "kernel.inc"

.section .text
# syscall_dispatch: jumped to by save_all on the kernel stack with s0 = the
# calling thread (all its registers in its trapframe).  Handlers are
# called with the C convention: they keep s0-s11 and sp and may clobber
# every caller-saved register.  Leaves through trap_return.
.globl syscall_dispatch
syscall_dispatch:
    lw      t0, TF_PC(s0)           # return past the ecall
    addi    t0, t0, 4
    sw      t0, TF_PC(s0)
    lw      t0, THREAD_SYSCALLS(s0)
    addi    t0, t0, 1
    sw      t0, THREAD_SYSCALLS(s0)
    li      t0, NSYSCALLS
    bgeu    a7, t0, 1f
    la      t1, syscall_families    # and by family (abi.toml [syscall_families])
    add     t1, t1, a7
    lbu     t1, 0(t1)
    slli    t1, t1, 2
    add     t1, t1, s0
    lw      t0, THREAD_FAMILIES(t1)
    addi    t0, t0, 1
    sw      t0, THREAD_FAMILIES(t1)
    slli    t0, a7, 2
    la      t1, syscall_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    jalr    t1
    sw      a0, TF_SYSCALL_RESULT0(s0)
    j       trap_return
1:  li      a0, -ENOSYS
    sw      a0, TF_SYSCALL_RESULT0(s0)
    j       trap_return

# The shared error exits.  A handler fails in one of two ways: with no
# frame pushed it branches to ret_e<name> (a0 = -E<NAME>, ret); with a
# frame it sets a0 = -errno and jumps to its one exit, the epilogue.
.globl ret_eagain
ret_eagain:
    li      a0, -EAGAIN
    ret
.globl ret_edead
ret_edead:
    li      a0, -EDEAD
    ret
.globl ret_efault
ret_efault:
    li      a0, -EFAULT
    ret
.globl ret_einval
ret_einval:
    li      a0, -EINVAL
    ret
.globl ret_eperm
ret_eperm:
    li      a0, -EPERM
    ret
.globl ret_esrch
ret_esrch:
    li      a0, -ESRCH
    ret

# The light path (kernel/trap.s): called by `jalr t1` with sp = the calling
# thread, the arguments in a0-a5; may use t0 only; results in a0 (and a1);
# returns with `jr t1`.
.globl light_null
light_null:
    li      a0, 0
    jr      t1

.globl light_self
light_self:
    lw      t0, THREAD_SPACE(sp)
    la      a0, spaces
    sub     t0, t0, a0
    srli    a1, t0, SPACE_SHIFT
    lw      a0, THREAD_ID(sp)
    jr      t1

.globl light_frames_info
light_frames_info:
    la      t0, frames_used
    lw      a1, 0(t0)
    la      t0, frames_free
    lw      a0, 0(t0)
    jr      t1

# debug_write(buf, len): byte by byte, each byte's address checked.  pm
# and drivers only: everyone else prints through the console.
sys_debug_write:
    caller_flags t0, SPACE_PM | SPACE_DRIVER
    beqz    t0, ret_eperm
    prologue ra, s1, s2, s3
    mv      s1, a0                  # next user address
    add     s2, a0, a1              # end
    mv      s3, a1
    bltu    s2, s1, 3f              # wraps around: cannot be all user memory
1:  bgeu    s1, s2, 2f
    thread_root a0, s0
    mv      a1, s1
    li      a2, PTE_U | PTE_R
    call    user_translate
    beqz    a0, 3f
    lbu     a0, 0(a0)
    call    kputc
    addi    s1, s1, 1
    j       1b
3:  li      s3, -EFAULT
2:  mv      a0, s3
    epilogue
    ret

# poweroff(code): pm only.  0 powers off cleanly, others exit with the code.
sys_poweroff:
    mv      t2, a0
    caller_is_pm t0
    beqz    t0, ret_eperm
    li      t0, KTEST
    li      t1, FINISHER_PASS
    beqz    t2, 1f
    slli    t1, t2, 16
    li      t3, FINISHER_FAIL
    or      t1, t1, t3
1:  sw      t1, 0(t0)
2:  j       2b

.section .rodata
.balign 4
syscall_table:
    SYSCALL_TABLE                   # abi.inc: .word sys_<name>, in number order
.if . - syscall_table != NSYSCALLS * 4
    .error "syscall_table must have NSYSCALLS entries: syscall_dispatch indexes it by a7 below NSYSCALLS"
.endif
syscall_families:
    SYSCALL_FAMILY_TABLE            # abi.inc: one FAMILY_* byte per number
