"""`buffers`: the console's and the disk's buffers in counters (issue 14).

Booted in deterministic time with a disk: a line typed while a command
runs waits in the console's type-ahead, byte for byte; a write stays in
the fs block cache as dirty blocks until `sync` writes them out; reads
count as hits or misses, and no counter goes back.
"""
from __future__ import annotations

import re

from tests.userland.conftest import PROMPT, boot_shell
from tests.userland.disks import make_disk_toyos

LINE = re.compile(r"^console  type-ahead (\d+) of (\d+) bytes, output ring (\d+) of (\d+) bytes\n"
                  r"disk     cache hits (\d+), misses (\d+), dirty blocks (\d+)\n", re.M)


def counters(out: str) -> dict:
    m = LINE.search(out)
    assert m, out
    names = ("typed", "typed_max", "ring", "ring_max", "hits", "misses", "dirty")
    fig = dict(zip(names, map(int, m.groups())))
    assert fig["typed"] <= fig["typed_max"] and fig["ring"] <= fig["ring_max"], fig
    return fig


def test_buffers_shows_type_ahead_and_the_block_cache_at_work(tmp_path, toyos_image):
    disk = make_disk_toyos(tmp_path / "disk.img", {"f.txt": b"x" * 3000}, tmp_path / "host")
    shell = boot_shell("toyos", toyos_image, disk=disk)
    try:
        first = counters(shell.run("buffers"))
        assert first["typed"] == 0 and first["misses"] > 0      # booting read the disk
        typed = "echo typed ahead\n"
        shell.session.send("sleep 1; buffers\n" + typed)       # typed while sleep runs
        out = shell.session.expect(PROMPT).replace("\r\n", "\n")
        assert counters(out)["typed"] == len(typed), out       # held, byte for byte
        out = shell.session.expect(PROMPT).replace("\r\n", "\n")
        assert out == typed + "typed ahead\n" + PROMPT, out     # then read by the shell
        before = counters(shell.run("buffers"))
        wrote = counters(shell.run("echo written > /g.txt; buffers"))
        assert wrote["dirty"] >= 1, wrote                        # in the cache, not yet on the disk
        synced = counters(shell.run("sync; buffers"))
        assert synced["dirty"] == 0, synced
        for name in ("hits", "misses"):
            assert first[name] <= before[name] <= wrote[name] <= synced[name]
        assert synced["hits"] > before["hits"]
        assert shell.shutdown() == 0
    finally:
        shell.session.close()
