"""What a hostile program tries (issue 13), each a regression test.

`hostile WHAT` (userland/programs/hostile.s) runs one attack in a booted
session on our machine in deterministic time; the test checks that the
system answered as it must and is still whole afterwards (spawning works,
`free` shows the frames back).
"""
from __future__ import annotations

import re

import pytest

from tests.userland.conftest import Shell
from tests.userland.console_session import ToyosSession

NPROCS = 32          # pm's process table (servers/pm/pm.inc)


@pytest.fixture
def toyos(image):
    return Shell(ToyosSession(image, max_insns=1_500_000_000))


def test_a_process_that_kills_its_own_last_thread_is_reaped(toyos):
    # it used to vanish from the table without becoming a zombie: its slot,
    # space and ~22 frames leaked, and after 28 of them spawning failed
    toyos.run("hello")                          # warm: the shell's first spawn
    before = toyos.run("free")
    for _ in range(NPROCS + 8):
        assert toyos.run("hostile selfkill") == "hostile: killed\n"
    assert toyos.run("hostile selfkill &").startswith("[")
    toyos.pause()
    assert re.fullmatch(r"\[\d+\] killed\n", toyos.run("wait"))
    assert toyos.run("hello") == "hello, world\n"
    assert toyos.run("free") == before
    assert toyos.shutdown() == 0
