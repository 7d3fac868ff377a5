# servers/shell/dirs.s — the shell's working-directory builtins: cd, pwd.
#
# cd and pwd must be builtins: a program's chdir changes only its own
# working directory (userland/lib/path.s), and the shell's is the one every
# program it starts inherits.  Each handler is handler(a0 = argc, a1 = argv)
# and prints its own errors, as in builtins.s.

    .include "abi.inc"
    .include "frame.inc"

    .text

# cd [DIR]: makes DIR (the root without one) the working directory; an
# error reads `cd: DIR: no such file or directory`. Clobbers caller-saved.
    .globl builtin_cd
builtin_cd:
    prologue ra, s0
    la      s0, root_text
    li      t0, 2
    blt     a0, t0, 1f
    lw      s0, 4(a1)
    bgt     a0, t0, 8f
1:  mv      a0, s0
    call    chdir
    bgez    a0, 9f
    la      a1, cd_name_text
    mv      a2, s0
    call    warn_errno
    j       9f
8:  la      a0, cd_usage_text
    call    printf
9:  epilogue
    ret

# pwd: prints the working directory. Clobbers caller-saved.
    .globl builtin_pwd
builtin_pwd:
    prologue ra
    la      a0, pwd_format
    la      a1, cwd
    call    printf
    epilogue
    ret

    .section .rodata
    .globl cd_name_text, pwd_name_text, cd_help_text, pwd_help_text
cd_name_text:  .asciz "cd"
pwd_name_text: .asciz "pwd"
cd_help_text:  .asciz "cd [DIR] - change the working directory (/ without DIR)"
pwd_help_text: .asciz "print the working directory"
root_text:     .asciz "/"
cd_usage_text: .asciz "usage: cd [DIR]\n"
pwd_format:    .asciz "%s\n"
