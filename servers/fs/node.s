# servers/fs/node.s — open files: nodes (one per open file or directory,
# shared by its handles) and handles (what open returns: an index here).
#
# A node keeps what every handle must agree on — first cluster, size,
# attributes, time — so two clients writing one file see one size; a
# handle keeps its own position and open flags.  A handle number from a
# client is checked here (range, in use) before anything trusts it.
# Which processes hold a handle is clients.s's (H_REFS sums their holds):
# a child that inherits one shares its position, as after a Unix fork.

.include "fs.inc"

.text
# node_open(a0 = id, a1 = first cluster, a2 = size, a3 = attributes,
# a4 = mtime) -> a0 = the node (one more reference), or 0 when the table is
# full.  An open node with the same id is shared (its values win).
# Clobbers t0-t3.
.globl node_open
node_open:
    la      t0, nodes
    li      t1, NODES_MAX
    li      t3, 0                   # a free one seen
1:  lw      t2, N_REFS(t0)
    bnez    t2, 2f
    bnez    t3, 3f
    mv      t3, t0
    j       3f
2:  lw      t2, N_ID(t0)
    bne     t2, a0, 3f
    lw      t2, N_REFS(t0)
    addi    t2, t2, 1
    sw      t2, N_REFS(t0)
    mv      a0, t0
    ret
3:  addi    t0, t0, N_SIZE_OF
    addi    t1, t1, -1
    bnez    t1, 1b
    beqz    t3, 4f
    li      t2, 1
    sw      t2, N_REFS(t3)
    sw      a0, N_ID(t3)
    sw      a1, N_FIRST(t3)
    sw      a2, N_SIZE(t3)
    sw      a3, N_ATTR(t3)
    sw      a4, N_MTIME(t3)
    sw      zero, N_DIRTY(t3)
4:  mv      a0, t3
    ret

# node_find(a0 = id) -> a0 = the open node with that id, or 0.  Clobbers t0-t2.
.globl node_find
node_find:
    la      t0, nodes
    li      t1, NODES_MAX
1:  lw      t2, N_REFS(t0)
    beqz    t2, 2f
    lw      t2, N_ID(t0)
    beq     t2, a0, 3f
2:  addi    t0, t0, N_SIZE_OF
    addi    t1, t1, -1
    bnez    t1, 1b
    li      a0, 0
    ret
3:  mv      a0, t0
    ret

# handle_new(a0 = node, a1 = open flags) -> a0 = handle number, or -EMFILE.
# The number is handle_gen << HANDLE_INDEX_BITS | index, handle_gen being
# HANDLE_MARK and this start's number: a handle a client kept from before
# the server was restarted names nothing now, never another client's
# handle, and is told apart from a number that never was a handle
# (handle_get sets stale_handle: the client gets -EDEAD, not -EBADF).
# Clobbers t0-t2.
.globl handle_new
handle_new:
    la      t0, handles
    li      t1, 0
1:  lw      t2, H_NODE(t0)
    beqz    t2, 2f
    addi    t0, t0, H_SIZE
    addi    t1, t1, 1
    li      t2, HANDLES_MAX
    bltu    t1, t2, 1b
    li      a0, -EMFILE
    ret
2:  sw      a0, H_NODE(t0)
    sw      zero, H_POS(t0)
    sw      zero, H_REFS(t0)        # clients.s counts the holds
    sw      a1, H_FLAGS(t0)
    lw      t2, N_FIRST(a0)
    sw      t2, H_CUR + CUR_FIRST(t0)
    sw      zero, H_CUR + CUR_ORD(t0)
    sw      zero, H_CUR + CUR_CLUS(t0)
    la      t0, handle_gen
    lw      t0, 0(t0)
    slli    t0, t0, HANDLE_INDEX_BITS
    or      a0, t0, t1
    ret

# handle_get(a0 = handle number from a client) -> a0 = the handle, or 0
# when it names none (-EBADF for the client).  The handle's cursor is
# pointed at its node's first cluster again if that changed (a file that
# was empty got its first cluster through another handle).  Clobbers t0-t1.
.globl handle_get
handle_get:
    srli    t0, a0, HANDLE_INDEX_BITS
    la      t1, handle_gen
    lw      t1, 0(t1)
    bne     t0, t1, 3f              # another start's (or no) handle
    andi    a0, a0, (1 << HANDLE_INDEX_BITS) - 1
    li      t0, HANDLES_MAX
    bgeu    a0, t0, 1f
    li      t0, H_SIZE
    mul     a0, a0, t0
    la      t0, handles
    add     a0, a0, t0
    lw      t0, H_NODE(a0)
    beqz    t0, 1f
    lw      t0, N_FIRST(t0)
    lw      t1, H_CUR + CUR_FIRST(a0)
    beq     t0, t1, 2f
    sw      t0, H_CUR + CUR_FIRST(a0)
    sw      zero, H_CUR + CUR_CLUS(a0)
2:  ret
3:  srli    t0, a0, 30              # bits 31..30 = 01: a handle of an earlier start
    li      t1, 1
    bne     t0, t1, 1f
    la      t0, stale_handle
    sw      t1, 0(t0)
1:  li      a0, 0
    ret

# handle_free(a0 = handle) -> a0 = its node, one reference less (free at 0).
# Clobbers t0.
.globl handle_free
handle_free:
    lw      t0, H_NODE(a0)
    sw      zero, H_NODE(a0)
    mv      a0, t0
    lw      t0, N_REFS(a0)
    addi    t0, t0, -1
    sw      t0, N_REFS(a0)
    ret

# node_reset_cursors(a0 = node): every handle on it walks its chain from
# the first cluster again (the chain was cut).  Clobbers t0-t2.
.globl node_reset_cursors
node_reset_cursors:
    la      t0, handles
    li      t1, HANDLES_MAX
1:  lw      t2, H_NODE(t0)
    bne     t2, a0, 2f
    lw      t2, N_FIRST(a0)
    sw      t2, H_CUR + CUR_FIRST(t0)
    sw      zero, H_CUR + CUR_CLUS(t0)
    sw      zero, H_CUR + CUR_ORD(t0)
2:  addi    t0, t0, H_SIZE
    addi    t1, t1, -1
    bnez    t1, 1b
    ret

.section .data
.balign 4
.globl handle_gen
handle_gen: .word HANDLE_MARK    # | this start's number (fs.s: from the uptime)
.globl stale_handle
stale_handle: .word 0            # a request named a handle of an earlier start (fs.s)

.section .bss
.balign 4
.globl nodes
nodes:   .space NODES_MAX * N_SIZE_OF
handles: .space HANDLES_MAX * H_SIZE
