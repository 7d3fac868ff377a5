"""The tracer on a real run: tests/vm/programs/trace/twothreads.s on our machine.

That tiny kernel runs two U-mode threads, "alpha" (tid 1) and "beta"
(tid 2), each with its own Sv32 page table; both run the same program (see
the file's header), so the expected syscall sequences below are read off
that program.  Runs are deterministic, so two runs must give the same trace.
"""
from __future__ import annotations

import io

import pytest

from tests.vm.build import build
from tests.vm.trace_checks import check_trace_events
from vm.trace import jsonl, perfetto, summary
from vm.trace.events import ALL_CATEGORIES, T_INDEX, TRACE_SWITCHES, TRACE_SYSCALLS, parse_categories

PROGRAM = "tests/vm/programs/trace/twothreads.s"
ALPHA = ["self", "debug_write", "futex_wait", "yield", "self", "syscall_99", "thread_exit"]
BETA = ["self", "debug_write", "futex_wait", "yield", "self"]


@pytest.fixture(scope="module")
def elf():
    return build([PROGRAM], include_dirs=["tests/vm/programs/trace"])


def traced_run(elf, mask=ALL_CATEGORIES, capacity=1 << 14, stop_at=None):
    from vm.machine import Machine
    from vm.trace.session import TraceSession

    machine = Machine(ram_mb=16, deterministic=True)
    image = machine.load_elf(str(elf))
    out = io.StringIO()
    session = TraceSession.for_kernel(image.symbols, mask, out=out, keep=True, capacity=capacity)
    machine.attach_tracer(session)
    if stop_at is not None:
        machine.run(max_insns=stop_at)
        session.set_enabled(machine.st, machine.ram, False)
    result = machine.run(max_insns=1_000_000)
    session.close(machine.st, machine.ram)
    return result, session, out.getvalue(), machine


@pytest.fixture(scope="module")
def run(elf):
    return traced_run(elf)


def test_the_guest_runs_to_power_off(run):
    result, _, _, machine = run
    assert result.reason == "poweroff" and result.exit_code == 0
    assert machine.output == b"hi from 1\nhi from 2\n"


def test_exact_syscall_sequence_of_each_thread(run):
    _, session, _, _ = run
    calls = [e for e in session.events if e["kind"] == "syscall"]
    assert [e["name"] for e in calls if e["thread"] == "alpha"] == ALPHA
    assert [e["name"] for e in calls if e["thread"] == "beta"] == BETA
    assert {e["tid"] for e in calls if e["thread"] == "alpha"} == {1}


def test_results_errno_names_and_strings_through_each_threads_page_table(run):
    _, session, text, _ = run
    returns = {(e["thread"], e["name"], e["call_id"]): e for e in session.events if e["kind"] == "return"}
    by_call = {}
    for (thread, name, _), e in sorted(returns.items(), key=lambda kv: kv[0][2]):
        by_call.setdefault((thread, name), []).append(e["rettext"])
    assert by_call[("alpha", "self")] == ["1", "1"] and by_call[("beta", "self")] == ["2", "2"]
    assert by_call[("alpha", "futex_wait")] == ["-EFAULT"] == by_call[("beta", "futex_wait")]
    assert by_call[("alpha", "syscall_99")] == ["-ENOSYS"]
    assert '1 alpha  debug_write(buf="hi from 1\\n", len=10) = 10' in text
    assert '2 beta  debug_write(buf="hi from 2\\n", len=10) = 10' in text   # same VA, other page


def test_switch_reasons(run):
    _, session, text, _ = run
    switches = [e for e in session.events if e["kind"] == "switch"]
    pairs = [(e["from"], e["to"], e["reason"]) for e in switches]
    assert pairs[:3] == [("kernel", "alpha", "start"), ("alpha", "beta", "yield"),
                         ("beta", "alpha", "yield")]
    assert pairs[-1] == ("beta", "alpha", "fault: load page fault")
    assert {reason for _, _, reason in pairs[3:-1]} == {"preempted"}
    irqs = [e for e in session.events if e["kind"] == "irq"]
    assert len(irqs) == len(pairs) - 4 and {e["cause_name"] for e in irqs} == {"supervisor timer interrupt"}
    assert "--- switch 1 alpha -> 2 beta (yield) ---" in text


def test_fault_is_reported_with_cause_pc_and_address(run):
    _, session, _, _ = run
    faults = [e for e in session.events if e["kind"] == "fault"]
    assert [(e["thread"], e["cause_name"], e["tval"]) for e in faults] == [
        ("beta", "load page fault", 0x00C00000)]


def test_identical_trace_across_two_runs(elf, run):
    _, again, _, _ = traced_run(elf)
    assert jsonl.render(again.events) == jsonl.render(run[1].events)


def test_a_small_buffer_drains_often_and_loses_nothing(elf, run):
    _, small, _, _ = traced_run(elf, capacity=70)     # HEADROOM 64: a drain every 6 rows
    assert small.drains > 5 and small.lost == 0
    assert jsonl.render(small.events) == jsonl.render(run[1].events)


def test_tracing_off_changes_nothing_and_records_nothing(elf, run):
    from vm import state as S
    from vm.machine import Machine

    machine = Machine(ram_mb=16, deterministic=True)
    machine.load_elf(str(elf))
    result = machine.run(max_insns=1_000_000)
    assert (result.insns, machine.output) == (run[0].insns, run[3].output)
    assert machine.st[S.TRACE + T_INDEX] == 0


def test_categories_select_what_is_recorded(elf, run):
    _, only_switches, _, _ = traced_run(elf, mask=TRACE_SWITCHES)
    assert {e["kind"] for e in only_switches.events} == {"switch"}
    assert ([e["reason"] for e in only_switches.events]
            == [e["reason"] for e in run[1].events if e["kind"] == "switch"])
    assert parse_categories("syscalls,switches") == TRACE_SYSCALLS | TRACE_SWITCHES


def test_toggling_off_stops_recording(elf, run):
    _, session, _, _ = traced_run(elf, stop_at=800)
    assert session.events and max(e["insn"] for e in session.events) <= 800
    assert session.events == [e for e in run[1].events if e["insn"] <= 800]


def test_summary_and_perfetto_agree_with_the_events(run):
    _, session, _, _ = run
    s = summary.summarise(session.events)
    assert s.syscalls["self"].calls == 4 and s.syscalls["futex_wait"].errors == 2
    assert sum(c.calls for c in s.syscalls.values()) == len(ALPHA) + len(BETA)
    assert s.switches == sum(1 for e in session.events if e["kind"] == "switch")
    assert {t.name: t.syscalls for t in s.threads.values() if t.syscalls} == {
        "alpha": len(ALPHA), "beta": len(BETA)}
    check_trace_events(perfetto.render(session.events))


def test_tracing_follows_a_machine_reset(elf, run):
    from vm.machine import Machine
    from vm.trace.session import TraceSession

    machine = Machine(ram_mb=16, deterministic=True)
    image = machine.load_elf(str(elf))
    session = TraceSession.for_kernel(image.symbols, ALL_CATEGORIES, out=io.StringIO(), keep=True)
    machine.attach_tracer(session)
    machine.run(max_insns=900)
    machine.load_elf(str(elf))             # what a guest reset does: the state vector is cleared
    machine.run(max_insns=1_000_000)
    session.close(machine.st, machine.ram)
    assert "machine reset" in session.out.getvalue()
    starts = [i for i, e in enumerate(session.events) if e.get("reason") == "start"]
    assert len(starts) == 2                 # the first boot and the one after the reset
    fields = ("kind", "thread", "name", "argtext", "rettext", "reason")
    after = [tuple(e.get(f) for f in fields) for e in session.events[starts[1]:]]
    assert after == [tuple(e.get(f) for f in fields) for e in run[1].events]
