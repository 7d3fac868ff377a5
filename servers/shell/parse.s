# servers/shell/parse.s — splitting a command line into words.
#
# Owns the shell's word rules: words are separated by spaces or tabs;
# "double" and 'single' quotes group text (spaces included) and are removed;
# an unquoted '&' marks the command as a background job.

    .text

# parse_line(a0 = line, a1 = argv array, a2 = argv capacity)
#   -> a0 = word count, or -1 for an unterminated quote, -2 for too many words;
#      a1 = 1 if an unquoted '&' was seen, else 0.
# Splits the line in place: each argv[i] points into the line, NUL-terminated.
# The write cursor never passes the read cursor, so no copy is needed.
# Called by the shell's main loop. Clobbers t0-t6, a0-a5.
    .globl parse_line
parse_line:
    mv      t0, a0                  # t0 = read cursor
    mv      t1, a0                  # t1 = write cursor
    li      a3, 0                   # a3 = word count
    li      a4, 0                   # a4 = background flag
    li      t5, ' '
    li      t6, '\t'
.Lpl_between:                       # between words
    lbu     t2, 0(t0)
    beqz    t2, .Lpl_end
    beq     t2, t5, 1f
    beq     t2, t6, 1f
    li      t3, '&'
    bne     t2, t3, 2f
    li      a4, 1
1:  addi    t0, t0, 1
    j       .Lpl_between
2:  bgeu    a3, a2, .Lpl_too_many
    slli    t3, a3, 2
    add     t3, a1, t3
    sw      t1, 0(t3)               # argv[count] = start of the word
    addi    a3, a3, 1
.Lpl_word:                          # inside a word
    lbu     t2, 0(t0)
    beqz    t2, .Lpl_word_end
    addi    t0, t0, 1
    beq     t2, t5, .Lpl_word_end
    beq     t2, t6, .Lpl_word_end
    li      t3, '&'
    bne     t2, t3, 1f
    li      a4, 1
    j       .Lpl_word_end
1:  li      t3, '"'
    beq     t2, t3, .Lpl_quoted
    li      t3, '\''
    beq     t2, t3, .Lpl_quoted
    sb      t2, 0(t1)
    addi    t1, t1, 1
    j       .Lpl_word
.Lpl_quoted:                        # t3 = the quote that opened
    lbu     t2, 0(t0)
    beqz    t2, .Lpl_unterminated
    addi    t0, t0, 1
    beq     t2, t3, .Lpl_word
    sb      t2, 0(t1)
    addi    t1, t1, 1
    j       .Lpl_quoted
.Lpl_word_end:
    sb      zero, 0(t1)
    addi    t1, t1, 1
    j       .Lpl_between
.Lpl_end:
    mv      a0, a3
    mv      a1, a4
    ret
.Lpl_unterminated:
    li      a0, -1
    li      a1, 0
    ret
.Lpl_too_many:
    li      a0, -2
    li      a1, 0
    ret
