"""Handles held by processes (servers/fs/clients.s): the fs server frees what a
process held when it ends, however it ends, and keeps open what a living
child inherited; io share refuses lying callers.

One boot: programs that open a file 20 times and never close it end by
returning, by a fault and by being killed, more times in all than the
server's handle table holds (HANDLES_MAX), and opens keep working; a child
reads a descriptor its parent left behind; `fstest shares` makes the calls
a liar makes.  The disk is clean for fsck.fat afterwards.
"""
from __future__ import annotations

import re

from tests.fs.test_fs_read import boot, make_image
from tests.oracles.test_fat_mtools import fsck_clean
from vm.abi_tables import ERRNO

HANDLES_MAX = 64            # servers/fs/fs.inc
ERRNUM = {name: num for num, name in ERRNO.items()}
EBADF, ESRCH, EMFILE = ERRNUM["EBADF"], ERRNUM["ESRCH"], ERRNUM["EMFILE"]


def test_handles_of_ended_processes_are_freed_and_shares_checked(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {"f.txt": b"hello\n"})
    shell = boot("toyos", image, disk)
    per_run, runs = 20, 0
    for _ in range(2):                                   # they return without closing
        assert shell.run(f"fstest leak /f.txt {per_run} exit") == ""
        runs += 1
    out = shell.run(f"fstest leak /f.txt {per_run} fault")   # a fault ends it
    assert "opened" not in out and "fault" in out
    runs += 1
    started = shell.run(f"fstest leak /f.txt {per_run} wait &")
    pid = int(re.fullmatch(r"\[(\d+)\]\n", started).group(1))
    shell.pause(insns=5_000_000)
    assert shell.run(f"kill {pid}") == ""
    assert shell.run("wait") == f"[{pid}] killed\n"
    runs += 1
    assert f"held {per_run}" in shell.background
    assert shell.run(f"fstest leak /f.txt {per_run} exit") == ""
    runs += 1
    assert runs * per_run > HANDLES_MAX
    assert shell.run("fstest cat /f.txt") == "hello\n"

    assert shell.run("fstest orphan /f.txt") == ""     # exits before its child reads
    shell.pause(insns=40_000_000)
    assert shell.run("fstest cat /f.txt") == "hello\n"
    assert "hello\nslowcat: read 0\nslowcat: close 0\n" in shell.background.replace("\r\n", "\n")

    answers = dict(line.split(" = ") for line in shell.run("fstest shares /f.txt").splitlines())
    assert answers == {
        "badhandle": f"-{EBADF}", "neghandle": f"-{EBADF}",
        "hugepid": f"-{ESRCH}", "badtid": f"-{ESRCH}", "negtid": f"-{ESRCH}", "idletid": f"-{ESRCH}",
        "steal": f"-{EBADF}",                      # a child given nothing holds nothing
        "self": "0", "close1": "0", "close2": "0", "close3": f"-{EBADF}",
    }
    answers = dict(line.split(" = ") for line in shell.run("fstest hostile").splitlines())
    assert answers["tablefull"] == f"-{EMFILE}"         # the table is all free again: 64 opens, then EMFILE
    assert shell.shutdown() == 0
    fsck_clean(disk)
