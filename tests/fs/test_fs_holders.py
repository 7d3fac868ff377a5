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


JOB_END = re.compile(r"\[(\d+)\] ([^\n]+?)  \S+\n")       # "[pid] how  name", at a prompt


class Jobs:
    """A shell whose job-end reports (the shell prints them before a prompt,
    whatever command ran) are set apart: `ends` maps pid -> how it ended."""

    def __init__(self, shell):
        self.shell, self.ends = shell, {}

    def run(self, line: str) -> str:
        out = self.shell.run(line)
        for m in JOB_END.finditer(out):
            self.ends[int(m.group(1))] = m.group(2)
        return JOB_END.sub("", out)

    def start(self, line: str) -> int:
        """A background job: its pid."""
        return int(re.fullmatch(r"\[(\d+)\]\n", self.run(line)).group(1))

    def until_ended(self, *pids: int) -> None:
        while not all(p in self.ends for p in pids):
            self.shell.pause(insns=5_000_000)
            self.run("")


def test_handles_of_ended_processes_are_freed_and_shares_checked(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {"f.txt": b"hello\n"})
    shell = boot("toyos", image, disk)
    jobs = Jobs(shell)
    per_run, runs = 20, 0
    for _ in range(2):                                   # they return without closing
        assert jobs.run(f"fstest leak /f.txt {per_run} exit") == ""
        runs += 1
    out = jobs.run(f"fstest leak /f.txt {per_run} fault")   # a fault ends it
    assert "opened" not in out and "fault" in out
    runs += 1
    pid = jobs.start(f"fstest leak /f.txt {per_run} wait &")
    shell.pause(insns=5_000_000)
    jobs.run(f"kill {pid}")
    jobs.until_ended(pid)
    assert jobs.ends[pid] == "killed"
    runs += 1
    assert f"held {per_run}" in shell.background
    assert jobs.run(f"fstest leak /f.txt {per_run} exit") == ""
    runs += 1
    assert runs * per_run > HANDLES_MAX
    assert jobs.run("fstest cat /f.txt") == "hello\n"

    assert jobs.run("fstest orphan /f.txt") == ""     # exits before its child reads
    shell.pause(insns=40_000_000)
    assert jobs.run("fstest cat /f.txt") == "hello\n"
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
