"""Job control (issue 10): Ctrl-Z, jobs, fg, bg, and jobs reported at the prompt.

Ctrl-Z makes pm stop the foreground job through the kernel (thread_stop:
the STOPPED state), so a stopped job takes no CPU; the shell stops the
rest of its pipeline (pm.stop) and keeps it as a job; `fg PID` and
`bg PID` continue every process of it.  Typed as a person would, on QEMU
and on our machine (deterministic time: the keys land once the programs
run).
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tests.userland.conftest import PROMPT, Shell
from tests.userland.console_session import ToyosSession
from tests.userland.test_shell import ps_rows
from vm.abi_tables import ERRNO

ERR = {name: n for n, name in ERRNO.items()}
ABI = tomllib.loads((Path(__file__).resolve().parents[2] / "kernel" / "abi.toml").read_text())
STOPPED_STATUS = ABI["wait"]["STATUS_STOPPED"]


def job(shell, line: str) -> int:
    return int(re.fullmatch(r"\[(\d+)\]\n", shell.run(line)).group(1))


def settle(shell, last: str) -> None:
    """Let a foreground line's programs start (QEMU: by the clock; ours: until `last` runs)."""
    if shell.backend == "qemu":
        shell.pause(seconds=2)          # three spawns on a loaded machine
    else:
        shell.session.run_until_thread(last)
        shell.pause(insns=2_000_000)


def ctrl_z(shell) -> str:
    shell.session.send("\x1a")
    return shell.session.expect(PROMPT).replace("\r\n", "\n")


def test_ctrl_z_stops_the_whole_pipeline_bg_and_fg_continue_it(shell):
    shell.start("yes | grep x | cat")               # never ends, never prints
    settle(shell, "cat")
    out = ctrl_z(shell)
    stopped = re.fullmatch(r"\^Z\n\[(\d+)\] stopped  yes \| grep \| cat\n" + re.escape(PROMPT), out)
    assert stopped, out
    pid = int(stopped.group(1))
    assert shell.run("echo $?") == f"{STOPPED_STATUS}\n"      # 128 + SIGTSTP, as Unix shells say
    rows = ps_rows(shell.run("ps"))
    assert [r["state"] for name in ("yes", "grep", "cat") for r in rows[name]] == ["stopped"] * 3, rows
    shell.pause()
    again = ps_rows(shell.run("ps"))
    assert again["yes"][0]["syscalls"] == rows["yes"][0]["syscalls"]  # it does nothing while stopped
    assert again["yes"][0]["ticks"] == rows["yes"][0]["ticks"]        # (no CPU)
    spin = job(shell, "spin &")
    assert shell.run("jobs") == f"[{pid}] stopped  yes | grep | cat\n[{spin}] running  spin\n"
    assert shell.run(f"bg {pid}") == f"[{pid}] yes | grep | cat &\n"
    assert shell.run("jobs") == f"[{pid}] running  yes | grep | cat\n[{spin}] running  spin\n"
    shell.pause()
    rows = ps_rows(shell.run("ps"))
    assert rows["yes"][0]["syscalls"] > again["yes"][0]["syscalls"]  # running again (writes)
    assert {r["state"] for name in ("yes", "grep", "cat") for r in rows[name]} != {"stopped"}
    assert shell.run(f"kill {spin}") == f"[{spin}] killed  spin\n"  # reported at the prompt
    shell.start(f"fg {pid}")
    shell.session.expect("yes | grep | cat\r\n")
    shell.pause()
    shell.session.send("\x03")                                  # fg made it the foreground
    assert "^C" in shell.session.expect(PROMPT)
    assert shell.run("echo $?") == "130\n"   # (grep and cat end with yes, not after it)
    assert shell.run("jobs") == ""
    assert not {"yes", "grep", "cat"} & set(ps_rows(shell.run("ps")))
    assert shell.run("echo alive") == "alive\n"
    assert shell.shutdown() == 0


def test_a_reader_stopped_in_its_read_reads_on_after_fg_or_dies_cleanly(shell):
    # cat waits in its call to the console when it is stopped: fg lets it
    # read on; a kill ends it there and frees everything
    free = shell.run("free")
    shell.start("cat")
    settle(shell, "cat")
    out = ctrl_z(shell)
    pid = int(re.search(r"\[(\d+)\] stopped  cat\n", out).group(1))
    assert shell.run("echo mine") == "mine\n"                  # the shell reads, not cat
    shell.start(f"fg {pid}")
    shell.session.expect("cat\r\n")
    shell.session.send("again\n")
    shell.session.expect("again\r\n" * 2)                      # the echo, then cat's copy
    shell.session.send("\x04")
    shell.session.expect(PROMPT)
    assert shell.run("jobs") == ""
    shell.start("cat")
    settle(shell, "cat")
    pid = int(re.search(r"\[(\d+)\] stopped  cat\n", ctrl_z(shell)).group(1))
    assert shell.run(f"kill {pid}") == f"[{pid}] killed  cat\n"
    assert shell.run("jobs") == ""
    assert shell.run("free") == free
    assert shell.shutdown() == 0


def test_background_jobs_are_reported_at_the_next_prompt(shell):
    # (a job that ends at once is reported at the prompt after `[PID]`)
    out = shell.run("seq 1 0 &")                               # prints nothing
    pid = int(re.match(r"\[(\d+)\]\n", out).group(1))
    shell.pause()
    out += shell.run("echo x")
    assert out.count(f"[{pid}] done  seq\n") == 1, out
    assert shell.run("wait") == ""                             # reported once
    out = shell.run("seq 1 3 | grep 7 | grep 8 &")
    pid = int(re.match(r"\[(\d+)\]\n", out).group(1))
    shell.pause()
    out += shell.run("echo y")
    assert out.count(f"[{pid}] exit status 1  seq | grep | grep\n") == 1, out   # as its last command
    assert shell.shutdown() == 0


def test_ctrl_z_at_the_prompt_and_bad_job_numbers(shell):
    shell.session.send("\x1aecho ok\n")                        # a key the editor ignores
    assert shell.session.expect(PROMPT).replace("\r\n", "\n").endswith("ok\n" + PROMPT)
    assert shell.run("fg 4242") == "shell: no such job\n"
    assert shell.run("bg") == "usage: bg PID (a job that jobs lists)\n"
    assert shell.run("fg x") == "usage: fg PID (a job that jobs lists)\n"
    pid = job(shell, "sleep 1 &")
    assert shell.run(f"bg {pid}") == f"[{pid}] sleep &\n"      # a running job: left as it is
    assert shell.run("jobs") == f"[{pid}] running  sleep\n"
    assert shell.shutdown() == 0


def test_an_ipc_pair_stopped_mid_round_trips_goes_on_after_fg(image):
    # pingpong's server waits in recv and its client (a child: stopped with
    # it) in call or ready, all on the IPC fast path: a stopped server must
    # take no call and a stopped client no reply until fg, and then every
    # round trip completes with the right answer (the client checks each)
    toyos = Shell(ToyosSession(image, max_insns=600_000_000))
    toyos.start("pingpong 100000")
    toyos.session.run_until_thread("pingpong")
    toyos.pause(insns=4_000_000)
    out = ctrl_z(toyos)
    pid = int(re.search(r"\[(\d+)\] stopped  pingpong\n", out).group(1))
    rows = ps_rows(toyos.run("ps"))["pingpong"]
    assert len(rows) >= 3 and {r["state"] for r in rows} == {"stopped"}, rows
    assert toyos.run(f"fg {pid}").startswith("pingpong\npingpong: 100000 round trips")
    assert toyos.run("jobs") == ""
    assert toyos.shutdown() == 0


def test_only_pm_stops_threads_and_stop_follows_kill_rules(image):
    toyos = Shell(ToyosSession(image, max_insns=300_000_000))
    out = toyos.run("hostile jobctl")
    assert out == (f"hostile: jobctl self {-ERR['EPERM']} notid {-ERR['EPERM']} pm {-ERR['EPERM']} "
                   f"service {-ERR['EPERM']} none {-ERR['ESRCH']} badstop {-ERR['EINVAL']} running 0 "
                   f"nohang {-ERR['ECHILD']}\n"
                   "hostile: jobctl -> 0\n"), out
    assert toyos.run("echo alive") == "alive\n"
    assert toyos.shutdown() == 0


def test_only_the_foreground_job_reads_the_console(shell):
    # a background reader used to take whatever came first (lines, Ctrl-D),
    # and a Ctrl-C failed its read too
    pid = job(shell, "cat &")                       # the older read
    shell.start("cat")                              # the foreground one
    shell.pause()
    shell.session.send("for the foreground\n")
    shell.session.expect("for the foreground\r\n" * 2)
    shell.session.send("\x04")                      # its end of input
    shell.session.expect(PROMPT)
    assert shell.run("jobs") == f"[{pid}] running  cat\n"
    shell.start("cat")
    shell.pause()
    shell.session.send("\x03")                      # the foreground read only
    assert "^C" in shell.session.expect(PROMPT)
    assert shell.run("jobs") == f"[{pid}] running  cat\n"
    shell.start(f"fg {pid}")                        # now it is the foreground
    shell.session.expect("cat\r\n")
    shell.pause()
    shell.session.send("at last\n")
    shell.session.expect("at last\r\n" * 2)
    out = ctrl_z(shell)                             # and back to the background,
    assert f"[{pid}] stopped  cat\n" in out, out    # stopped; bg: it waits to read
    assert shell.run(f"bg {pid}") == f"[{pid}] cat &\n"
    assert shell.run("echo mine") == "mine\n"
    assert shell.run(f"kill {pid}") == f"[{pid}] killed  cat\n"
    assert shell.shutdown() == 0


def test_ctrl_z_under_time_makes_a_stopped_job_without_times(shell):
    # it printed "spin: done" and the previous `time`'s figures, and lost the stopped job
    shell.start("time spin")
    settle(shell, "spin")
    out = ctrl_z(shell)
    stopped = re.fullmatch(r"\^Z\n\[(\d+)\] stopped  spin\ntime: stopped before it ended: no times\n"
                           + re.escape(PROMPT), out)
    assert stopped, out
    pid = int(stopped.group(1))
    assert shell.run("echo $?") == f"{STOPPED_STATUS}\n"
    assert shell.run("jobs") == f"[{pid}] stopped  spin\n"
    assert [r["state"] for r in ps_rows(shell.run("ps"))["spin"]] == ["stopped"]
    assert shell.run(f"kill {pid}") == f"[{pid}] killed  spin\n"
    assert shell.run("jobs") == ""
    assert shell.shutdown() == 0
