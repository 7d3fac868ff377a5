"""build/disk.img's maker (vm/cli/disk_image.py): /bin holds the programs and
userland/disk/ the rest; an update rewrites only what changed and keeps the
files a session left on the disk; an unusable old image is one line.
(tests/oracles/test_disk_boot.py reads a real build's disk with mtools and boots it.)
"""
from __future__ import annotations

import os

import pytest

from fat16 import FatError, Volume, check_image, read_tree
from vm.cli.disk_image import SKELETON, update_disk_image


def _programs(tmp_path, contents: dict[str, bytes]) -> dict:
    programs = {}
    for name, data in contents.items():
        programs[name] = tmp_path / f"{name}.elf"
        programs[name].write_bytes(data)
        _age(programs[name], 60)                 # older than the image made after them
    return programs


def _age(path, seconds: int) -> None:
    stamp = os.stat(path).st_mtime - seconds
    os.utime(path, (stamp, stamp))


def test_made_then_updated_keeping_other_files(tmp_path):
    image = tmp_path / "disk.img"
    programs = _programs(tmp_path, {"hello": b"\x7fELF hello", "cat": b"\x7fELF cat"})
    assert update_disk_image(image, programs, log=lambda *_: None)
    tree = read_tree(str(image))
    assert tree["bin"] == {"cat": b"\x7fELF cat", "hello": b"\x7fELF hello",
                           "batch.sh": (SKELETON / "bin" / "batch.sh").read_bytes()}
    assert tree["README.TXT"] == (SKELETON / "README.TXT").read_bytes()
    assert tree["etc"]["motd"] == (SKELETON / "etc" / "motd").read_bytes()
    with Volume.open(str(image), writable=True) as volume:      # what a session leaves
        volume.write("/home.txt", b"mine")
    before = image.read_bytes()
    assert not update_disk_image(image, programs, log=lambda *_: None)   # nothing changed
    assert image.read_bytes() == before
    _age(image, 10)
    programs["hello"].write_bytes(b"\x7fELF hello, again")
    logged = []
    assert update_disk_image(image, programs, log=logged.append)
    assert logged == [f"  DISK    {image} (1 file)"]
    tree = read_tree(str(image))
    assert tree["bin"]["hello"] == b"\x7fELF hello, again" and tree["home.txt"] == b"mine"
    assert check_image(str(image)) == []


def test_an_unusable_old_image_is_one_line(tmp_path):
    image = tmp_path / "disk.img"
    image.write_bytes(bytes(1 << 20))
    programs = _programs(tmp_path, {"hello": b"x"})
    with pytest.raises(FatError) as error:
        update_disk_image(image, programs, log=lambda *_: None)
    assert "no FAT boot sector" in str(error.value) and "remove it" in str(error.value)
    assert "\n" not in str(error.value)
