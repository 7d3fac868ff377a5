# servers/shell/shell.s — the toyos shell: prompt, read a line, run it.
#
# Owns the command loop: the line editor (editor.s, with history.s and
# complete.s) prints the prompt and reads a line (it refuses one longer
# than LINE_MAX - 2 characters: the shell never runs a line cut short),
# parse.s turns it into tokens and pipeline.s runs them (lists, pipelines,
# background jobs).  It never touches a device or another process
# directly: it reads and writes its descriptors 0/1/2 (the console) and
# asks pm to spawn, wait and kill.  Builtins live in builtins.s.
# Started with arguments (`sh FILE [ARGS]`, /bin/sh on the disk is this
# program) it runs FILE instead and exits (script.s); variables and the
# environment are env.s's, where programs are found search.s's.

    .include "abi.inc"
    .include "frame.inc"
    .include "shell.inc"

    .text

# main(a0 = argc, a1 = argv) -> never returns. Called by _start (crt0).
    .globl main
main:
    prologue ra, s0, s1
    mv      s0, a0
    mv      s1, a1
    call    env_import              # the variables it was given (env.s)
    li      t0, 2                   # sh FILE [ARGS]: run it, exit (script.s)
    blt     s0, t0, 1f
    mv      a0, s0
    mv      a1, s1
    tail    script_main
1:  la      a0, banner_text
    call    printf
.Lsh_prompt:
    li      a0, 0
    la      a1, line_buffer
    li      a2, LINE_MAX - 1
    call    read_line               # editor.s: the prompt, then read() with line editing
    beqz    a0, .Lsh_end_of_input
    bltz    a0, .Lsh_read_failed
    la      t0, line_buffer         # NUL-terminate, dropping the newline
    add     t1, t0, a0
    sb      zero, 0(t1)
    lbu     t2, -1(t1)
    li      t3, '\n'
    bne     t2, t3, 1f
    sb      zero, -1(t1)
1:  la      a0, line_buffer
    call    parse_line
    bgez    a0, 2f
    la      a1, unterminated_text
    li      t0, -1
    beq     a0, t0, 3f
    la      a1, too_many_text
3:  mv      a0, a1
    call    printf
    j       .Lsh_prompt
2:  call    exec_line
    j       .Lsh_prompt
.Lsh_end_of_input:                  # Ctrl-D at the prompt: nothing to end
    la      a0, eof_text
    call    printf
    j       .Lsh_prompt
.Lsh_read_failed:                   # -EINTR (Ctrl-C): the console echoed ^C;
    li      t0, -EINTR              # anything else (the console died and pm
    beq     a0, t0, .Lsh_prompt     # restarts it): wait a little, not spin
    li      a0, 100
    call    sleep
    j       .Lsh_prompt

    .section .rodata
banner_text:       .asciz "toyos shell: type help for the commands\n"
    .globl prompt_text               # the editor redraws it
prompt_text:       .asciz "toyos$ "
eof_text:          .asciz "\n"
unterminated_text: .asciz "shell: unterminated quote\n"
too_many_text:     .asciz "shell: too many words\n"

    .bss
    .balign 4
line_buffer: .zero LINE_MAX
