"""Chrome/Perfetto trace-event JSON: a timeline that opens in ui.perfetto.dev or chrome://tracing.

One track per thread (named by "thread_name" metadata), each syscall a
complete slice ("X") on its thread, a server's handling of an IPC call a
slice from its recv to its reply, flow arrows ("s" -> "f") from the
client's call to the server and from the server's reply back, switches and
faults as thread instants ("i"), interrupts as process instants, and a
"runnable" counter ("C").  Runnable is counted from switch reasons: a
thread stops counting when it is switched out blocked or exiting, and
counts again once it is switched to.  The decoded events ride along in
otherData so `toyos trace` can read the file back.
"""
from __future__ import annotations

import json

from vm.trace.text import thread_label

PID = 1
BLOCKING = ("blocked", "exit")


def _meta(events: list[dict]) -> list[dict]:
    names: dict[int, str] = {}
    for e in events:
        names.setdefault(e["tid"], e["thread"])
        if e["kind"] == "switch":
            names.setdefault(e["from_tid"], e["from"])
    out = [{"ph": "M", "name": "process_name", "pid": PID, "tid": 0, "args": {"name": "toyos"}}]
    for tid, name in sorted(names.items()):
        out.append({"ph": "M", "name": "thread_name", "pid": PID, "tid": tid,
                    "args": {"name": thread_label(tid, name)}})
        out.append({"ph": "M", "name": "thread_sort_index", "pid": PID, "tid": tid,
                    "args": {"sort_index": tid}})
    return out


def trace_events(events: list[dict]) -> list[dict]:
    out: list[dict] = []
    end_us = max((e["us"] for e in events), default=0.0)
    open_calls: dict[int, dict] = {}
    runnable: set[int] = set()
    starts: dict[int, float] = {}
    for e in events:
        kind, tid, ts = e["kind"], e["tid"], e["us"]
        if kind == "syscall":
            open_calls[e["call_id"]] = e
            starts[e["call_id"]] = ts
            if tid not in runnable:
                runnable.add(tid)
                out.append(_counter(ts, runnable))
        elif kind == "return":
            call = open_calls.pop(e["call_id"], None)
            if call is None:
                continue
            out.append(_slice(call, ts))
            if e.get("ipc", {}).get("client_call_id"):
                client = e["ipc"]["client_call_id"]
                out.append({"ph": "s", "id": client * 2, "name": "ipc", "cat": "ipc",
                            "pid": PID, "tid": e["ipc"]["from_tid"], "ts": starts.get(client, ts)})
                out.append({"ph": "f", "bp": "e", "id": client * 2, "name": "ipc", "cat": "ipc",
                            "pid": PID, "tid": tid, "ts": ts})
        elif kind == "switch":
            out.append({"ph": "i", "s": "t", "name": f"switch -> {thread_label(e['to_tid'], e['to'])}",
                        "cat": "switch", "pid": PID, "tid": e["from_tid"], "ts": ts,
                        "args": {"reason": e["reason"], "to": thread_label(e["to_tid"], e["to"]),
                                 "sched": e.get("sched", "")}})
            changed = False
            if e["reason"].startswith(BLOCKING) and e["from_tid"] in runnable:
                runnable.discard(e["from_tid"])
                changed = True
            if e["to_tid"] not in runnable:
                runnable.add(e["to_tid"])
                changed = True
            if changed:
                out.append(_counter(ts, runnable))
        elif kind == "fault":
            out.append({"ph": "i", "s": "t", "name": f"fault: {e['cause_name']}", "cat": "fault",
                        "pid": PID, "tid": tid, "ts": ts,
                        "args": {"pc": hex(e["pc"]), "tval": hex(e["tval"])}})
        elif kind == "irq":
            irq = "" if e.get("irq") is None else f" {e['irq']}"
            out.append({"ph": "i", "s": "p", "name": f"irq{irq}", "cat": "irq",
                        "pid": PID, "tid": tid, "ts": ts, "args": {"cause": e["cause_name"]}})
    exited = {e["from_tid"]: e["us"] for e in events
              if e["kind"] == "switch" and e["reason"] == "exit"}
    for call in open_calls.values():
        out.append(_slice(call, exited.get(call["tid"], end_us), unfinished=True))
    out.extend(_handling_slices(events))
    out.extend(_reply_flows(events))
    out.sort(key=lambda x: x["ts"])
    return _meta(events) + out


def _slice(call: dict, end: float, unfinished: bool = False) -> dict:
    name = f"{call['ipc']['server']}.{call['ipc']['op']}" if "ipc" in call else call["name"]
    args = {"call": call.get("argtext", "")}
    if unfinished:
        args["unfinished"] = True
    return {"ph": "X", "name": name, "cat": "syscall", "pid": PID, "tid": call["tid"],
            "ts": call["us"], "dur": max(0.0, round(end - call["us"], 3)), "args": args}


def _handling_slices(events: list[dict]) -> list[dict]:
    """A server's work on one IPC call: from its recv returning to its reply."""
    out, start = [], {}
    for e in events:
        if e["kind"] == "return" and e.get("ipc", {}).get("client_call_id"):
            start[e["tid"]] = e
        elif e["kind"] == "syscall" and e.get("ipc_step") in ("reply", "reply_recv") and e["tid"] in start:
            begin = start.pop(e["tid"])
            ipc = begin["ipc"]
            out.append({"ph": "X", "name": f"{ipc['server']}.{ipc['op']} from {ipc['from_tid']}",
                        "cat": "ipc", "pid": PID, "tid": e["tid"], "ts": begin["us"],
                        "dur": round(e["us"] - begin["us"], 3)})
    return out


def _reply_flows(events: list[dict]) -> list[dict]:
    """Arrows from a server's reply to the client's call returning."""
    out, serving, returns = [], {}, {}
    for e in events:
        if e["kind"] == "return":
            returns[e["call_id"]] = e
    for e in events:
        if e["kind"] == "return" and e.get("ipc", {}).get("client_call_id"):
            serving[e["tid"]] = e["ipc"]["client_call_id"]
        elif e["kind"] == "syscall" and e.get("ipc_step") in ("reply", "reply_recv") and e["tid"] in serving:
            client = serving.pop(e["tid"])
            done = returns.get(client)
            if done is None:
                continue
            out.append({"ph": "s", "id": client * 2 + 1, "name": "reply", "cat": "ipc",
                        "pid": PID, "tid": e["tid"], "ts": e["us"]})
            # Inside the client's call slice, a hair before it ends (a slice's end
            # is ts + dur in floating point, which may fall an ulp short of `us`).
            inside = max(e["us"], done["start_us"], done["us"] - 0.05)
            out.append({"ph": "f", "bp": "e", "id": client * 2 + 1, "name": "reply", "cat": "ipc",
                        "pid": PID, "tid": done["tid"], "ts": round(inside, 3)})
    return out


def _counter(ts: float, runnable: set[int]) -> dict:
    return {"ph": "C", "name": "runnable", "pid": PID, "tid": 0, "ts": ts,
            "args": {"threads": len(runnable)}}


def render(events: list[dict]) -> str:
    doc = {"traceEvents": trace_events(events), "displayTimeUnit": "ns",
           "otherData": {"generator": "toyos trace", "toyos_events": events}}
    return json.dumps(doc, separators=(",", ":"))
