# servers/fs/stats.s — fs.stats: the block cache's counters.
#
# Owns nothing: it answers what cache.s counts (hits, misses) and how many
# blocks are dirty, so `buffers` can show the disk's buffering at work:
# a file read twice is read from the disk once, and a write stays in the
# cache (dirty) until sync or the write-back thread puts it on the disk.

.include "fs.inc"

.text
# fs_stats(): fs.stats (abi.toml) -> a0 = 0, a1 = hits, a2 = misses,
# a3 = dirty blocks.  Called by main's dispatch.  Clobbers caller-saved.
.globl fs_stats
fs_stats:
    prologue ra
    call    cache_dirty_count
    mv      a3, a0
    la      t0, cache_hits
    lw      a1, 0(t0)
    la      t0, cache_misses
    lw      a2, 0(t0)
    li      a0, 0
    epilogue
    ret
