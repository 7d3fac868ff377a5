# userland/lib/syscalls.s — one C-callable stub per plain kernel call.
#
# Owns the user side of the system calls that take their arguments in
# a0-a5 and answer in a0 (and a1): each stub is `name(a0..a5) -> a0, a1`
# with the meaning given in kernel/abi.toml. call, recv and reply_recv pass
# more registers than a C call has, so their users issue them inline with
# the SYSCALL macro (syscall.inc).
# Called by anyone. Clobbers a0, a1, a7 (the kernel keeps the rest), except
# reply, which like every IPC call clobbers the caller-saved registers.

    .include "abi.inc"
    .include "syscall.inc"

    .text

    .macro STUB name, number
    .globl \name
\name:
    li      a7, \number
    ecall
    ret
    .endm

    STUB    null, SYS_NULL
    STUB    yield, SYS_YIELD
    STUB    sleep, SYS_SLEEP
    STUB    uptime, SYS_UPTIME
    STUB    debug_write, SYS_DEBUG_WRITE
    STUB    notify, SYS_NOTIFY
    STUB    reply, SYS_REPLY
    STUB    lease_read, SYS_LEASE_READ
    STUB    lease_write, SYS_LEASE_WRITE
    STUB    port_create, SYS_PORT_CREATE
    STUB    port_assign, SYS_PORT_ASSIGN
    STUB    futex_wait, SYS_FUTEX_WAIT
    STUB    futex_wake, SYS_FUTEX_WAKE
    STUB    space_create, SYS_SPACE_CREATE
    STUB    space_destroy, SYS_SPACE_DESTROY
    STUB    mem_map, SYS_MEM_MAP
    STUB    space_copy, SYS_SPACE_COPY
    STUB    device_map, SYS_DEVICE_MAP
    STUB    irq_bind, SYS_IRQ_BIND
    STUB    irq_ack, SYS_IRQ_ACK
    STUB    thread_kill, SYS_THREAD_KILL
    STUB    thread_info, SYS_THREAD_INFO
    STUB    frames_info, SYS_FRAMES_INFO
    STUB    thread_name, SYS_THREAD_NAME
    STUB    self, SYS_SELF

# thread_exit(a0 = code): ends the calling thread. Never returns.
    .globl thread_exit
thread_exit:
    SYSCALL THREAD_EXIT
1:  j       1b                      # not reached

# raw_syscall(a0..a5 = arguments, a6 = number) -> a0, a1 as the kernel left
# them. For sysfuzz and usertests, which choose the number at run time.
    .globl raw_syscall
raw_syscall:
    mv      a7, a6
    li      a6, 0
    ecall
    ret
