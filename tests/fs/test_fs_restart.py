"""The fs server killed while clients hold files: pm starts it again, a
client's handle from before gets -EDEAD (its server died; a new start's
handle numbers never name an old one), new opens work, and the image stays
consistent: what was synced before the kill reads back with mtools, and
fsck.fat -n finds it clean after shutdown.
"""
from __future__ import annotations

import re

from tests.fs.test_fs_holders import Jobs
from tests.fs.test_fs_read import boot, make_image
from tests.oracles.test_fat_mtools import fsck_clean, mtools_tree
from vm.abi_tables import ERRNO

EDEAD = {name: num for num, name in ERRNO.items()}["EDEAD"]


def test_killed_fs_server_restarts_and_the_disk_stays_consistent(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {"old.txt": b"from mtools\n"})
    shell = boot("toyos", image, disk)
    fs_pid = int(re.search(r"pm: started fs \(pid (\d+)", shell.boot_log).group(1))
    jobs = Jobs(shell)
    assert jobs.run("fstest write /synced.txt kept") == ""
    assert jobs.run("fstest sync") == ""
    holder = jobs.start("fstest holdread /old.txt /go &")        # holds a handle across the kill
    leaker = jobs.start("fstest leak /synced.txt 5 wait &")      # and one that holds five
    writer = jobs.start("fstest appender /open.log X 100000 &")  # and one that writes
    shell.pause(insns=3_000_000)
    assert jobs.run(f"kill {fs_pid}") == f"pm: fs died, restarting\npm: started fs (pid {fs_pid})\n"
    assert jobs.run("fstest cat /synced.txt") == "kept\n"        # a new start serves
    jobs.run(f"kill {leaker}")
    assert jobs.run("fstest write /go now") == ""                  # the holder reads again
    jobs.until_ended(holder, leaker, writer)
    assert (jobs.ends[holder], jobs.ends[leaker]) == ("done", "killed")
    assert jobs.ends[writer] == "exit status 1"                    # its handle died too
    out = shell.session.transcript.replace("\r\n", "\n")
    assert "before = 1\n" in out
    assert f"after = -{EDEAD}\n" in out                           # the handle's server died
    assert "reopen = 0\n" in out
    assert jobs.run("fstest write /later.txt new") == ""
    assert jobs.run("fstest cat /old.txt") == "from mtools\n"
    assert shell.shutdown() == 0
    fsck_clean(disk)
    tree = mtools_tree(disk, tmp_path / "mtools")
    assert tree["synced.txt"] == b"kept\n" and tree["later.txt"] == b"new\n" and tree["go"] == b"now\n"
    assert tree["old.txt"] == b"from mtools\n"
    lines = tree.get("open.log", b"").decode().splitlines()        # what reached the disk: whole lines
    assert lines == [f"X {i}" for i in range(len(lines))]
