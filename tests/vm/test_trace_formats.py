"""Every view of a trace agrees with the events: summary counts, Perfetto JSON, JSON lines, HTML.

Scripts of syscalls, interrupts, yields and blocking IPC among a few threads
are generated with hypothesis and decoded; the summary must count exactly
the events there are, the Perfetto file must satisfy the trace-event format
(tests/vm/trace_checks.py) and JSON lines must read back identically.
"""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.vm.trace_checks import check_trace_events
from tests.vm.trace_rows import ABI, ERR, PORT, FakeGuest
from vm.trace import html, jsonl, perfetto, summary, text
from vm.trace.decode import Decoder

THREADS = {3: "shell", 5: "spin", 6: "hello"}
SIMPLE = ("null", "uptime", "futex_wake", "self", "sleep")

action = st.one_of(
    st.tuples(st.just("syscall"), st.sampled_from(SIMPLE), st.sampled_from([0, 1, -ERR["EINVAL"]])),
    st.tuples(st.just("preempt"), st.sampled_from(sorted(THREADS)), st.just(0)),
    st.tuples(st.just("yield"), st.sampled_from(sorted(THREADS)), st.just(0)),
    st.tuples(st.just("ipc"), st.sampled_from([1, 2]), st.integers(0, 20)),
    st.tuples(st.just("fault"), st.just(13), st.just(0)),
)


def play(script) -> tuple[FakeGuest, list[dict]]:
    g = FakeGuest()
    for tid, name in THREADS.items():
        g.thread(tid, name)
    g.thread(2, "console")
    g.current = 2                      # the console server waits for its first client
    g.ecall("recv", PORT["console"], 0)
    g.run_as(3)
    g.sret(0)
    text_buf = g.data(b"hello, world\n")
    for kind, what, value in script:
        if kind == "syscall":
            g.ecall(what, 0x1000)
            g.sret(value)
        elif kind == "preempt" and what != g.current:
            g.interrupt(5)
            g.run_as(what)
            g.sret(0)
        elif kind == "yield" and what != g.current:
            g.ecall("yield")
            g.run_as(what)
            g.sret(0)
        elif kind == "ipc":
            client = g.current
            g.ecall("call", PORT["console"], what, 1, 13, a6=text_buf, t0=13, t1=1)
            g.run_as(2)
            g.sret(client, what, 1, 13, 0, 0, 0, 13, 1)
            g.ecall("reply", client, value)
            g.sret(0)
            g.ecall("recv", PORT["console"], 0)
            g.run_as(client)
            g.sret(value)
        elif kind == "fault" and g.current != 3:
            g.fault(what, 0x10000, 0)
            g.run_as(3)
            g.sret(0)
    return g, Decoder(ABI, g.layout).decode(g.array(), g.mem)


scripts = st.lists(action, min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(scripts)
def test_summary_counts_equal_event_counts(script):
    _, events = play(script)
    s = summary.summarise(events)
    syscalls = [e for e in events if e["kind"] == "syscall"]
    returns = [e for e in events if e["kind"] == "return"]
    assert sum(c.calls for c in s.syscalls.values()) == len(syscalls)
    for name, stats in s.syscalls.items():
        assert stats.calls == sum(1 for e in syscalls if e["name"] == name)
        assert stats.errors == sum(1 for e in returns if e["name"] == name and e["error"])
        assert stats.insns + stats.blocked == sum(e["insns"] for e in returns if e["name"] == name)
        assert stats.insns >= 0 and stats.blocked >= 0
    assert s.switches == sum(1 for e in events if e["kind"] == "switch")
    assert s.faults == sum(1 for e in events if e["kind"] == "fault")
    assert sum(t.syscalls for t in s.threads.values()) == len(syscalls)
    assert sum(t.switches_out for t in s.threads.values()) == s.switches
    assert sum(t.insns for t in s.threads.values()) == s.total_insns
    # one CPU: the calls' own instructions never add up to more than what was traced
    assert sum(c.insns for c in s.syscalls.values()) <= s.total_insns
    rendered = summary.render(s)
    assert f"{len(syscalls):7d}" in rendered.split("total")[0].splitlines()[-1]


@settings(max_examples=60, deadline=None)
@given(scripts)
def test_perfetto_json_is_valid_trace_event_format(script):
    _, events = play(script)
    doc = check_trace_events(perfetto.render(events))
    slices = [e for e in doc["traceEvents"] if e["ph"] == "X" and e["cat"] == "syscall"]
    assert len(slices) == sum(1 for e in events if e["kind"] == "syscall")
    instants = [e for e in doc["traceEvents"] if e["ph"] == "i" and e["cat"] == "switch"]
    assert len(instants) == sum(1 for e in events if e["kind"] == "switch")


def test_ipc_calls_become_flow_arrows_between_threads():
    _, events = play([("ipc", 2, 5), ("ipc", 1, 0)])
    doc = check_trace_events(perfetto.render(events))
    flows = [e for e in doc["traceEvents"] if e["ph"] in ("s", "f")]
    assert len(flows) == 8                     # call -> server and reply -> client, twice
    starts = {e["id"]: e["tid"] for e in flows if e["ph"] == "s"}
    ends = {e["id"]: e["tid"] for e in flows if e["ph"] == "f"}
    assert sorted(set(starts.values()) | set(ends.values())) == [2, 3]
    assert all(starts[i] != ends[i] for i in starts)
    names = {e["tid"]: e["args"]["name"] for e in doc["traceEvents"]
             if e["ph"] == "M" and e["name"] == "thread_name"}
    assert names[2] == "2 console" and names[3] == "3 shell"


@settings(max_examples=30, deadline=None)
@given(scripts)
def test_jsonl_reads_back_identically(tmp_path_factory, script):
    _, events = play(script)
    path = tmp_path_factory.mktemp("t") / "trace.jsonl"
    path.write_text(jsonl.render(events))
    assert jsonl.load(path) == json.loads(json.dumps(events))
    perfetto_path = path.with_suffix(".json")
    perfetto_path.write_text(perfetto.render(events))
    assert jsonl.load(perfetto_path) == json.loads(json.dumps(events))


@settings(max_examples=30, deadline=None)
@given(scripts)
def test_text_has_one_line_per_event_less_joined_returns(script):
    _, events = play(script)
    rendered = text.render(events).splitlines()
    joined = sum(1 for a, b in zip(events, events[1:])
                 if a["kind"] == "syscall" and b["kind"] == "return" and a["call_id"] == b["call_id"])
    assert len(rendered) == len(events) - joined


def test_bad_trace_file_gives_one_line_error(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_text("[ 1.0 ms] 3 shell null() = 0\n")
    try:
        jsonl.load(bad)
    except jsonl.TraceFileError as e:
        assert "x.txt:1: not a JSON-lines trace" in str(e)
    else:
        raise AssertionError("a text trace was accepted as JSON lines")


def test_html_is_self_contained_with_a_lane_per_thread():
    _, events = play([("ipc", 2, 5), ("preempt", 5, 0), ("yield", 6, 0), ("syscall", "null", 0)])
    page = html.render(events)
    assert page.startswith("<!DOCTYPE html>")
    for tid, name in [(2, "console"), (3, "shell"), (5, "spin"), (6, "hello")]:
        assert f">{tid} {name}</text>" in page
    for remote in ("http://", "https://", "src=", "href="):
        assert remote not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert page.count('class="sw"') == sum(1 for e in events if e["kind"] == "switch")
