# servers/fs/clock.s — the time stamped on files.
#
# The board (like QEMU's virt without its goldfish RTC, which we do not
# model) has no real-time clock, so the server counts from a fixed epoch,
# FS_EPOCH below (2026-01-01 00:00:00), plus the machine's uptime: every
# boot starts its day there again.  Deterministic runs stamp the same times.
# FAT keeps local time in 2-second steps: date = (year - 1980) << 9 |
# month << 5 | day, time = hour << 11 | minute << 5 | seconds / 2.

.include "fs.inc"

.equ FS_EPOCH_YEAR, 2026
.equ SECONDS_PER_DAY, 86400
.equ DAYS_KEPT, 28                  # uptime past four weeks stays on January 28

.text
# fat_now() -> a0 = FAT date << 16 | FAT time.  Clobbers caller-saved registers.
.globl fat_now
fat_now:
    prologue ra
    call    uptime                  # milliseconds
    li      t0, 1000
    divu    a0, a0, t0              # seconds since boot
    li      t0, SECONDS_PER_DAY
    divu    t1, a0, t0              # days
    remu    a0, a0, t0              # second of the day
    li      t0, DAYS_KEPT - 1
    bleu    t1, t0, 1f
    mv      t1, t0
1:  addi    t1, t1, 1               # day of the month, from 1
    li      t0, ((FS_EPOCH_YEAR - 1980) << 9) | (1 << 5)
    or      t1, t1, t0              # the date
    li      t0, 3600
    divu    t2, a0, t0              # hours
    remu    a0, a0, t0
    li      t0, 60
    divu    t3, a0, t0              # minutes
    remu    a0, a0, t0              # seconds
    srli    a0, a0, 1
    slli    t2, t2, 11
    slli    t3, t3, 5
    or      a0, a0, t2
    or      a0, a0, t3
    slli    t1, t1, 16
    or      a0, a0, t1
    epilogue
    ret
