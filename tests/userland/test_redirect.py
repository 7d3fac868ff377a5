"""Shell redirections (servers/shell/redirect.s) on a disk mtools wrote, on QEMU and ours.

`<` gives a program (or a pipeline's first command) a file as its input;
a file that cannot be opened is reported as `shell: PATH: words`, the
command does not run and `$?` is 1; `>`/`>>` into a folder that does not
exist is refused the same way, a builtin's too; `mv` onto a file replaces
it unless the file is open (the done-when session, test_fs_session, takes
`>` further).
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.userland.conftest import boot_shell
from tests.userland.disks import make_disk_mtools

DATA = bytes(range(256)) * 3
COMMANDS = ["cat < note.txt", "hexdump < data.bin", "cat < note.txt | head -n 1", "head -n 1 < note.txt",
            "cat < nosuch", "echo $?", "echo hi > nodir/f", "echo $?", "cat note.txt > nodir/f",
            "echo $?", "ls < nosuch | cat", "cd sub", "cat < ../note.txt", "cat<../note.txt",
            # mv replaces a file (fs.rename), but not one that is open: here the shell holds k open
            "echo new > new.txt", "echo k > k.txt", "mv new.txt k.txt > k.txt", "cat k.txt new.txt",
            "mv new.txt k.txt", "cat k.txt", "ls"]


def expected(hexdump: str) -> list[str]:
    return ["one\ntwo\n", hexdump, "one\n", "one\n",
            "shell: nosuch: no such file or directory\n", "1\n",
            "shell: nodir/f: no such file or directory\n", "1\n",
            "shell: nodir/f: no such file or directory\n", "1\n",
            "shell: nosuch: no such file or directory\n", "", "one\ntwo\n", "one\ntwo\n",
            "", "", "mv: new.txt: busy\nmv: exit status 1\n", "new\n",
            "", "new\n", "k.txt\n"]


@pytest.fixture(scope="module")
def disk(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redirect")
    return make_disk_mtools(tmp / "disk.img", {"note.txt": b"one\ntwo\n", "data.bin": DATA, "sub": {}},
                            tmp / "host")


@pytest.mark.parametrize("backend", ["qemu", "toyos"])
def test_redirections(backend, disk, toyos_image, tmp_path):
    tool = shutil.which("hexdump")
    if tool is None:
        pytest.skip("no hexdump on the host")
    hexdump = subprocess.run([tool, "-C"], input=DATA, capture_output=True, check=True).stdout.decode()
    copy = tmp_path / "disk.img"
    shutil.copyfile(disk, copy)
    shell = boot_shell(backend, toyos_image, disk=copy)
    try:
        assert [shell.run(line) for line in COMMANDS] == expected(hexdump)
        assert shell.shutdown() == 0
    finally:
        shell.session.close()
