"""Privileged behaviour where QEMU 7.2 is not the oracle: our VM against the spec.

tests/vm/programs/priv/spec_only.s covers the points where QEMU departs from
the RISC-V privileged spec (1.12) or has the C extension we lack; its header
says which.  The expected transcript below is written from the spec, each
line with the rule it follows.  Everything else is compared with QEMU in
tests/oracles/test_qemu_transcripts.py.
"""
from __future__ import annotations

import difflib

from tests.vm.build import PRIV_PROGRAMS, PROGRAMS, build
from tests.vm.vmrun import run_elf

EXPECTED = [
    "spec_only",
    # A extension: "If the address is not naturally aligned, an address-
    # misaligned exception ... will be generated"; AMOs and SC use the
    # store/AMO cause (6), LR the load cause (4); tval = the address.
    "cause=00000006 tval=00000002",   # amoadd.w at +2
    "cause=00000006 tval=00000001",   # amoswap.w.aqrl at +1
    "cause=00000006 tval=00000002",   # sc.w at +2, no reservation: still traps
    "cause=00000004 tval=00000002",   # lr.w at +2
    "cause=00000006 tval=00000002",   # sc.w at +2
    # An AMO where no device answers: store/AMO access fault (7).
    "cause=00000007 tval=0b000008",   # amoor.w
    "cause=00000007 tval=0b000008",   # amomaxu.w
    # An AMO on an unmapped page: store/AMO page fault (15); an LR: load (13).
    "cause=0000000f tval=40000008",   # amoadd.w
    "cause=0000000f tval=40000008",   # amomin.w.aq
    "cause=0000000d tval=40000008",   # lr.w
    # Without C, a jalr to a target that is not 4-byte aligned raises
    # instruction-address-misaligned on the jalr, tval = the target, and
    # does not write rd.
    "cause=00000000 tval=00000002",
    "s2=00005a5a ",
    # A write to a counter takes effect after the writing instruction, so it
    # suppresses that instruction's increment: the next instruction reads the
    # value written (a nop in between counts once).
    "minstret=00000001 00000002 00000003 00000003 00000005 minstreth=00000064 mcycle=00000000 ",
    # Interrupt priority (priv spec 3.1.9): MEI > MSI > MTI > SEI > SSI > STI.
    "cause=80000003",
    "cause=80000007",
    "cause=80000001",
    "cause=80000005",
    "done",
]


def test_spec_only_transcript():
    elf = build([PRIV_PROGRAMS / "spec_only.s"], [PROGRAMS, PRIV_PROGRAMS])
    run = run_elf(elf, max_insns=2_000_000)
    got = run.output.decode(errors="replace").splitlines()
    diff = "\n".join(difflib.unified_diff(EXPECTED, got[:len(EXPECTED) + 5], "spec", "toyos",
                                         lineterm="", n=1))
    assert got == EXPECTED, f"ended: {run.reason} {run.exit_code} {run.message}\n{diff}"
    assert (run.reason, run.exit_code) == ("poweroff", 0), run.message
