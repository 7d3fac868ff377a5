# kernel/archive.s — the boot archive, embedded in the kernel image.
# build/archive.cpio (cpio newc: pm, the servers, the programs) is written by
# `toyos build` (vm/cli/build.py), which passes its folder with -I.
# Page-aligned so pm can map it read-only without copying.
.section .rodata
.balign 4096
.globl boot_archive
boot_archive:
    .incbin "archive.cpio"
.globl boot_archive_end
boot_archive_end:
