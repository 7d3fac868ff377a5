"""Oracle: `toyos disk mkfs` images of every size are accepted by mtools and
fsck.fat; FAT12 and FAT32 images made by mkfs.fat are refused in one line;
and fat16.check_image, the checker other tests use, finds a problem exactly
when `fsck.fat -n` does.
"""
from __future__ import annotations

import struct
import subprocess

import pytest

from fat16 import Volume, check_image
from tests.fat.helpers import disk
from tests.oracle_tools import need_tool
from tests.oracles.test_fat_mtools import fsck_clean, mtool


@pytest.mark.parametrize("size", ["2200K", "16M", "32M", "100M", "255M", "1G"])
def test_mkfs_sizes_are_clean_for_fsck_and_mtools(tmp_path, capsys, size):
    image = tmp_path / "disk.img"
    assert disk(capsys, "mkfs", image, "--size", size) == (0, "", "")
    fsck_clean(image)
    info = mtool("minfo", "-i", image, "::").stdout.decode()
    assert "heads" in info and "sectors per track" in info
    mtool("mmd", "-i", image, "::/made by mtools")
    fsck_clean(image)


@pytest.mark.parametrize("fat, kib, expect", [(12, 1440, "FAT12 volume"), (32, 66000, "FAT32 volume")])
def test_other_fat_types_are_refused(tmp_path, capsys, fat, kib, expect):
    image = tmp_path / "other.img"
    subprocess.run([need_tool("mkfs.fat"), "-F", str(fat), "-C", str(image), str(kib)], check=True,
                   capture_output=True)
    status, out, err = disk(capsys, "ls", image)
    assert (status, out, err.count("\n")) == (1, "", 1) and expect in err, err


def _corrupt(image, how: str) -> None:
    with Volume.open(str(image)) as volume:
        g = volume.geometry
        a, b = volume.lookup("/a.bin"), volume.lookup("/b.bin")
        slot = b.slots[-1]
    raw = bytearray(image.read_bytes())
    fats = [g.fat_offset + i * g.fat_sectors * 512 for i in range(g.num_fats)]
    for fat in fats:
        if how == "cycle":
            struct.pack_into("<H", raw, fat + 2 * (a.cluster + 2), a.cluster)
        elif how == "cross-link":
            struct.pack_into("<H", raw, fat + 2 * (b.cluster + 1), a.cluster)
        elif how == "lost":
            struct.pack_into("<H", raw, fat + 2 * (g.clusters + 1), 0xFFFF)
    if how == "size":
        struct.pack_into("<I", raw, slot + 28, b.size + 10 * g.cluster_bytes)
    elif how == "fat copies":
        struct.pack_into("<H", raw, fats[1] + 2 * (g.clusters + 1), 0xFFFF)
    image.write_bytes(raw)


@pytest.mark.parametrize("how", [None, "cycle", "cross-link", "lost", "size", "fat copies"])
def test_check_image_agrees_with_fsck(tmp_path, how):
    image = tmp_path / "disk.img"
    with Volume.create(str(image), 8 << 20) as volume:
        volume.write("/a.bin", bytes(range(256)) * 40)
        volume.write("/b.bin", b"b" * 9000)
    if how:
        _corrupt(image, how)
    fsck = subprocess.run([need_tool("fsck.fat"), "-n", str(image)], capture_output=True, text=True)
    problems = check_image(str(image))
    assert (fsck.returncode == 0) == (problems == []), (fsck.stdout, problems)
    assert (problems == []) == (how is None)
