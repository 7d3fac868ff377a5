"""A `strace -c`-like summary of decoded events.

Per syscall: calls, errors, and the guest instructions from entry to return
counted apart: `insns` the calling thread ran (the kernel working for it),
`blocked` other threads ran while the call waited (a recv or a call blocks
until its partner answers).  So the `insns` of all calls add up to at most
the traced total, and `insns + blocked` is each call's elapsed time.  Per
thread: share of the traced guest instructions it ran, how often it was
switched out, how many syscalls it made.  Counts come straight from the
events, so `calls` always equals the number of syscall events.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from vm.trace.text import thread_label


@dataclass
class SyscallStats:
    calls: int = 0
    errors: int = 0
    returned: int = 0
    insns: int = 0          # run by the calling thread, entry to return
    blocked: int = 0        # run by other threads while the call waited
    error_names: dict[str, int] = field(default_factory=dict)

    @property
    def mean(self) -> float:
        return self.insns / self.returned if self.returned else 0.0


@dataclass
class ThreadStats:
    tid: int
    name: str
    insns: int = 0
    switches_out: int = 0
    syscalls: int = 0


@dataclass
class Summary:
    syscalls: dict[str, SyscallStats]
    threads: dict[int, ThreadStats]
    total_insns: int
    switches: int
    faults: int
    irqs: int


def summarise(events: list[dict]) -> Summary:
    syscalls: dict[str, SyscallStats] = {}
    threads: dict[int, ThreadStats] = {}
    switches = faults = irqs = 0

    def thread(tid: int, name: str) -> ThreadStats:
        stats = threads.get(tid)
        if stats is None:
            stats = threads[tid] = ThreadStats(tid, name)
        return stats

    running = None          # (tid, name, since_insn)
    first = last = 0
    waiting: dict[int, list[int]] = {}     # tid in a call -> [blocked so far, switched out at or -1]
    for event in events:
        if running is None:
            running = (event["tid"], event["thread"], event["insn"])
            first = event["insn"]
        last = max(last, event["insn"])
        kind = event["kind"]
        if kind == "syscall":
            stats = syscalls.setdefault(event["name"], SyscallStats())
            stats.calls += 1
            thread(event["tid"], event["thread"]).syscalls += 1
            waiting[event["tid"]] = [0, -1]
        elif kind == "return":
            stats = syscalls.setdefault(event["name"], SyscallStats())
            stats.returned += 1
            blocked = min(waiting.pop(event["tid"], [0])[0], event["insns"])
            stats.insns += event["insns"] - blocked
            stats.blocked += blocked
            if event.get("error"):
                stats.errors += 1
                stats.error_names[event["error"]] = stats.error_names.get(event["error"], 0) + 1
        elif kind == "switch":
            switches += 1
            tid, name, since = running
            thread(event["from_tid"], event["from"]).switches_out += 1
            if tid == event["from_tid"]:
                thread(tid, name).insns += event["insn"] - since
            running = (event["to_tid"], event["to"], event["insn"])
            thread(event["to_tid"], event["to"])
            if event["from_tid"] in waiting:
                waiting[event["from_tid"]][1] = event["insn"]
            wait = waiting.get(event["to_tid"])
            if wait is not None and wait[1] >= 0:
                wait[0] += event["insn"] - wait[1]
                wait[1] = -1
        elif kind == "fault":
            faults += 1
        elif kind == "irq":
            irqs += 1
    if running is not None:
        tid, name, since = running
        thread(tid, name).insns += last - since
    return Summary(syscalls, threads, last - first, switches, faults, irqs)


def render(summary: Summary) -> str:
    lines = []
    total_calls = sum(s.calls for s in summary.syscalls.values())
    total_insns = sum(s.insns for s in summary.syscalls.values())
    total_blocked = sum(s.blocked for s in summary.syscalls.values())
    total_errors = sum(s.errors for s in summary.syscalls.values())
    rule = f"{'-' * 7} {'-' * 11} {'-' * 10} {'-' * 11} {'-' * 7} {'-' * 7}  {'-' * 16}"
    lines.append(f"{'% insns':>7} {'insns':>11} {'insns/call':>10} {'blocked':>11} {'calls':>7} "
                 f"{'errors':>7}  syscall")
    lines.append(rule)
    ordered = sorted(summary.syscalls.items(), key=lambda kv: (-kv[1].insns, kv[0]))
    for name, s in ordered:
        share = 100.0 * s.insns / total_insns if total_insns else 0.0
        errors = str(s.errors) if s.errors else ""
        lines.append(f"{share:7.2f} {s.insns:11d} {s.mean:10.1f} {s.blocked:11d} {s.calls:7d} "
                     f"{errors:>7}  {name}")
    lines.append(rule)
    lines.append(f"{100.0 if total_insns else 0.0:7.2f} {total_insns:11d} {'':>10} {total_blocked:11d} "
                 f"{total_calls:7d} {total_errors or '':>7}  total")
    lines.append("insns: the calling thread's own, entry to return; blocked: other threads ran meanwhile")
    lines.append("")
    lines.append(f"{'% cpu':>7} {'insns':>11} {'switches':>9} {'syscalls':>9}  thread")
    lines.append(f"{'-' * 7} {'-' * 11} {'-' * 9} {'-' * 9}  {'-' * 16}")
    for t in sorted(summary.threads.values(), key=lambda t: (-t.insns, t.tid)):
        share = 100.0 * t.insns / summary.total_insns if summary.total_insns else 0.0
        lines.append(f"{share:7.2f} {t.insns:11d} {t.switches_out:9d} {t.syscalls:9d}  {thread_label(t.tid, t.name)}")
    lines.append("")
    lines.append(f"{summary.total_insns} guest instructions traced, {summary.switches} switches, "
                 f"{summary.irqs} interrupts, {summary.faults} faults")
    return "\n".join(lines) + "\n"
