"""The trace decoder: raw rows + kernel memory + ABI tables -> strace-like events.

Rows are built by tests/vm/trace_rows.py exactly as the recorder lays them
out; names, argument kinds and errno values come from the generated ABI
tables (kernel/abi.toml), so a renamed syscall shows up here.
"""
from __future__ import annotations

from tests.vm.trace_rows import ABI, ERR, PORT, FakeGuest
from vm.trace import text
from vm.trace.decode import Decoder, quote


def decode(guest: FakeGuest) -> list[dict]:
    return Decoder(ABI, guest.layout).decode(guest.array(), guest.mem)


def lines(guest: FakeGuest) -> list[str]:
    return [l.split("] ", 1)[1] for l in text.render(decode(guest)).splitlines()]


def shell_and_console() -> FakeGuest:
    g = FakeGuest()
    g.thread(3, "shell")
    g.thread(2, "console")
    g.thread(5, "spin")
    g.current = 3
    return g


def test_syscall_arguments_result_and_errno_names():
    g = shell_and_console()
    g.ecall("futex_wait", 0x2040, 1, 0)
    g.sret(0)
    g.ecall("futex_wait", 0x2040, 1, 0)
    g.sret(-ERR["EFAULT"])
    g.ecall("uptime")
    g.sret(1234)
    assert lines(g) == [
        "3 shell  futex_wait(addr=0x2040, expected=1, timeout_ms=0) = 0",
        "3 shell  futex_wait(addr=0x2040, expected=1, timeout_ms=0) = -EFAULT",
        "3 shell  uptime() = 1234",
    ]


def test_every_errno_in_the_abi_is_named():
    g = shell_and_console()
    for number in ABI.errnos:
        g.ecall("null")
        g.sret(-number)
    results = [e for e in decode(g) if e["kind"] == "return"]
    assert [e["error"] for e in results] == list(ABI.errnos.values())
    assert [e["rettext"] for e in results] == [f"-{n}" for n in ABI.errnos.values()]


def test_strings_and_buffers_are_read_from_guest_memory_and_truncated():
    g = shell_and_console()
    short = g.data(b"hello\n")
    long = g.data(b"A" * 100 + b"\0")
    g.ecall("debug_write", short, 6)
    g.sret(6)
    g.ecall("thread_name", 3, long)
    g.sret(0)
    g.ecall("debug_write", 0x10, 4)          # not in RAM: shown as an address
    g.sret(-ERR["EFAULT"])
    assert lines(g) == [
        '3 shell  debug_write(buf="hello\\n", len=6) = 6',
        f'3 shell  thread_name(tid=3, name="{"A" * 32}"...) = 0',
        "3 shell  debug_write(buf=0x10, len=4) = -EFAULT",
    ]


def test_ipc_call_is_decoded_through_the_server_protocol_on_both_sides():
    g = shell_and_console()
    prompt = g.data(b"toyos$ ")
    g.current = 2
    g.ecall("recv", PORT["console"], 0)
    g.run_as(3)
    g.sret(0)
    g.ecall("call", PORT["console"], 2, 1, 7, a6=prompt, t0=7, t1=1)   # io.write
    g.run_as(2)
    g.sret(3, 2, 1, 7, 0, 0, 0, 7, 1)          # recv -> sender 3, label 2
    g.ecall("reply_recv", 3, 7, a6=PORT["console"])
    g.run_as(3)
    g.sret(7)
    assert lines(g) == [
        "2 console  recv(port=console, mask=0x0) <unfinished ...>",
        "--- switch 2 console -> 3 shell (blocked: recv) ---",
        '3 shell  call console.write(handle=1, len=7, buf="toyos$ ") <unfinished ...>',
        "--- switch 3 shell -> 2 console (blocked: call console.write) ---",
        "2 console  <... recv resumed> = console.write from 3 shell",
        "2 console  reply_recv(tid=3, code=7, r0=0, r1=0, r2=0, r3=0) <unfinished ...>",
        "--- switch 2 console -> 3 shell (blocked: reply_recv) ---",
        "3 shell  <... call console.write resumed> = 7",
    ]


def test_a_reply_to_the_reply_capability_is_named():
    g = shell_and_console()
    g.current = 2
    g.ecall("reply_recv", 0xFFFF_FFFF, 0, a6=PORT["console"])     # REPLY_CALLER = -1
    assert lines(g)[-1].startswith("2 console  reply_recv(tid=REPLY_CALLER, code=0,")


def test_read_lease_contents_are_shown_with_the_reply():
    g = shell_and_console()
    buf = g.data(b"ls\n")
    g.ecall("call", PORT["console"], 1, 0, 64, a6=buf, t0=64, t1=2)    # io.read
    g.sret(3)
    assert lines(g) == [f'3 shell  call console.read(handle=0, len=64, buf={buf:#x}, buf_len=64)'
                        ' = 3 (buf="ls\\n")']


def test_switch_reasons():
    g = shell_and_console()
    g.interrupt(5)                     # timer
    g.run_as(5)
    g.sret(0)
    g.ecall("yield")
    g.run_as(3)
    g.sret(0)
    g.ecall("thread_exit", 0)
    g.run_as(5)
    g.sret(0)
    g.fault(13, 0x10080, 0)            # load page fault: the kernel stops spin
    g.run_as(2)
    reasons = [e["reason"] for e in decode(g) if e["kind"] == "switch"]
    assert reasons == ["preempted", "yield", "exit", "fault: load page fault"]


def test_returns_from_interrupts_are_not_syscall_returns():
    g = shell_and_console()
    g.interrupt(9, irq=10)
    g.sret(0x1234)
    g.ecall("null")
    g.sret(0)
    events = decode(g)
    assert [e["kind"] for e in events] == ["irq", "syscall", "return"]
    assert events[0]["irq"] == 10 and events[0]["cause_name"] == "supervisor external interrupt"


def test_thread_names_survive_the_structure_being_freed():
    g = shell_and_console()
    d = Decoder(ABI, g.layout)
    g.ecall("null")
    d.decode(g.array(), g.mem)
    g.poke(g.pointers[3], bytes(256))                 # the kernel freed it
    g.rows.clear()
    g.sret(0)
    assert [(e["tid"], e["thread"]) for e in d.decode(g.array(), g.mem)] == [(3, "shell")]


def test_quote_escapes_like_strace():
    assert quote(b'a"b\\c\n\t\x01', False) == '"a\\"b\\\\c\\n\\t\\x01"'
    assert quote(b"abc", True) == '"abc"...'


def test_copies_made_by_the_recorder_win_over_memory_read_later():
    g = shell_and_console()
    buf = g.data(b"changed later")
    g.ecall("debug_write", buf, 13)
    g.copy(0, b"what the kernel saw", 19)
    g.sret(19)
    g.ecall("call", PORT["console"], 1, 0, 64, a6=buf, t0=64, t1=2)   # io.read
    g.sret(3)
    g.copy(6, b"ls\n", 3)
    g.ecall("thread_name", 3, buf)
    g.copy(1, b"B" * 64, 65)
    g.sret(0)
    assert lines(g) == [
        '3 shell  debug_write(buf="what the kernel saw", len=13) = 19',
        f'3 shell  call console.read(handle=0, len=64, buf={buf:#x}, buf_len=64) = 3 (buf="ls\\n")',
        f'3 shell  thread_name(tid=3, name="{"B" * 32}"...) = 0',
    ]


def test_the_decoder_knows_calls_only_through_the_table():
    """Rename every system call and server operation in a copy of kernel/abi.toml: the
    decoder must decode the same session the same way under the new names, so it holds
    no name of a call, an operation or an argument direction of its own."""
    import tomllib
    from types import SimpleNamespace

    from kernel import gen_abi
    from vm.trace.abi import from_tables
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    for s in abi["syscall"]:
        s["name"] = "x_" + s["name"]
    for p in abi["protocol"]:
        for op in p.get("op", []):
            op["name"] = "x_" + op["name"]
    renamed = from_tables(SimpleNamespace(**gen_abi.tables(abi)))

    def session() -> FakeGuest:
        g = shell_and_console()
        buf = g.data(b"ls\n")
        g.ecall("call", PORT["console"], 1, 0, 64, a6=buf, t0=64, t1=2)    # io.read
        g.sret(3)
        g.current = 2
        g.ecall("lease_read", 3, 0, buf, 3)
        g.sret(3)
        g.ecall("yield")
        g.run_as(3)
        g.sret(0)
        g.ecall("call", PORT["pm"], 2, 0)                                  # pm.exit
        g.run_as(5)
        return g

    def decoded(abi) -> list[str]:
        g = session()
        return [l.split("] ", 1)[1] for l in text.render(Decoder(abi, g.layout).decode(g.array(), g.mem)).splitlines()]

    assert decoded(renamed) == [
        '3 shell  call console.x_read(handle=0, len=64, buf=0x80008000, buf_len=64) = 3 (buf="ls\\n")',
        '2 console  x_lease_read(tid=3, offset=0, buf=0x80008000, len=3) = 3 (buf="ls\\n")',
        "2 console  x_yield() <unfinished ...>",
        "--- switch 2 console -> 3 shell (yield) ---",
        "3 shell  call pm.x_exit(code=0) = ?",
        "--- switch 3 shell -> 5 spin (exit) ---",
    ]
    assert [l.replace("x_", "") for l in decoded(renamed)] == decoded(ABI)


def test_the_rows_keep_every_register_the_abi_names():
    """The recorder's rows (events.ROW_REGS) hold every argument and IPC register."""
    from vm import abi_tables
    from vm.trace.events import ROW_REGS
    named = set(abi_tables.REGISTERS["args"]) | set(abi_tables.REGISTERS["results"])
    for fields in abi_tables.IPC.values():
        for reg in fields.values():
            named |= set(reg) if isinstance(reg, list) else {reg}
    assert named <= set(ROW_REGS)
