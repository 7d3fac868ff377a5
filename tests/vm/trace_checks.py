"""Structural checks of Chrome/Perfetto trace-event JSON, shared by the trace tests.

Follows the Trace Event Format document: every event has ph, pid, tid and
(except metadata) ts; complete events have a non-negative dur; a flow has
one start ("s") and one end ("f") with the same id, each inside a slice of
its thread (to within a nanosecond); timestamps never go back on a track; every thread that has
events is named by a thread_name metadata event.
"""
from __future__ import annotations

import json
from collections import defaultdict

PHASES = {"X", "B", "E", "i", "I", "s", "t", "f", "C", "M"}
EPSILON = 1e-6      # µs; viewers convert timestamps to integer nanoseconds


def check_trace_events(text: str) -> dict:
    doc = json.loads(text)
    assert isinstance(doc, dict) and isinstance(doc["traceEvents"], list)
    events = doc["traceEvents"]
    named, used = set(), set()
    last_ts: dict[tuple, float] = {}
    slices = defaultdict(list)
    flows = defaultdict(dict)
    for e in events:
        assert e["ph"] in PHASES, e
        for key in ("ph", "pid", "tid", "name"):
            assert key in e, (key, e)
        if e["ph"] == "M":
            assert isinstance(e["args"], dict)
            if e["name"] == "thread_name":
                named.add((e["pid"], e["tid"]))
            continue
        assert isinstance(e["ts"], (int, float)) and e["ts"] >= 0, e
        track = (e["pid"], e["tid"])
        assert e["ts"] >= last_ts.get(track, 0), f"ts goes back on track {track}: {e}"
        last_ts[track] = e["ts"]
        if e["ph"] != "C":
            used.add(track)
        if e["ph"] == "X":
            assert e["dur"] >= 0, e
            slices[track].append((e["ts"], e["ts"] + e["dur"]))
        elif e["ph"] in ("s", "f"):
            assert e["ph"] not in flows[e["id"]], f"flow {e['id']} has two '{e['ph']}'"
            flows[e["id"]][e["ph"]] = e
        elif e["ph"] == "i":
            assert e.get("s", "t") in ("g", "p", "t"), e
        elif e["ph"] == "C":
            assert all(isinstance(v, (int, float)) for v in e["args"].values()), e
    assert used <= named, f"tracks without a thread_name: {used - named}"
    for flow_id, ends in flows.items():
        assert set(ends) == {"s", "f"}, f"flow {flow_id} is not paired: {sorted(ends)}"
        assert ends["f"]["ts"] >= ends["s"]["ts"], f"flow {flow_id} goes back in time"
        for end in ends.values():
            track = (end["pid"], end["tid"])
            assert any(a - EPSILON <= end["ts"] <= b + EPSILON for a, b in slices[track]), \
                f"flow {flow_id} '{end['ph']}' is not inside a slice of its thread"
    return doc
