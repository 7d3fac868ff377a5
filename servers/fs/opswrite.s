# servers/fs/opswrite.s — the operations that change the volume (write,
# mkdir, unlink, rmdir, rename) and what open and close need of them.
# Not built yet: the volume is served read-only (-EROFS).

.include "fs.inc"

.text
.globl file_create
file_create:
.globl node_truncate
node_truncate:
.globl fs_write
fs_write:
.globl fs_mkdir
fs_mkdir:
.globl fs_unlink
fs_unlink:
.globl fs_rmdir
fs_rmdir:
.globl fs_rename
fs_rename:
    li      a0, -EROFS
    ret
.globl node_flush
node_flush:
    li      a0, 0
    ret
