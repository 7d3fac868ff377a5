"""The fs server's read path, against disks mkfs.fat and mtools wrote.

A tree with nested directories, long names, files of 0, 1, 511, 512, 513
bytes and 1 MiB and a directory of 300 entries (tests/fat/helpers.py's
sample_tree) is copied onto a FAT16 image with mcopy; booted with that
disk, `fstest tree /` (userland/programs/fstest: the protocol called
directly) must list every file with its exact size and an FNV-1a hash of
its bytes, the same on our machine and on QEMU.  Without a disk there is
no fs server (-EDEAD); FAT12 and FAT32 disks are refused in one line and
every operation fails with -EIO.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.fat.helpers import sample_tree, write_host_tree
from tests.oracle_tools import need_tool
from tests.userland.conftest import Shell
from tests.userland.console_session import QemuSession, ToyosSession

EIO, ENOENT, ENOTDIR, EDEAD = 5, 2, 20, 130


def fnv1a(data: bytes) -> int:
    value = 0x811C9DC5
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def tree_lines(tree: dict, path: str = "") -> list[str]:
    """What `fstest tree /` prints for `tree`, in some order."""
    lines = []
    for name, value in tree.items():
        full = f"{path}/{name}"
        if isinstance(value, dict):
            lines += [f"D {full}"] + tree_lines(value, full)
        else:
            lines.append(f"F {full} {len(value)} {fnv1a(value):08x}")
    return lines


def make_image(path: Path, tree: dict, fat_bits: int = 16, sectors: int = 32768) -> Path:
    """A FAT image by mkfs.fat, filled by mcopy (the oracles write it, not us)."""
    subprocess.run([need_tool("mkfs.fat"), "-F", str(fat_bits), "-C", str(path), str(sectors)],
                   check=True, capture_output=True)
    if tree:
        host = path.parent / (path.name + ".host")
        write_host_tree(host, tree)
        subprocess.run([need_tool("mcopy"), "-s", "-i", str(path), *map(str, sorted(host.iterdir())), "::/"],
                       check=True, capture_output=True)
    return path


@pytest.fixture(scope="module")
def sample_disk(tmp_path_factory) -> Path:
    return make_image(tmp_path_factory.mktemp("fsread") / "sample.img", sample_tree())


def boot(backend: str, image: str, disk: Path | None) -> Shell:
    if backend == "qemu":
        return Shell(QemuSession(image, disk=str(disk) if disk else None))
    return Shell(ToyosSession(image, disk=str(disk) if disk else None))


@pytest.mark.parametrize("backend", ["toyos", "qemu"])
def test_mtools_tree_reads_back_exactly(backend, image, sample_disk, tmp_path):
    disk = tmp_path / "disk.img"                 # each run gets its own copy: QEMU locks the file
    disk.write_bytes(sample_disk.read_bytes())
    shell = boot(backend, image, disk)
    try:
        assert "pm: started fs" in shell.boot_log
        listing = shell.run("fstest tree /").splitlines()
        assert sorted(listing) == sorted(tree_lines(sample_tree()))
        stats = shell.run("fstest stat / /README.TXT /readme.txt /sizes /nosuch /sizes/size513.bin "
                          "/README.TXT/x /nest/../sizes/./size1.bin /sizes/.. /..")
        lines = stats.splitlines()
        assert lines[0] == "/: 0 10 0"
        assert lines[1].startswith("/README.TXT: 13 20 ")
        assert lines[2].startswith("/readme.txt: 13 20 ")   # FAT names match in any case
        assert lines[3].startswith("/sizes: 0 10 ")
        assert lines[4] == f"/nosuch: error -{ENOENT}"
        assert lines[5].startswith("/sizes/size513.bin: 513 20 ")
        assert lines[6] == f"/README.TXT/x: error -{ENOTDIR}"
        assert lines[7].startswith("/nest/../sizes/./size1.bin: 1 20 ")
        assert lines[8:] == ["/sizes/..: 0 10 0", "/..: 0 10 0"]        # the root, by ".." on disk and not
        assert shell.run("fstest cat /README.TXT") == "toyos sample\n"
    finally:
        shell.session.close()


def test_no_disk_no_fs_server(image):
    shell = boot("toyos", image, None)
    assert "fs" not in shell.boot_log
    assert shell.run("fstest stat /") == f"/: error -{EDEAD}\n"


@pytest.mark.parametrize("bits, sectors, word", [(12, 8192, "FAT12"), (32, 80000, "FAT32")])
def test_fat12_and_fat32_are_refused_in_one_line(bits, sectors, word, image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {"f.txt": b"x"}, bits, sectors)
    shell = boot("toyos", image, disk)
    assert f"fs: the disk is {word}; only FAT16 is supported\n" in shell.boot_log.replace("\r\n", "\n")
    assert shell.run("fstest stat / /f.txt") == f"/: error -{EIO}\n/f.txt: error -{EIO}\n"


def test_not_a_fat_disk_is_refused(image, tmp_path):
    disk = tmp_path / "zero.img"
    disk.write_bytes(bytes(1 << 20))
    shell = boot("toyos", image, disk)
    assert "fs: the disk holds no FAT file system (no boot signature)\n" in shell.boot_log.replace("\r\n", "\n")
    assert shell.run("fstest stat /") == f"/: error -{EIO}\n"
