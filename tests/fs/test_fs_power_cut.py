"""Power cut: the machine stops without shutdown in the middle of writes.

One deterministic boot writes and syncs two files, then starts writers (an
appender, a 1 MiB fill, a hundred small files) and later removers.  The
disk image file is what a power cut would leave at each instant (the disk
model writes each request to the file as it completes, and nothing
more), so copies taken at fixed instruction counts are several power cuts
of one run.  On each: `fsck.fat -n` reports at most lost clusters and
files whose cluster chain is longer than their size (the entry not yet
written after the data and the FAT), never cross-linked or free clusters
in a chain; and mtools reads the synced files exactly (README, "Files").
"""
from __future__ import annotations

import re
import shutil
import subprocess

from tests.fs.test_fs_holders import Jobs
from tests.fs.test_fs_read import boot, make_image
from tests.oracle_tools import need_tool
from tests.oracles.test_fat_mtools import fsck_clean
from vm.cli.fi_disk import POWER_CUT_ALLOWED

PATTERN = bytes((i * 7 + 3) & 0xFF for i in range(1 << 20))     # fstest fill's bytes
CUT_EVERY = 15_000_000      # guest instructions between two cuts while files grow
CUT_FAST = 1_500_000        # and while they go (removals are quick)
ALLOWED = POWER_CUT_ALLOWED     # what fsck.fat -n may say about a cut image (`toyos fi` holds servers to it)


def fsck_findings(image) -> list[str]:
    """The lines of fsck.fat -n's report that are not allowed after a power cut."""
    result = subprocess.run([need_tool("fsck.fat"), "-n", str(image)], capture_output=True, text=True)
    lines = (result.stdout + result.stderr).splitlines()
    return [line for line in lines if not any(re.fullmatch(p, line) for p in ALLOWED)]


def mtype(image, path: str) -> bytes:
    return subprocess.run([need_tool("mtype"), "-i", str(image), "::" + path],
                          capture_output=True, check=True).stdout


def test_power_cut_leaves_synced_files_and_at_most_lost_clusters(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {})
    shell = boot("toyos", image, disk)
    jobs = Jobs(shell)
    assert jobs.run("fstest write /synced.txt kept") == ""
    assert jobs.run("fstest fill /synced.bin 70000") == ""
    assert jobs.run("fstest mkdir /d") == ""
    assert jobs.run("fstest sync") == ""
    cuts = []

    def cut(n: int, every: int) -> None:
        for _ in range(n):
            shell.pause(insns=every)
            cuts.append(tmp_path / f"cut{len(cuts)}.img")
            shutil.copyfile(disk, cuts[-1])

    for line in ("fstest appender /log A 100000 &", "fstest fill /d/big.bin 1048576 &",
                 "fstest small create 100 &"):
        jobs.start(line)
    cut(4, CUT_EVERY)
    for line in ("fstest small unlink 100 &", "fstest rm /d/big.bin &", "fstest mv /synced.bin /d/moved.bin &"):
        jobs.start(line)
    cut(8, CUT_FAST)
    for image_cut in cuts:
        assert fsck_findings(image_cut) == [], image_cut.name
        assert mtype(image_cut, "/synced.txt") == b"kept\n"
        moved = subprocess.run([need_tool("mdir"), "-b", "-i", str(image_cut), "::/d"],
                               capture_output=True, text=True).stdout
        synced = "/d/moved.bin" if "MOVED.BIN" in moved.upper() else "/synced.bin"
        assert mtype(image_cut, synced) == PATTERN[:70000], image_cut.name


def test_a_rename_that_cannot_add_its_name_keeps_the_old_one(image, tmp_path):
    """The rename removes the old name first (so a cut never leaves two names
    for one chain); when the new one does not fit, the old one comes back."""
    tree = {f"F{i:03d}": b"" for i in range(511)}                 # with D: the root's 512 entries
    tree["D"] = {"X.TXT": b"x\n"}
    disk = make_image(tmp_path / "disk.img", tree)
    shell = boot("toyos", image, disk)
    assert shell.run("fstest mv /D/X.TXT /NEW.TXT") == "fstest: /D/X.TXT: error -28\nfstest: exit status 1\n"
    assert shell.run("fstest cat /D/X.TXT") == "x\n"
    assert shell.run("fstest mv /D/X.TXT /D/Y.TXT") == ""
    assert shell.run("fstest cat /D/Y.TXT") == "x\n"
    assert shell.shutdown() == 0
    fsck_clean(disk)


def fats(image) -> tuple[bytes, bytes]:
    """The first and the second FAT of a FAT16 image (geometry from its boot sector)."""
    data = image.read_bytes()
    start = int.from_bytes(data[14:16], "little") * 512
    size = int.from_bytes(data[22:24], "little") * 512
    return data[start:start + size], data[start + size:start + 2 * size]


def test_a_cut_between_the_two_fats_is_repaired_at_mount(image, tmp_path):
    """The cache writes a FAT sector to the first FAT, then to the second, then the
    directory: a cut between the two FATs leaves them differing (fsck.fat: "FATs
    differ but appear to be intact", and a checker cannot tell which is right).
    The next mount copies the first FAT, the newer, over the second."""
    before = make_image(tmp_path / "before.img", {})
    disk = make_image(tmp_path / "disk.img", {"new.bin": PATTERN[:70000]})     # data, both FATs, entry
    fat1, fat2 = fats(disk)
    old1, _ = fats(before)
    start = int.from_bytes(disk.read_bytes()[14:16], "little") * 512
    with open(disk, "r+b") as f:                # the cut: the second FAT is still the old one
        f.seek(start + len(fat1))
        f.write(old1)
    report = subprocess.run([need_tool("fsck.fat"), "-n", str(disk)], capture_output=True, text=True)
    assert "FATs differ" in report.stdout + report.stderr       # allowed after a cut (ALLOWED), but there
    shell = boot("toyos", image, disk)
    assert shell.run("fstest cat /nosuch") != ""                # the server mounted and answers
    assert shell.shutdown() == 0
    assert fats(disk) == (fat1, fat1)
    assert fsck_findings(disk) == []
