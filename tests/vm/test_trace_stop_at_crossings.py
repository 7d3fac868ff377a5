"""TRACE_STOP_AT_CROSSINGS: the core stops right after every trap entry and every
sret, and nowhere else but its budget (what `toyos fi` waits for its moments with).

The real image boots to the shell's prompt; then, with the bit set, every stop
must be at the first instruction of the trap handler (S-mode, pc = stvec,
exactly one more trap than at the last stop) or at the first instruction after
an sret (pc = sepc, no new trap), and the run must cross both ways often (a
wfi of the idle thread stops the core as always, for the host to let time pass).
"""
from __future__ import annotations

from vm import riscv as RV
from vm import state as S
from vm.trace.events import T_MASK, TRACE_STOP_AT_CROSSINGS
from vm.traps import SEPC, STVEC


def test_every_stop_is_at_a_crossing_and_none_is_skipped(toyos_image):
    from vm.machine import Machine
    m = Machine(deterministic=True)
    m.load_elf(toyos_image)
    m.run(max_insns=3_000_000)
    assert b"toyos$ " in m.output
    m.feed_input(b"hello\n")
    m.st[S.TRACE + T_MASK] = TRACE_STOP_AT_CROSSINGS
    entries = returns = 0
    traps = int(m.st[S.TRAP_COUNT])
    while entries + returns < 400:
        m.before_step()
        code = m.step_budget(1_000_000)
        if code == S.STOP_WFI:              # the idle thread waits: time goes on to the next tick
            assert m.after_step(code) is None
            continue
        m.drain_output()
        assert code == S.STOP_TRACE, S.STOP_NAMES.get(code, code)
        now = int(m.st[S.TRAP_COUNT])
        if now == traps + 1:
            assert m.priv == RV.PRIV_S and m.pc == int(m.csrs[STVEC]) & ~3, hex(m.pc)
            entries += 1
        else:
            assert now == traps, "a trap went by without a stop"
            assert m.pc == int(m.csrs[SEPC]), hex(m.pc)
            returns += 1
        traps = now
    assert entries > 100 and returns > 100, (entries, returns)
    m.st[S.TRACE + T_MASK] = 0
    m.run(max_insns=5_000_000)
    assert b"hello, world" in m.output
