# servers/pm/log.s — pm's output: one line buffer, flushed to the console.
# Before the console server runs (or if it is dead) lines go to the kernel's
# debug_write, so pm can always report.  Clobbers: see each routine.
.include "pm.inc"
.include "frame.inc"

.equ LOG_MAX, 200

.section .text
# log_str(a0 = NUL-terminated string).  Clobbers a0, t0-t2.
.globl log_str
log_str:
    la      t0, log_len
    lw      t1, 0(t0)
1:  lbu     t2, 0(a0)
    beqz    t2, 2f
    li      t0, LOG_MAX
    bgeu    t1, t0, 2f
    la      t0, log_buf
    add     t0, t0, t1
    sb      t2, 0(t0)
    addi    t1, t1, 1
    addi    a0, a0, 1
    j       1b
2:  la      t0, log_len
    sw      t1, 0(t0)
    ret

# log_char(a0 = byte).  Clobbers t0-t1.
.globl log_char
log_char:
    la      t0, log_len
    lw      t1, 0(t0)
    li      t0, LOG_MAX
    bgeu    t1, t0, 1f
    la      t0, log_buf
    add     t0, t0, t1
    sb      a0, 0(t0)
    addi    t1, t1, 1
    la      t0, log_len
    sw      t1, 0(t0)
1:  ret

# log_dec(a0 = unsigned).  Clobbers a0-a2, t0-t2.
.globl log_dec
log_dec:
    prologue_locals 28, ra
    mv      a1, sp                  # digits, least significant first
1:  li      t0, 10
    remu    t1, a0, t0
    divu    a0, a0, t0
    addi    t1, t1, '0'
    sb      t1, 0(a1)
    addi    a1, a1, 1
    bnez    a0, 1b
2:  addi    a1, a1, -1
    lbu     a0, 0(a1)
    call    log_char
    bne     a1, sp, 2b
    epilogue
    ret

# log_hex(a0 = word): 0x and eight digits.  Clobbers a0-a2, t0-t2.
.globl log_hex
log_hex:
    prologue ra
    mv      a2, a0
    li      a0, '0'
    call    log_char
    li      a0, 'x'
    call    log_char
    li      a1, 28
1:  srl     a0, a2, a1
    andi    a0, a0, 15
    li      t0, 10
    blt     a0, t0, 2f
    addi    a0, a0, 'a' - 10 - '0'
2:  addi    a0, a0, '0'
    call    log_char
    addi    a1, a1, -4
    bgez    a1, 1b
    epilogue
    ret

# log_flush(): write the buffer through the console (or debug_write).
# Clobbers a0-a7, t0-t6 (the IPC call does).
.globl log_flush
log_flush:
    la      t2, log_len
    lw      t0, 0(t2)
    beqz    t0, 2f
    sw      zero, 0(t2)
    la      t1, console_up
    lw      t1, 0(t1)
    beqz    t1, 1f
    li      a0, PORT_CONSOLE
    li      a1, IO_WRITE
    li      a2, 0
    mv      a3, t0
    li      a4, 0
    li      a5, 0
    la      t1, log_buf
    IPC_LEASE t1, t0, LEASE_R
    addi    sp, sp, -16
    sw      t0, 12(sp)              # the call clobbers t0-t6: keep the length
    SYSCALL CALL
    lw      t0, 12(sp)
    addi    sp, sp, 16
    bgez    a0, 2f
1:  la      a0, log_buf
    mv      a1, t0
    SYSCALL DEBUG_WRITE
2:  ret

.section .data
.balign 4
.globl console_up
console_up: .word 0              # the console serves PORT_CONSOLE
log_len:    .word 0
.section .bss
log_buf:    .space LOG_MAX
