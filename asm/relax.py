"""Which conditional branches GNU as emits in long form, found the way gas
finds them, so that toyos's bytes and addresses match GNU's.

gas gives every conditional branch to a symbol a variable-size frag: 4 bytes
(`bne`) or 8 (`beq .+8; jal target`).  It starts from an estimate, then
re-measures each branch in address order until no size changes; a target
later in the section is measured at its address from the previous round
(at first, with every branch before it counted long).  The size is 4 only for a target in the same section
within [-4096, 4095]; a branch that does not fit keeps its last size, and an
external or other-section target keeps the initial 8.  Distances are in
gas's object-file layout, where each code alignment still holds its
worst-case padding (the linker deletes the excess later).
"""
from __future__ import annotations

import bisect

WORST, SHORT, REACH = 8, 4, 4096


def long_branches(branches, aligns) -> set:
    """Ordinals of the branches gas makes long, for one section of one file.

    `branches`: [(ordinal, offset, target_offset or None, anchor_offset)] in
    offset order, offsets from toyos's layout with every branch short; the
    anchor is where the label the target is written from lies (the target
    itself for a plain label, the branch for `. + k`).  `aligns`:
    [(offset, excess)] for code alignments, excess = worst-case padding minus
    the padding toyos inserted.
    """
    if not branches:
        return set()
    align_offsets = [a for a, _ in aligns]
    excess_before = [0]
    for _, excess in aligns:
        excess_before.append(excess_before[-1] + excess)

    def object_offset(offset: int) -> int:
        return offset + excess_before[bisect.bisect_right(align_offsets, offset)]

    starts = [object_offset(b) for _, b, _, _ in branches]
    # Frag i holds the fixed bytes between branch i-1 and branch i, then branch i.
    frag_start = [0] + [s + SHORT for s in starts]
    fixed = [starts[i] - frag_start[i] for i in range(len(branches))]
    targets = []
    for _, _, target, anchor in branches:
        if target is None:
            targets.append(None)
            continue
        at = object_offset(anchor)
        j = bisect.bisect_right(frag_start, at) - 1
        targets.append((j, at - frag_start[j] + target - anchor))

    n = len(branches)
    stored = [WORST] * n
    size = [0] * n
    addr = [0] * (n + 1)
    running = 0                      # before relaxing, every branch counts as long
    for i in range(n):
        addr[i] = running
        running += fixed[i] + WORST
    addr[n] = running

    def length(i: int, update: bool) -> int:
        result = stored[i]
        if targets[i] is not None:
            j, off = targets[i]
            val = addr[j] + off - (addr[i] + fixed[i])
            if -REACH <= val < REACH:
                result = SHORT
        if update:
            stored[i] = result
        return result

    running = 0
    for i in range(n):
        addr[i] = running
        running += fixed[i]
        size[i] = length(i, False)
        running += size[i]
    addr[n] = running
    for _ in range(10 * n + 10):
        stretch = 0
        changed = False
        for i in range(n):
            addr[i] += stretch
            new = length(i, True)
            if new != size[i]:
                changed = True
                stretch += new - size[i]
                size[i] = new
        addr[n] += stretch
        if not changed:
            break
    return {branches[i][0] for i in range(n) if size[i] == WORST}
