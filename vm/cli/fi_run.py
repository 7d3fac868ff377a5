"""One fault-injection run of `toyos fi`: boot, workload, one fault, the outcome.

The machine boots the image in deterministic time with a disk (an empty
FAT16 image of its own, in a temporary folder) and a net card whose wire is
one deterministic peer (fi_peer.py), so every server runs: console, fs,
pipe, net, lpd and the shell.  Before any fault it types the SETUP, which
writes the COMMITTED files and syncs them.  Then it types the WORKLOAD
into the console one command line at a time (every server has work in it:
files written and read, a pipeline, a ping and a UDP echo to the peer, a
print job) and checks what each printed.  At instruction `at` (somewhere
inside the workload) it injects one fault (fi_inject.py), runs the rest of
the workload, then types a probe (`echo alive`).  Last it checks the disk
as the run left it, as after a power cut: `fsck.fat -n` may find at most
what a power cut leaves (lost clusters, a chain longer than its file), and
mtools must read every committed file back byte for byte.  The outcome,
most severe first:

  lost      committed data lost: a synced file differs or is gone, or
            fsck.fat finds worse than a power cut leaves
  panic     the kernel panicked (or the hart trapped into M-mode)
  halted    the machine powered off on its own
  hang      the shell no longer answers the probe within HANG_BOUND instructions
            (after a Ctrl-C, as a user would type at a stuck command)
  error     the workload printed something wrong, but the system answers
  restarted a server faulted and pm restarted it; the workload was right
  none      no effect: the workload was right and nothing faulted

A command (or the probe) cut short by an announced restart (pm's "X died,
restarting", "X not answering, restarting" from its watchdog, or "X
answering wrongly, restarting" when a client complained of X) is typed
again once, as a user would after seeing the shell come back.  The same (image, target, fault, seed, at) gives the same run,
bit for bit.
"""
from __future__ import annotations

import dataclasses
import os
import random
import re
import tempfile
from dataclasses import dataclass

import numpy as np

from vm import state as S
from vm.cli import fi_disk
from vm.cli.fi_inject import CHANCE_BOUND, INJECTORS, TARGETS
from vm.cli.fi_peer import PEER
from vm.trace.events import T_MASK, TRACE_STOP_AT_CROSSINGS

PROMPT = "toyos$ "
# Both bounds outlast pm's watchdog (servers/pm/watchdog.s), which ends a server
# that has not answered its ping for about 1.5 s of guest time (1.5e8 instructions
# while something spins): a server that loops is restarted, not a hang.
HANG_BOUND = 250_000_000         # instructions one command (or the probe) may take at most
ECHO_BOUND = 250_000_000         # instructions until the console echoes a typed line
OUTPUT_BOUND = 1 << 16           # characters a command may print before it is wrong unread
LOST = "\0lost"                  # command(): the console never echoed the line
OUTCOMES = ("none", "restarted", "error", "hang", "halted", "panic", "lost")
SEVERE = ("hang", "halted", "panic", "lost")     # each keeps a reproducer


def _lines(first: int, last: int) -> bytes:
    return "".join(f"{i}\n" for i in range(first, last + 1)).encode()


# written and synced before any fault: what no fault in a server may lose
COMMITTED = {"/c1.txt": b"kept\n", "/c2.txt": _lines(1, 300), "/d/c3.txt": _lines(1, 2000)}
# (command line, what it must print, extra input typed after it)
SETUP = (
    ("echo kept > /c1.txt", r"", ""),
    ("seq 1 300 > /c2.txt", r"", ""),
    ("mkdir /d", r"", ""),
    ("seq 1 2000 > /d/c3.txt", r"", ""),
    ("sync", r"", ""),
)
_PEER = re.escape(PEER)
WORKLOAD = (
    ("hello", r"hello, world\n", ""),
    ('echo a "b c"', r"a b c\n", ""),
    ("pingpong 20", r"pingpong: 20 round trips, \d+ instructions per round trip\n", ""),
    ("cat", r"abc\nabc\n", "abc\n\x04"),
    ("ps", r"  PID +TID NAME .*\n(.*\n)*.* console .*\n(.*\n)*.* shell .*\n(.*\n)*", ""),
    ("sleep 1", r"", ""),
    ("free", r"frames: \d+ free, \d+ used \(\d+ KiB free\)\n", ""),
    ("echo new > /w.txt", r"", ""),                                    # fs: a new file
    ("cat /w.txt /c1.txt", r"new\nkept\n", ""),                         # fs: read it and a synced one
    ("seq 1 50 | wc -l", r"50\n", ""),                                  # pipe
    (f"ping -c 1 {PEER}", rf"PING {_PEER} .*\n64 bytes from {_PEER}: icmp_seq=1 .*\n\n--- {_PEER} "
                          r"ping statistics ---\n1 packets transmitted, 1 received, 0% .*\nrtt .*\n", ""),  # net
    (f"echo hi | nc -u -w 1 {PEER} 7", r"hi\n", ""),                     # net: udp, the peer echoes
    ("lpr /c2.txt", rf"job \d+: /c2\.txt, {len(COMMITTED['/c2.txt'])} bytes\n", ""),   # lpd
)
PROBE = ("echo alive", r"alive\n", "")
# what pm and a restarted shell print between the workload's lines (kept as events)
NOISE = re.compile(r"^(pm: .*|fault\[\d+\]: .*|toyos shell: type help for the commands)\n", re.M)
RESTART = re.compile(r"pm: (\S+) (?:died|not answering|answering wrongly), restarting")
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
    """A machine restored to the kept boot (Booted), with one pending injection."""

    def __init__(self, booted: "Booted", target: str, fault: str, seed: int, at: int | None, inject=None):
        from vm.cli.fi_os import OsView
        self.booted = booted
        self.m = booted.restore() if booted.ready else booted.machine
        self.view = OsView(self.m, booted.elf)
        self.target, self.fault, self.at = TARGETS[target], fault, at
        self.inject = inject or INJECTORS[fault]      # tests pass a fault of their own
        self.rng = random.Random(seed)
        self.injected = None
        self.pending = at is not None
        self.poll = None                # the injection waiting for its moment (fi_inject.py)
        self.give_up = 0
        self.result = None              # the machine's RunResult once the run is over
        self._seen = booted.seen if booted.ready else 0
        self._typed_at = 0

    # ---- stepping ---------------------------------------------------------------
    def step(self) -> bool:
        """One host slice (up to the next kernel crossing while an injection waits for
        its moment), stopping at the injection point; False once the run is over."""
        if self.result is not None:
            return False
        if self.poll is not None:
            self.injected = self.poll()
            if self.injected is not None or self.m.insns >= self.give_up:
                self.poll = None
                self.m.st[S.TRACE + T_MASK] = 0
                return True
            # The moments an injection waits for (a thread of the target on the CPU in
            # user mode, a message just delivered) begin at a crossing between kernel
            # and thread: run to the next one, not one instruction at a time.
            self.m.st[S.TRACE + T_MASK] = TRACE_STOP_AT_CROSSINGS
            self.result = self.m.run_slice(0, None, self.give_up - self.m.insns)
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
        wanted, searched = text.encode(), self._seen
        while True:
            output = self.m.output
            index = output.find(wanted, searched)       # only what is new: a server may print for ever
            searched = max(searched, len(output) - len(wanted) + 1)
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


class Booted:
    """The machine at the shell's prompt after the SETUP, kept to start every run from.

    Booting is the same every time (deterministic), so restoring this state (the
    machine's arrays, the disk's bytes, the wire) equals booting and typing the
    setup again, at a fraction of the cost.  It owns a temporary folder with the
    disk image, removed with it."""

    ARRAYS = ("st", "regs", "csrs", "ram", "tlb", "dev")

    def __init__(self, image: bytes, elf):
        from vm.devices.virtio_blk import DiskImage
        from vm.machine import Machine
        from vm.cli.fi_peer import EchoPeer
        self.elf, self.ready = elf, False
        self.folder = tempfile.TemporaryDirectory(prefix="toyos-fi-")
        self.disk_path = os.path.join(self.folder.name, "disk.img")
        fi_disk.make_disk(self.disk_path)
        self.disk = DiskImage.open(self.disk_path)
        self.peer = EchoPeer()
        self.machine = Machine(deterministic=True, disk=self.disk, net=self.peer)
        self.machine.load_elf(image)
        run = Run(self, "kernel", "reg", 0, None)
        if run.expect(PROMPT, HANG_BOUND) is None:
            raise RuntimeError("the image does not boot to the shell's prompt")
        for line, wanted, typed in SETUP:
            out = run.command(line, typed)
            if out is None or out == LOST or not _matches(wanted, out):
                raise RuntimeError(f"the setup fails without a fault: {line}: {out!r}")
        m = self.machine
        self.arrays = {name: getattr(m, name).copy() for name in self.ARRAYS}
        self.output, self.quiet, self.seen = bytes(m.output), m._quiet_since, run._seen
        self.insns = m.insns
        self.disk_bytes = os.pread(self.disk.fd, self.disk.sectors * 512, 0)
        self.backlog, self.stats = list(m.net.backlog), dataclasses.replace(m.net.stats)
        self.ready = True

    def restore(self):
        m = self.machine
        for name, saved in self.arrays.items():
            np.copyto(getattr(m, name), saved)      # in place: ram32, the device windows are views
        m.output, m.pending_input, m._quiet_since = bytearray(self.output), bytearray(), self.quiet
        os.pwrite(self.disk.fd, self.disk_bytes, 0)
        self.peer.reset()
        m.net.backlog.clear()
        m.net.backlog.extend(self.backlog)
        m.net.stats = dataclasses.replace(self.stats)
        return m


def execute(image: bytes, elf, target: str, fault: str, seed: int, at: int | None,
            transcript: bool = False, booted: Booted | None = None) -> Outcome:
    """One run; `at` None: no injection.  `transcript`: keep what the guest printed.
    `booted`: start from that kept boot (else boot one: the same run, slower)."""
    run = Run(booted or Booted(image, elf), target, fault, seed, at)
    outcome = drive(run)
    if transcript:
        outcome.transcript = run.m.output.decode(errors="replace").replace("\r\n", "\n")
    return outcome


def drive(run: Run) -> Outcome:
    """The workload with the run's injection, the probe, the disk check; the outcome."""
    outcome = _classify(run)
    lost = fi_disk.lost(run.booted.disk_path, COMMITTED)
    if lost:
        return Outcome("lost", run.injected, outcome.restarts, outcome.faults, lost)
    return outcome


def _classify(run: Run) -> Outcome:
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
    """Whether a command's output is what WORKLOAD wants.  `.` stops at a newline: the
    patterns spell every line end, and with re.S the ps pattern's `.*` and `(.*\n)*`
    could share lines in exponentially many ways (a campaign run stuck for minutes on
    one wrong ps listing of 40 lines)."""
    if len(out) > OUTPUT_BOUND:
        return False                # a flood is wrong, and the patterns must not backtrack over it
    return re.fullmatch(wanted, NOISE.sub("", out)) is not None


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


def golden_span(image: bytes, elf, booted: Booted | None = None) -> tuple[int, int]:
    """(first, last) instruction count of the workload in a run without a fault."""
    run = Run(booted or Booted(image, elf), "kernel", "reg", 0, None)
    first = run.m.insns
    for line, wanted, typed in WORKLOAD:
        out = run.command(line, typed)
        if out is None or not _matches(wanted, out):
            raise RuntimeError(f"the workload fails without a fault: {line}: {out!r}")
    lost = fi_disk.lost(run.booted.disk_path, COMMITTED)
    if lost:
        raise RuntimeError(f"the disk fails its check without a fault: {lost}")
    return first, run.m.insns
