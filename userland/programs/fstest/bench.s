# userland/programs/fstest/bench.s — fstest's commands for the fs
# benchmark (vm/cli/bench_fs.py times each one from the host):
#   read PATH            the whole file, 4096 bytes per read; prints its size
#   small create|stat|unlink N   N small files /f0 .. /f(N-1): created with
#                        10 bytes each, stat'ed, or removed

    .include "abi.inc"
    .include "frame.inc"

    .equ READ_CHUNK, 4096

    .text
    .globl read_cmd
read_cmd:
    prologue ra, s1, s2, s3
    lw      s1, 0(a1)
    mv      a0, s1
    li      a1, O_RDONLY
    call    fs_open_path
    mv      s2, a0
    bltz    s2, 8f
    li      s3, 0
1:  li      a0, FS_READ
    mv      a1, s2
    li      a2, READ_CHUNK
    li      a3, 0
    la      a4, buffer
    li      a5, READ_CHUNK
    li      a6, LEASE_W
    call    fs_call
    blez    a0, 2f
    add     s3, s3, a0
    j       1b
2:  mv      s1, a0
    mv      a0, s2
    call    fs_close_handle
    mv      a0, s1
    bltz    a0, 8f
    la      a0, size_text
    mv      a1, s3
    call    printf
    li      a0, 0
    j       9f
8:  mv      a1, a0
    mv      a0, s1
    call    fail
    li      a0, 1
9:  epilogue
    ret

# small_name(a0 = i): "/f<i>" in small_path.
small_name:
    prologue ra
    mv      t0, a0
    la      a0, small_path
    li      t1, '/'
    sb      t1, 0(a0)
    li      t1, 'f'
    sb      t1, 1(a0)
    mv      a0, t0
    la      a1, small_path + 2
    call    itoa
    epilogue
    ret

    .globl small_cmd
small_cmd:
    prologue ra, s1, s2, s3, s4
    lw      s1, 0(a1)               # what
    lw      a0, 4(a1)
    call    parse_int
    mv      s2, a0                  # how many
    lbu     s4, 0(s1)               # 'c', 's' or 'u'
    li      s3, 0
1:  bgeu    s3, s2, 7f
    mv      a0, s3
    call    small_name
    li      t0, 'c'
    bne     s4, t0, 2f
    la      a0, small_path          # create: 10 bytes, closed
    li      a1, O_WRONLY | O_CREAT | O_TRUNC
    call    fs_open_path
    bltz    a0, 8f
    mv      s1, a0
    mv      a1, a0
    li      a0, FS_WRITE
    li      a2, 10
    li      a3, 0
    la      a4, ten_bytes
    li      a5, 10
    li      a6, LEASE_R
    call    fs_call
    mv      a0, s1
    call    fs_close_handle
    j       6f
2:  li      t0, 's'
    bne     s4, t0, 3f
    la      a0, small_path
    call    strlen
    mv      a1, a0
    mv      a5, a0
    la      a4, small_path
    li      a6, LEASE_R
    li      a0, FS_STAT
    li      a2, 0
    li      a3, 0
    call    fs_call
    bltz    a0, 8f
    j       6f
3:  la      a0, small_path          # unlink
    call    strlen
    mv      a1, a0
    mv      a5, a0
    la      a4, small_path
    li      a6, LEASE_R
    li      a0, FS_UNLINK
    li      a2, 0
    li      a3, 0
    call    fs_call
    bltz    a0, 8f
6:  addi    s3, s3, 1
    j       1b
7:  li      a0, 0
    j       9f
8:  mv      a1, a0
    la      a0, small_path
    call    fail
    li      a0, 1
9:  epilogue
    ret

    .section .rodata
size_text: .asciz "%u\n"
ten_bytes: .ascii "123456789\n"

    .section .bss
    .balign 4
small_path: .space 16
