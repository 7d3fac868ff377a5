"""strace-like text: one line per event, time in ms and guest instructions.

    [   1.204 ms      12040] 3 shell  futex_wait(addr=0x2040, val=1) = 0
    [   1.210 ms      12100] 3 shell  call console.write(len=7, buf="toyos$ ") = 7
    [   1.300 ms      13000] --- switch 3 shell -> 5 spin (preempted) ---

A syscall that blocks is split as strace does: `... <unfinished ...>`, then
`<... name resumed> = 0` once it returns, with the events between in order;
one that never returns because its thread exits ends in `= ?`.
"""
from __future__ import annotations


def stamp(event: dict) -> str:
    return f"[{event['us'] / 1000:8.3f} ms {event['insn']:>10}]"


def thread_label(tid: int, name: str) -> str:
    """"3 shell"; just "kernel" before the first thread runs (tid -1)."""
    return name if tid < 0 else f"{tid} {name}"


def who(event: dict) -> str:
    return thread_label(event["tid"], event["thread"]) + " "


def call_text(event: dict) -> str:
    if "ipc" in event:
        return f"call {event['argtext']}"
    return f"{event['name']}({event['argtext']})"


def line(event: dict) -> str:
    """One event on its own (no pairing of syscall and return)."""
    kind = event["kind"]
    if kind == "syscall":
        return f"{stamp(event)} {who(event)} {call_text(event)} <unfinished ...>"
    if kind == "return":
        name = event["name"]
        if "ipc" in event and event.get("ipc_step") == "call":
            name = f"call {event['ipc']['server']}.{event['ipc']['op']}"
        return f"{stamp(event)} {who(event)} <... {name} resumed> = {event['rettext']}"
    if kind == "switch":
        sched = f"; sched {event['sched']}" if "sched" in event else ""
        return (f"{stamp(event)} --- switch {thread_label(event['from_tid'], event['from'])} -> "
                f"{thread_label(event['to_tid'], event['to'])} ({event['reason']}{sched}) ---")
    if kind == "fault":
        return (f"{stamp(event)} {who(event)} --- fault: {event['cause_name']} "
                f"pc={event['pc']:#x} tval={event['tval']:#x} ---")
    if kind == "irq":
        irq = "" if event.get("irq") is None else f" {event['irq']}"
        return f"{stamp(event)} {who(event)} --- irq{irq} ({event['cause_name']}) ---"
    return f"{stamp(event)} {kind}"


class TextRenderer:
    """Feeds events in order, returns finished lines; joins a call with its return."""

    def __init__(self):
        self.held: dict | None = None      # a syscall whose return may come next

    def feed(self, events: list[dict]) -> list[str]:
        out = []
        for event in events:
            held = self.held
            if held is not None:
                self.held = None
                if event["kind"] == "return" and event["call_id"] == held["call_id"]:
                    out.append(f"{stamp(held)} {who(held)} {call_text(held)} = {event['rettext']}")
                    continue
                if (event["kind"] == "switch" and event["reason"] == "exit"
                        and event["from_tid"] == held["tid"]):
                    out.append(f"{stamp(held)} {who(held)} {call_text(held)} = ?")   # never returns
                else:
                    out.append(line(held))
            if event["kind"] == "syscall":
                self.held = event
            else:
                out.append(line(event))
        return out

    def finish(self) -> list[str]:
        held, self.held = self.held, None
        return [line(held)] if held is not None else []


def render(events: list[dict]) -> str:
    renderer = TextRenderer()
    lines = renderer.feed(events) + renderer.finish()
    return "".join(l + "\n" for l in lines)
