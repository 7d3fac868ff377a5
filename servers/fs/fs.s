# servers/fs/fs.s — the file-system server: FAT16 on the virtio-blk disk,
# served on PORT_FS with the fs protocol of kernel/abi.toml.
#
# pm starts it (a driver: SPACE_DRIVER, every virtio-mmio slot mapped at
# USER_DEVICE_BASE) only when a disk is present.  The pieces: blk.s the
# device, cache.s the block cache, fat.s the volume and its table, dir.s
# reading directories and walking paths, dirwrite.s changing them, node.s
# open files and handles, ops.s and opswrite.s the operations.  Here: start-up
# and the server loop, which dispatches through FS_OP_TABLE (generated from
# abi.toml, one fs_<name> per label).  One request at a time, so two
# clients never see a half-done operation (appends do not lose updates).
# It never calls another server but the console, to print.

.include "fs.inc"

.text
# main(): start the disk and mount it, then serve forever.  Called by crt0.
# s0 = client to answer before the next receive (0: none), s1..s4 = the
# answer's code and words, s5 = the notifications received with it.
.globl main
main:
    call    uptime                  # this start's handle numbers (node.s)
    li      t0, HANDLE_GEN_MASK
    and     a0, a0, t0
    li      t0, HANDLE_MARK
    or      a0, a0, t0
    la      t0, handle_gen
    sw      a0, 0(t0)
    call    blk_init
    bnez    a0, 1f
    call    fat_mount
    bnez    a0, 1f
    la      t0, mounted
    li      t1, 1
    sw      t1, 0(t0)
    call    self                    # the write-back thread notifies us
    mv      a1, a0
    la      a0, flusher
    call    thread_create
1:  li      s0, 0
2:  beqz    s0, 3f
    mv      a0, s0
    mv      a1, s1
    mv      a2, s2
    mv      a3, s3
    mv      a4, s4
    li      a5, 0
    li      a6, PORT_FS
    SYSCALL REPLY_RECV
    j       4f
3:  li      a0, PORT_FS
    li      a1, FS_NOTIFY_MASK
    SYSCALL RECV
4:  mv      s0, a0
    la      t2, request             # the request, for the operations
    sw      a0, RQ_TID(t2)
    sw      t0, RQ_LEASE_LEN(t2)
    sw      t1, RQ_LEASE_RIGHTS(t2)
    sw      a1, RQ_LABEL(t2)
    sw      a2, RQ_W0(t2)
    sw      a3, RQ_W1(t2)
    sw      a4, RQ_W2(t2)
    sw      a5, RQ_W3(t2)
    la      t0, cache_epoch         # a new request: each cached block is
    lw      t3, 0(t0)               # checked again at its first use
    addi    t3, t3, 1
    sw      t3, 0(t0)
    mv      s5, a6                  # the notifications that came with it
    andi    t0, s5, FLUSH_NOTIFY    # time to write back
    beqz    t0, 6f
    la      t0, flush_due
    li      t3, 1
    sw      t3, 0(t0)
6:  li      t0, NOTIFY_EXITED       # a process ended (pm): who held what is
    and     t0, t0, s5              # swept before this request is served, as
    beqz    t0, 61f                 # its sender may live in the dead one's space
    la      t0, exited_due
    li      t3, 1
    sw      t3, 0(t0)
61: andi    t0, s5, BLK_NOTIFY      # a disk interrupt nobody waited for
    beqz    t0, 5f
    call    blk_interrupt
5:  call    sweep_if_due            # clients.s
    bgtz    s0, 7f                  # a request (else notifications only)
    call    write_back
    j       1b
7:  li      s0, REPLY_CALLER        # answer by the kernel's record of who
    la      t2, request             # asked, whatever RQ_TID says
    lw      a1, RQ_LABEL(t2)
    lw      a2, RQ_W0(t2)
    lw      a3, RQ_W1(t2)
    lw      a4, RQ_W2(t2)
    lw      a5, RQ_W3(t2)
    li      s2, 0
    li      s3, 0
    li      s4, 0
    li      s1, 0                   # pm's watchdog: alive, volume or not
    li      t0, LABEL_ALIVE
    beq     a1, t0, 2b
    li      s1, -EIO
    la      t0, mounted
    lw      t0, 0(t0)
    beqz    t0, 2b                  # no volume: every operation fails
    li      s1, -ENOSYS
    addi    t0, a1, -1              # labels 1..FS_NOPS
    li      t1, FS_NOPS
    bgeu    t0, t1, 2b
    slli    t0, t0, 2
    la      t1, op_table
    add     t0, t0, t1
    lw      t0, 0(t0)
    la      t1, stale_handle
    sw      zero, 0(t1)
    la      t1, request
    lw      a0, RQ_TID(t1)
    mv      a1, a2                  # handlers take (tid, w0, w1, w2, w3)
    mv      a2, a3
    mv      a3, a4
    mv      a4, a5
    jalr    t0
    li      t0, -EBADF              # a handle from before a restart: the
    bne     a0, t0, 8f              # server that gave it died (node.s)
    la      t0, stale_handle
    lw      t0, 0(t0)
    beqz    t0, 8f
    li      a0, -EDEAD
8:  mv      s1, a0
    mv      s2, a1
    mv      s3, a2
    mv      s4, a3
    call    write_back
    j       2b

# write_back(): the periodic write-back.  When the flusher's notification
# came, everything is synced; when blocks are dirty, the flusher is armed
# (it notifies FLUSH_MS later).  Called by main between requests.
# Clobbers caller-saved registers.
write_back:
    prologue ra
    la      t0, flush_due
    lw      t1, 0(t0)
    beqz    t1, 1f
    sw      zero, 0(t0)
    la      t0, mounted
    lw      t0, 0(t0)
    beqz    t0, 1f
    call    sync_all
1:  la      t0, cache_has_dirty
    lw      t0, 0(t0)
    beqz    t0, 9f
    la      t0, flush_armed
    lw      t1, 0(t0)
    bnez    t1, 9f
    li      t1, 1
    sw      t1, 0(t0)
    mv      a0, t0
    li      a1, 1
    call    futex_wake
9:  epilogue
    ret

# flusher(a0 = the main thread's tid): a thread of its own that sleeps
# until armed, waits FLUSH_MS, and notifies main, which then syncs.  So
# dirty blocks reach the disk within about FLUSH_MS even when no request
# comes, and an idle server with a clean cache never wakes.
flusher:
    mv      s1, a0
1:  la      a0, flush_armed
    li      a1, 0
    li      a2, 0
    call    futex_wait
    li      a0, FLUSH_MS
    call    sleep
    la      t0, flush_armed
    sw      zero, 0(t0)
    mv      a0, s1
    li      a1, FLUSH_NOTIFY
    call    notify
    j       1b

# fs_say(a0 = message): print a line of the server's own on the console.
# Clobbers caller-saved registers.
.globl fs_say
fs_say:
    mv      a1, a0
    la      a0, say_format
    tail    printf

.section .rodata
.balign 4
op_table:                           # fs_<name> by label (abi.inc, from abi.toml)
    FS_OP_TABLE
say_format: .asciz "%s"

.section .data
.balign 4
mounted: .word 0                    # 1: a FAT16 volume is mounted
.globl flush_due
flush_due: .word 0                  # the flusher's notification came (blk.s sees it too)
flush_armed: .word 0                # the flusher counts down (futex word)
.globl exited_due
exited_due: .word 0                 # pm's NOTIFY_EXITED came (blk.s sees it too)

.section .bss
.balign 4
.globl request
request: .space RQ_SIZE
