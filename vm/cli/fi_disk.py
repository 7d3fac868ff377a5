"""The disk of a `toyos fi` run and the check that no committed data was lost (issue 13).

Each worker makes one small empty FAT16 image (our fat16 package, a fixed
volume id, so every worker's is the same) in a temporary folder; the kept
boot (fi_run.Booted) writes the committed files on it and syncs them, and
every run starts from a copy of those bytes written back over the file, so
each injection has a disk of its own.  After the run the image is checked
as it was left, as after a power cut: `fsck.fat -n` may report at most what
a power cut leaves (POWER_CUT_ALLOWED: lost clusters, a chain longer than
its file, the first long-name parts of a name cut between two sectors,
which fsck deletes, FATs that differ while the first is whole, which the
next mount repairs; nothing cross-linked or free in a chain; tests/fs/test_fs_power_cut.py
holds the fs server to the same list), and every committed file must read
back byte for byte (fat16, an independent reader of the image).
"""
from __future__ import annotations

import re
import shutil
import subprocess

DISK_BYTES = 4 << 20            # small: quick to restore and to check, room for the workload
VOLUME_ID = 0x70F1_D15C
FSCK_SECONDS = 60               # a bent image must not stall a campaign

# What fsck.fat -n may say about an image cut while files are written, line by line.
POWER_CUT_ALLOWED = [
    r"fsck\.fat \d.*",
    r"Reclaimed \d+ unused clusters? \(\d+ bytes\)( in \d+ chains?)?\.",
    r"/\S+",                                                     # the file the next lines are about
    r"  File size is \d+ bytes, cluster chain length is >? ?\d+ bytes\.",
    r"  Truncating file to \d+ bytes\.",
    r'Orphaned long file name part ".*"',                        # a name cut between two sectors
    r"  Auto-deleting\.",                                         # (fs/dirwrite.s: only its first parts)
    r"FATs differ but appear to be intact\.",                     # cut between the first FAT's sector and
    r"  Using first FAT\.",                                       # its copy: the mount repairs it (fat.s)
    r"Leaving filesystem unchanged\.",
    r"\S+: \d+ files, \d+/\d+ clusters",
    r"",
]


class NoChecker(Exception):
    """fsck.fat is missing: one line for the user."""


def fsck_tool() -> str:
    path = shutil.which("fsck.fat")
    if path is None:
        raise NoChecker("fsck.fat is not installed (dosfstools): the campaign checks every disk with it")
    return path


def make_disk(path: str) -> None:
    from fat16 import Volume
    Volume.create(path, DISK_BYTES, VOLUME_ID).close()


def fsck_findings(path: str) -> list[str]:
    """The lines of `fsck.fat -n`'s report on the image that a power cut does not explain."""
    try:
        result = subprocess.run([fsck_tool(), "-n", path], capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=FSCK_SECONDS, errors="replace")
    except subprocess.TimeoutExpired:
        return [f"fsck.fat -n ran for more than {FSCK_SECONDS} s"]
    lines = (result.stdout + result.stderr).splitlines()
    return [line for line in lines if not any(re.fullmatch(p, line) for p in POWER_CUT_ALLOWED)]


def lost(path: str, committed: dict[str, bytes]) -> str:
    """'' if the image keeps every committed file and no worse than a power cut; else what is lost."""
    findings = fsck_findings(path)
    if findings:
        return "fsck.fat: " + "; ".join(findings[:3])[:200]
    from fat16 import Volume
    name = "the volume"
    try:
        with Volume.open(path) as volume:
            for name, data in committed.items():
                got = volume.read(name)
                if got != data:
                    return f"{name}: {len(got)} bytes differ from the {len(data)} synced"
    except Exception as exc:        # noqa: BLE001 (any failure to read a committed file is a loss)
        return f"{name}: {exc}"[:200]
    return ""
