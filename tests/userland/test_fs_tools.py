"""The file tools on a disk mtools wrote: `ls -l`, `cat`, `hexdump`, `head`,
`tail`, `cd`/`pwd`, `df` and their errors, on our machine and on QEMU.

The disk is made by mkfs.fat + mcopy (tests/userland/disks.py) with /bin
holding the build's programs, text files and binary files of 0, 1, 511, 512
and 513 bytes, and 1 MiB; what the guest prints is held to what the host
knows: the files' bytes (text through `cat`, every byte through `hexdump`
against the host's `hexdump -C`), `ls -l` against the directory entries as
the host FAT library reads them.  Both machines must print the same
transcript.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from fat16 import Volume
from tests.userland.conftest import boot_shell
from tests.userland.disks import make_disk_mtools, with_bin

SIZES = (0, 1, 511, 512, 513)
PATTERN = bytes(range(0x30, 0x40))


def text(size: int) -> bytes:
    """Printable lines of `size` bytes (the console passes them as they are)."""
    line = b"the quick brown fox jumps over the lazy dog 0123456789\n"
    return (line * (size // len(line) + 1))[:size]


def tree(bin_dir: Path) -> dict:
    binary = bytes((i * 7 + 3) & 0xFF for i in range(600))
    big = PATTERN * (65536 - 2) + bytes(range(16)) + b"the end\n" + b"\x00" * 5   # 1 MiB + 13
    return with_bin({
        "text": {f"t{n}.txt": text(n) for n in SIZES},
        "bin": {f"b{n}.bin": binary[:n] for n in SIZES},
        "big.bin": big,
        "A Long File Name.text": b"long\n",
        "nest": {"two": {"deep.txt": b"deep\n"}, "empty": {}},
    }, bin_dir)


def host_hexdump(data: bytes) -> str:
    tool = shutil.which("hexdump")
    if tool is None:
        pytest.skip("no hexdump on the host")
    return subprocess.run([tool, "-C"], input=data, capture_output=True, check=True).stdout.decode()


def ls_long(image: Path, path: str) -> str:
    """What `ls -l PATH` must print, from the directory as fat16 reads it."""
    lines = []
    with Volume.open(str(image)) as volume:
        for entry in volume.listdir(path):
            attrs = "".join(letter if entry.attr & bit else "-"
                            for letter, bit in zip("drhsa", (0x10, 0x01, 0x02, 0x04, 0x20)))
            when = entry.mtime.strftime("%Y-%m-%d %H:%M")
            lines.append(f"{attrs} {entry.size:8} {when} {entry.name}\n")
    return "".join(lines)


def names(image: Path, path: str) -> str:
    """What `ls PATH` must print: the names in directory order."""
    with Volume.open(str(image)) as volume:
        return "".join(f"{entry.name}\n" for entry in volume.listdir(path))


@pytest.fixture(scope="module")
def disk(tmp_path_factory, toyos_build) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("fstools")
    files = tree(toyos_build[1])
    return make_disk_mtools(tmp / "disk.img", files, tmp / "host"), files


class Answers(list):
    """[(command line, output)]; answers[line] is the first output of that line,
    answers[line, n] the n'th (0-based)."""
    def __getitem__(self, key):
        line, nth = key if isinstance(key, tuple) else (key, 0)
        return [out for cmd, out in self if cmd == line][nth]


@pytest.fixture(scope="module")
def transcripts(disk, toyos_image, tmp_path_factory) -> dict:
    """Each backend's answers to COMMANDS, booted with a copy of the disk."""
    image, _files = disk
    answers = {}
    for backend in ("qemu", "toyos"):
        copy = tmp_path_factory.mktemp(backend) / "disk.img"
        shutil.copyfile(image, copy)
        shell = boot_shell(backend, toyos_image, disk=copy)
        try:
            answers[backend] = Answers((line, shell.run(line)) for line in COMMANDS)
            assert shell.shutdown() == 0
        finally:
            shell.session.close()
    return answers


COMMANDS = (["ls -l /bin", "ls", "ls -l /", "ls nest /text"]
            + [f"cat /text/t{n}.txt" for n in SIZES] + [f"hexdump bin/b{n}.bin" for n in SIZES]
            + ["hexdump big.bin", "cat nosuch", "ls nosuch", "cat nest", "cd text", "pwd",
               "cat t1.txt ../nest/two/deep.txt", "cd ../nest/two", "pwd", "cd ../../text/t1.txt",
               "cd /nowhere", "pwd", "cd", "pwd", "head -n 1 text/t513.txt", "tail -n 2 text/t513.txt",
               "head -n 1 nosuch text/t1.txt", "cat 'A Long File Name.text'", "cat a*", "df"])


def test_ls_l_bin_lists_every_program_with_its_size_and_time(transcripts, disk):
    image, files = disk
    assert transcripts["toyos"]["ls -l /bin"] == ls_long(image, "/bin")
    listed = [line.split()[-1] for line in transcripts["toyos"]["ls -l /bin"].splitlines()]
    assert sorted(listed) == sorted(files["bin"])
    assert transcripts["toyos"]["ls -l /"] == ls_long(image, "/")
    assert sorted(transcripts["toyos"]["ls"].split("\n")[:-1]) == sorted(files)
    assert transcripts["toyos"]["ls nest /text"] == "nest:\n" + names(image, "/nest") + "/text:\n" + names(image, "/text")
    assert sorted(names(image, "/text").split()) == sorted(files["text"])


def test_cat_and_hexdump_give_every_byte(transcripts, disk):
    _image, files = disk
    out = transcripts["toyos"]
    for n in SIZES:
        assert out[f"cat /text/t{n}.txt"] == files["text"][f"t{n}.txt"].decode()
        assert out[f"hexdump bin/b{n}.bin"] == host_hexdump(files["bin"][f"b{n}.bin"])
    assert out["hexdump big.bin"] == host_hexdump(files["big.bin"])    # 1 MiB read to its end
    assert out["cat 'A Long File Name.text'"] == "long\n"


def test_errors_and_the_working_directory(transcripts, disk):
    _image, files = disk
    out = transcripts["toyos"]
    assert out["cat nosuch"] == "cat: nosuch: no such file or directory\ncat: exit status 1\n"
    assert out["ls nosuch"] == "ls: nosuch: no such file or directory\nls: exit status 1\n"
    assert out["cat nest"] == "cat: nest: is a directory\ncat: exit status 1\n"
    assert out["cat a*"] == "cat: a*: no such file or directory\ncat: exit status 1\n"
    assert out["cd text"] == "" and out["pwd"] == "/text\n"
    assert out["cat t1.txt ../nest/two/deep.txt"] == "t" + "deep\n"
    assert out["cd ../nest/two"] == "" and out["pwd", 1] == "/nest/two\n"
    assert out["cd ../../text/t1.txt"] == "cd: ../../text/t1.txt: not a directory\n"
    assert out["cd /nowhere"] == "cd: /nowhere: no such file or directory\n"
    assert out["pwd", 2] == "/nest/two\n" and out["cd"] == "" and out["pwd", 3] == "/\n"
    assert out["head -n 1 text/t513.txt"] == text(513).decode().split("\n")[0] + "\n"
    assert out["tail -n 2 text/t513.txt"] == "".join(text(513).decode().splitlines(True)[-2:])
    assert out["head -n 1 nosuch text/t1.txt"] == (
        "==> nosuch <==\nhead: nosuch: no such file or directory\n\n==> text/t1.txt <==\nt"
        "head: exit status 1\n")


def test_the_same_transcript_on_qemu(transcripts):
    assert list(transcripts["qemu"]) == list(transcripts["toyos"])


def test_df_counts_what_the_host_counts(transcripts, disk):
    image, _files = disk
    with Volume.open(str(image)) as volume:
        kib = volume.geometry.cluster_bytes // 1024
        total, free = volume.geometry.clusters * kib, volume.free_count() * kib
    used = total - free
    assert transcripts["toyos"]["df"] == (
        "Filesystem 1K-blocks      Used Available Use% Mounted on\n"
        f"disk       {total:9} {used:9} {free:9} {-(-used * 100 // total):3}% /\n")
