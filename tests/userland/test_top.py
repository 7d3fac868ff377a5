"""`top`: the CPU share of every process, live (issue 14).

Booted in deterministic time with a CPU hog in the background, top's
frames are checked against what the accounting promises (DESIGN.md
section 3, "Accounting"): each tick charges exactly one thread as on the
CPU, so the shares of all processes (idle's included) add up to at most
100 %, the hog's is the largest, and "busy" is what idle did not get.
"""
from __future__ import annotations

import re

import pytest

from tests.userland.conftest import PROMPT, Shell
from tests.userland.console_session import ToyosSession

ESCAPES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HEADER = re.compile(r"^top: refresh (\d+), (\d+) ticks, cpu (\d+)% busy, (\d+) processes$", re.M)
ROW = re.compile(r"^ *(\d+) (\S+) +(\d+)% +(\d+)% +(\d+)$", re.M)


@pytest.fixture
def toyos(image):
    return Shell(ToyosSession(image))


def frames(out: str) -> list[dict]:
    """top's output as frames: the header's figures and the rows in order."""
    text = ESCAPES.sub("", out.replace("\r\n", "\n"))
    heads = list(HEADER.finditer(text))
    result = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        rows = [dict(pid=int(m[1]), name=m[2], cpu=int(m[3]), sys=int(m[4]), threads=int(m[5]))
                for m in ROW.finditer(text, head.end(), end)]
        result.append(dict(refresh=int(head[1]), ticks=int(head[2]), busy=int(head[3]),
                           processes=int(head[4]), rows=rows))
    return result


def test_top_shows_the_burner_busiest_and_shares_that_add_up(toyos):
    pid = int(re.fullmatch(r"\[(\d+)\]\n", toyos.run("burn 3000 &")).group(1))
    out = toyos.run("top -n 2")
    assert "\x1b[" not in out                        # -n: batch frames, no clearing
    got = frames(out)
    assert [f["refresh"] for f in got] == [1, 2], out
    for frame in got:
        rows = frame["rows"]
        assert len(rows) == frame["processes"] >= 6, out
        assert frame["ticks"] >= 100, out              # a refresh every second (100 ticks)
        assert rows[0]["pid"] == pid and rows[0]["name"] == "burn", out
        assert rows[0]["cpu"] >= 90, out
        assert all(rows[0]["cpu"] >= r["cpu"] for r in rows), out
        assert [r["cpu"] for r in rows] == sorted((r["cpu"] for r in rows), reverse=True), out
        assert sum(r["cpu"] for r in rows) <= 100, out
        idle = [r for r in rows if r["pid"] == 0 and r["name"] == "idle"]
        assert len(idle) == 1 and frame["busy"] == 100 - idle[0]["cpu"], out
        assert len({r["pid"] for r in rows}) == len(rows), out   # one row a process
    assert toyos.run(f"kill {pid}") == f"[{pid}] killed  burn\n"   # reported at the next prompt
    assert toyos.run("wait") == ""
    idle = frames(toyos.run("top -n 1"))[0]            # nothing to do: idle takes it all
    assert idle["busy"] <= 5 and idle["rows"][0]["name"] == "idle", idle
    for bad in ("top -n 0", "top -n", "top x", "top -n 2 3", "top -n -1"):
        assert toyos.run(bad) == "usage: top [-n REFRESHES] (q quits)\ntop: exit status 1\n", bad
    assert toyos.shutdown() == 0


def test_top_alone_is_live_until_q_or_ctrl_c(toyos):
    for key in ("q", "\x03"):
        toyos.start("top")
        first = toyos.session.expect("refresh 1,")
        assert "\x1b[H\x1b[J" in first                 # a live view: each frame clears
        toyos.session.expect("refresh 2,")
        toyos.session.send(key)
        toyos.session.expect(PROMPT)
        # the keyboard is the shell's again: a line reaches it whole
        assert toyos.run("echo back") == "back\n", key
    assert toyos.shutdown() == 0
