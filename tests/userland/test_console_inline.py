"""console.write_inline: a short console write carried in the message words.

`hostile inline` (userland/programs/hostile.s) writes inline_text to the
console in pieces of 3, 16 (the limit), 17 (one more), 2 and 13 bytes at
offsets 0-3 mod 4, then makes raw write_inline calls that must be refused
(no bytes, one past the limit, 2^32 - 1 bytes, a lease with rights) and one
whose words hold more bytes than its count.  One deterministic boot, traced
from the start: the trace says which operation each write took and what
it carried (decoded from kernel/abi.toml), the console's output says what
reached the line, with '\\n' as "\\r\\n".
"""
from __future__ import annotations

import io

from vm.abi_tables import ERRNO, IPC, PROTOCOLS
from vm.trace.events import TRACE_SYSCALLS

# userland/programs/hostile.s: inline_text and inline_cuts
TEXT = "0123456789\nabcdefghijklmnopqrstuvwxyz\nABCDEFGHIJKL\n"
CUTS = [(0, 3), (3, 16), (19, 17), (36, 2), (38, 13)]
LIMIT = 16                              # CONSOLE_INLINE_MAX: four words of four bytes
EINVAL = -next(n for n, name in ERRNO.items() if name == "EINVAL")
DONE = b"hostile: inline -> "


def quoted(text: str) -> str:
    return text.replace("\n", "\\n")


def test_short_console_writes_go_in_the_words_and_attacks_fail(toyos_image):
    from vm.machine import Machine
    from vm.trace.session import TraceSession

    assert LIMIT == 4 * len(IPC["call"]["words"])
    assert PROTOCOLS["console"][8]["lease"] == "inline"
    assert [n for _, n in CUTS] == [3, LIMIT, LIMIT + 1, 2, 13]
    assert sum(n for _, n in CUTS) == len(TEXT) and all(
        a + n == b for (a, n), (b, _) in zip(CUTS, CUTS[1:]))
    machine = Machine(deterministic=True, input_bytes=b"hostile inline\n")
    elf = machine.load_elf(toyos_image)
    session = TraceSession.for_kernel(elf.symbols, TRACE_SYSCALLS, out=io.StringIO(), keep=True)
    machine.attach_tracer(session)
    start = machine.insns
    while b"toyos$ " not in bytes(machine.output).partition(DONE)[2]:
        result = machine.run_slice(start, 5_000_000)
        assert result is None, (result, bytes(machine.output)[-300:])
    session.close(machine.st, machine.ram)
    out = bytes(machine.output).decode()

    # what reached the line: every byte once, in order, '\n' as "\r\n"; of
    # the words that said 4 bytes, only those 4
    printed = out.partition("hostile inline\r\n")[2]
    expected = (TEXT + "ok!\n").replace("\n", "\r\n")
    assert printed.startswith(expected), printed
    assert printed[len(expected):].startswith(
        f"hostile: inline zero {EINVAL} over {EINVAL} huge {EINVAL} leased {EINVAL} short 4\r\n"
        "hostile: inline -> 0\r\n"), printed

    # which way each write went: up to the limit in the words, one more byte a lease
    calls = [e for e in session.events if e["kind"] == "syscall" and e["thread"] == "hostile"
             and e.get("ipc", {}).get("server") == "console"]
    writes = calls[:len(CUTS)]
    assert [e["ipc"]["op"] for e in writes] == [
        "write_inline", "write_inline", "write", "write_inline", "write_inline"]
    for (offset, n), event in zip(CUTS, writes):
        piece = quoted(TEXT[offset:offset + n])
        if n <= LIMIT:
            assert event["argtext"] == f'console.write_inline(buf="{piece}")', event
        else:
            assert event["argtext"] == f'console.write(handle=0, len={n}, buf="{piece}")', event
    raw = calls[len(CUTS):len(CUTS) + 5]          # then printf's lines
    assert [e["argtext"] for e in raw] == [
        'console.write_inline(buf="")',
        'console.write_inline(buf="ok!\\nJUNKJUNKJUNK")',
        'console.write_inline(buf="ok!\\nJUNKJUNKJUNK")',
        'console.write_inline(buf="ok!\\n")',
        'console.write_inline(buf="ok!\\n")']
    returns = {e["call_id"]: e["ret"] for e in session.events
               if e["kind"] == "return" and e["thread"] == "hostile"}
    assert [returns[e["call_id"]] for e in writes] == [n for _, n in CUTS]
    assert [returns[e["call_id"]] for e in raw] == [EINVAL] * 4 + [4]
    # the console copied a lease for the 17-byte write only
    leases = [e for e in session.events if e["kind"] == "syscall" and e["name"] == "lease_read"
              and e["thread"] == "console" and e["insn"] > writes[0]["insn"]
              and e["insn"] < raw[-1]["insn"]]
    assert len(leases) == 1, [e["argtext"] for e in leases]
