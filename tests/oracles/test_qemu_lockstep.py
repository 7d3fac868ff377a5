"""Oracle: our --trace-insn run equals QEMU's single-step log, instruction by instruction.

QEMU (`-singlestep -d cpu,nochain -D log`) prints the pc and all 32
registers before every instruction, from its boot ROM at 0x1000 to the
power-off store.  Our trace prints, per instruction, its pc and the
registers it changed; replaying those changes from all-zero registers gives
the same "state before each instruction" sequence, which must equal QEMU's
over the whole run.  The programs chosen trap, change mode, page and modify
their own code, but read no clock, so both runs are deterministic.
"""
from __future__ import annotations

import re

import pytest

from asm.registers import ABI_NAMES
from tests.oracles.qemu import run_qemu
from tests.vm.build import PRIV_PROGRAMS, PROGRAMS, build
from tests.vm.vmrun import run_elf

# Programs that read no clock or counter into a register: every ISA program
# and the deterministic privileged ones.
LOCKSTEP_PROGRAMS = sorted(PROGRAMS.glob("rv32*.s")) + [
    PRIV_PROGRAMS / "modes.s", PRIV_PROGRAMS / "sv32.s", PRIV_PROGRAMS / "vectored.s"]

_QEMU_REG = re.compile(r"x(\d+)/\w+\s+([0-9a-f]{8})")
_OUR_LINE = re.compile(r"^([0-9a-f]{8}) [0-9a-f]{8} [MSU] ")
_OUR_CHANGE = re.compile(r"\b([a-z][a-z0-9]*)=0x([0-9a-f]{8})\b")
_REG_NUMBER = {name: i for i, name in enumerate(ABI_NAMES)}


def parse_qemu_log(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """[(pc, registers x0..x31)] before each instruction, from a `-d cpu` log."""
    states = []
    pc, regs = None, None
    for line in text.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] == "pc":
            pc, regs = int(fields[1], 16), [0] * 32
        elif regs is not None and line.lstrip().startswith("x"):
            for num, value in _QEMU_REG.findall(line):
                regs[int(num)] = int(value, 16)
            if "x31/" in line:
                states.append((pc, tuple(regs)))
                pc, regs = None, None
    return states


def parse_our_trace(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """The same sequence, replayed from our trace's per-instruction register changes."""
    states = []
    regs = [0] * 32
    for line in text.splitlines():
        match = _OUR_LINE.match(line)
        if not match or "(fetch fault)" in line:
            # Interrupt lines, and fetches that faulted: QEMU logs nothing for
            # an instruction it could not fetch, it goes straight to the handler.
            continue
        states.append((int(match.group(1), 16), tuple(regs)))
        body = line.split(" ; ", 1)[0]
        for name, value in _OUR_CHANGE.findall(body[len(match.group(0)):]):
            if name in _REG_NUMBER:
                regs[_REG_NUMBER[name]] = int(value, 16)
    return states


def describe(state) -> str:
    pc, regs = state
    return f"pc={pc:08x} " + " ".join(f"{ABI_NAMES[i]}={v:08x}" for i, v in enumerate(regs) if v)


@pytest.mark.parametrize("source", LOCKSTEP_PROGRAMS, ids=lambda p: p.stem)
def test_lockstep_with_qemu(source, tmp_path):
    elf = build([source], [PROGRAMS, PRIV_PROGRAMS])
    log = tmp_path / "qemu.log"
    qemu = run_qemu(elf, extra=["-singlestep", "-d", "cpu,nochain", "-D", str(log)])
    assert qemu.exit_code == 0, f"{source.name} does not finish on QEMU"
    theirs = parse_qemu_log(log.read_text())
    assert theirs and theirs[0][0] == 0x1000, "QEMU's log does not start at the boot ROM"

    trace = tmp_path / "ours.trace"
    ours_run = run_elf(elf, max_insns=len(theirs) + 1000, trace_insn=str(trace))
    ours = parse_our_trace(trace.read_text())
    assert ours, f"our trace is empty or unreadable: {trace.read_text()[:300]!r}"

    for i, (want, got) in enumerate(zip(theirs, ours)):
        if want != got:
            diffs = [f"{ABI_NAMES[r]}: qemu {want[1][r]:08x} ours {got[1][r]:08x}"
                     for r in range(32) if want[1][r] != got[1][r]]
            previous = f"  previous pc: {theirs[i - 1][0]:08x}" if i else "  (the first instruction)"
            pytest.fail(f"{source.name}: instruction {i} differs\n"
                        f"  qemu: {describe(want)}\n  ours: {describe(got)}\n"
                        f"  {'pc differs' if want[0] != got[0] else ', '.join(diffs)}\n{previous}")
    if ours_run.reason == "tohost":
        # Our run ends at the store to `tohost`; QEMU, which knows no tohost,
        # goes on through the few instructions of the sifive_test power-off.
        assert 0 < len(theirs) - len(ours) <= 4, (
            f"{source.name}: QEMU ran {len(theirs)} instructions, we stopped at tohost after {len(ours)}")
        return
    assert len(ours) == len(theirs), (
        f"{source.name}: QEMU ran {len(theirs)} instructions, we ran {len(ours)} "
        f"(ours ended: {ours_run.reason} {ours_run.message})")
