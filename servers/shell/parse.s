# servers/shell/parse.s — turning a command line into tokens.
#
# Owns the shell's lexical rules: words are separated by spaces or tabs;
# "double" and 'single' quotes group text (spaces included) and are
# removed; `$?`, `$NAME`, `${NAME}`, `$1`, `$#` (outside single quotes)
# become the last status and the values (when the command runs: env.s
# expands them); an
# unquoted `#` at the start of a word comments out the rest of the line;
# the operators | || & && ; < > >> end a word and are tokens of their own.
# Words are copied into word_buf (an expansion may be longer than its
# text); pipeline.s gives the tokens their meaning.

    .include "abi.inc"
    .include "frame.inc"
    .include "shell.inc"

    .text

# parse_line(a0 = line) -> a0 = token count (tokens[] then ends with a
# T_END token), or -1 for an unterminated quote, -2 when the line has too
# many tokens or its words too many bytes. Called by main. Clobbers caller-saved.
# s0 = read cursor, s1 = write cursor, s2 = tokens written, s3 = quote char.
    .globl parse_line
parse_line:
    prologue_locals 16, ra, s0, s1, s2, s3
    mv      s0, a0
    la      s1, word_buf
    li      s2, 0
.Lpl_between:
    lbu     t2, 0(s0)
    beqz    t2, .Lpl_end
    li      t3, ' '
    beq     t2, t3, 1f
    li      t3, '\t'
    beq     t2, t3, 1f
    li      t3, '#'
    beq     t2, t3, .Lpl_end        # a comment: the rest of the line
    mv      a0, s0
    call    operator_at             # a0 = kind, a1 = its length (0: a word)
    beqz    a1, 2f
    add     s0, s0, a1
    li      a1, 0
    call    add_token
    bltz    a0, .Lpl_too_many
    j       .Lpl_between
1:  addi    s0, s0, 1
    j       .Lpl_between
2:  li      a0, T_WORD              # a word starts here
    mv      a1, s1
    call    add_token
    bltz    a0, .Lpl_too_many
.Lpl_word:
    lbu     t2, 0(s0)
    beqz    t2, .Lpl_word_end
    li      t3, ' '
    beq     t2, t3, .Lpl_word_end
    li      t3, '\t'
    beq     t2, t3, .Lpl_word_end
    mv      a0, s0
    call    operator_at
    bnez    a1, .Lpl_word_end
    lbu     t2, 0(s0)
    addi    s0, s0, 1
    li      t3, '"'
    beq     t2, t3, .Lpl_quoted
    li      t3, '\''
    beq     t2, t3, .Lpl_quoted
    li      t3, '$'
    bne     t2, t3, 3f
    call    expand_dollar
    bltz    a0, .Lpl_too_many
    j       .Lpl_word
3:  mv      a0, t2
    call    put_byte
    bltz    a0, .Lpl_too_many
    j       .Lpl_word
.Lpl_quoted:                        # t2 = the quote that opened
    mv      s3, t2
4:  lbu     t2, 0(s0)
    beqz    t2, .Lpl_unterminated
    addi    s0, s0, 1
    beq     t2, s3, .Lpl_word
    li      t3, '"'                 # $? inside double quotes too
    bne     s3, t3, 5f
    li      t3, '$'
    bne     t2, t3, 5f
    call    expand_dollar
    bltz    a0, .Lpl_too_many
    j       4b
5:  mv      a0, t2
    call    put_byte
    bltz    a0, .Lpl_too_many
    j       4b
.Lpl_word_end:
    li      a0, 0
    call    put_byte
    bltz    a0, .Lpl_too_many
    j       .Lpl_between
.Lpl_end:
    li      a0, T_END
    li      a1, 0
    call    add_token
    bltz    a0, .Lpl_too_many
    addi    a0, s2, -1
    j       9f
.Lpl_unterminated:
    li      a0, -1
    j       9f
.Lpl_too_many:
    li      a0, -2
9:  epilogue
    ret

# operator_at(a0 = text) -> a0 = token kind, a1 = its length in bytes
# (0 when the text does not start with an operator). Clobbers t0-t3.
operator_at:
    lbu     t0, 0(a0)
    lbu     t1, 1(a0)
    la      t2, operators           # (first, second or 0, kind) bytes, longest first
1:  lbu     t3, 0(t2)
    beqz    t3, 4f
    bne     t3, t0, 3f
    lbu     t3, 1(t2)
    beqz    t3, 2f
    bne     t3, t1, 3f
    lbu     a0, 2(t2)
    li      a1, 2
    ret
2:  lbu     a0, 2(t2)
    li      a1, 1
    ret
3:  addi    t2, t2, 4
    j       1b
4:  li      a1, 0
    ret

# add_token(a0 = kind, a1 = word or 0), with s2 = tokens so far
# -> a0 = 0, or -1 when tokens[] is full. Clobbers t0, t1.
add_token:
    li      t0, TOKENS_MAX
    bgeu    s2, t0, 1f
    slli    t0, s2, 3
    la      t1, tokens
    add     t0, t0, t1
    sw      a0, TOK_KIND(t0)
    sw      a1, TOK_WORD(t0)
    addi    s2, s2, 1
    li      a0, 0
    ret
1:  li      a0, -1
    ret

# put_byte(a0 = byte), with s1 = write cursor -> a0 = 0, or -1 when
# word_buf is full. Clobbers t0, t1.
put_byte:
    la      t0, word_buf + WORD_BUF_SIZE
    bgeu    s1, t0, 1f
    sb      a0, 0(s1)
    addi    s1, s1, 1
    li      a0, 0
    ret
1:  li      a0, -1
    ret

# expand_dollar(), with s0 just past a '$': `$?` becomes STATUS_MARK and
# `$NAME`, `${NAME}`, `$0`-`$9`, `$#` become VAR_MARK NAME VAR_END, which
# expand_word (env.s) replaces when the command runs (so `false; echo $?`
# says 1 and `X=1; echo $X` says 1); s0 moves past what was taken.  A '$'
# before anything else stays a '$'.  -> a0 = 0, or -1 when word_buf is
# full. Clobbers caller-saved registers. s4 = the name, s5 = its length.
expand_dollar:
    prologue ra, s4, s5
    lbu     t0, 0(s0)
    li      t1, '?'
    bne     t0, t1, 1f
    addi    s0, s0, 1
    li      a0, STATUS_MARK
    call    put_byte
    j       9f
1:  mv      s4, s0                  # $1, $#: one byte
    li      s5, 1
    li      t1, '#'
    beq     t0, t1, 4f
    addi    t1, t0, -'0'
    sltiu   t1, t1, 10
    bnez    t1, 4f
    li      t1, '{'
    bne     t0, t1, 3f
    addi    a0, s0, 1               # ${NAME}
    call    name_length
    beqz    a0, 8f
    addi    s4, s0, 1
    mv      s5, a0
    add     t0, s4, s5
    lbu     t0, 0(t0)
    li      t1, '}'
    bne     t0, t1, 8f
    addi    s0, s0, 2               # the braces
    j       4f
3:  mv      a0, s0                  # $NAME
    call    name_length
    beqz    a0, 8f
    mv      s5, a0
4:  add     s0, s0, s5
    li      a0, VAR_MARK
    call    put_byte
    bltz    a0, 9f
5:  beqz    s5, 6f
    lbu     a0, 0(s4)
    call    put_byte
    bltz    a0, 9f
    addi    s4, s4, 1
    addi    s5, s5, -1
    j       5b
6:  li      a0, VAR_END
    call    put_byte
    j       9f
8:  li      a0, '$'
    call    put_byte
9:  epilogue
    ret

# name_length(a0 = text) -> a0 = the length of the name it starts with
# (a letter or '_', then letters, digits, '_'), 0 if none. Clobbers t0-t2.
    .globl name_length
name_length:
    mv      t0, a0
1:  lbu     t1, 0(t0)
    ori     t2, t1, 0x20            # a letter, either case?
    addi    t2, t2, -'a'
    sltiu   t2, t2, 26
    bnez    t2, 2f
    li      t2, '_'
    beq     t1, t2, 2f
    beq     t0, a0, 3f              # no digit first
    addi    t2, t1, -'0'
    sltiu   t2, t2, 10
    beqz    t2, 3f
2:  addi    t0, t0, 1
    j       1b
3:  sub     a0, t0, a0
    ret

    .section .rodata
operators:                          # first byte, second byte (0: none), kind, pad
    .byte '|', '|', T_OR, 0
    .byte '|', 0, T_PIPE, 0
    .byte '&', '&', T_AND, 0
    .byte '&', 0, T_AMP, 0
    .byte ';', 0, T_SEMI, 0
    .byte '<', 0, T_IN, 0
    .byte '>', '>', T_APPEND, 0
    .byte '>', 0, T_OUT, 0
    .byte 0

    .bss
    .balign 4
    .globl tokens
    .globl word_buf                 # (source keeps both aside: script.s)
tokens:   .zero TOKENS_MAX * TOK_SIZE
word_buf: .zero WORD_BUF_SIZE
