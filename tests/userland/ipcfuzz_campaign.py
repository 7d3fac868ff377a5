"""A long `ipcfuzz` campaign on one booted toyos (issue 13's ≥ 10⁶ fuzzed calls).

    python -m tests.userland.ipcfuzz_campaign [IMAGE] --calls 100000 --seeds 21-30

Boots IMAGE (build/toyos.elf) on our machine in deterministic time with an
empty FAT16 disk and a net card on a scripted wire (so pm, the console, fs,
net, pipe and lpd all serve), runs `ipcfuzz CALLS SEED` for each seed one
after the other, then checks what the test (test_ipcfuzz.py) checks on a
smaller scale: the shell answers, the frames used are what they were after
the first run, every server thread is still there, and after shutdown
`fsck.fat -n` passes.  Prints one line per seed and the totals; exits 1 when
a check fails.  BENCHMARKS.md ("IPC fuzzing") records a run.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fs.test_fs_read import make_image
from tests.userland.conftest import Shell
from tests.userland.console_session import ToyosSession
from tests.userland.net_wire import ScriptedLink
from tests.userland.test_ipcfuzz import SUMMARY, frames_used
from tests.userland.test_shell import ps_rows


def seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.userland.ipcfuzz_campaign")
    parser.add_argument("image", nargs="?", default="build/toyos.elf")
    parser.add_argument("--calls", type=int, default=100_000, help="calls per seed")
    parser.add_argument("--seeds", type=seeds, default=seeds("21-30"), help="FIRST-LAST")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        disk = make_image(Path(tmp) / "disk.img", {})
        shell = Shell(ToyosSession(args.image, disk=str(disk), net=ScriptedLink(), max_insns=10**13))
        started = time.time()
        servers = {name: len(rows) for name, rows in ps_rows(shell.run("ps")).items() if name != "shell"}
        totals = [0, 0, 0, 0]
        baseline = None
        for seed in args.seeds:
            out = shell.run(f"ipcfuzz {args.calls} {seed}")
            m = SUMMARY.search(out)
            if not m:
                print(f"seed {seed}: no summary: {out[-300:]!r}")
                return 1
            figures = list(map(int, m.groups()[:4]))
            totals = [a + b for a, b in zip(totals, figures)]
            print(f"seed {seed}: {figures[0]} calls, {figures[1]} answered, {figures[2]} errors, "
                  f"{figures[3]} workers killed in a call  ({time.time() - started:.0f} s)", flush=True)
            baseline = baseline if baseline is not None else frames_used(shell)
        alive = shell.run("echo alive") == "alive\n"
        used = frames_used(shell)
        after = ps_rows(shell.run("ps"))
        still = {name: len(after.get(name, ())) for name in servers} == servers
        shutdown = shell.shutdown()
        shell.session.close()
        fsck = subprocess.run(["fsck.fat", "-n", str(disk)], capture_output=True, text=True)
    print(f"total: {totals[0]} calls, {totals[1]} answered, {totals[2]} errors, "
          f"{totals[3]} workers killed in a call; {time.time() - started:.0f} s")
    print(f"shell answers: {alive}; frames used after the first seed {baseline}, at the end {used}; "
          f"servers all there: {still}; shutdown {shutdown}; fsck.fat -n: {fsck.returncode} "
          f"({fsck.stdout.strip().splitlines()[-1]})")
    return 0 if alive and used == baseline and still and shutdown == 0 and fsck.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
