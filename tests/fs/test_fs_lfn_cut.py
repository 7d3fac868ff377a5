"""A long name whose entries cross a sector boundary, cut after every write.

A name's long-name entries and its short entry take one run of free slots;
when the run crosses from one sector of the directory into the next, two
writes carry it.  The disk model writes each request to the image as it
completes, so applying a run's writes one by one gives every state a power
cut can leave.  Each (its FATs as the next mount makes them) must pass
fsck.fat -n with no more than POWER_CUT_ALLOWED, while the name is made
and while it is removed.  The cache wrote the two sectors in its own order:
a cut could leave the second part of a name without the first, which
holds its start bit ("Long filename fragment ... found outside a LFN
sequence", which fsck.fat does not correct).  Now (fs/dirwrite.s) a name
reaches the disk a sector at a time, in order, and leaves the disk in the
reverse order, so a cut leaves at most its first parts without the rest
("Orphaned long file name part", which fsck.fat deletes, nothing committed
with it: allowed).
"""
from __future__ import annotations

import os
import struct

from tests.fs.test_fs_power_cut import fsck_findings
from tests.fs.test_fs_read import make_image
from tests.userland.conftest import Shell
from tests.userland.console_session import ToyosSession

NAME = "a long name.txt"            # 15 units: two long-name entries and the short one
ENTRY = 32


def root_slots(disk: bytes) -> list[bytes]:
    """The root directory's entries, 32 bytes each."""
    sector, reserved, fats, roots, fat_sectors = struct.unpack_from("<HxHBHxxxH", disk, 11)
    start = (reserved + fats * fat_sectors) * sector
    return [disk[start + i * ENTRY:start + (i + 1) * ENTRY] for i in range(roots)]


def mounted(disk: bytes) -> bytes:
    """The image as the next mount leaves it: a cut between the two FATs'
    writes leaves them differing, and the mount copies the first over the
    second (fat.s, fat_repair; tests/fs/test_fs_power_cut.py)."""
    sector, reserved, fats, roots, fat_sectors = struct.unpack_from("<HxHBHxxxH", disk, 11)
    first = disk[reserved * sector:(reserved + fat_sectors) * sector]
    at = (reserved + fat_sectors) * sector
    return disk[:at] + first + disk[at + len(first):]


def first_free(disk: bytes) -> int:
    return next(i for i, e in enumerate(root_slots(disk)) if e[0] in (0, 0xE5))


def test_a_cut_never_leaves_long_name_parts_without_their_entry(image, tmp_path, monkeypatch):
    empty = make_image(tmp_path / "empty.img", {})
    used = first_free(empty.read_bytes())
    # fill the root's first sector but its last slot: the new run is slots 15, 16, 17
    disk = make_image(tmp_path / "disk.img", {f"F{i:02d}": b"" for i in range(15 - used)})
    assert first_free(disk.read_bytes()) == 15
    shell = Shell(ToyosSession(image, disk=str(disk)))
    writes = []
    real_pwrite = os.pwrite

    def pwrite(fd, data, position):
        writes.append((position, bytes(data)))
        return real_pwrite(fd, data, position)

    try:
        base = disk.read_bytes()
        monkeypatch.setattr(os, "pwrite", pwrite)
        said = shell.run(f"fstest write '/{NAME}' hi")
        assert said == "", (said, shell.background, shell.boot_log[-300:])
        assert shell.run("fstest sync") == ""
        made = len(writes)
        assert shell.run(f"fstest rm '/{NAME}'") == ""
        assert shell.run("fstest sync") == ""
        monkeypatch.undo()
    finally:
        shell.session.close()
    state = bytearray(base)
    cut = tmp_path / "cut.img"
    for n, (position, data) in enumerate(writes, 1):
        state[position:position + len(data)] = data
        if n == made:                                             # the name as made: across the boundary
            slots = root_slots(bytes(state))
            assert slots[15][11] == 0x0F and slots[16][11] == 0x0F and slots[17][:11] == b"ALONGN~1TXT", slots[15:18]
        cut.write_bytes(mounted(bytes(state)))
        assert fsck_findings(cut) == [], f"cut after write {n} of {len(writes)} (the name {'made' if n <= made else 'removed'})"
    assert first_free(bytes(state)) == 15
