# userland/programs/nethostile.s — what a lying program tries against the
# net server (issue 11); the server must answer each with an error and
# keep serving.  `nethostile all` runs every attack of the table and
# prints `NAME -> RESULT` per attack (tests/userland/test_net_sockets.py
# reads them); `nethostile die` leaves a receive waiting on a socket bound
# to port DIE_PORT and ends the process (the server must close the socket
# when pm says the process ended); `nethostile rebind` binds that port again.

    .include "abi.inc"
    .include "frame.inc"

    .equ UNMAPPED, 0x100            # page 0 is never mapped
    .equ DIE_PORT, 5555

    .text
    .globl main
# main(a0 = argc, a1 = argv) -> exit status.  Called by crt0.  s0 = table cursor.
main:
    prologue ra, s0
    li      t0, 2
    bne     a0, t0, 8f
    lw      s0, 4(a1)
    mv      a0, s0
    la      a1, die_name
    call    strcmp
    beqz    a0, do_die
    mv      a0, s0
    la      a1, rebind_name
    call    strcmp
    beqz    a0, do_rebind
    mv      a0, s0
    la      a1, all_name
    call    strcmp
    bnez    a0, 8f
    la      s0, attacks
1:  lw      t0, 4(s0)
    beqz    t0, 7f
    jalr    t0
    mv      a2, a0
    lw      a1, 0(s0)
    la      a0, result_format
    call    printf
    addi    s0, s0, 8
    j       1b
7:  li      a0, 0
    j       9f
8:  la      a0, usage
    call    printf
    li      a0, 2
9:  epilogue
    ret

# net_call(a1 = label, a2..a5 = words, a6/t0/t1 = the lease) -> a0.
net_call:
    li      a0, PORT_NET
    SYSCALL CALL
    ret

# Each attack -> a0 = what the server answered.
info_unmapped:                      # a lease on no memory at all
    prologue ra
    li      a1, NET_INFO
    li      a2, NETI_SIZE
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      t2, UNMAPPED
    li      t3, NETI_SIZE
    IPC_LEASE t2, t3, LEASE_W
    call    net_call
    epilogue
    ret
info_readonly:                      # a lease it may only read
    prologue ra
    li      a1, NET_INFO
    li      a2, NETI_SIZE
    li      a3, 0
    li      a4, 0
    li      a5, 0
    la      t2, buffer
    li      t3, NETI_SIZE
    IPC_LEASE t2, t3, LEASE_R
    call    net_call
    epilogue
    ret
sendto_huge:                        # more than a datagram holds
    prologue ra
    call    open_socket
    mv      a2, a0
    li      a1, NET_SENDTO
    li      a3, 0x0A0002FF
    li      a4, 9
    li      a5, 100000
    la      t2, buffer
    li      t3, 100000
    IPC_LEASE t2, t3, LEASE_R
    call    net_call
    epilogue
    ret
sendto_short_lease:                 # len says 100, the lease holds 10
    prologue ra
    call    open_socket
    mv      a2, a0
    li      a1, NET_SENDTO
    li      a3, 0x0A0002FF
    li      a4, 9
    li      a5, 100
    la      t2, buffer
    li      t3, 10
    IPC_LEASE t2, t3, LEASE_R
    call    net_call
    epilogue
    ret
sendto_unmapped:                    # the data lent is no memory
    prologue ra
    call    open_socket
    mv      a2, a0
    li      a1, NET_SENDTO
    li      a3, 0x0A0002FF          # the subnet's broadcast: no ARP on the way
    li      a4, 9
    li      a5, 100
    li      t2, UNMAPPED
    li      t3, 100
    IPC_LEASE t2, t3, LEASE_R
    call    net_call
    epilogue
    ret
recv_bad_handle:
    prologue ra
    li      a1, NET_RECVFROM
    li      a2, 0x12345
    li      a3, 10
    li      a4, 1
    li      a5, 0
    la      t2, buffer
    li      t3, 10
    IPC_LEASE t2, t3, LEASE_W
    call    net_call
    epilogue
    ret
recv_closed:                        # a handle closed before: its generation is gone
    prologue ra, s1
    call    open_socket
    mv      s1, a0
    li      a1, NET_CLOSE
    mv      a2, s1
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    call    net_call
    li      a1, NET_RECVFROM
    mv      a2, s1
    li      a3, 10
    li      a4, 1
    li      a5, 0
    la      t2, buffer
    li      t3, 10
    IPC_LEASE t2, t3, LEASE_W
    call    net_call
    epilogue
    ret
bind_zero:
    li      a0, 0
    j       bind_port
bind_huge:
    li      a0, 70000
bind_port:
    prologue ra, s1
    mv      s1, a0
    call    open_socket
    mv      a2, a0
    li      a1, NET_BIND
    mv      a3, s1
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    call    net_call
    epilogue
    ret
echo_huge:
    li      a0, 100000
    li      a1, 1000
    j       echo_try
echo_forever:
    li      a0, 56
    li      a1, 0x7FFFFFFF
echo_try:
    mv      a4, a0
    mv      a5, a1
    li      a1, NET_ECHO
    li      a2, 0x0A000201
    li      a3, 1
    IPC_NO_LEASE
    tail    net_call
too_many:                           # sockets until the table is full
    prologue ra, s1
    li      s1, 0
1:  li      a1, NET_SOCKET
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    call    net_call
    bltz    a0, 2f
    addi    s1, s1, 1
    li      t0, 100
    blt     s1, t0, 1b
2:  epilogue                        # (they close when we end)
    ret

# open_socket() -> a0 = a new socket's handle (the server's, not a descriptor).
open_socket:
    li      a1, NET_SOCKET
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    IPC_NO_LEASE
    tail    net_call

# die: a socket on DIE_PORT, a thread waiting in its recvfrom, and the end.
do_die:
    call    udp_socket
    la      t0, die_fd
    sw      a0, 0(t0)
    li      a1, DIE_PORT
    call    udp_bind
    bltz    a0, 1f
    la      a0, die_waiter
    li      a1, 0
    call    thread_create
    li      a0, 100                 # let it wait
    call    sleep
    la      a0, died_text
    call    printf
1:  li      a0, 0
    call    exit
die_waiter:
    la      t0, die_fd
    lw      a0, 0(t0)
    la      a1, buffer
    li      a2, 16
    li      a3, 0
    call    udp_recvfrom
    li      a0, 0
    call    thread_exit
do_rebind:
    call    udp_socket
    li      a1, DIE_PORT
    call    udp_bind
    mv      a1, a0
    la      a0, rebind_format
    call    printf
    li      a0, 0
    call    exit

    .section .rodata
    .balign 4
attacks:
    .word n_info_unmapped, info_unmapped
    .word n_info_readonly, info_readonly
    .word n_sendto_huge, sendto_huge
    .word n_sendto_short_lease, sendto_short_lease
    .word n_sendto_unmapped, sendto_unmapped
    .word n_recv_bad_handle, recv_bad_handle
    .word n_recv_closed, recv_closed
    .word n_bind_zero, bind_zero
    .word n_bind_huge, bind_huge
    .word n_echo_huge, echo_huge
    .word n_echo_forever, echo_forever
    .word n_too_many, too_many
    .word 0, 0
n_info_unmapped:      .asciz "info_unmapped"
n_info_readonly:      .asciz "info_readonly"
n_sendto_huge:        .asciz "sendto_huge"
n_sendto_short_lease: .asciz "sendto_short_lease"
n_sendto_unmapped:    .asciz "sendto_unmapped"
n_recv_bad_handle:    .asciz "recv_bad_handle"
n_recv_closed:        .asciz "recv_closed"
n_bind_zero:          .asciz "bind_zero"
n_bind_huge:          .asciz "bind_huge"
n_echo_huge:          .asciz "echo_huge"
n_echo_forever:       .asciz "echo_forever"
n_too_many:           .asciz "too_many"
die_name:             .asciz "die"
rebind_name:          .asciz "rebind"
all_name:             .asciz "all"
result_format:        .asciz "%s -> %d\n"
rebind_format:        .asciz "rebind -> %d\n"
died_text:            .asciz "nethostile: dying with a receive waiting\n"
usage:                .asciz "usage: nethostile all|die|rebind\n"

    .section .data
    .balign 4
die_fd: .word 0

    .section .bss
    .balign 4
buffer: .space 256
