"""Issue 10's "found when tried as a new user would": each a regression test.

Run on QEMU and on our machine (the `shell` fixture), typed as a person
would; the line-editing and `help` findings are in test_line_editor.py.
"""
from __future__ import annotations

import re

from tests.userland.conftest import PROMPT


def job(shell, line: str) -> int:
    return int(re.fullmatch(r"\[(\d+)\]\n", shell.run(line)).group(1))


def test_ctrl_c_ends_a_wait_for_background_jobs(shell):
    # `spin &` then `wait`: Ctrl-C only echoed ^C and the shell never read again
    pid = job(shell, "spin &")
    shell.start("wait")
    shell.pause()
    shell.session.send("\x03")
    assert shell.session.expect(PROMPT).replace("\r\n", "\n") == "^C\n" + PROMPT
    assert shell.run("echo alive") == "alive\n"
    assert shell.run(f"kill {pid}") == f"[{pid}] killed  spin\n"   # reported at the next prompt
    assert shell.run("wait") == ""       # the job was still there
    assert shell.shutdown() == 0


def test_a_restarted_shell_does_not_inherit_the_old_ones_jobs(shell):
    # the new shell (same pid) used to report the old shell's jobs at `wait`
    # and hang on an orphaned spin
    pid = job(shell, "spin &")
    shell_pid = re.search(r"pm: started shell \(pid (\d+)\)", shell.boot_log).group(1)
    shell.session.send(f"kill {shell_pid}\n")           # the shell itself
    shell.session.expect("pm: shell died, restarting")
    shell.session.expect(PROMPT)
    assert shell.run("wait") == ""
    assert shell.run(f"kill {pid}") == ""                # the orphan, by its pid
    assert shell.run("echo fine") == "fine\n"
    assert shell.shutdown() == 0


def test_fault_without_what_says_what_there_is(shell):
    # it silently meant `fault null`
    out = shell.run("fault")
    assert out.startswith("usage: fault WHAT, WHAT one of: null readnull "), out
    assert out.endswith("\nfault: exit status 2\n") and "killed" not in out, out
    assert shell.shutdown() == 0


def test_uptime_moves_in_milliseconds_not_ticks(shell):
    # it printed jiffies * 10 ms: always a multiple of 10
    # (typed ahead of busy commands, so that our machine in deterministic time
    # reads the clock between ticks, not just after idling to one)
    seen = set()
    for calls in (1000, 1300, 1700, 2300):
        shell.session.send(f"sysbench null {calls}\nuptime\n")
        shell.session.expect(PROMPT + "uptime\r\n")
        up = re.fullmatch(r"up (\d+)\.(\d{3}) s\r\n", shell.session.expect("\n"))
        seen.add(int(up.group(1)) * 1000 + int(up.group(2)))
        shell.session.expect(PROMPT)
    assert any(ms % 10 for ms in seen), sorted(seen)
    assert shell.shutdown() == 0
