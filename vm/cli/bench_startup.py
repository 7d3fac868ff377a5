"""`toyos bench startup`: whole-process start-up of `toyos run`, against `import numba`.

Both are separate processes started by this one, in alternation, with a
warm Numba cache (a first untimed `toyos run` makes sure of it) and Python's
bytecode cache allowed (a user's normal case; PYTHONDONTWRITEBYTECODE is
dropped from the children's environment):
    import numba      `python -c "import numba"`: what any jitted core pays first
    toyos run         `toyos run tiny.elf` (vm/cli/bench_programs/tiny.s: prints
                      "hi", powers off) from process start to exit
Wall-clock medians of `runs` pairs.  The goal (issue 12) is toyos run <=
import numba + GOAL_MARGIN_S.  Nothing here asserts a time.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_MARGIN_S = 0.3


def _seconds(command: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def measure(runs: int) -> dict:
    """{'numba_s', 'run_s'}: medians of `runs` alternating whole-process timings."""
    from vm.cli.bench import build
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        elf = Path(tmp, "tiny.elf")
        elf.write_bytes(build("tiny"))
        numba = [sys.executable, "-c", "import numba"]
        toyos = [sys.executable, "-c", "import sys; from vm.cli import main; sys.exit(main())",
                 "run", str(elf)]
        _seconds(toyos, env)                       # warm: Numba's cache, .pyc files
        _seconds(numba, env)
        numba_s, run_s = [], []
        for _ in range(runs):
            numba_s.append(_seconds(numba, env))
            run_s.append(_seconds(toyos, env))
    return {"numba_s": statistics.median(numba_s), "run_s": statistics.median(run_s), "runs": runs}


def report(figures: dict) -> str:
    over = figures["run_s"] - figures["numba_s"]
    verdict = "holds" if over <= GOAL_MARGIN_S else f"not met by {over - GOAL_MARGIN_S:.2f} s"
    return "\n".join([
        f"startup (wall, median of {figures['runs']} alternating runs, warm caches)",
        f"startup python -c 'import numba'              {figures['numba_s']:.2f} s",
        f"startup toyos run tiny.elf (whole process)    {figures['run_s']:.2f} s"
        f"  (import numba + {over:.2f} s; goal <= + {GOAL_MARGIN_S:g} s: {verdict})",
    ])


def run_benchmark(runs: int = 5) -> None:
    print(report(measure(runs)), flush=True)
