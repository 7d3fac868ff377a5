"""`toyos disk` refuses bad images and impossible requests in one line, changing nothing.

Corrupt images are made from a good one by editing single fields, so each
test names the one thing that is wrong.  (tests/oracles/test_fat_mtools.py
and test_fat_check.py compare with mtools and fsck.fat.)
"""
from __future__ import annotations

import struct

import pytest

from fat16 import Volume, check_image, read_tree
from fat16.layout import SECTOR
from tests.fat.helpers import disk


@pytest.fixture
def image(tmp_path, capsys):
    path = tmp_path / "disk.img"
    host = tmp_path / "hello.txt"
    host.write_bytes(b"hello\n" * 1000)
    assert disk(capsys, "mkfs", path, "--size", "4M")[0] == 0
    assert disk(capsys, "put", path, host, "/")[0] == 0
    return path


def one_line_error(capsys, *args, expect: str) -> None:
    status, out, err = disk(capsys, *args)
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert expect in err, err


def patch(path, offset: int, data: bytes) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset:offset + len(data)] = data
    path.write_bytes(raw)


def test_missing_image(tmp_path, capsys):
    one_line_error(capsys, "ls", tmp_path / "nope.img", expect="no such disk image")


def test_not_a_fat_image(tmp_path, capsys):
    path = tmp_path / "zeros.img"
    path.write_bytes(bytes(1 << 20))
    one_line_error(capsys, "ls", path, expect="no FAT boot sector")


def test_bad_boot_sector_fields(image, capsys):
    patch(image, 13, b"\x03")                                # 3 sectors per cluster
    one_line_error(capsys, "ls", image, expect="3 sectors per cluster")


def test_fat12_is_refused(image, capsys):
    patch(image, 19, struct.pack("<H", 4000))                # too few clusters for FAT16
    one_line_error(capsys, "ls", image, expect="FAT12 volume")


def test_fat32_is_refused(image, capsys):
    patch(image, 17, b"\0\0")                                # no fixed root directory: FAT32's mark
    one_line_error(capsys, "ls", image, expect="FAT32 volume")


def test_truncated_image(image, capsys):
    image.write_bytes(image.read_bytes()[:1 << 20])
    one_line_error(capsys, "cat", image, "/hello.txt", expect="truncated image")


def test_fat_cycle(image, capsys):
    with Volume.open(str(image)) as volume:
        first = volume.lookup("/hello.txt").cluster
        fat = volume.geometry.fat_offset
    patch(image, fat + 2 * (first + 1), struct.pack("<H", first))   # second cluster points back
    one_line_error(capsys, "cat", image, "/hello.txt", expect="loops at cluster")
    assert any("loops" in problem for problem in check_image(str(image)))


def test_disk_full_changes_nothing(image, tmp_path, capsys):
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(5 << 20))
    before = image.read_bytes()
    one_line_error(capsys, "put", image, big, "/", expect="disk full")
    assert image.read_bytes() == before


def test_name_too_long(image, tmp_path, capsys):
    host = tmp_path / "x"
    host.write_bytes(b"x")
    one_line_error(capsys, "put", image, host, "/" + "n" * 256, expect="name too long")
    assert disk(capsys, "put", image, host, "/" + "n" * 255)[0] == 0
    assert read_tree(str(image))["n" * 255] == b"x"


@pytest.mark.parametrize("name", ["a:b", "what?", "trailing.", "c|d"])
def test_bad_names(image, tmp_path, capsys, name):
    host = tmp_path / "x"
    host.write_bytes(b"x")
    one_line_error(capsys, "put", image, host, "/" + name, expect="FAT names cannot")


def test_root_directory_full(tmp_path, capsys):
    with Volume.create(str(tmp_path / "d.img"), 4 << 20) as volume:
        for i in range(512):                                 # 8.3 names: one slot each
            volume.write(f"/F{i}", b"")
    one_line_error(capsys, "mkdir", tmp_path / "d.img", "/one more", expect="root directory is full")


def test_mistakes_in_the_tree(image, tmp_path, capsys):
    one_line_error(capsys, "cat", image, "/nope", expect="no such file or directory")
    one_line_error(capsys, "mkdir", image, "/hello.txt", expect="already exists")
    one_line_error(capsys, "mkdir", image, "/a/b", expect="no such file or directory")
    assert disk(capsys, "mkdir", image, "/d")[0] == 0
    one_line_error(capsys, "rm", image, "/d", expect="is a directory (use -r)")
    one_line_error(capsys, "get", image, "/d", tmp_path / "out", expect="is a directory (use -r)")
    one_line_error(capsys, "mkfs", tmp_path / "tiny.img", "--size", "1M", expect="outside FAT16's range")


def test_unicode_long_names_round_trip(tmp_path):
    names = ["übergröße.txt", "日本語のファイル名", "emoji \U0001F600 name", "ÄÖÜ"]
    with Volume.create(str(tmp_path / "d.img"), 4 << 20) as volume:
        for name in names:
            volume.write("/" + name, name.encode())
        aliases = [entry.short for entry in volume.listdir("/")]
    assert read_tree(str(tmp_path / "d.img")) == {name: name.encode() for name in names}
    assert len(set(aliases)) == len(aliases)
    assert check_image(str(tmp_path / "d.img")) == []


def test_times_are_kept(image, tmp_path, capsys):
    host = tmp_path / "old.txt"
    host.write_bytes(b"old")
    import os
    stamp = 1_000_000_000                                   # 2001-09-09, an even second
    os.utime(host, (stamp, stamp))
    assert disk(capsys, "put", image, host, "/")[0] == 0
    with Volume.open(str(image)) as volume:
        assert volume.lookup("/old.txt").mtime.timestamp() == stamp
    assert disk(capsys, "get", image, "/old.txt", tmp_path / "back.txt")[0] == 0
    assert os.stat(tmp_path / "back.txt").st_mtime == stamp


def test_size_is_a_whole_number_of_sectors(tmp_path, capsys):
    one_line_error(capsys, "mkfs", tmp_path / "d.img", "--size", str(4 * 1024 * 1024 + 1),
                   expect=f"{SECTOR}-byte sectors")
