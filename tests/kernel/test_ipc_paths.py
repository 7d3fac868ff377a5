"""The IPC fast path (kernel/ipc_fast.s) and the slow path (kernel/ipc.s)
give the same results, for calls that lend a lease as for those that do not.

usertests runs twice on the real image, in deterministic time: as built,
and with the fast path's two entries (fast_call, fast_reply_recv) patched
into jumps to its bail-out, so every call and reply_recv takes the general
path. Its IPC case (userland/programs/usertests/ipc_paths.s) checks every
reply word, lease byte, lease copy result and kept register from both
ends, over every kind of lease (none, read/write, read-only, write-only,
junk rights bits, empty, short, past 2^32); here everything the guest
printed must be the same both ways. Breakpoints on the two entries and the
bail-out count how often each path ran, so neither run can pass by taking
the other path.
"""
from __future__ import annotations

import re
from pathlib import Path

from asm.elfread import read_elf
from asm.isa import BY_NAME, pack_j
from vm.gdb.target import MachineTarget
from vm.machine import Machine

ROOT = Path(__file__).resolve().parents[2]
CASE_SOURCE = (ROOT / "userland" / "programs" / "usertests" / "ipc_paths.s").read_text()
CALLS, KINDS = (int(re.search(rf"\.equ {name}, (\d+)", CASE_SOURCE).group(1))
                for name in ("CALLS", "KINDS"))
WRAP_CALLS = CALLS // KINDS        # calls whose lease runs past 2^32: refused on the slow path
ENTRIES = ("fast_call", "fast_reply_recv")
BAIL = "fast_bail"
SCRIPT = b"usertests\nshutdown\n"
# The case runs between the report of the case before it and its own.
CASE_STARTED = b"usertests: ipc call/recv/lease/reply ok\r\n"   # the console writes CR LF
CASE_LINE = b"usertests: ipc words, leases and kept registers ok\r\n"
MAX_STOPS = 200_000          # breakpoint stops: far more than usertests makes


def run_usertests(image: str, fast_path: bool) -> tuple[bytes, dict[str, int]]:
    """(everything printed, hits per label while the IPC case ran) of one deterministic run."""
    symbols = read_elf(image).symbols
    m = Machine(deterministic=True, input_bytes=SCRIPT)
    m.load_elf(image)
    if not fast_path:
        for entry in ENTRIES:
            jump = BY_NAME["jal"].match | pack_j(symbols[BAIL] - symbols[entry])   # j fast_bail
            m.write_mem(symbols[entry], jump.to_bytes(4, "little"))
    target = MachineTarget(m)
    label_at = {symbols[name]: name for name in (*ENTRIES, BAIL)}
    for addr in label_at:
        assert target.insert_breakpoint(addr)
    hits = dict.fromkeys(label_at.values(), 0)
    for _ in range(MAX_STOPS):
        stop = target.resume(False, lambda: False)
        if stop.reason != "trap":
            break
        if CASE_STARTED in m.output and CASE_LINE not in m.output:
            hits[label_at[m.pc]] += 1
    assert (stop.reason, stop.exit_code) == ("exited", 0), (stop, m.output[-400:])
    return bytes(m.output), hits


def test_fast_and_slow_ipc_paths_give_the_same_results(kernel_image):
    fast_out, fast = run_usertests(kernel_image, fast_path=True)
    slow_out, slow = run_usertests(kernel_image, fast_path=False)
    assert CASE_LINE in fast_out and b", 0 failed" in fast_out, fast_out.decode()
    assert slow_out == fast_out
    # As built: each call, with a lease or without, and the reply_recv answering
    # it go the fast way (the first call may find the server not yet waiting);
    # only the calls whose lease runs past 2^32 bail out, to be refused.
    fast_taken = fast["fast_call"] + fast["fast_reply_recv"] - fast[BAIL]
    assert fast_taken >= 2 * (CALLS - WRAP_CALLS) - 1, fast
    assert WRAP_CALLS <= fast[BAIL] <= WRAP_CALLS + 1, fast
    # Patched: every entry bails out.
    assert slow["fast_call"] + slow["fast_reply_recv"] == slow[BAIL] >= 2 * CALLS, slow
