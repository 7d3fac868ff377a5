"""The print spooler: lpr, lpq, lprm and a slow printer on the disk (issue 14).

Booted in deterministic time with a disk holding three files, the session
checks what spooling promises: `lpr` answers before the printer is done
(its own `time` is a small part of the printing time), `lpq` shows the
queue in order with the printing job first, `lprm` drops a job, a file
removed right after `lpr` still prints (the spooler copied it), and at the
end the printer file, read by mtools, is the jobs' bytes in order, with the
spool folder empty and fsck.fat clean.  lpdtest lies to the spooler.
"""
from __future__ import annotations

import re

import pytest

from tests.userland.conftest import boot_shell
from tests.userland.disks import fsck_clean, make_disk_toyos, mtool
from vm.abi_tables import ERRNO

ERR = {name: -num for num, name in ERRNO.items()}
CHUNK_PER_S = 32 * 100                    # [lpd] LP_CHUNK bytes a tick, TICK_HZ ticks a second
FILES = {
    "a.txt": b"".join(b"line %05d of a\n" % i for i in range(600)),   # 9,600 bytes: 3 s of printing
    "b.txt": b"b" * 1999 + b"\n",
    "c.txt": b"the third file\n" * 20,
    "d.txt": b"d\n",
}
PRINTER = "::/var/spool/printer.out"


def queue(out: str) -> list[dict]:
    rows = [dict(job=int(m[1]), state=m[2], bytes=int(m[3]), printed=int(m[4]), name=m[5])
            for m in re.finditer(r"^ *(\d+) (printing|queued) +(\d+) +(\d+) (\S+)$", out, re.M)]
    assert rows or out == "no entries\n", out
    return rows


def wait_until_printed(shell, rounds: int = 20) -> None:
    for _ in range(rounds):
        if shell.run("lpq") == "no entries\n":
            return
        shell.run("sleep 1")
    pytest.fail("the printer never finished")


@pytest.fixture
def shell(tmp_path, toyos_image):
    disk = make_disk_toyos(tmp_path / "disk.img", FILES, tmp_path / "host")
    booted = boot_shell("toyos", toyos_image, disk=disk, max_insns=3_000_000_000)
    booted.disk = disk
    try:
        yield booted
    finally:
        booted.session.close()


def test_lpr_queues_and_returns_lpq_lists_lprm_cancels_the_printer_gets_the_files(shell):
    out = shell.run("time lpr /a.txt b.txt /c.txt")
    sizes = {name: len(data) for name, data in FILES.items()}
    assert out.startswith(f"job 1: /a.txt, {sizes['a.txt']} bytes\njob 2: b.txt, {sizes['b.txt']} bytes\n"
                          f"job 3: /c.txt, {sizes['c.txt']} bytes\n"), out
    real = float(re.search(r"^real +(\d+\.\d{3})s", out, re.M).group(1))
    assert real < sizes['a.txt'] / CHUNK_PER_S / 4, out          # lpr is done long before the printer
    rows = queue(shell.run("lpq"))
    assert [(r["job"], r["name"]) for r in rows] == [(1, "/a.txt"), (2, "/b.txt"), (3, "/c.txt")]
    assert rows[0]["printed"] < rows[0]["bytes"] and all(r["state"] == "queued" for r in rows[1:])
    assert shell.run("rm /c.txt") == ""                # the spooler printed a copy: c goes on
    assert shell.run("lprm 2") == "job 2 cancelled\n"
    assert shell.run("lprm 2") == "lprm: 2: no such job\nlprm: exit status 1\n"
    out = shell.run("lpdtest")                          # lies, while jobs are queued
    e = ERR
    assert out == (f"lpdtest: {e['EINVAL']} {e['ENAMETOOLONG']} {e['EFAULT']} {e['EFAULT']} "
                   f"{e['EINVAL']} 0 {e['EFAULT']} {e['ESRCH']} {e['ESRCH']} {e['ENOSYS']}\n"), out
    shell.run("sleep 1")
    rows = queue(shell.run("lpq"))
    assert [(r["job"], r["state"]) for r in rows][:1] == [(1, "printing")], rows
    assert 0 < rows[0]["printed"] < sizes["a.txt"] and [r["job"] for r in rows] == [1, 3], rows
    assert shell.run("lpr /nosuch / /var") == (
        "lpr: /nosuch: no such file or directory\nlpr: /: is a directory\n"
        "lpr: /var: is a directory\nlpr: exit status 1\n")
    assert shell.run("lpr") == "usage: lpr NAME...\nlpr: exit status 2\n"
    assert shell.run("lprm") == "usage: lprm JOB...\nlprm: exit status 2\n"
    assert shell.run("lprm x 0") == ("lprm: x: not a job number\nlprm: 0: not a job number\n"
                                     "lprm: exit status 1\n")
    wait_until_printed(shell)
    # a full queue: LP_JOBS_MAX jobs, the next one refused
    out = shell.run("lpr " + " ".join(["/d.txt"] * 17))
    assert out.count(", 2 bytes\n") == 16, out
    assert out.endswith(f"lpr: /d.txt: try again\nlpr: exit status 1\n"), out
    wait_until_printed(shell)
    assert shell.shutdown() == 0
    printed = mtool("mtype", "-i", shell.disk, PRINTER).stdout
    assert printed == FILES["a.txt"] + FILES["c.txt"] + FILES["d.txt"] * 16
    assert mtool("mdir", "-b", "-i", shell.disk, "::/var/spool/lpd").stdout.strip() == b""
    fsck_clean(shell.disk)
