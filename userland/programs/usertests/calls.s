# userland/programs/usertests/calls.s — plain system calls as table rows.
#
# Owns case_table: each CASE row is a call number, up to four arguments and
# the result that must come back (MODE_EQ exactly, MODE_GE at least, MODE_ERR
# any -errno). main.s runs the rows through raw_syscall.

    .include "abi.inc"
    .include "usertests.inc"

    .equ UNOWNED_PORT, 7            # neither well-known nor dynamic: no owner
    .equ BAD_SYSCALL, 999

    # One table row: the call, its arguments, what must come back.
    .macro CASE name, number, mode, expected, arg0=0, arg1=0, arg2=0, arg3=0
    .word \number, \mode, \expected, \arg0, \arg1, \arg2, \arg3
    .asciz "\name"
    .balign 4
    .endm

    .section .rodata
    .balign 4
    .globl case_table
case_table:
    CASE    "null", SYS_NULL, MODE_EQ, 0
    CASE    "yield", SYS_YIELD, MODE_EQ, 0
    CASE    "uptime", SYS_UPTIME, MODE_GE, 0
    CASE    "sleep 1ms", SYS_SLEEP, MODE_EQ, 0, 1
    CASE    "self", SYS_SELF, MODE_GE, 1
    CASE    "frames_info", SYS_FRAMES_INFO, MODE_GE, 1
    CASE    "unknown syscall", BAD_SYSCALL, MODE_EQ, -ENOSYS
    CASE    "syscall past the table", NSYSCALLS, MODE_EQ, -ENOSYS
    CASE    "futex_wait value differs", SYS_FUTEX_WAIT, MODE_EQ, -EAGAIN, futex_word, 4
    CASE    "futex_wait times out", SYS_FUTEX_WAIT, MODE_EQ, -ETIMEDOUT, futex_word, 5, 10
    CASE    "futex_wait null pointer", SYS_FUTEX_WAIT, MODE_EQ, -EFAULT, 0x10, 0, 1
    CASE    "futex_wait kernel pointer", SYS_FUTEX_WAIT, MODE_EQ, -EFAULT, RAM_BASE, 0, 1
    CASE    "futex_wake nobody", SYS_FUTEX_WAKE, MODE_EQ, 0, futex_word, 1
    CASE    "thread_info slot 1", SYS_THREAD_INFO, MODE_EQ, 0, 1, info_buffer
    CASE    "thread_info past the table", SYS_THREAD_INFO, MODE_EQ, -EINVAL, NTHREADS, info_buffer
    CASE    "thread_info kernel pointer", SYS_THREAD_INFO, MODE_EQ, -EFAULT, 1, RAM_BASE
    CASE    "thread_info read-only pointer", SYS_THREAD_INFO, MODE_EQ, -EFAULT, 1, USER_TEXT_BASE
    CASE    "port_create", SYS_PORT_CREATE, MODE_GE, PORT_FIRST_DYNAMIC
    CASE    "call unowned port", SYS_CALL, MODE_EQ, -EDEAD, UNOWNED_PORT
    CASE    "call port out of range", SYS_CALL, MODE_ERR, 0, NPORTS+5
    CASE    "reply to a thread not calling us", SYS_REPLY, MODE_ERR, 0, PM_TID
    CASE    "lease_read without a client", SYS_LEASE_READ, MODE_ERR, 0, PM_TID, 0, info_buffer, 4
    CASE    "notify no such thread", SYS_NOTIFY, MODE_ERR, 0, 0x7fffffff, 1
    CASE    "thread_kill no such thread", SYS_THREAD_KILL, MODE_ERR, 0, 0x7fffffff
    CASE    "mem_map kernel address", SYS_MEM_MAP, MODE_ERR, 0, 0, RAM_BASE, 1, PROT_R|PROT_W
    CASE    "mem_map null page", SYS_MEM_MAP, MODE_ERR, 0, 0, 0, 1, PROT_R|PROT_W
    CASE    "mem_map unaligned", SYS_MEM_MAP, MODE_ERR, 0, 0, HEAP_PAGE+0x10001, 1, PROT_R
    CASE    "mem_map over our code", SYS_MEM_MAP, MODE_ERR, 0, 0, USER_TEXT_BASE, 1, PROT_R|PROT_W
    CASE    "privileged: port_assign", SYS_PORT_ASSIGN, MODE_EQ, -EPERM, PORT_FS, 1
    CASE    "privileged: space_create", SYS_SPACE_CREATE, MODE_EQ, -EPERM, 0
    CASE    "privileged: space_destroy", SYS_SPACE_DESTROY, MODE_EQ, -EPERM, 1
    CASE    "privileged: space_copy", SYS_SPACE_COPY, MODE_EQ, -EPERM, 1, USER_TEXT_BASE, info_buffer, 4
    CASE    "privileged: device_map", SYS_DEVICE_MAP, MODE_EQ, -EPERM, 0, USER_DEVICE_BASE, UART_BASE, 1
    CASE    "privileged: irq_bind", SYS_IRQ_BIND, MODE_EQ, -EPERM, UART_IRQ, 1
    CASE    "privileged: irq_ack", SYS_IRQ_ACK, MODE_EQ, -EPERM, UART_IRQ
    CASE    "privileged: fault_info", SYS_FAULT_INFO, MODE_EQ, -EPERM
    CASE    "privileged: poweroff", SYS_POWEROFF, MODE_EQ, -EPERM, 0
    CASE    "privileged: debug_write", SYS_DEBUG_WRITE, MODE_EQ, -EPERM, USER_TEXT_BASE, 4
    CASE    "privileged: notify pm", SYS_NOTIFY, MODE_EQ, -EPERM, PM_TID, NOTIFY_INTERRUPT
    CASE    "privileged: thread_kill pm", SYS_THREAD_KILL, MODE_EQ, -EPERM, PM_TID
    CASE    "privileged: mem_map in pm", SYS_MEM_MAP, MODE_EQ, -EPERM, 1, HEAP_PAGE, 1, PROT_R
    CASE    "privileged: thread_create in pm", SYS_THREAD_CREATE, MODE_EQ, -EPERM, 1, USER_TEXT_BASE, USER_STACK_TOP
    CASE    "privileged: thread_name pm", SYS_THREAD_NAME, MODE_EQ, -EPERM, PM_TID, thread_new_name
    .word 0, MODE_END


thread_new_name: .asciz "renamed"

    .data
    .balign 4
futex_word:   .word 5

    .bss
    .balign 4
info_buffer:  .zero TINFO_SIZE
