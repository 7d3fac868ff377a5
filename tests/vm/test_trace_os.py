"""The tracer on the real toyos: boot, type `hello`, read what the OS did.

The image is built from the repository (kernel, servers, programs) and
booted on our machine in deterministic time with the console input
"hello\\n".  Expectations come from the sources: userland/programs/hello.s
prints "hello, world\\n" through printf (one console.write_inline IPC: 13
bytes ride in the message words) and returns 0, which crt0 turns into
pm.exit(0); the shell prints its prompt with console.write_inline and reads a line with console.read; the console server
receives both and replies.
"""
from __future__ import annotations

import io
import re

import pytest

from tests.vm.trace_checks import check_trace_events
from vm.trace import jsonl, perfetto, summary, text
from vm.trace.events import TRACE_SWITCHES, TRACE_SYSCALLS



def hello_done(output: bytes) -> bool:
    """hello printed its line and the shell is back at its prompt."""
    return b"toyos$ " in output.partition(b"hello, world")[2]

BUDGET = 5_000_000


@pytest.fixture(scope="module")
def image(toyos_image) -> str:
    """The real image (tests/conftest.py builds it once)."""
    return toyos_image


def boot_and_trace(image: str, mask: int = TRACE_SYSCALLS | TRACE_SWITCHES):
    from vm.machine import Machine
    from vm.trace.session import TraceSession

    machine = Machine(deterministic=True, input_bytes=b"hello\n")
    elf = machine.load_elf(image)
    out = io.StringIO()
    session = TraceSession.for_kernel(elf.symbols, mask, out=out, keep=True)
    machine.attach_tracer(session)
    start = machine.insns
    while not hello_done(machine.output):
        result = machine.run_slice(start, BUDGET)
        assert result is None, f"{result} before hello ran; console: {machine.output!r}"
    session.close(machine.st, machine.ram)
    return session, out.getvalue()


@pytest.fixture(scope="module")
def traced(image):
    return boot_and_trace(image)


def calls_of(session, thread: str) -> list[dict]:
    return [e for e in session.events if e["kind"] == "syscall" and e["thread"] == thread]


def test_hello_makes_exactly_a_write_and_an_exit(traced):
    session, log = traced
    hello = calls_of(session, "hello")
    assert [(e["name"], e.get("ipc", {}).get("server"), e.get("ipc", {}).get("op")) for e in hello] == [
        ("call", "console", "write_inline"), ("call", "pm", "exit")]
    assert hello[0]["argtext"].endswith('buf="hello, world\\n")')
    assert hello[1]["argtext"] == "pm.exit(code=0)"
    assert "hello  call pm.exit(code=0) = ?" in log          # it never returns


def test_console_write_strings_are_decoded_on_both_sides(traced):
    session, log = traced
    assert 'hello  call console.write_inline(buf="hello, world\\n")' in log
    assert 'shell  call console.write_inline(buf="toyos$ ")' in log
    received = [e["rettext"] for e in session.events
                if e["kind"] == "return" and e["thread"] == "console" and e.get("ipc")]
    hello_tid = calls_of(session, "hello")[0]["tid"]
    assert f"console.write_inline from {hello_tid} hello" in received
    # the bytes came in the words: the console read no lease while hello's call lasted
    write, exit_ = calls_of(session, "hello")
    assert not [e for e in session.events if e.get("name") == "lease_read"
                and write["insn"] < e["insn"] < exit_["insn"]]


def test_the_shell_reads_the_typed_line_and_spawns_hello(traced):
    session, _ = traced
    reads = [e for e in session.events if e["kind"] == "return" and e["thread"] == "shell"
             and e.get("ipc", {}).get("op") == "read"]
    # the line editor reads raw: the bytes typed so far, through the Enter
    typed = [re.fullmatch(r'(\d+) \(buf="(.*)"\)', e["rettext"]).group(2) for e in reads]
    assert "".join(typed) == "hello\\n", typed
    modes = [e for e in calls_of(session, "shell") if e.get("ipc", {}).get("op") == "mode"]
    assert modes[0]["argtext"].startswith("console.mode(handle=0, mode=1"), modes[0]
    spawn = [e for e in calls_of(session, "shell") if e.get("ipc", {}).get("op") == "spawn"]
    # the lease: the shell's three descriptors as (console, 0) pairs, then argv,
    # then the working directory the child inherits ("/"), then the environment
    # (the shell's exported PATH and SHLVL).  No disk: PATH's /bin/hello is not
    # there (-ENOENT), so the shell asks for the archive's (SPAWN_ARCHIVE)
    from vm.abi_tables import PORTS
    console = "".join(f"\\x{b:02x}" for b in next(p for p, n in PORTS.items() if n == "console")
                      .to_bytes(4, "little")) + "\\x00" * 4
    # (the tracer shows a lease's first 32 bytes: the pairs and 8 more;
    # tests/userland/test_scripts.py checks what a child inherits)
    assert [e["argtext"] for e in spawn] == [
        f'pm.spawn(argc=1, nfds=3, flags=0, buf="{console * 3}/bin/hel"...)',
        f'pm.spawn(argc=1, nfds=3, flags=1, buf="{console * 3}hello\\x00/\\x00"...)']


def test_switch_reasons(traced):
    session, _ = traced
    switches = [(e["from"], e["to"], e["reason"]) for e in session.events if e["kind"] == "switch"]
    assert switches[0] == ("kernel", "pm", "start")
    assert ("hello", "pm", "exit") in switches
    assert ("shell", "console", "blocked: call console.read") in switches
    assert ("hello", "console", "blocked: call console.write_inline") in switches
    reasons = {r.split(":")[0] for _, _, r in switches}
    assert reasons <= {"start", "blocked", "preempted", "yield", "exit"}


def test_errors_are_shown_by_errno_name(traced):
    session, _ = traced
    for e in session.events:
        if e["kind"] == "return" and e["ret"] < 0 and e["error"]:
            assert e["rettext"].startswith(f"-{e['error']}")


def test_summary_matches_the_event_counts(traced):
    session, _ = traced
    s = summary.summarise(session.events)
    assert sum(c.calls for c in s.syscalls.values()) == sum(
        1 for e in session.events if e["kind"] == "syscall")
    assert s.threads and sum(t.switches_out for t in s.threads.values()) == s.switches
    assert {t.name for t in s.threads.values()} >= {"pm", "console", "shell", "hello"}
    # blocked time is counted apart: the calls' own instructions fit in the traced total
    assert sum(c.insns for c in s.syscalls.values()) <= s.total_insns
    assert sum(c.insns + c.blocked for c in s.syscalls.values()) > s.total_insns
    check_trace_events(perfetto.render(session.events))


def test_identical_trace_across_two_boots(image, traced):
    again, log = boot_and_trace(image)
    assert jsonl.render(again.events) == jsonl.render(traced[0].events)
    assert log == traced[1] == text.render(traced[0].events)


def test_interrupts_name_their_plic_source(image):
    from vm.memmap import UART_IRQ
    from vm.trace.events import ALL_CATEGORIES
    session, log = boot_and_trace(image, ALL_CATEGORIES)
    irqs = [e for e in session.events if e["kind"] == "irq"]
    external = [e for e in irqs if e["cause_name"] == "supervisor external interrupt"]
    assert external and {e["irq"] for e in external} == {UART_IRQ}     # the console's typing
    assert {e["cause_name"] for e in irqs} <= {"supervisor external interrupt", "supervisor timer interrupt"}
    assert f"--- irq {UART_IRQ} (supervisor external interrupt) ---" in log
    acks = [e for e in session.events if e["kind"] == "syscall" and e["name"] == "irq_ack"]
    assert acks and all(e["args"]["irq"] == UART_IRQ for e in acks)
