"""The fs server's write path, checked from the host with mtools and fsck.fat.

A scripted session on an empty mkfs.fat disk creates, fills, appends,
renames and removes files and directories with `fstest` (the fs protocol
called directly), then shuts down (pm syncs the fs server first).  The
disk must pass `fsck.fat -n` and our checker, mtools must read back exactly
the tree a Python model predicts, and long names must carry the 8.3
aliases FAT gives them (fat16/names.py, equal to mtools's).  Two clients
appending to one file lose no line; hostile calls get the protocol's errors
and the server keeps serving.
"""
from __future__ import annotations

import re

import pytest

from fat16 import Volume
from tests.fs.test_fs_read import boot, fnv1a, make_image
from tests.oracles.test_fat_mtools import fsck_clean, mtools_tree

PATTERN = bytes((i * 7 + 3) & 0xFF for i in range(1 << 20))

SCRIPT = [
    ("fstest mkdir /docs", ""),
    ("fstest write /hello.txt hello", ""),
    ("fstest append /hello.txt world", ""),
    ("fstest write /docs/LongFileName.text one", ""),
    ("fstest write /docs/LongFileNameTwo.text two", ""),
    ("fstest write /docs/MixedCase.Txt m", ""),
    ("fstest write /docs/a.b.c abc", ""),
    ("fstest write /docs/x+y.txt gone", ""),
    ("fstest write /README.TXT upper", ""),
    ("fstest write /README.TXT again", ""),          # truncated and rewritten
    ("fstest fill /big.bin 1048576", ""),
    ("fstest fill /s0 0", ""),
    ("fstest fill /s1 1", ""),
    ("fstest fill /s511 511", ""),
    ("fstest fill /s512 512", ""),
    ("fstest fill /s513 513", ""),
    ("fstest mkdir /docs/sub", ""),
    ("fstest mkdir /docs/sub/deeper", ""),
    ("fstest mv /docs/a.b.c /docs/sub/moved.c", ""),
    ("fstest mv /docs/sub /moved", ""),              # a directory to another parent
    ("fstest rm /docs/x+y.txt", ""),
    ("fstest mkdir /empty", ""),
    ("fstest rmdir /empty", ""),
    ("fstest rmdir /moved", "fstest: /moved: error -39\nfstest: exit status 1\n"),      # not empty
    ("fstest rm /nosuch", "fstest: /nosuch: error -2\nfstest: exit status 1\n"),
    ("fstest mkdir /docs", "fstest: /docs: error -17\nfstest: exit status 1\n"),
    ("fstest mv /moved /moved/deeper/x", "fstest: /moved: error -22\nfstest: exit status 1\n"),   # into itself
    ("fstest write /old.txt old", ""),
    ("fstest write /Target.TXT target, longer than old", ""),
    ("fstest mv /old.txt /target.txt", ""),          # a file replaces a file, named as typed
    ("fstest mv /s1 /moved", "fstest: /s1: error -17\nfstest: exit status 1\n"),          # never a directory
    ("fstest mv /moved/deeper /s0", "fstest: /moved/deeper: error -20\nfstest: exit status 1\n"),  # nor by one
    ("fstest sync", ""),
]

EXPECTED = {
    "hello.txt": b"hello\nworld\n",
    "target.txt": b"old\n",
    "README.TXT": b"again\n",
    "big.bin": PATTERN,
    "s0": b"", "s1": PATTERN[:1], "s511": PATTERN[:511], "s512": PATTERN[:512], "s513": PATTERN[:513],
    "docs": {"LongFileName.text": b"one\n", "LongFileNameTwo.text": b"two\n", "MixedCase.Txt": b"m\n"},
    "moved": {"moved.c": b"abc\n", "deeper": {}},
}

ALIASES = {   # as FAT (and mtools, and fat16/names.py) name them
    "/hello.txt": b"HELLO   TXT", "/README.TXT": b"README  TXT", "/big.bin": b"BIG     BIN",
    "/docs/LongFileName.text": b"LONGFI~1TEX", "/docs/LongFileNameTwo.text": b"LONGFI~2TEX",
    "/docs/MixedCase.Txt": b"MIXEDC~1TXT", "/moved/moved.c": b"MOVED   C  ",
    "/target.txt": b"TARGET  TXT",
}


def tree_lines(tree: dict, path: str = "") -> list[str]:
    lines = []
    for name, value in tree.items():
        full = f"{path}/{name}"
        if isinstance(value, dict):
            lines += [f"D {full}"] + tree_lines(value, full)
        else:
            lines.append(f"F {full} {len(value)} {fnv1a(value):08x}")
    return lines


@pytest.mark.parametrize("backend", ["toyos", "qemu"])
def test_written_tree_reads_back_with_mtools(backend, image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {})
    shell = boot(backend, image, disk)
    try:
        for line, output in SCRIPT:
            assert shell.run(line) == output, line
        assert sorted(shell.run("fstest tree /").splitlines()) == sorted(tree_lines(EXPECTED))
        assert shell.shutdown() == 0
    finally:
        shell.session.close()
    fsck_clean(disk)
    assert mtools_tree(disk, tmp_path / "mtools") == EXPECTED
    with Volume.open(str(disk)) as volume:
        for path, short in ALIASES.items():
            assert volume.lookup(path).short == short, path


def test_two_appenders_lose_no_line(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {})
    shell = boot("toyos", image, disk)
    shell.run("fstest appender /log A 150 &")
    shell.run("fstest appender /log B 150")
    shell.pause(insns=20_000_000)
    lines = shell.run("fstest cat /log").splitlines()
    assert sorted(lines) == sorted([f"A {i}" for i in range(150)] + [f"B {i}" for i in range(150)])
    assert [x for x in lines if x[0] == "A"] == [f"A {i}" for i in range(150)]
    assert shell.shutdown() == 0
    fsck_clean(disk)


def test_hostile_calls_get_errors_and_the_server_keeps_serving(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {"f.txt": b"x", "g.txt": b"y"})   # readdirhuge takes one
    shell = boot("toyos", image, disk)
    answers = dict(line.split(" = ") for line in shell.run("fstest hostile").splitlines())
    assert answers == {
        "badhandle": "-9", "neghandle": "-9",             # EBADF
        "longpath": "-36", "hugepath": "-36",             # ENAMETOOLONG: FS_PATH_MAX + 1, ~2^32
        "lyinglease": "-14", "nolease": "-14",            # EFAULT: the lease holds less than claimed
        "badflags": "-22", "unknownop": "-38",            # EINVAL, ENOSYS
        "ghost": "-2", "emptymkdir": "-2", "emptycreate": "-2",   # ENOENT, and no /ghost made
        "mkdirroot": "-17", "rmdirroot": "-16", "unlinkroot": "-21",
        "writeroot": "-9",                                # a read-only handle
        "readdirsmall": "-22", "readdirhuge": "1", "readdirro": "-14",
        "seekneg": "-22", "seekwhence": "-22", "readdir_as_file": "-21",
        "closetwice": "-9", "tablefull": "-24",           # EMFILE
        "stat": "0",
    }
    assert shell.run("fstest cat /f.txt") == "x"
    assert shell.shutdown() == 0
    fsck_clean(disk)
    assert sorted(mtools_tree(disk, tmp_path / "tree")) == ["f.txt", "g.txt"]


def test_a_client_that_dies_holding_files_loses_nothing_it_closed(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {})
    shell = boot("toyos", image, disk)
    assert shell.run("fstest write /closed.txt kept") == ""
    started = shell.run("fstest appender /open.log X 100000 &")     # holds /open.log open
    pid = int(re.fullmatch(r"\[(\d+)\]\n", started).group(1))
    shell.pause(insns=5_000_000)
    assert shell.run(f"kill {pid}") == f"[{pid}] killed  fstest\n"   # reported at the next prompt
    assert shell.run("wait") == ""
    assert shell.run("fstest cat /closed.txt") == "kept\n"
    lines = shell.run("fstest cat /open.log").splitlines()
    assert lines == [f"X {i}" for i in range(len(lines))]        # whole lines, in order
    assert shell.shutdown() == 0
    fsck_clean(disk)
    assert mtools_tree(disk, tmp_path / "mtools")["closed.txt"] == b"kept\n"
