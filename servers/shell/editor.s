# servers/shell/editor.s — the shell's line editor (readline's keys, in small).
#
# Owns the line being typed at the prompt and the terminal's cursor on it:
# the console is put in raw mode (console.mode, kernel/abi.toml) for the
# time of one line, so every key comes here unechoed; the editor echoes,
# moves and redraws with plain '\b', spaces and the characters themselves
# (no terminal escape sequences out, so transcripts stay readable).  Keys:
# Left/Right (and Ctrl-B/F), Home/End (and Ctrl-A/E), Backspace, Delete
# (and Ctrl-D on a non-empty line), Ctrl-W, Ctrl-U, Ctrl-K, Up/Down (and
# Ctrl-P/N: history.s), Tab (complete.s), Enter.  Escape sequences are read
# as terminals send them: ESC [ A..D, ESC [ H/F, ESC O H/F (and A..D),
# ESC [ 1~ 7~ (Home), 4~ 8~ (End), 3~ (Delete); anything else after ESC is
# swallowed.  A line longer than the buffer is refused whole with a message,
# never cut.  When fd 0 is not the console (mode fails), a plain read.
# A console that answers what it never answers (console_wrong) is reported
# to pm, which restarts it.

    .include "abi.inc"
    .include "frame.inc"

    .equ IN_CHUNK, 64               # bytes asked of one raw read
    .equ OUT_MAX, 256               # echo bytes gathered before a write
    .equ ESC, 27
    .equ KEY_DONE, 1                # ed_key's answers: Enter was typed,
    .equ KEY_EOF, 2                 # Ctrl-D on an empty line

    .text

# read_line(a0 = fd, a1 = buf, a2 = capacity): prints the prompt once the
# console is raw (keys typed after the prompt are the editor's, whoever
# else reads) and reads a line -> a0 = bytes, '\n' included,
# as read() counts them (buf holds the line and its '\n'); 0 at the end of
# input (Ctrl-D on an empty line); -errno from the console (-EINTR: Ctrl-C,
# which the console echoed as ^C).  A line that did not fit is answered as
# an empty one after "shell: line too long" is printed.  Called by main in
# place of read(). Clobbers caller-saved registers.
# s0 = fd, s1 = bytes read in this chunk, s2 = chunk cursor.
    .globl read_line
read_line:
    prologue ra, s0, s1, s2
    mv      s0, a0
    la      t0, ed_buf
    sw      a1, 0(t0)
    addi    a2, a2, -1              # keep room for the '\n'
    la      t0, ed_max
    sw      a2, 0(t0)
    call    jobs_report             # jobs.s: what ended since the last prompt
    mv      a0, s0
    li      a1, CONSOLE_RAW
    call    set_mode
    mv      s1, a0
    la      a0, prompt_text
    call    printf
    bgez    s1, 1f
    li      t0, -EIO                # the console broke its protocol: pm
    bne     s1, t0, 11f             # restarts it (set_mode complained)
    mv      a0, s1
    j       9f
11: mv      a0, s0                  # not a terminal: lines come as they are
    la      t0, ed_buf
    lw      a1, 0(t0)
    la      t0, ed_max
    lw      a2, 0(t0)
    addi    a2, a2, 1
    call    read
    j       9f
1:  la      t0, ed_len
    sw      zero, 0(t0)
    la      t0, ed_cur
    sw      zero, 0(t0)
    la      t0, ed_esc
    sw      zero, 0(t0)
    la      t0, ed_overflow
    sw      zero, 0(t0)
    call    history_start
2:  call    out_flush
    mv      a0, s0
    la      a1, in_chunk
    li      a2, IN_CHUNK
    call    read
    bltz    a0, 8f                  # -EINTR, a dead console
    bnez    a0, 10f
    call    console_wrong           # 0 cannot come raw: a broken console
    j       8f
10:
    mv      s1, a0
    li      s2, 0
3:  bgeu    s2, s1, 2b
    la      t0, in_chunk
    add     t0, t0, s2
    lbu     a0, 0(t0)
    addi    s2, s2, 1
    call    ed_key
    beqz    a0, 3b
    li      t0, KEY_EOF
    beq     a0, t0, 7f
    li      a0, '\n'                # Enter
    call    out_byte
    call    out_flush
    call    finish_line             # -> a0 = bytes for main
    j       8f
7:  call    out_flush
    li      a0, 0                   # the end of input
8:  mv      s1, a0
    mv      a0, s0                  # programs read cooked lines
    li      a1, CONSOLE_COOKED
    call    set_mode
    mv      a0, s1
9:  epilogue
    ret

# finish_line() -> a0 = bytes of the line with its '\n' (1 for a line
# refused as too long: it becomes empty). Remembers it in the history.
# Clobbers caller-saved registers.
finish_line:
    prologue ra
    la      t0, ed_overflow
    lw      t0, 0(t0)
    beqz    t0, 1f
    la      t0, ed_len
    sw      zero, 0(t0)
    la      a0, too_long_text
    la      t0, ed_max
    lw      a1, 0(t0)
    call    printf
    j       2f
1:  la      t0, ed_buf
    lw      a0, 0(t0)
    la      t0, ed_len
    lw      a1, 0(t0)
    call    history_add
2:  la      t0, ed_buf
    lw      t1, 0(t0)
    la      t0, ed_len
    lw      a0, 0(t0)
    add     t1, t1, a0
    li      t2, '\n'
    sb      t2, 0(t1)
    addi    a0, a0, 1
    epilogue
    ret

# set_mode(a0 = fd, a1 = CONSOLE_*) -> a0 = previous mode or -errno
# (-ENOSYS when fd is not the console). Clobbers caller-saved.
set_mode:
    prologue ra, s0
    mv      s0, a1
    call    fd_port                 # a0 = port, a1 = handle
    li      t0, PORT_CONSOLE        # only the console has modes (its label
    bne     a0, t0, 1f              # may mean something else elsewhere)
    mv      a2, a1                  # w0 = handle, w1 = mode
    mv      a3, s0
    li      a1, CONSOLE_MODE
    li      a4, 0
    li      a5, 0
    li      a6, 0                   # no lease
    li      t0, 0
    li      t1, 0
    SYSCALL CALL
    li      t0, -ENOSYS             # the console refused a mode it has
    beq     a0, t0, 2f
    li      t0, -EINVAL
    bne     a0, t0, 9f
2:  call    console_wrong
    j       9f
1:  li      a0, -ENOSYS
9:  epilogue
    ret

# console_wrong() -> a0 = -EIO: the console answered what it never answers
# (a raw read of 0 bytes, a mode it has refused): its code or state is
# bent while it still answers pm's pings, and the shell would print its
# prompt for ever, or take each key for a line.  The shell complains to pm
# (svc.s), which ends the console and restarts it, inside its restart
# budget ("pm: console answering wrongly, restarting"); the library
# reopens the new one at the next read.  Clobbers caller-saved registers.
console_wrong:
    prologue ra
    la      a0, console_name
    call    svc_complain
    li      a0, -EIO
    epilogue
    ret

# ed_key(a0 = byte) -> a0 = 0, KEY_DONE (Enter) or KEY_EOF. One key of the
# editor: escape sequences are followed across calls in ed_esc (0: none,
# 1: after ESC, 2: in ESC [ with its number in ed_param, 3: after ESC O).
# Clobbers caller-saved registers.
ed_key:
    prologue ra, s0
    mv      s0, a0
    la      t0, ed_esc
    lw      t1, 0(t0)
    bnez    t1, .Lkey_escape
    li      t0, '\r'
    beq     s0, t0, .Lkey_enter
    li      t0, '\n'
    beq     s0, t0, .Lkey_enter
    li      t0, ESC
    beq     s0, t0, .Lkey_esc
    li      t0, 4                   # Ctrl-D
    beq     s0, t0, .Lkey_ctrl_d
    li      t0, 0x7f
    beq     s0, t0, .Lkey_backspace
    li      t0, 8
    beq     s0, t0, .Lkey_backspace
    li      t0, '\t'
    beq     s0, t0, .Lkey_tab
    li      t0, ' '
    bgeu    s0, t0, .Lkey_insert
    slli    t0, s0, 2               # Ctrl-<letter>: by the table
    la      t1, control_keys
    add     t1, t1, t0
    lw      t1, 0(t1)
    beqz    t1, .Lkey_none          # other control characters do nothing
    jalr    t1
    j       .Lkey_none
.Lkey_insert:
    mv      a0, s0
    call    insert_byte
    j       .Lkey_none
.Lkey_backspace:
    call    ed_backspace
    j       .Lkey_none
.Lkey_tab:
    call    complete_word
    j       .Lkey_none
.Lkey_ctrl_d:
    la      t0, ed_len
    lw      t0, 0(t0)
    li      a0, KEY_EOF
    beqz    t0, .Lkey_out
    call    ed_delete
    j       .Lkey_none
.Lkey_enter:
    li      a0, KEY_DONE
    j       .Lkey_out
.Lkey_esc:
    la      t0, ed_param
    sw      zero, 0(t0)
    li      t1, 1
    j       .Lkey_state
.Lkey_escape:                       # t1 = the state
    li      t0, 1
    bne     t1, t0, 3f
    li      t0, '['                 # after ESC
    bne     s0, t0, 1f
    li      t1, 2
    j       .Lkey_state
1:  li      t0, 'O'
    li      t1, 3
    beq     s0, t0, .Lkey_state
    li      t1, 0                   # ESC x: swallowed (Alt-x)
    j       .Lkey_state
3:  li      t0, 2
    bne     t1, t0, 5f
    addi    t0, s0, -'0'            # in ESC [: digits, ';', then a final byte
    li      t2, 10
    bgeu    t0, t2, 4f
    la      t2, ed_param
    lw      t3, 0(t2)
    li      t4, 10
    mul     t3, t3, t4
    add     t3, t3, t0
    sw      t3, 0(t2)
    j       .Lkey_none
4:  li      t0, 0x40                # a final byte ends the sequence
    bltu    s0, t0, .Lkey_none
5:  la      t0, ed_esc              # the sequence is over: act on it
    sw      zero, 0(t0)
    mv      a0, s0
    la      t0, ed_param
    lw      a1, 0(t0)
    call    escape_key
    j       .Lkey_none
.Lkey_state:
    la      t0, ed_esc
    sw      t1, 0(t0)
.Lkey_none:
    li      a0, 0
.Lkey_out:
    epilogue
    ret

# escape_key(a0 = final byte, a1 = number): the key an escape sequence
# names (ESC O x arrives here with number 0). Clobbers caller-saved.
escape_key:
    li      t0, 'A'
    bne     a0, t0, 1f
    tail    history_up
1:  li      t0, 'B'
    bne     a0, t0, 2f
    tail    history_down
2:  li      t0, 'C'
    beq     a0, t0, ed_right
    li      t0, 'D'
    beq     a0, t0, ed_left
    li      t0, 'H'
    beq     a0, t0, ed_home
    li      t0, 'F'
    beq     a0, t0, ed_end
    li      t0, '~'
    bne     a0, t0, 3f
    li      t0, 3
    beq     a1, t0, ed_delete
    li      t0, 1
    beq     a1, t0, ed_home
    li      t0, 7
    beq     a1, t0, ed_home
    li      t0, 4
    beq     a1, t0, ed_end
    li      t0, 8
    beq     a1, t0, ed_end
3:  ret

# insert_byte(a0 = byte): puts it at the cursor, redrawing the rest of the
# line; a full line only records that it overflowed. Clobbers caller-saved.
    .globl insert_byte
insert_byte:
    prologue ra, s0, s1
    mv      s0, a0
    la      t0, ed_len
    lw      t1, 0(t0)
    la      t0, ed_max
    lw      t0, 0(t0)
    bltu    t1, t0, 1f
    la      t0, ed_overflow
    li      t1, 1
    sw      t1, 0(t0)
    j       9f
1:  la      t0, ed_cur
    lw      s1, 0(t0)               # s1 = cursor
    la      t0, ed_buf
    lw      t0, 0(t0)
    add     a1, t0, s1
    addi    a0, a1, 1
    sub     a2, t1, s1
    call    memmove
    la      t0, ed_buf
    lw      t0, 0(t0)
    add     t0, t0, s1
    sb      s0, 0(t0)
    la      t0, ed_len
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    mv      a0, s1
    mv      a1, t1
    call    out_span
    addi    s1, s1, 1
    la      t0, ed_cur
    sw      s1, 0(t0)
    la      t0, ed_len
    lw      a1, 0(t0)
    sub     a1, a1, s1
    li      a0, '\b'
    call    out_repeat
9:  epilogue
    ret

# delete_range(a0 = from, a1 = to): removes [from, to) of the line, from
# at or before the cursor, and leaves the cursor at from. At the end of the
# line it erases as a terminal does ("\b \b" per byte); elsewhere it moves
# back, redraws the rest and blanks what is left over. Clobbers caller-saved.
# s0 = from, s1 = bytes removed.
delete_range:
    prologue ra, s0, s1
    mv      s0, a0
    sub     s1, a1, a0
    blez    s1, 9f
    la      t0, ed_len
    lw      t1, 0(t0)
    bne     a1, t1, 2f
    la      t0, ed_cur
    lw      t2, 0(t0)
    bne     t2, t1, 2f
    sw      s0, 0(t0)               # at the end: "\b \b" each
    la      t0, ed_len
    sw      s0, 0(t0)
1:  la      a0, erase_text
    call    out_string
    addi    s1, s1, -1
    bnez    s1, 1b
    j       9f
2:  la      t0, ed_cur              # back to from
    lw      a1, 0(t0)
    sub     a1, a1, s0
    sw      s0, 0(t0)
    li      a0, '\b'
    call    out_repeat
    la      t0, ed_len              # close the gap
    lw      a2, 0(t0)
    sub     t1, a2, s1
    sw      t1, 0(t0)
    la      t0, ed_buf
    lw      t0, 0(t0)
    add     a0, t0, s0
    add     a1, a0, s1
    add     t2, s0, s1
    sub     a2, a2, t2
    call    memmove
    mv      a0, s0                  # redraw the rest, blank the old tail
    la      t0, ed_len
    lw      a1, 0(t0)
    call    out_span
    li      a0, ' '
    mv      a1, s1
    call    out_repeat
    la      t0, ed_len
    lw      a1, 0(t0)
    sub     a1, a1, s0
    add     a1, a1, s1
    li      a0, '\b'
    call    out_repeat
9:  epilogue
    ret

# The editing keys. Each takes no argument and clobbers caller-saved registers.
ed_backspace:                       # the byte before the cursor
    la      t0, ed_cur
    lw      a1, 0(t0)
    beqz    a1, 1f
    addi    a0, a1, -1
    j       delete_range
1:  ret

ed_delete:                          # the byte under the cursor
    la      t0, ed_cur
    lw      a0, 0(t0)
    la      t0, ed_len
    lw      t1, 0(t0)
    bgeu    a0, t1, 1f
    addi    a1, a0, 1
    j       delete_range
1:  ret

ed_kill_start:                      # Ctrl-U: from the start to the cursor
    li      a0, 0
    la      t0, ed_cur
    lw      a1, 0(t0)
    j       delete_range

ed_kill_end:                        # Ctrl-K: from the cursor to the end
    la      t0, ed_cur
    lw      a0, 0(t0)
    la      t0, ed_len
    lw      a1, 0(t0)
    j       delete_range

ed_kill_word:                       # Ctrl-W: the word before the cursor
    la      t0, ed_cur
    lw      a1, 0(t0)
    la      t0, ed_buf
    lw      t0, 0(t0)
    mv      a0, a1
    li      t2, ' '
1:  beqz    a0, 3f                  # spaces first, then the word
    add     t1, t0, a0
    lbu     t1, -1(t1)
    bne     t1, t2, 2f
    addi    a0, a0, -1
    j       1b
2:  beqz    a0, 3f
    add     t1, t0, a0
    lbu     t1, -1(t1)
    beq     t1, t2, 3f
    addi    a0, a0, -1
    j       2b
3:  j       delete_range

ed_left:
    la      t0, ed_cur
    lw      t1, 0(t0)
    beqz    t1, 1f
    addi    t1, t1, -1
    sw      t1, 0(t0)
    li      a0, '\b'
    j       out_byte
1:  ret

ed_right:                           # redraw the byte under the cursor
    la      t0, ed_cur
    lw      t1, 0(t0)
    la      t2, ed_len
    lw      t2, 0(t2)
    bgeu    t1, t2, 1f
    addi    a1, t1, 1
    sw      a1, 0(t0)
    mv      a0, t1
    j       out_span
1:  ret

    .globl ed_home
ed_home:
    la      t0, ed_cur
    lw      a1, 0(t0)
    sw      zero, 0(t0)
    li      a0, '\b'
    j       out_repeat

    .globl ed_end
ed_end:
    la      t0, ed_cur
    lw      a0, 0(t0)
    la      t1, ed_len
    lw      a1, 0(t1)
    sw      a1, 0(t0)
    j       out_span

# replace_line(a0 = NUL-terminated text): the line becomes text (cut to the
# buffer), drawn over the old one, the cursor at its end. Called by
# history.s. Clobbers caller-saved registers. s0 = text, s1 = old length.
    .globl replace_line
replace_line:
    prologue ra, s0, s1
    mv      s0, a0
    call    ed_home
    la      t0, ed_len
    lw      s1, 0(t0)
    mv      a0, s0
    call    strlen
    la      t0, ed_max
    lw      t0, 0(t0)
    bleu    a0, t0, 1f
    mv      a0, t0
1:  la      t0, ed_len
    sw      a0, 0(t0)
    la      t0, ed_cur
    sw      a0, 0(t0)
    mv      a2, a0
    la      t0, ed_buf
    lw      a0, 0(t0)
    mv      a1, s0
    call    memcpy
    li      a0, 0
    la      t0, ed_len
    lw      a1, 0(t0)
    call    out_span
    la      t0, ed_len              # blank what the old line had beyond
    lw      t0, 0(t0)
    sub     s1, s1, t0
    blez    s1, 9f
    li      a0, ' '
    mv      a1, s1
    call    out_repeat
    li      a0, '\b'
    mv      a1, s1
    call    out_repeat
9:  epilogue
    ret

# redraw_line(): prints the prompt and the whole line again and puts the
# cursor back where it was (after completion listed its candidates).
# Called by complete.s. Clobbers caller-saved registers.
    .globl redraw_line
redraw_line:
    prologue ra
    la      a0, prompt_text
    call    out_string
    li      a0, 0
    la      t0, ed_len
    lw      a1, 0(t0)
    call    out_span
    la      t0, ed_len
    lw      a1, 0(t0)
    la      t0, ed_cur
    lw      t0, 0(t0)
    sub     a1, a1, t0
    li      a0, '\b'
    call    out_repeat
    epilogue
    ret

# ── output: echo bytes gathered and written to fd 1 once per chunk ──

# out_span(a0 = from, a1 = to): prints line bytes [from, to).
# Clobbers caller-saved registers.
out_span:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
1:  bgeu    s0, s1, 2f
    la      t0, ed_buf
    lw      t0, 0(t0)
    add     t0, t0, s0
    lbu     a0, 0(t0)
    call    out_byte
    addi    s0, s0, 1
    j       1b
2:  epilogue
    ret

# out_repeat(a0 = byte, a1 = count): prints it count times (none if <= 0).
# Clobbers caller-saved registers.
out_repeat:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
1:  blez    s1, 2f
    mv      a0, s0
    call    out_byte
    addi    s1, s1, -1
    j       1b
2:  epilogue
    ret

# out_string(a0 = NUL-terminated string). Clobbers caller-saved registers.
    .globl out_string
out_string:
    prologue ra, s0
    mv      s0, a0
1:  lbu     a0, 0(s0)
    beqz    a0, 2f
    call    out_byte
    addi    s0, s0, 1
    j       1b
2:  epilogue
    ret

# out_byte(a0 = byte): gathers it, writing the gathered bytes when full.
# Clobbers caller-saved registers.
    .globl out_byte
out_byte:
    la      t0, out_len
    lw      t1, 0(t0)
    li      t2, OUT_MAX
    bltu    t1, t2, 1f
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    call    out_flush
    lw      a0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    la      t0, out_len
    lw      t1, 0(t0)
1:  la      t2, out_buf
    add     t2, t2, t1
    sb      a0, 0(t2)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    ret

# out_flush(): writes what was gathered to fd 1. Clobbers caller-saved.
    .globl out_flush
out_flush:
    la      t0, out_len
    lw      a2, 0(t0)
    beqz    a2, 1f
    sw      zero, 0(t0)
    li      a0, 1
    la      a1, out_buf
    tail    write
1:  ret

# ed_line() -> a0 = the line's bytes, a1 = its length, a2 = the cursor.
# For history.s and complete.s. Clobbers nothing else.
    .globl ed_line
ed_line:
    la      a0, ed_buf
    lw      a0, 0(a0)
    la      a1, ed_len
    lw      a1, 0(a1)
    la      a2, ed_cur
    lw      a2, 0(a2)
    ret

    .section .rodata
console_name: .asciz "console"     # its name in pm's table of services
    .balign 4
control_keys:                       # Ctrl-@ .. Ctrl-_ ; 0: does nothing
    .word 0, ed_home, ed_left, 0, 0, ed_end, ed_right, 0       # @ A B C D E F G
    .word 0, 0, 0, ed_kill_end, 0, 0, history_down, 0          # H I J K L M N O
    .word history_up, 0, 0, 0, 0, ed_kill_start, 0, ed_kill_word  # P Q R S T U V W
    .word 0, 0, 0, 0, 0, 0, 0, 0                               # X Y Z [ \ ] ^ _
erase_text:     .asciz "\b \b"
too_long_text:  .asciz "shell: line too long (at most %u characters); not run\n"

    .bss
    .balign 4
ed_buf:      .zero 4                # the caller's buffer
ed_max:      .zero 4                # bytes the line may hold
ed_len:      .zero 4
ed_cur:      .zero 4
ed_esc:      .zero 4                # escape-sequence state (ed_key)
ed_param:    .zero 4                # the number in ESC [ n ~
ed_overflow: .zero 4                # a byte did not fit: refuse the line
out_len:     .zero 4
in_chunk:    .zero IN_CHUNK
out_buf:     .zero OUT_MAX
