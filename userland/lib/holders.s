# userland/lib/holders.s — tables of holder records: who holds what, and
# how many times (layout in holders.inc).  A server that must know which
# process holds which of its objects (the pipe server's ends, the fs
# server's handles) keeps a table of records in its own memory and
# passes it to these: a0 = the table, a1 = its records, a2 = object,
# a3 = owner.  What an owner is (a pid, a space's incarnation) is the
# server's business; so is finding out who died, and which errno a
# failure becomes.  Each routine keeps a1-a3 and clobbers t0-t3 only, so
# a server may wrap it.  (No abi.inc here: every file that includes it
# adds its hundreds of symbols to every program's symbol table.)

    .include "holders.inc"

    .text

# hold_find(a0 = table, a1 = records, a2 = object, a3 = owner) -> a0 = the
# record of owner for object, or 0.  Clobbers t0-t2 only.
    .globl hold_find
hold_find:
    li      t0, HOLD_SIZE
    mul     t1, a1, t0
    add     t1, t1, a0              # the table's end
1:  bgeu    a0, t1, 3f
    lw      t2, HOLD_OBJECT(a0)     # object + 1 (a free record: never a match)
    addi    t2, t2, -1
    bne     t2, a2, 2f
    lw      t2, HOLD_OWNER(a0)
    beq     t2, a3, 4f
2:  addi    a0, a0, HOLD_SIZE
    j       1b
3:  li      a0, 0
4:  ret

# hold_add(a0 = table, a1 = records, a2 = object, a3 = owner) -> a0 = 0
# (owner holds it once more), or 1 (no free record).
    .globl hold_add
hold_add:
    li      t0, HOLD_SIZE
    mul     t1, a1, t0
    add     t1, t1, a0              # the table's end
    li      t3, 0                   # the first free record seen
1:  bgeu    a0, t1, 4f
    lw      t2, HOLD_OBJECT(a0)
    bnez    t2, 2f
    bnez    t3, 3f
    mv      t3, a0
    j       3f
2:  addi    t2, t2, -1
    bne     t2, a2, 3f
    lw      t2, HOLD_OWNER(a0)
    bne     t2, a3, 3f
    lw      t2, HOLD_COUNT(a0)      # held already: once more
    addi    t2, t2, 1
    sw      t2, HOLD_COUNT(a0)
    li      a0, 0
    ret
3:  addi    a0, a0, HOLD_SIZE
    j       1b
4:  li      a0, 1
    beqz    t3, 5f
    addi    t2, a2, 1
    sw      t2, HOLD_OBJECT(t3)
    sw      a3, HOLD_OWNER(t3)
    li      t2, 1
    sw      t2, HOLD_COUNT(t3)
    li      a0, 0
5:  ret

# hold_drop(a0 = table, a1 = records, a2 = object, a3 = owner) -> a0 = 0
# (owner holds it once less; the record goes at 0), or 1 (owner does not
# hold it).
    .globl hold_drop
hold_drop:
    mv      t3, ra
    call    hold_find
    mv      ra, t3
    beqz    a0, 1f
    lw      t0, HOLD_COUNT(a0)
    addi    t0, t0, -1
    sw      t0, HOLD_COUNT(a0)
    bnez    t0, 2f
    sw      zero, HOLD_OBJECT(a0)
2:  li      a0, 0
    ret
1:  li      a0, 1
    ret

# hold_free_count(a0 = table, a1 = records) -> a0 = free records.
    .globl hold_free_count
hold_free_count:
    li      t0, HOLD_SIZE
    mul     t1, a1, t0
    add     t1, t1, a0
    mv      t0, a0
    li      a0, 0
1:  bgeu    t0, t1, 2f
    lw      t2, HOLD_OBJECT(t0)
    seqz    t2, t2
    add     a0, a0, t2
    addi    t0, t0, HOLD_SIZE
    j       1b
2:  ret
