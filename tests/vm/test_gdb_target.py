"""The stub's MachineTarget on the real machine, checked against the machine alone.

The oracle is the same program run on an undisturbed Machine: single steps,
breakpoints and watchpoints must stop at exactly the instructions (and
instruction counts) the plain run passes through, the guest must still see
its own ebreaks, and a debugged run must end exactly like an undebugged one.
"""
from __future__ import annotations

import pytest

from asm.elfread import read_elf
from tests.vm.build import build
from vm.gdb.target import MachineTarget

# Counts its own ebreaks in a trap handler and stores a counter every round;
# exits with the number of ebreaks the handler saw.
PROGRAM = """
    .section .text
    .globl _start
_start:
    la t0, handler
    csrw mtvec, t0
    li s0, 0
    li s1, 0
    la t3, data
loop:
    addi s1, s1, 1
store:
    sw s1, 0(t3)
    ebreak
    li t1, 20
    blt s1, t1, loop
    li t1, 0x100000
    slli a0, s0, 16
    li t2, 0x3333
    or a0, a0, t2
    sw a0, 0(t1)
hang:
    j hang
handler:
    addi s0, s0, 1
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    mret

    .section .data
data: .word 0
"""
ROUNDS = 20

# An LR/SC increment loop, as in a lock: exits with the final count.
LRSC_PROGRAM = """
    .section .text
    .globl _start
_start:
    la t3, data
    li s1, 0
retry:
    lr.w t0, (t3)
    addi t0, t0, 1
sc:
    sc.w t1, t0, (t3)
    bnez t1, retry
    addi s1, s1, 1
    li t2, 5
    blt s1, t2, retry
    lw a0, 0(t3)
    li t1, 0x100000
    slli a0, a0, 16
    li t2, 0x3333
    or a0, a0, t2
    sw a0, 0(t1)
hang:
    j hang

    .section .data
data: .word 0
"""
NEVER = staticmethod(lambda: False)


def _build(directory, name, source):
    src = directory / f"{name}.s"
    src.write_text(source)
    elf = src.with_suffix(".elf")       # our own copy: the build cache lives elsewhere
    elf.write_bytes(build([src], include_dirs=()).read_bytes())
    return elf, read_elf(elf).symbols


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("gdb_target"), "ebreaks", PROGRAM)


def _machine(elf):
    from vm.machine import Machine
    machine = Machine(ram_mb=8, deterministic=True)
    machine.load_elf(str(elf))
    return machine


def _reference_trace(elf):
    """(pc, instret) before every instruction of an undisturbed run, and its result."""
    machine = _machine(elf)
    trace = []
    while True:
        trace.append((machine.pc, machine.insns))
        result = machine.run_slice(0, None, limit=1)
        if result is not None:
            return trace, result


def test_single_steps_follow_the_plain_run(program):
    elf, sym = program
    reference, ref_result = _reference_trace(elf)
    machine = _machine(elf)
    target = MachineTarget(machine)
    # breakpoints where gdb would put them; they must not disturb stepping
    assert target.insert_breakpoint(sym["loop"]) and target.insert_breakpoint(sym["handler"])
    seen = [(machine.pc, machine.insns)]
    for _ in range(2 * len(reference)):
        stop = target.resume(True, NEVER)
        if stop.reason == "exited":
            break
        assert stop.reason == "trap"
        seen.append((machine.pc, machine.insns))
    assert seen == reference
    assert stop.exit_code == ref_result.exit_code == ROUNDS


def test_continue_stops_exactly_at_breakpoints_and_the_guest_keeps_its_ebreaks(program):
    elf, sym = program
    reference, ref_result = _reference_trace(elf)
    expected = [(pc, n) for pc, n in reference if pc == sym["handler"]]
    machine = _machine(elf)
    target = MachineTarget(machine)
    target.insert_breakpoint(sym["handler"])
    hits = []
    while (stop := target.resume(False, NEVER)).reason == "trap" and len(hits) <= ROUNDS:
        hits.append((machine.pc, machine.insns))
        assert machine.read_mem(machine.csrs[0x341] & ~3, 4) == (0x00100073).to_bytes(4, "little")
    assert hits == expected and len(hits) == ROUNDS
    assert (stop.exit_code, machine.insns) == (ref_result.exit_code, ref_result.insns)


def test_write_watchpoint_stops_before_the_store(program):
    elf, sym = program
    machine = _machine(elf)
    target = MachineTarget(machine)
    assert target.insert_watchpoint("watch", sym["data"], 4)
    for round_number in range(1, 4):
        stop = target.resume(False, NEVER)
        assert (stop.reason, stop.watch_kind, stop.watch_addr) == ("watch", "watch", sym["data"])
        assert machine.pc == sym["store"]
        assert int(machine.regs[9]) == round_number                  # s1 is ready to store ...
        assert target.read_memory(sym["data"], 4) == (round_number - 1).to_bytes(4, "little")
    target.remove_all()
    stop = target.resume(False, NEVER)
    assert (stop.reason, stop.exit_code) == ("exited", ROUNDS)


def test_read_watchpoints_ignore_stores_and_access_watchpoints_do_not(program):
    elf, sym = program
    machine = _machine(elf)
    target = MachineTarget(machine)
    assert target.insert_watchpoint("rwatch", sym["data"], 4)
    assert target.resume(False, NEVER).reason == "exited"           # data is never read
    machine = _machine(elf)
    target = MachineTarget(machine)
    assert target.insert_watchpoint("awatch", sym["data"] + 2, 1)   # overlaps the word store
    stop = target.resume(False, NEVER)
    assert (stop.reason, stop.watch_kind, machine.pc) == ("watch", "awatch", sym["store"])


def test_memory_shows_the_program_not_the_planted_ebreaks(program):
    elf, sym = program
    machine = _machine(elf)
    target = MachineTarget(machine)
    original = target.read_memory(sym["loop"], 8)
    target.insert_breakpoint(sym["loop"])
    assert machine.read_mem(sym["loop"], 4) == (0x00100073).to_bytes(4, "little")
    assert target.read_memory(sym["loop"] - 2, 10)[2:] == original
    # gdb patching code under a breakpoint changes what the breakpoint restores
    nop = (0x00000013).to_bytes(4, "little")
    assert target.write_memory(sym["loop"], nop)
    assert target.read_memory(sym["loop"], 4) == nop
    assert target.write_memory(sym["loop"] + 2, b"\x10\x00")     # half of it
    patched = nop[:2] + b"\x10\x00"
    assert target.read_memory(sym["loop"], 4) == patched
    assert machine.read_mem(sym["loop"], 4) == (0x00100073).to_bytes(4, "little")
    target.remove_breakpoint(sym["loop"])
    assert machine.read_mem(sym["loop"], 4) == patched
    assert target.read_memory(0x7000_0000, 4) is None               # nothing there: E14
    assert not target.write_memory(0x0010_0000, b"\x55\x55\x00\x00")  # a device: never written


def test_a_watched_lock_word_still_makes_progress(tmp_path):
    """gdb's dance at a watchpoint: remove it, step over the access, put it back."""
    elf, sym = _build(tmp_path, "lrsc", LRSC_PROGRAM)
    machine = _machine(elf)
    target = MachineTarget(machine)
    stores = 0
    for _ in range(50):
        target.insert_watchpoint("watch", sym["data"], 4)
        stop = target.resume(False, NEVER)
        target.remove_watchpoint("watch", sym["data"], 4)
        if stop.reason == "exited":
            break
        assert (stop.reason, machine.pc) == ("watch", sym["sc"])
        stores += 1
        target.insert_breakpoint(sym["sc"] + 4)
        assert target.resume(False, NEVER).reason == "trap"
        target.remove_breakpoint(sym["sc"] + 4)
        assert int(machine.regs[6]) == 0                 # t1: the sc.w succeeded
    assert (stop.reason, stop.exit_code, stores) == ("exited", 5, 5)
