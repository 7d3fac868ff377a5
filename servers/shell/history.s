# servers/shell/history.s — the lines typed before, for Up and Down.
#
# Owns the last HIST_MAX lines the editor finished (empty lines and a
# repeat of the newest are not kept, as bash's ignoredups does), in a ring
# of fixed slots, and where Up/Down stand in it while a line is edited.
# The line being typed when Up is first pressed is kept aside, and Down
# past the newest entry brings it back.  Draws through editor.s.

    .include "abi.inc"
    .include "frame.inc"

    .equ HIST_MAX, 32               # a power of two: slot = index & (HIST_MAX - 1)
    .equ HIST_LINE, 512             # bytes a slot keeps, NUL included

    .text

# history_start(): a new line is being edited; nothing recalled yet.
# Called by read_line. Clobbers t0, t1.
    .globl history_start
history_start:
    la      t0, hist_pos
    li      t1, -1
    sw      t1, 0(t0)
    ret

# history_add(a0 = line, a1 = length): remembers a finished line.
# Called by the editor at Enter. Clobbers caller-saved registers.
# s0 = line, s1 = length.
    .globl history_add
history_add:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    beqz    s1, 9f
    li      t0, HIST_LINE - 1
    bgtu    s1, t0, 9f              # longer than a slot: not kept
    la      t0, hist_count
    lw      t0, 0(t0)
    beqz    t0, 1f
    li      a0, 0                   # the same as the newest: not again
    call    history_entry
    mv      t2, a0
    call    strlen
    bne     a0, s1, 1f
    mv      a0, t2
    mv      a1, s0
    mv      a2, s1
    call    memcmp
    beqz    a0, 9f
1:  la      t0, hist_head
    lw      t1, 0(t0)
    addi    t2, t1, 1
    andi    t2, t2, HIST_MAX - 1
    sw      t2, 0(t0)
    li      t0, HIST_LINE
    mul     t1, t1, t0
    la      a0, hist_lines
    add     a0, a0, t1
    add     t0, a0, s1
    sb      zero, 0(t0)
    mv      a1, s0
    mv      a2, s1
    call    memcpy
    la      t0, hist_count
    lw      t1, 0(t0)
    li      t2, HIST_MAX
    bgeu    t1, t2, 9f
    addi    t1, t1, 1
    sw      t1, 0(t0)
9:  epilogue
    ret

# history_entry(a0 = k, 0 = newest) -> a0 = that line. Clobbers t0, t1.
history_entry:
    la      t0, hist_head
    lw      t0, 0(t0)
    sub     t0, t0, a0
    addi    t0, t0, -1
    andi    t0, t0, HIST_MAX - 1
    li      t1, HIST_LINE
    mul     t0, t0, t1
    la      a0, hist_lines
    add     a0, a0, t0
    ret

# history_up(): Up or Ctrl-P: the line before the one shown.
# Called by the editor. Clobbers caller-saved registers.
    .globl history_up
history_up:
    prologue ra
    la      t0, hist_pos
    lw      t1, 0(t0)
    addi    t1, t1, 1
    la      t2, hist_count
    lw      t2, 0(t2)
    bge     t1, t2, 9f              # no older line
    sw      t1, 0(t0)
    bnez    t1, 1f
    call    ed_line                 # leaving the new line: keep it aside
    li      t0, HIST_LINE - 1
    bleu    a1, t0, 2f
    mv      a1, t0
2:  la      t0, hist_scratch
    add     t1, t0, a1
    sb      zero, 0(t1)
    mv      a2, a1
    mv      a1, a0
    mv      a0, t0
    call    memcpy
1:  la      t0, hist_pos
    lw      a0, 0(t0)
    call    history_entry
    call    replace_line
9:  epilogue
    ret

# history_down(): Down or Ctrl-N: the line after the one shown, and after
# the newest, the line that was being typed. Clobbers caller-saved registers.
    .globl history_down
history_down:
    prologue ra
    la      t0, hist_pos
    lw      t1, 0(t0)
    bltz    t1, 9f                  # already on the new line
    addi    t1, t1, -1
    sw      t1, 0(t0)
    la      a0, hist_scratch
    bltz    t1, 1f
    mv      a0, t1
    call    history_entry
1:  call    replace_line
9:  epilogue
    ret

    .bss
    .balign 4
hist_head:    .zero 4               # the slot the next line goes to
hist_count:   .zero 4               # lines kept (at most HIST_MAX)
hist_pos:     .zero 4               # the entry shown (0 = newest), -1: the new line
hist_scratch: .zero HIST_LINE       # the new line while older ones are shown
hist_lines:   .zero HIST_MAX * HIST_LINE
