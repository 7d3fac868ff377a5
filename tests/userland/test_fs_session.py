"""The files issue's done-when session (issue 9), on our machine and on QEMU.

Booted with a disk `make image` would make (/bin holding the build's
programs, written by mtools here), a user types `ls -l /bin`, `echo hello >
f`, `cat f`, `mkdir d`, `cp f d/g`, `ls d`, `rm f` and shuts down; then
mtools on the host finds d/g holding "hello\\n" and no f, fsck.fat -n finds
the image clean, and both machines printed the same transcript.
"""
from __future__ import annotations

import shutil

import pytest

from tests.userland.conftest import boot_shell
from tests.userland.disks import fsck_clean, make_disk_mtools, mtools_tree, with_bin

SESSION = ["ls -l /bin", "echo hello > f", "cat f", "mkdir d", "cp f d/g", "ls d", "rm f", "ls"]


@pytest.fixture(scope="module")
def disk(tmp_path_factory, toyos_build):
    tmp = tmp_path_factory.mktemp("donewhen")
    return make_disk_mtools(tmp / "disk.img", with_bin({}, toyos_build[1]), tmp / "host")


@pytest.fixture(scope="module")
def runs(disk, toyos_image, tmp_path_factory):
    """backend -> (the outputs of SESSION, the disk afterwards)."""
    done = {}
    for backend in ("qemu", "toyos"):
        image = tmp_path_factory.mktemp(backend) / "disk.img"
        shutil.copyfile(disk, image)
        shell = boot_shell(backend, toyos_image, disk=image)
        try:
            outputs = [shell.run(line) for line in SESSION]
            assert shell.shutdown() == 0
        finally:
            shell.session.close()
        done[backend] = (outputs, image)
    return done


@pytest.mark.parametrize("backend", ["qemu", "toyos"])
def test_the_session_leaves_what_mtools_finds(runs, backend, tmp_path, toyos_build):
    outputs, image = runs[backend]
    assert outputs[1:] == ["", "hello\n", "", "", "g\n", "", "bin\nd\n"]
    listed = sorted(line.split()[-1] for line in outputs[0].splitlines())
    assert listed == sorted([*(p.stem for p in toyos_build[1].glob("*.elf")), "sh"])   # /bin/sh: the shell
    fsck_clean(image)
    tree = mtools_tree(image, tmp_path / "back")
    assert tree["d"] == {"g": b"hello\n"} and "f" not in tree and sorted(tree) == ["bin", "d"]


def test_the_same_transcript_on_qemu_and_ours(runs):
    assert runs["qemu"][0] == runs["toyos"][0]
