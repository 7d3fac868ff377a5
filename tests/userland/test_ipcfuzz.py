"""Random IPC to every server from a program that lies (issue 13's fuzzing).

`ipcfuzz CALLS SEED` (userland/programs/ipcfuzz.s) calls pm, the console,
the fs, net (a card on a scripted wire), pipe and lpd servers and random ports with random labels,
words and leases, and kills its own worker thread inside any call that
does not come back in time, so servers also meet clients that die holding
a call.  Afterwards the system must answer as before: the shell runs a
command, every server thread is still there, the frames used are back to
what they were after the first run (the first fills the caches and tables
that stay), and the disk (fuzzed with real path names) passes fsck.fat -n.
"""
from __future__ import annotations

import re

from tests.fs.test_fs_read import make_image
from tests.oracles.test_fat_mtools import fsck_clean
from tests.userland.conftest import Shell
from tests.userland.console_session import ToyosSession
from tests.userland.net_wire import ScriptedLink
from tests.userland.test_shell import ps_rows

SUMMARY = re.compile(r"ipcfuzz: (\d+) calls, (\d+) answered, (\d+) errors, (\d+) workers killed "
                     r"in a call \(seed (\d+)\)\n")
CALLS = 4000


def frames_used(shell: Shell) -> int:
    return int(re.fullmatch(r"frames: \d+ free, (\d+) used \(\d+ KiB free\)\n", shell.run("free")).group(1))


def fuzz(shell: Shell, seed: int) -> tuple[int, int]:
    out = shell.run(f"ipcfuzz {CALLS} {seed}")
    m = SUMMARY.search(out)                 # the console calls print noise before it
    assert m, out[-500:]
    calls, answered, errors, killed, said_seed = map(int, m.groups())
    assert (calls, said_seed) == (CALLS, seed) and answered + errors == calls, m.group(0)
    return answered, killed


def test_servers_survive_random_calls_and_callers_killed_in_them(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {})
    shell = Shell(ToyosSession(image, disk=str(disk), net=ScriptedLink(), max_insns=3_000_000_000))
    try:
        servers = {name: len(threads) for name, threads in ps_rows(shell.run("ps")).items()
                   if name not in ("ps", "shell")}
        answered, killed = fuzz(shell, 1)
        baseline = frames_used(shell)
        for seed in (2, 3):
            more_answered, more_killed = fuzz(shell, seed)
            answered += more_answered
            killed += more_killed
        assert answered > 100 and killed > 0, (answered, killed)    # the runs reached servers and
        assert shell.run("echo alive") == "alive\n"                 # blocked in them
        assert frames_used(shell) == baseline
        after = ps_rows(shell.run("ps"))
        assert {name: len(after.get(name, ())) for name in servers} == servers, after
        assert "ipcfuzz" not in after
        assert shell.shutdown() == 0
    finally:
        shell.session.close()
    fsck_clean(disk)
