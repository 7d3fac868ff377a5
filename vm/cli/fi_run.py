"""One fault-injection run of `toyos fi`: boot, workload, one fault, the outcome.

The machine boots the image in deterministic time, types the WORKLOAD into
the console one command line at a time and checks what each printed.  At
instruction `at` (somewhere inside the workload) it injects one fault
(fi_inject.py), runs the rest of the workload, then types a probe
(`echo alive`).  The outcome, most severe first:

  panic     the kernel panicked (or the hart trapped into M-mode)
  halted    the machine powered off on its own
  hang      the shell no longer answers the probe within HANG_BOUND instructions
            (after a Ctrl-C, as a user would type at a stuck command)
  error     the workload printed something wrong, but the system answers
  restarted a server faulted and pm restarted it; the workload was right
  none      no effect: the workload was right and nothing faulted
  lost      committed data lost (no file system yet: never)

A command (or the probe) cut short by an announced restart (pm's "X died,
restarting") is typed again once, as a user would after seeing the shell
come back.  The
same (image, target, fault, seed, at) gives the same run, bit for bit.
"""
from __future__ import annotations

import random
import re

import numpy as np
from dataclasses import dataclass

from vm.cli.fi_inject import CHANCE_BOUND, INJECTORS, TARGETS

PROMPT = "toyos$ "
HANG_BOUND = 20_000_000          # instructions one command (or the probe) may take at most
ECHO_BOUND = 5_000_000           # instructions until the console echoes a typed line
LOST = "\0lost"                  # command(): the console never echoed the line
OUTCOMES = ("none", "restarted", "error", "hang", "halted", "panic", "lost")
SEVERE = ("hang", "halted", "panic", "lost")     # each keeps a reproducer

# (command line, what it must print, extra input typed after it)
WORKLOAD = (
    ("hello", r"hello, world\n", ""),
    ('echo a "b c"', r"a b c\n", ""),
    ("pingpong 20", r"pingpong: 20 round trips, \d+ instructions per round trip\n", ""),
    ("cat", r"abc\nabc\n", "abc\n\x04"),
    ("ps", r"  PID +TID NAME .*\n(.*\n)*.* console .*\n(.*\n)*.* shell .*\n(.*\n)*", ""),
    ("sleep 1", r"", ""),
    ("free", r"frames: \d+ free, \d+ used \(\d+ KiB free\)\n", ""),
)
PROBE = ("echo alive", r"alive\n", "")
# what pm and a restarted shell print between the workload's lines (kept as events)
NOISE = re.compile(r"^(pm: .*|fault\[\d+\]: .*|toyos shell: type help for the commands)\n", re.M)
RESTART = re.compile(r"pm: (\S+) died, restarting")
FAULT_LINE = re.compile(r"fault\[\d+\]: ")


@dataclass
class Outcome:
    outcome: str
    injected: str | None            # what was changed (None: the moment never came)
    restarts: int = 0
    faults: int = 0
    detail: str = ""                # the first wrong command, or why the run ended
    transcript: str = ""            # what the guest printed (only when asked: replays)


class Run:
    """A booted machine with one pending injection."""

    def __init__(self, image: bytes, elf, target: str, fault: str, seed: int, at: int | None,
                 inject=None, booted: "Booted | None" = None):
        from vm.machine import Machine
        from vm.cli.fi_os import OsView
        self.booted = booted is not None and (at is None or at >= booted.insns)
        if self.booted:
            self.m = booted.restore()
        else:
            self.m = Machine(deterministic=True)
            self.m.load_elf(image)
        self.view = OsView(self.m, elf)
        self.target, self.fault, self.at = TARGETS[target], fault, at
        self.inject = inject or INJECTORS[fault]      # tests pass a fault of their own
        self.rng = random.Random(seed)
        self.injected = None
        self.pending = at is not None
        self.poll = None                # the injection waiting for its moment (fi_inject.py)
        self.give_up = 0
        self.result = None              # the machine's RunResult once the run is over
        self._seen = booted.seen if self.booted else 0
        self._typed_at = 0

    # ---- stepping ---------------------------------------------------------------
    def step(self) -> bool:
        """One host slice (one instruction while an injection waits for its moment),
        stopping at the injection point; False once the run is over."""
        if self.result is not None:
            return False
        if self.poll is not None:
            self.injected = self.poll()
            if self.injected is not None or self.m.insns >= self.give_up:
                self.poll = None
                return True
            self.result = self.m.run_slice(0, None, 1)
            return self.result is None
        limit = None
        if self.pending:
            if self.m.insns >= self.at:
                self.pending = False
                self.poll = self.inject(self, self.target, self.rng)
                self.give_up = self.m.insns + CHANCE_BOUND
                return True
            limit = self.at - self.m.insns
        self.result = self.m.run_slice(0, None, limit)
        return self.result is None

    def step_one(self) -> bool:
        """One instruction (no injection); False once the run is over."""
        if self.result is None:
            self.result = self.m.run_slice(0, None, 1)
        return self.result is None

    def recent(self) -> str:
        """What the guest printed since the last command was typed."""
        return self.m.output[self._typed_at:].decode(errors="replace")

    def expect(self, text: str, bound: int) -> str | None:
        """Run until the guest prints `text`; what it printed since, or None (bound, or over)."""
        end = self.m.insns + bound
        while True:
            output = self.m.output
            index = output.find(text.encode(), self._seen)
            if index >= 0:
                start, self._seen = self._seen, index + len(text)
                return output[start:self._seen].decode(errors="replace").replace("\r\n", "\n")
            if self.m.insns >= end or not self.step():
                return None

    def command(self, line: str, typed: str) -> str | None:
        """Type a command line (and its input); what it printed from its echo up to the
        next prompt, LOST if the echo never came (the console lost the line), or None."""
        self._typed_at = len(self.m.output)
        self.m.feed_input((line + "\n" + typed).encode())
        if self.expect(line + "\r\n", ECHO_BOUND) is None:
            return LOST
        out = self.expect(PROMPT, HANG_BOUND)
        return None if out is None else out[:-len(PROMPT)]


def boot(run: Run) -> bool:
    return run.booted or run.expect(PROMPT, HANG_BOUND) is not None


class Booted:
    """The machine at the shell's first prompt, kept to start every run from: the boot
    is the same every time (deterministic), so restoring it equals booting again, at a
    tenth of the cost (loading the image dominates a run)."""

    ARRAYS = ("st", "regs", "csrs", "ram", "tlb", "dev")

    def __init__(self, image: bytes, elf):
        run = Run(image, elf, "kernel", "reg", 0, None)
        if not boot(run):
            raise RuntimeError("the image does not boot to the shell's prompt")
        self.machine = run.m
        self.arrays = {name: getattr(run.m, name).copy() for name in self.ARRAYS}
        self.output, self.quiet, self.seen = bytes(run.m.output), run.m._quiet_since, run._seen
        self.insns = run.m.insns

    def restore(self):
        m = self.machine
        for name, saved in self.arrays.items():
            np.copyto(getattr(m, name), saved)      # in place: ram32, the device windows are views
        m.output, m.pending_input, m._quiet_since = bytearray(self.output), bytearray(), self.quiet
        return m


def execute(image: bytes, elf, target: str, fault: str, seed: int, at: int | None,
            transcript: bool = False, booted: Booted | None = None) -> Outcome:
    """One run; `at` None: no injection.  `transcript`: keep what the guest printed.
    `booted`: start from that boot instead of booting (the same run, faster)."""
    run = Run(image, elf, target, fault, seed, at, booted=booted)
    outcome = drive(run)
    if transcript:
        outcome.transcript = run.m.output.decode(errors="replace").replace("\r\n", "\n")
    return outcome


def drive(run: Run) -> Outcome:
    """Boot, the workload with the run's injection, the probe; the outcome."""
    if not boot(run):
        return _ended(run, "boot")
    errors = []
    for line, wanted, typed in WORKLOAD:
        out = run.command(line, typed)
        if out is not None and not _matches(wanted, out) and RESTART.search(run.recent()):
            out = run.command(line, typed)          # lost or cut short by a restart: type it again
        if out is None or out == LOST:
            errors.append(f"{line}: no prompt")
            break
        if not _matches(wanted, out):
            errors.append(f"{line}: {out!r}"[:200])
    while (run.pending or run.poll) and run.step():          # the workload ended before `at`
        pass
    alive = None
    if run.result is None:
        if errors and errors[-1].endswith("no prompt"):
            run.m.feed_input(b"\x03")                        # Ctrl-C the stuck command
        line, wanted, typed = PROBE
        alive = run.command(line, typed)
        if alive is not None and not _matches(wanted, alive) and RESTART.search(run.recent()):
            alive = run.command(line, typed)                 # the shell restarted under it
    text = run.m.output.decode(errors="replace")
    restarts, faults = len(RESTART.findall(text)), len(FAULT_LINE.findall(text))
    if run.result is not None or "kernel panic" in text:
        return _ended(run, errors[0] if errors else "", restarts, faults)
    if alive is None or not _matches(PROBE[1], alive):
        return Outcome("hang", run.injected, restarts, faults, errors[0] if errors else "probe")
    if errors:
        return Outcome("error", run.injected, restarts, faults, errors[0])
    if restarts or faults:
        return Outcome("restarted", run.injected, restarts, faults)
    return Outcome("none", run.injected)


def _matches(wanted: str, out: str) -> bool:
    return re.fullmatch(wanted, NOISE.sub("", out), re.S) is not None


def _ended(run: Run, detail: str, restarts: int = 0, faults: int = 0) -> Outcome:
    text = run.m.output.decode(errors="replace")
    if "kernel panic" in text:
        line = text[text.index("kernel panic"):].splitlines()[0]
        return Outcome("panic", run.injected, restarts, faults, line)
    result = run.result
    if result is None:
        return Outcome("hang", run.injected, restarts, faults, detail)
    if result.reason == "poweroff":
        return Outcome("halted", run.injected, restarts, faults, result.message)
    if result.reason == "idle":
        return Outcome("hang", run.injected, restarts, faults, result.message)
    return Outcome("panic", run.injected, restarts, faults, result.message)


def golden_span(image: bytes, elf) -> tuple[int, int]:
    """(first, last) instruction count of the workload in a run without a fault."""
    run = Run(image, elf, "kernel", "reg", 0, None)
    if not boot(run):
        raise RuntimeError("the image does not boot to the shell's prompt")
    first = run.m.insns
    for line, wanted, typed in WORKLOAD:
        out = run.command(line, typed)
        if out is None or not _matches(wanted, out):
            raise RuntimeError(f"the workload fails without a fault: {line}: {out!r}")
    return first, run.m.insns
