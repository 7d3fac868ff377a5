# servers/shell/redirect.s — redirections: < FILE, > FILE, >> FILE.
#
# Owns opening the files a command's redirections name (CMD_IN, CMD_OUT,
# CMD_APPEND, parsed by pipeline.s) and putting them on descriptors 0 and 1
# for the spawn (or the builtin) that follows; the caller keeps its own 0
# and 1 and puts them back.  `>` creates or truncates, `>>` creates or
# appends (O_APPEND: every write lands at the end), `<` reads.  The shell's
# descriptors for the files are remembered and closed by close_redirects
# once the pipeline is started (the fs server counts a spawned child as a
# holder of what it inherits, so the child's copy stays open).
# A file that cannot be opened is reported as `shell: PATH: words`.

    .include "abi.inc"
    .include "frame.inc"
    .include "shell.inc"

    .text

# open_redirects(a0 = command) -> a0 = 0 with its files on descriptors 0
# and 1, or -1 after printing why one could not be opened.
# Called by run_pipeline. Clobbers caller-saved registers. s0 = command.
    .globl open_redirects
open_redirects:
    prologue ra, s0
    mv      s0, a0
    lw      a0, CMD_IN(s0)
    beqz    a0, 1f
    li      a1, O_RDONLY
    call    open_remembered
    bltz    a0, 9f
    li      a1, 0
    call    move_fd
1:  lw      a0, CMD_OUT(s0)
    beqz    a0, 2f
    lw      t0, CMD_APPEND(s0)
    li      a1, O_WRONLY | O_CREAT | O_TRUNC
    beqz    t0, 11f
    li      a1, O_WRONLY | O_CREAT | O_APPEND
11: call    open_remembered
    bltz    a0, 9f
    li      a1, 1
    call    move_fd
2:  li      a0, 0
9:  epilogue
    ret

# open_remembered(a0 = path, a1 = flags) -> a0 = the descriptor, or -1
# after printing "shell: PATH: words". Clobbers caller-saved. s0 = path.
open_remembered:
    prologue ra, s0
    mv      s0, a0
    la      t0, redir_count
    lw      t0, 0(t0)
    li      t1, REDIRS_MAX
    li      a0, -EMFILE
    bgeu    t0, t1, 8f
    mv      a0, s0
    call    open
    bltz    a0, 8f
    la      t0, redir_count
    lw      t1, 0(t0)
    slli    t2, t1, 2
    la      t3, redir_fds
    add     t2, t2, t3
    sw      a0, 0(t2)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    j       9f
8:  mv      a1, s0
    call    print_error
    li      a0, -1
9:  epilogue
    ret

# move_fd(a0 = from, a1 = to): descriptor `to` names what `from` names
# (no server is told: the caller restores `to` afterwards).
# Clobbers caller-saved. s0 = to.
move_fd:
    prologue ra, s0
    mv      s0, a1
    call    fd_port
    mv      a2, a1
    mv      a1, a0
    mv      a0, s0
    call    fd_set
    epilogue
    ret

# close_redirects(): closes every descriptor open_redirects opened.
# Called by run_pipeline. Clobbers caller-saved. s0 = index.
    .globl close_redirects
close_redirects:
    prologue ra, s0
    li      s0, 0
1:  la      t0, redir_count
    lw      t0, 0(t0)
    bgeu    s0, t0, 2f
    slli    t1, s0, 2
    la      t2, redir_fds
    add     t1, t1, t2
    lw      a0, 0(t1)
    call    close
    addi    s0, s0, 1
    j       1b
2:  la      t0, redir_count
    sw      zero, 0(t0)
    epilogue
    ret

# forget_redirects(): drops what open_redirects opened from the shell's
# table without closing it (a background job still uses it).
# Called by run_pipeline. Clobbers caller-saved. s0 = index.
    .globl forget_redirects
forget_redirects:
    prologue ra, s0
    li      s0, 0
1:  la      t0, redir_count
    lw      t0, 0(t0)
    bgeu    s0, t0, 2f
    slli    t1, s0, 2
    la      t2, redir_fds
    add     t1, t1, t2
    lw      a0, 0(t1)
    li      a1, 0
    li      a2, 0
    call    fd_set
    addi    s0, s0, 1
    j       1b
2:  la      t0, redir_count
    sw      zero, 0(t0)
    epilogue
    ret

# redirects_save(a0 = REDIRS_SAVE bytes): keeps the open redirections
# aside and starts an empty table (source runs a file's lines while its
# own stay open); redirects_restore(a0) puts them back.
# Called by builtin_source (script.s). Clobbers caller-saved.
    .globl redirects_save, redirects_restore
redirects_save:
    prologue ra
    la      a1, redir_count         # (redir_fds follows it)
    li      a2, REDIRS_SAVE
    call    memcpy
    la      t0, redir_count
    sw      zero, 0(t0)
    epilogue
    ret
redirects_restore:
    mv      a1, a0
    la      a0, redir_count
    li      a2, REDIRS_SAVE
    tail    memcpy

    .bss
    .balign 4
redir_count: .zero 4
redir_fds:   .zero 4 * REDIRS_MAX
