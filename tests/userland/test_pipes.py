"""The pipe server (servers/pipe), booted for real and driven from the shell.

`pipetest` (userland/programs/pipetest.s) makes a pipe, joins a writer and
a reader through it, and reports what the reader saw; other modes kill one
end's only holder, close the read end, or lie about handles and leases.
One boot serves the whole module (deterministic time, our machine); the
hypothesis test varies the sizes of writes and reads and how often each
side gives the CPU away, and the last test checks with ps that nothing was
left waiting on the pipe server.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.userland.conftest import Shell
from tests.userland.console_session import ToyosSession
from tests.userland.test_shell import ps_rows
from vm.abi_tables import ERRNO, PIPE

E = {name: -num for num, name in ERRNO.items()}


@pytest.fixture(scope="module")
def toyos(image):
    session = ToyosSession(image, max_insns=2_000_000_000)
    yield Shell(session)
    session.close()


def test_a_pipe_carries_bytes_in_order(toyos):
    assert toyos.run("pipetest run 3000 100 0 77 0") == "pipetest: 3000 bytes in order\n"
    # one byte per write against reads bigger than the pipe, and the other way round
    assert toyos.run("pipetest run 1500 1 0 2048 2") == "pipetest: 1500 bytes in order\n"
    size = PIPE["PIPE_BUF_SIZE"]
    assert toyos.run(f"pipetest run {4 * size} 2048 0 1 0") == f"pipetest: {4 * size} bytes in order\n"
    assert toyos.run("pipetest run 0 10 0 10 0") == "pipetest: 0 bytes in order\n"


@settings(max_examples=12, deadline=None)
@given(n=st.integers(0, 2500), wchunk=st.integers(1, 1200), wyields=st.integers(0, 3),
       rchunk=st.integers(1, 1200), ryields=st.integers(0, 3))
def test_bytes_out_equal_bytes_in(toyos, n, wchunk, wyields, rchunk, ryields):
    out = toyos.run(f"pipetest run {n} {wchunk} {wyields} {rchunk} {ryields}")
    assert out == f"pipetest: {n} bytes in order\n"


def test_no_reader_is_epipe_and_no_writer_is_the_end(toyos):
    # the read end closed: a write is -EPIPE, worded as strerror words it
    assert toyos.run("pipetest epipe") == "pipetest: write: broken pipe\n"
    # the only writer killed (it never closed anything): pm tells the pipe
    # server, which drops what the dead held, and the reader sees the end
    assert toyos.run("pipetest deadwriter") == "pipetest: read = 0\n"
    # the only reader killed: a write that would have waited is -EPIPE
    assert toyos.run("pipetest deadreader") == "pipetest: write: broken pipe\n"
    # a reader killed while its read waited takes nothing from the next reader
    assert toyos.run("pipetest killedreader") == "pipetest: read after the killed reader = 3\n"


def test_lying_handles_and_leases(toyos):
    out = toyos.run("pipetest hostile")
    got = dict(re.findall(r"pipetest: (.+) = (-?\d+)\n", out))
    assert got == {
        "read of a handle never made": str(E["EBADF"]),
        "read of the write end": str(E["EBADF"]),
        "share with no such pid": str(E["ESRCH"]),
        "read of 2^31-1 into a 4-byte lease": "4",     # the lease bounds it
        "read into page 0": str(E["EFAULT"]),          # and consumes nothing:
        "read after it": "4",                          # the bytes are still there
        "close of a handle no longer held": str(E["EBADF"]),
    }, out


def test_nothing_left_waiting(toyos):
    rows = ps_rows(toyos.run("ps"))
    assert rows["pipe"][0]["state"] == "wait: recv", rows
    assert "pipetest" not in rows and "spin" not in rows, rows
    waiting = [(name, t["state"]) for name, threads in rows.items() for t in threads
               if t["state"].startswith("wait: call pipe") or t["state"].startswith("wait: send pipe")]
    assert not waiting, rows
    assert toyos.shutdown() == 0


# ── the shell's lists, pipelines and status, on QEMU and on our machine ──

def test_pipelines_lists_and_status(shell):
    assert shell.run("pipetest gen 3000 100 0 | pipetest check 3000 64 0") == \
        "pipetest: 3000 bytes in order\n"
    assert shell.run("hello | cat | cat") == "hello, world\n"
    assert shell.run("hello | nosuch; echo $?") == "shell: nosuch: command not found\n127\n"
    assert shell.run("fault null && echo yes || echo no $?").endswith("no 139\n")
    assert shell.run("hello && echo yes $? || echo no") == "hello, world\nyes 0\n"
    assert shell.run("echo 'a|b;c' \"$?\" '$?' # not this") == "a|b;c 0 $?\n"
    assert shell.run("echo a &&") == "shell: syntax error near 'newline'\n"
    assert shell.run("| cat") == "shell: syntax error near '|'\n"
    assert shell.run("hello ; ; hello") == "shell: syntax error near ';'\n"
    assert shell.run("echo hi > f") == "shell: f: server is dead\n"       # no disk, no fs server
    assert shell.run("echo after") == "after\n"
    shell.session.send("exit 3\n")
    shell.session.expect("pm: shell died, restarting")
    shell.session.expect("toyos$ ")
    assert shell.run("echo $?") == "0\n"
    assert shell.shutdown() == 0


def test_ctrl_c_ends_the_whole_pipeline(shell):
    # yes never stops and grep never prints: only Ctrl-C ends them, both
    shell.start("yes | grep x | cat")
    if shell.backend == "qemu":
        shell.pause(seconds=2)      # QEMU's threads cannot be seen: time for three spawns under load
    else:
        shell.session.run_until_thread("cat")
        shell.pause(insns=2_000_000)
    shell.session.send("\x03")
    assert "^C" in shell.session.expect("toyos$ ")
    assert shell.run("echo $?") == "130\n"       # 128 + pm's status for Ctrl-C, as Unix
    rows = ps_rows(shell.run("ps"))
    assert not {"yes", "grep", "cat"} & set(rows), rows
    assert shell.run("yes | seq 2; echo $?") == "1\n2\n0\n"
    assert shell.shutdown() == 0
