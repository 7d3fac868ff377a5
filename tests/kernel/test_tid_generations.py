"""Thread ids across the generation wrap (issue 13): tid = generation <<
TID_SLOT_BITS | slot.  Tids must stay positive (pm and the console take a
negative sender for "notifications only" and never answer it), and a slot
whose generations are used up is retired rather than handing out an old
tid again.  34 M create/exit cycles are too many for a test, so the test
presets a free slot's generation in kernel memory through the kernel's
symbols, then lets the shell spawn into that slot."""
from __future__ import annotations

from pathlib import Path

from asm.elfread import parse_elf
from tests.userland.console_session import ToyosSession
from vm.abi_tables import THREAD, THREAD_SIZE, TID_GEN_LAST, TID_SLOT_BITS

PROMPT = "toyos$ "
NTHREADS = 1 << TID_SLOT_BITS


def command(s: ToyosSession, line: str) -> str:
    s.send(line + "\n")
    return s.expect(PROMPT).replace("\r\n", "\n")[:-len(PROMPT)].split("\n", 1)[1]


def word(s: ToyosSession, address: int) -> int:
    return int.from_bytes(s.machine.read_mem(address, 4), "little")


def test_the_last_generation_keeps_tids_positive_then_the_slot_is_retired(kernel_image):
    symbols = parse_elf(Path(kernel_image).read_bytes()).symbols
    state, tid = THREAD["state"][0], THREAD["id"][0]
    slot_base = lambda slot: symbols["threads"] + slot * THREAD_SIZE  # noqa: E731
    s = ToyosSession(kernel_image)
    s.expect(PROMPT)
    # the slot the next spawn takes (the lowest free one), one generation from the end
    slot = next(n for n in range(1, NTHREADS) if word(s, slot_base(n) + state) == 0)
    s.machine.write_mem(slot_base(slot) + tid,
                        ((TID_GEN_LAST - 1) << TID_SLOT_BITS | slot).to_bytes(4, "little"))
    # the last generation: a positive tid, so pm and the console answer it
    job = command(s, "sleep 100000 &")
    last_tid = TID_GEN_LAST << TID_SLOT_BITS | slot
    assert 0 < last_tid < 2**31
    assert word(s, slot_base(slot) + tid) == last_tid
    assert word(s, slot_base(slot) + state) != 0
    pid = job.strip("[]\n")
    assert command(s, f"kill {pid}") == f"[{pid}] killed  sleep\n"   # reported at the next prompt
    assert command(s, "wait") == ""
    assert word(s, slot_base(slot) + state) == 0
    # one more: the generation would wrap (or turn the tid negative); the slot is retired
    assert command(s, "hello") == "hello, world\n"
    assert command(s, "threads 4 100") == "threads: 4 threads x 100 = 400 (expected 400)\n"
    assert word(s, slot_base(slot) + tid) == last_tid
    assert word(s, slot_base(slot) + state) == 0
    live = [word(s, slot_base(n) + tid) for n in range(1, NTHREADS)
            if word(s, slot_base(n) + state) != 0]
    assert live and all(0 < t < 2**31 for t in live)
    assert last_tid not in live
