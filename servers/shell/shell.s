# servers/shell/shell.s — the toyos shell: prompt, read a line, run it.
#
# Owns the command loop and job control (foreground wait, background jobs).
# It never touches a device or another process directly: it reads and writes
# its descriptors 0/1/2 (the console) and asks pm to spawn, wait and kill.
# Builtins live in builtins.s, word splitting in parse.s, the line editor
# in editor.s (history.s, complete.s).

    .include "abi.inc"
    .include "frame.inc"

    .equ LINE_MAX, 512               # a longer line is refused (editor.s)
    .equ ARGV_MAX, ARGC_MAX             # pm.spawn refuses more (abi.toml [startup])

    .text

# main(a0 = argc, a1 = argv) -> never returns. Called by _start (crt0).
# s0 = argc of the current line, s1 = background flag.
    .globl main
main:
    prologue ra
    la      a0, banner_text
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
    la      a1, argv_words
    li      a2, ARGV_MAX
    call    parse_line
    mv      s0, a0
    mv      s1, a1
    beqz    s0, .Lsh_prompt
    bgez    s0, 2f
    la      a0, unterminated_text
    li      t0, -1
    beq     s0, t0, 3f
    la      a0, too_many_text
3:  call    printf
    j       .Lsh_prompt
2:  slli    t0, s0, 2               # argv[argc] = NULL, as programs expect
    la      t1, argv_words
    add     t0, t0, t1
    sw      zero, 0(t0)
    mv      a0, s0
    la      a1, argv_words
    call    find_builtin            # a0 = handler or 0
    beqz    a0, 4f
    mv      t0, a0
    mv      a0, s0
    la      a1, argv_words
    jalr    t0
    j       .Lsh_prompt
4:  la      a0, argv_words
    mv      a1, s1
    call    run_program
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

# run_program(a0 = argv, NULL-terminated, a1 = 1 for a background job).
# Asks pm to start argv[0] from the boot archive with our descriptors;
# in the foreground waits for it and reports a failure, in the background
# prints its pid and returns at once (the builtin `wait` collects it).
# Called by main. Clobbers caller-saved registers.
# s0 = argv, s1 = pid, s2 = background flag.
    .globl run_program
run_program:
    prologue ra, s0, s1, s2
    mv      s0, a0
    mv      s2, a1
    call    spawn                   # a0 = pid or -errno
    mv      s1, a0
    bgez    s1, 1f
    lw      a1, 0(s0)
    call    print_spawn_error
    j       9f
1:  beqz    s2, 2f
    la      a0, job_started_text
    mv      a1, s1
    call    printf
    j       9f
2:  mv      a0, s1
    call    wait_pid                # a0 = pid, a1 = status, a2 = how
    bltz    a0, 9f
    lw      a0, 0(s0)
    call    report_status
9:  epilogue
    ret

    .section .rodata
banner_text:       .asciz "toyos shell: type help for the commands\n"
    .globl prompt_text               # the editor redraws it
prompt_text:       .asciz "toyos$ "
eof_text:          .asciz "\n"
unterminated_text: .asciz "shell: unterminated quote\n"
too_many_text:     .asciz "shell: too many words\n"
job_started_text:  .asciz "[%d]\n"

    .bss
    .balign 4
line_buffer: .zero LINE_MAX
argv_words:  .zero 4 * (ARGV_MAX + 1)
