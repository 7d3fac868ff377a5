"""Boot the real image and use the shell, on QEMU and on our VM.

Every test types at the console as a person would and checks what comes
back; the same script runs on both machines (see conftest.py).
"""
from __future__ import annotations

import re

from vm.riscv import CAUSE_NAMES

from tests.userland.conftest import Shell
from tests.userland.console_session import ToyosSession

BUILTINS = ["help", "echo", "ps", "kill", "uptime", "free", "wait", "shutdown"]


def test_prompt_help_and_echo(shell):
    out = shell.run("help")
    for name in BUILTINS:
        assert re.search(rf"^  {name} ", out, re.M), f"help does not list {name}:\n{out}"
    assert shell.run("echo hello   'big  world' \"a'b\"") == "hello big  world a'b\n"
    assert shell.run("echo") == "\n"
    assert shell.run("") == ""
    assert "unterminated quote" in shell.run("echo 'oops")
    assert shell.shutdown() == 0


def test_programs_from_the_archive(shell):
    assert shell.run("hello") == "hello, world\n"
    assert shell.run("echo a b") == "a b\n"
    assert "nosuch: command not found" in shell.run("nosuch")
    assert shell.run("spin 1") == ""
    assert shell.shutdown() == 0


def test_as_many_words_as_pm_takes(shell):
    import tomllib
    from kernel import gen_abi
    argc_max = tomllib.loads(gen_abi.ABI_TOML.read_text())["startup"]["ARGC_MAX"]
    words = [str(i) for i in range(1, argc_max)]            # echo + ARGC_MAX - 1 arguments
    assert shell.run("echo " + " ".join(words)) == " ".join(words) + "\n"
    assert shell.run("echo " + " ".join(words) + " one-more") == "shell: too many words\n"
    assert shell.shutdown() == 0


def test_uptime_sleep_free(shell):
    first = float(re.fullmatch(r"up (\d+\.\d{3}) s\n", shell.run("uptime")).group(1))
    assert shell.run("sleep 1") == ""
    second = float(re.fullmatch(r"up (\d+\.\d{3}) s\n", shell.run("uptime")).group(1))
    assert second - first >= 1.0
    free = re.fullmatch(r"frames: (\d+) free, (\d+) used \((\d+) KiB free\)\n", shell.run("free"))
    assert free and int(free.group(1)) > 0 and int(free.group(3)) == 4 * int(free.group(1))
    assert "usage: sleep" in shell.run("sleep x")
    assert "no such process" in shell.run("kill 4242")
    assert shell.shutdown() == 0


def test_line_editing(shell):
    # backspace erases one character on the screen and in the line
    shell.session.send("echo abX\x7fc\n")
    out = shell.session.expect("toyos$ ").replace("\r\n", "\n")
    assert out == "echo abX\b \bc\nabc\ntoyos$ "
    # Ctrl-U erases the whole line typed so far
    shell.session.send("junk\x15echo clean\n")
    out = shell.session.expect("toyos$ ").replace("\r\n", "\n")
    assert out == "junk" + "\b \b" * 4 + "echo clean\nclean\ntoyos$ "
    assert shell.shutdown() == 0


def test_ctrl_c_stops_spin(shell):
    shell.start("spin")
    shell.pause()
    shell.session.send("\x03")
    out = shell.session.expect("toyos$ ")
    assert "^C" in out
    assert shell.run("echo alive") == "alive\n"
    assert shell.shutdown() == 0


PS_LINE = re.compile(r"\s*(\d+)\s+(\d+) (\S+)\s+(.+?)\s+(\d+)\s+(\d+)\s+(\d+\.\d{3})\s+(\d+\.\d{3})"
                     r"\s+(\d+\.\d{3})\s+(\d+\.\d{3})\s+(\d+)\s+(\d+)$")
PS_SYSTEM = re.compile(r"cpu (\d+)% busy over (\d+\.\d{3}) s; (\d+) jobs done, (\d+\.\d{2}) jobs/s$")


def ps_rows(text: str) -> dict[str, list[dict]]:
    """ps's thread lines by name; times (seconds) also as ticks of 10 ms."""
    rows: dict[str, list[dict]] = {}
    lines = text.splitlines()
    assert PS_SYSTEM.match(lines[-1]), f"bad ps system line {lines[-1]!r}"
    for line in lines[1:-1]:
        m = PS_LINE.match(line)
        assert m, f"bad ps line {line!r}"
        ticks = [round(float(m.group(i)) * 100) for i in (7, 8, 9, 10)]
        rows.setdefault(m.group(3), []).append(
            dict(pid=int(m.group(1)), state=m.group(4), pri=int(m.group(5)), level=int(m.group(6)),
                 ticks=ticks[0], sys=ticks[1], ready=ticks[2], blocked=ticks[3],
                 syscalls=int(m.group(11)), switches=int(m.group(12))))
    return rows


def test_ctrl_c_ends_sleep_at_once(shell):
    # sleep used to be a builtin: Ctrl-C echoed ^C but the shell slept on
    if shell.backend == "qemu":
        shell.start("sleep 30")
        shell.pause()                  # typed before sleep runs, Ctrl-C would be lost
        shell.session.send("\x03")
    else:                              # our machine in deterministic time: the Ctrl-C
        shell.start("sleep 30")        # lands once sleep exists (sent with the line,
        shell.session.run_until_thread("sleep")  # it landed before or after the
        shell.session.send("\x03")     # spawn depending on the boot's length)
    assert "^C" in shell.session.expect("toyos$ ")
    up = float(re.fullmatch(r"up (\d+\.\d{3}) s\n", shell.run("uptime")).group(1))
    assert up < 10.0, f"the shell came back only after {up} s"
    assert shell.run("echo back") == "back\n"
    assert shell.shutdown() == 0


def test_ps_shows_spin_sharing_the_cpu(shell):
    started = shell.run("spin &")
    pid = int(re.fullmatch(r"\[(\d+)\]\n", started).group(1))
    shell.pause()
    rows = ps_rows(shell.run("ps"))
    assert "shell" in rows and "console" in rows, rows
    spin = rows["spin"][0]
    assert spin["pid"] == pid
    assert spin["ticks"] >= 1
    shell.pause()
    later = ps_rows(shell.run("ps"))["spin"][0]
    # spin never gives the CPU up, yet the shell ran ps twice: the timer took
    # the CPU from it and gave it back several times
    assert later["switches"] > spin["switches"] and later["ticks"] > spin["ticks"]
    assert later["syscalls"] == spin["syscalls"]
    assert shell.run(f"kill {pid}") == f"[{pid}] killed  spin\n"   # reported at the next prompt
    assert shell.run("wait") == ""
    assert shell.shutdown() == 0


def test_ps_shows_the_running_thread_as_run(shell):
    """ps asks pm, and pm reads the thread table while it serves the call: pm
    is the one thread on the CPU (`run`); the shell waits for pm's reply and a
    runnable background spin is only `ready`."""
    pid = int(re.fullmatch(r"\[(\d+)\]\n", shell.run("spin &")).group(1))
    shell.pause()
    rows = ps_rows(shell.run("ps"))
    running = [name for name, threads in rows.items() for t in threads if t["state"] == "run"]
    assert running == ["pm"], rows
    assert rows["shell"][0]["state"] == "wait: call pm", rows
    assert rows["spin"][0]["state"] == "ready", rows
    assert rows["idle"][0]["state"] == "ready", rows
    assert shell.run(f"kill {pid}") == f"[{pid}] killed  spin\n"   # reported at the next prompt
    assert shell.run("wait") == ""
    assert shell.shutdown() == 0


def test_background_jobs_and_wait(shell):
    # a job that ends before `wait` is reported at the next prompt instead
    started = [shell.run("spin 2 &"), shell.run("hello &")]
    first, second = (int(re.match(r"\[(\d+)\]\n", out).group(1)) for out in started)
    shell.pause()
    out = "".join(started) + shell.run("wait")
    assert f"[{first}] done" in out and f"[{second}] done" in out
    assert shell.run("wait") == ""
    assert shell.shutdown() == 0


def test_spawn_without_a_free_slot_says_too_many_processes(shell):
    # every address-space slot taken used to read "out of memory" though
    # `free` showed plenty
    for started in range(64):
        out = shell.run("sleep 1000 &")
        if not re.fullmatch(r"\[\d+\]\n", out):
            break
    assert out == "shell: sleep: too many processes\n", f"after {started} jobs: {out!r}"
    assert 20 < started < 64
    assert shell.run("hello") == "shell: hello: too many processes\n"
    assert shell.shutdown() == 0


def test_threads_count_exactly(shell):
    assert shell.run("threads 4 5000") == "threads: 4 threads x 5000 = 20000 (expected 20000)\n"
    assert shell.shutdown() == 0


def test_threads_without_the_mutex_lose_updates(image):
    """The mutex is what makes the total exact: without it, preemption inside
    the read-modify-write loses updates (deterministic time: always the same)."""
    # (100000 each: a thread runs several time slices, wherever the first
    # tick falls; with 20000 one slice could hold a whole thread's loop)
    shell = Shell(ToyosSession(image))
    out = shell.run("threads 4 100000 nolock")
    total = int(re.fullmatch(r"threads: 4 threads x 100000 = (\d+) \(expected 400000\)\n"
                             r"threads: exit status 1\n", out).group(1))
    assert total < 400000
    assert shell.shutdown() == 0


# QEMU (without -icount) answers rdinstret with host time: there the programs
# must see it and print no figure (userland/lib/instret.s); toyos counts.
UNCOUNTED = " (rdinstret here is not an instruction count)\n"


def figure(shell, unit: str) -> str:
    """The pattern after a program's count: a figure on toyos, none on QEMU."""
    if shell.session.name == "qemu":
        return re.escape(UNCOUNTED)
    return rf", \d+ instructions per {unit}\n"


def test_pingpong_reports_round_trips(shell):
    out = shell.run("pingpong 200")
    assert re.fullmatch("pingpong: 200 round trips" + figure(shell, "round trip"), out), out
    assert shell.shutdown() == 0


def test_sysbench_reports_null_calls_writes_and_yield_switches(shell):
    out = shell.run("sysbench null 200")
    assert re.fullmatch("sysbench: 200 null calls" + figure(shell, "call"), out), out
    out = shell.run("sysbench write 3")
    assert re.fullmatch("(hello, world\n){3}sysbench: 3 writes of 13 bytes" + figure(shell, "write"), out), out
    out = shell.run("sysbench yield 100")
    assert re.fullmatch("sysbench: 100 yields" + figure(shell, "switch"), out), out
    assert shell.run("sysbench nonsense") == "usage: sysbench null|write|yield [N]\nsysbench: exit status 2\n"
    assert shell.shutdown() == 0


# fault WHAT -> the scause it raises; pm must print the machine's name of it
# (one table: abi.inc's CAUSE_NAME_TABLE is generated from vm/riscv.py's).
FAULTS = {
    "null": 15, "readnull": 13, "kernel": 13, "kwrite": 15, "heap": 13, "device": 13,
    "priv": 2, "csr": 2, "illegal": 2, "misaligned": 4, "exec": 12, "jumpnull": 12,
    "stack": 15, "ebreak": 3,
}


# How pm words what the trap value holds: an address, the instruction word
# (illegal instruction: `fault priv` used to print it as an address), or
# nothing (breakpoint: it printed "at 0x00000000").
TVAL_WORDS = {2: r" \(instruction 0x[0-9a-f]{8}\)", 3: ""}


def test_fault_variants_are_killed_and_the_shell_goes_on(shell):
    for what, code in FAULTS.items():
        cause = CAUSE_NAMES[code]
        out = shell.run(f"fault {what}")
        assert "did not fault" not in out, out
        tval = TVAL_WORDS.get(code, " at 0x[0-9a-f]{8}")
        assert re.search(rf"^fault\[\d+\]: {re.escape(cause)}{tval}, "
                         rf"pc 0x[0-9a-f]{{8}} .* killed$", out, re.M), f"fault {what}:\n{out}"
        assert out.endswith("fault: killed by a fault\n"), f"fault {what}:\n{out}"
    assert shell.run("echo still here") == "still here\n"
    assert shell.shutdown() == 0


def test_cat_until_ctrl_d_and_ctrl_c(shell):
    shell.start("cat")
    shell.session.send("one line\n")
    assert shell.session.expect("one line\r\n" * 2)     # the echo, then cat's copy
    shell.session.send("\x04")
    assert shell.session.expect("toyos$ ")
    shell.start("cat")
    shell.pause()                      # Ctrl-C before cat runs would go to the shell
    shell.session.send("\x03")
    assert "^C" in shell.session.expect("toyos$ ")
    assert shell.run("echo after") == "after\n"
    assert shell.shutdown() == 0


def test_sysfuzz_leaves_the_kernel_up_and_memory_back(shell):
    # 10^5 calls on our machine (deterministic, ~55 M instructions); QEMU
    # sleeps in real time, so it gets fewer
    calls = 100_000 if shell.backend == "toyos" else 20_000
    before = shell.run("free")
    out = shell.run(f"sysfuzz {calls} 7")
    assert re.fullmatch(rf"sysfuzz: {calls} calls, \d+ succeeded, \d+ failed cleanly \(seed 7\)\n",
                        out), out
    assert shell.run("free") == before
    assert shell.run("echo alive") == "alive\n"
    assert shell.shutdown() == 0


def test_usertests_all_pass(shell):
    out = shell.run("usertests")
    lines = [l for l in out.splitlines() if l.startswith("usertests: ")]
    failed = [l for l in lines if "FAILED" in l]
    assert not failed, "\n".join(failed)
    summary = re.fullmatch(r"usertests: (\d+) passed, 0 failed", lines[-1])
    assert summary and int(summary.group(1)) == len(lines) - 1 >= 40
    assert shell.shutdown() == 0


SCRIPT = ["help", "echo 'a  b' c", "hello", "nosuch", "threads 2 300", "fault null",
          "fault kernel", "usertests", "kill 999", "wait",
          "echo done"]


def test_same_transcript_on_qemu_and_toyos(image):
    """The QEMU oracle and our machine print the same session, byte for byte."""
    from tests.userland.console_session import QemuSession, ToyosSession
    transcripts = []
    for session in (QemuSession(image), ToyosSession(image)):
        try:
            shell = Shell(session)
            for line in SCRIPT:
                shell.run(line)
            assert shell.shutdown() == 0
            transcripts.append(session.transcript)
        finally:
            session.close()
    assert transcripts[0] == transcripts[1]


def test_killed_servers_are_restarted(shell):
    out = shell.run("kill 2")                    # the console itself
    assert "pm: console died, restarting" in out and "pm: started console" in out
    assert shell.run("echo back") == "back\n"
    pipe_pid = re.search(r"pm: started pipe \(pid (\d+)\)", shell.boot_log).group(1)
    assert "pm: pipe died, restarting" in shell.run(f"kill {pipe_pid}")   # the pipe server
    assert shell.run("hello | cat") == "hello, world\n"
    pid = re.search(r"pm: started shell \(pid (\d+)\)", shell.boot_log).group(1)
    shell.session.send(f"kill {pid}\n")         # the shell: pm starts a new one
    shell.session.expect("pm: shell died, restarting")
    shell.session.expect("toyos$ ")
    assert shell.run("echo again") == "again\n"
    assert shell.shutdown() == 0


def test_ctrl_c_at_the_prompt_gives_a_new_prompt(shell):
    shell.pause()           # let the shell reach its read, as a person's typing would
    shell.session.send("half a line")
    shell.session.expect("half a line")  # a person sees the echo before Ctrl-C: sent in one
    shell.session.send("\x03")          # burst, QEMU under load could hand the console the
    assert shell.session.expect("toyos$ ").replace("\r\n", "\n") == "^C\ntoyos$ "  # ^C first
    assert shell.run("echo fresh") == "fresh\n"
    assert shell.shutdown() == 0


def test_one_command_scripted_session(image):
    """`toyos boot --deterministic --input-text ...` runs a whole session and
    exits with the guest's power-off status (the README's scripted example)."""
    import subprocess
    import sys
    script = "echo hi 'there  you'\\nhello\\nnosuch\\nshutdown\\n"
    result = subprocess.run(
        [sys.executable, "-m", "vm.cli", "boot", image, "--deterministic",
         "--input-text", script, "--max-insns", "50000000"],
        capture_output=True, text=True, timeout=600)
    out = result.stdout.replace("\r\n", "\n")
    assert result.returncode == 0, out + result.stderr
    assert "\nhi there  you\n" in out and "\nhello, world\n" in out
    assert "nosuch: command not found" in out


def test_kill_refuses_numbers_that_are_no_pid(shell):
    # 4294967299 used to wrap to 3 (the shell's pid); -1 said "no such process"
    assert shell.run("kill 4294967299") == "usage: kill PID\n"
    assert shell.run("kill -1") == "usage: kill PID\n"
    # 0 is a number like 4242: no process has it (it used to be a usage error
    # while `kill 1` was "operation not permitted")
    assert shell.run("kill 0") == "shell: kill: no such process\n"
    assert shell.run("kill 1") == "shell: kill: operation not permitted\n"
    assert "no such process" in shell.run("kill 4242")
    assert shell.run("echo still here") == "still here\n"
    assert shell.shutdown() == 0


def test_sleep_refuses_what_would_wrap(shell):
    # 99999999999999 s does not fit in 32-bit milliseconds: it used to wrap to 18 days
    assert "usage: sleep" in shell.run("sleep 99999999999999")
    assert "usage: sleep" in shell.run("sleep 4294968")
    assert shell.run("echo still here") == "still here\n"
    assert shell.shutdown() == 0
