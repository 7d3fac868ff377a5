"""The native engine (vm/native) against the interpreter, its reference.

The same program runs on a Machine with each engine; registers, pc, memory
and the exact instruction count must agree: on every compiled benchmark
program (U-mode under Sv32, timer live; needs the cross compiler), and on
hypothesis-drawn RV32IMA sequences (the Unicorn oracle's generator, with
misaligned accesses, atomics and forward branches) run from a translated
page.  Self-modifying code (a store into a translated loop, then fence.i)
must run the new instruction, a timer interrupt must be taken while a
translated loop runs, the same way each run, and a scripted OS session must
print the same transcript.
"""
from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from asm.isa import BY_NAME, pack_j
from tests.oracle_tools import need_tool
from tests.oracles import test_unicorn as gen
from tests.vm import rv_mini as rv
from vm import memmap
from vm import state as S
from vm.machine import Machine

CSR = {"mtvec": 0x305, "mie": 0x304, "mstatus": 0x300, "mcause": 0x342, "mepc": 0x341}


def _state(m: Machine):
    return (m.pc, int(m.st[S.INSTRET]), [int(r) for r in m.regs], int(m.st[S.PRIV]))


def _run(elf: bytes, engine: str, max_insns: int, ram_mb: int = 32):
    m = Machine(ram_mb=ram_mb, deterministic=True, engine=engine)
    m.load_elf(elf)
    result = m.run(max_insns=max_insns)
    return m, result


# ---- the compiled benchmark programs ---------------------------------------------------

@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    from vm.cli import bench_compiled as bc
    need_tool(bc.GCC)
    out = tmp_path_factory.mktemp("bench_c")
    return {name: bc.compile_program(name, Path(out)).read_bytes() for name in bc.PROGRAMS}


@pytest.mark.parametrize("name", ["list", "matrix", "fsm", "crc", "sort", "search", "recurse", "interp"])
def test_compiled_programs_end_the_same_on_both_engines(compiled, name):
    ref, want = _run(compiled[name], "interp", 400_000_000)
    got_m, got = _run(compiled[name], "native", 400_000_000)
    assert (want.reason, want.exit_code) == ("poweroff", 0)
    assert (got.reason, got.exit_code, got.insns) == (want.reason, want.exit_code, want.insns)
    assert _state(got_m) == _state(ref)
    assert np.array_equal(got_m.ram, ref.ram), "memory differs"
    assert np.array_equal(got_m.csrs, ref.csrs), "CSRs differ"
    assert got_m.native.native_insns > got.insns * 0.9      # nearly all of it ran translated


# ---- random sequences, translated -------------------------------------------------------

@pytest.fixture(scope="module")
def machines():
    native = Machine(ram_mb=1, deterministic=True, engine="native")
    native.native.hot = 1              # translate every page at its first arrival
    return Machine(ram_mb=1, deterministic=True), native


def _run_sequence(m: Machine, code: bytes, regs, window: bytes, budget: int):
    """Run `code` three times (the first runs fill the TLB and make the page hot: the native engine
    translates it at its second arrival); the last run's end."""
    m.reset()
    m.write_mem(gen.CODE_BASE, code)
    for _ in range(3):
        m.ram[gen.WINDOW - memmap.RAM_BASE:][:len(window)] = np.frombuffer(window, dtype=np.uint8)
        m.st[S.CODE_CHECK] = 1          # host writes, as a device's (the engine compares its pages)
        m.regs[:] = regs
        m.pc = gen.CODE_BASE
        start = m.insns
        result = m.run(max_insns=budget)
    return (m.pc, [int(r) for r in m.regs], m.read_mem(gen.WINDOW, gen.WINDOW_SIZE),
            m.insns - start, result.reason)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(case=gen.cases)
def test_random_sequences_match_the_interpreter(machines, case):
    item_list, values, window = case
    words = gen.layout(item_list)
    # jump over one word into the sequence, and park at its end: both are block entries,
    # so the native engine runs all of it translated
    code = b"".join(struct.pack("<I", w) for w in
                    [BY_NAME["jal"].match | pack_j(8), 0] + words + [gen.JUMP_TO_SELF])
    regs = gen.initial_registers(values)
    budget = len(words) + 20
    want = _run_sequence(machines[0], code, regs, window, budget)
    before = machines[1].native.native_insns
    got = _run_sequence(machines[1], code, regs, window, budget)
    assert machines[1].native.native_insns > before      # some of it ran translated
    listing = "\n".join(f"  {gen.CODE_BASE + 8 + 4 * i:08x}: {w:08x}" for i, w in enumerate(words))
    assert got == want, f"program:\n{listing}"


# ---- every instruction a unit executes, on edge values ------------------------------------

EDGES = [0, 1, 2, 31, 32, 0x7FF, 0x800, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFF8000, 0x55555555]
OUT = gen.WINDOW                # results are stored from here on, one word each


def _edge_program() -> tuple[bytes, int]:
    """Each ALU, M, load and store instruction on every pair of edge values; every result stored."""
    words = []
    for i, v in enumerate(EDGES):
        words += rv.li(1 + i, v)
    words += rv.li(30, OUT)
    stored = 0

    def keep(rd):
        nonlocal stored
        words.append(rv.store("sw", rd, 30, 4 * (stored % 512)))
        stored += 1
        if stored % 512 == 0:
            words.append(rv.i_type("addi", 30, 30, 2047))
            words.append(rv.i_type("addi", 30, 30, 1))
    regs = range(1, 1 + len(EDGES))
    for name in gen.RR_OPS:
        for a in regs:
            for b in regs:
                words.append(gen.r_type(name, 20, a, b))
                keep(20)
    for name in gen.IMM_OPS:
        for a in regs:
            for imm in (-2048, -1, 0, 1, 31, 2047):
                words.append(gen.i_type(name, 20, a, imm))
                keep(20)
    for name in gen.SHIFT_OPS:
        for a in regs:
            for amount in (0, 1, 15, 31):
                words.append(gen.i_type(name, 20, a, amount))
                keep(20)
    # stores of every width at every alignment (5 bytes apart: none overwrites another), read
    # back by every load; misaligned ones go through the interpreter's slow path
    words += rv.li(29, OUT + 0x4000)          # past the results (about 4,000 words)
    for k, (name, size) in enumerate(sorted(gen.STORES.items())):
        for off in range(8):
            words.append(gen.s_type(name, 1 + (k + off) % len(EDGES), 29, 48 * k + 5 * off))
            # `j .+4` ends the block: after a misaligned access the interpreter runs only to here
            words.append(BY_NAME["jal"].match | pack_j(4))
    words += [gen.s_type("sw", 1 + EDGES.index(0xFFFF8000), 29, 144),    # sign bits for lb and lh
              gen.s_type("sw", 1 + EDGES.index(0x80000000), 29, 148)]
    for name in sorted(gen.LOADS):
        for off in range(152):
            words.append(gen.i_type(name, 20, 29, off))
            keep(20)
            words.append(BY_NAME["jal"].match | pack_j(4))
    words += [gen.JUMP_TO_SELF]
    return b"".join(struct.pack("<I", w) for w in words), len(words)


def test_every_translated_instruction_matches_the_interpreter_on_edge_values(machines):
    code, n = _edge_program()
    window = bytes(5 * 4096)
    got_m = machines[1]
    before = got_m.native.native_insns
    want = _run_sequence(machines[0], code, [0] * 32, window, n + 10)
    got = _run_sequence(got_m, code, [0] * 32, window, n + 10)
    assert got_m.native.native_insns - before > n * 2        # the last two of the three runs
    assert got[:2] == want[:2] and got[3:] == want[3:]
    assert np.array_equal(got_m.ram[OUT - memmap.RAM_BASE:][:len(window)],
                          machines[0].ram[OUT - memmap.RAM_BASE:][:len(window)])


# ---- self-modifying code ------------------------------------------------------------------

def _self_modifying() -> bytes:
    """Count 1,000 times with `addi a0, a0, 1`, patch it to `addi a0, a0, 2`, fence.i, count again."""
    patched = 7                                         # word index of the addi patched
    words = [rv.i_type("addi", 14, 0, 2),               # two rounds
             *rv.li(12, rv.RAM + 4 * patched), *rv.li(13, rv.i_type("addi", 10, 10, 2))]
    outer = len(words)
    words += rv.li(11, 1000)
    assert len(words) == patched
    words += [rv.i_type("addi", 10, 10, 1), rv.i_type("addi", 11, 11, -1), rv.branch("bne", 11, 0, -8),
              rv.store("sw", 13, 12, 0), BY_NAME["fence.i"].match, rv.i_type("addi", 14, 14, -1)]
    words.append(rv.branch("bne", 14, 0, (outer - len(words)) * 4))
    return rv.elf(words + rv.power_off())


def test_self_modifying_code_runs_the_new_instruction():
    elf = _self_modifying()
    ref, want = _run(elf, "interp", 100_000, ram_mb=1)
    got_m, got = _run(elf, "native", 100_000, ram_mb=1)
    assert int(ref.regs[10]) == 1000 + 2000
    assert (got.reason, got.insns) == (want.reason, want.insns) == ("poweroff", want.insns)
    assert _state(got_m) == _state(ref)
    assert got_m.native.translations >= 2            # the loop was translated again after the store


# ---- the timer interrupt ------------------------------------------------------------------

def _timer_program() -> bytes:
    """Arm mtimecmp 2,000 ticks ahead, spin in a loop counting in a1 until the handler sets a2."""
    mtimecmp = memmap.CLINT_BASE + 0x4000
    handler_at = 64                                     # word index of the handler
    words = [rv.i_type("addi", 11, 0, 0), rv.i_type("addi", 12, 0, 0),     # the boot ROM set them
             *rv.li(5, rv.RAM + 4 * handler_at), rv.csrrw(0, CSR["mtvec"], 5),
             *rv.li(5, mtimecmp), rv.i_type("addi", 6, 0, 0), rv.store("sw", 6, 5, 4),
             *rv.li(6, 2000), rv.store("sw", 6, 5, 0),
             rv.i_type("addi", 6, 0, 0x80), rv.csrrs(0, CSR["mie"], 6),
             rv.i_type("addi", 6, 0, 8), rv.csrrs(0, CSR["mstatus"], 6)]
    loop = len(words)
    words += [rv.i_type("addi", 11, 11, 1), rv.i_type("xori", 13, 11, 0x55),
              rv.branch("beq", 12, 0, -8)]
    words += rv.power_off()
    words += [0] * (handler_at - len(words))
    # handler: mtimecmp := all ones (no second interrupt), a2 := mcause, back to the loop
    words += [*rv.li(5, mtimecmp), rv.i_type("addi", 6, 0, -1), rv.store("sw", 6, 5, 4),
              rv.store("sw", 6, 5, 0), rv.csrrs(12, CSR["mcause"], 0), rv.MRET]
    assert loop < handler_at
    return rv.elf(words)


def test_a_timer_interrupt_is_taken_in_translated_code_the_same_way_each_run():
    elf = _timer_program()
    runs = []
    for _ in range(2):
        m, result = _run(elf, "native", 1_000_000, ram_mb=1)
        assert (result.reason, result.exit_code) == ("poweroff", 0)
        assert int(m.regs[12]) == 0x80000007            # mcause: machine timer interrupt
        assert m.native.translations >= 1
        runs.append(_state(m))
    assert runs[0] == runs[1]
    # 2,000 ticks of 10 instructions: the interrupt came at the deadline, not before
    assert runs[0][1] >= 2000 * S.TICK_INSNS
    assert int(m.regs[11]) * 3 >= 2000 * S.TICK_INSNS - 100



def _word_compare_program(ticks: int) -> bytes:
    """fs's fat_repair shape: two equal 512-byte buffers compared a word at a time in a loop that
    stays in one block of one page (two loads, bne out, bltu back), over and over, counting
    rounds in a1, until the timer (armed `ticks` ahead) interrupts; the handler (t5, t6 only)
    keeps mepc in a3."""
    mtimecmp = memmap.CLINT_BASE + 0x4000
    handler_at = 64
    a, b = rv.RAM + 0x1000, rv.RAM + 0x2000            # RAM starts zeroed: the buffers are equal
    words = [rv.i_type("addi", 11, 0, 0), rv.i_type("addi", 12, 0, 0),
             *rv.li(5, rv.RAM + 4 * handler_at), rv.csrrw(0, CSR["mtvec"], 5),
             *rv.li(5, mtimecmp), rv.i_type("addi", 6, 0, 0), rv.store("sw", 6, 5, 4),
             *rv.li(6, ticks), rv.store("sw", 6, 5, 0),
             rv.i_type("addi", 6, 0, 0x80), rv.csrrs(0, CSR["mie"], 6),
             rv.i_type("addi", 6, 0, 8), rv.csrrs(0, CSR["mstatus"], 6)]
    outer = len(words)
    words += [*rv.li(5, a), *rv.li(6, b), rv.i_type("addi", 7, 6, 512)]
    loop = len(words)
    words += [rv.i_type("lw", 28, 5, 0), rv.i_type("lw", 29, 6, 0)]
    words += [rv.branch("bne", 28, 29, 0)]               # to `differ`, patched below
    bne_at = len(words) - 1
    words += [rv.i_type("addi", 5, 5, 4), rv.i_type("addi", 6, 6, 4)]
    words.append(rv.branch("bltu", 6, 7, (loop - len(words)) * 4))
    words.append(rv.i_type("addi", 11, 11, 1))
    words.append(rv.branch("beq", 12, 0, (outer - len(words)) * 4))
    words += rv.power_off()
    words[bne_at] = rv.branch("bne", 28, 29, (len(words) - bne_at) * 4)
    words += rv.power_off(1)                             # differ: never, the buffers are equal
    assert len(words) <= handler_at
    words += [0] * (handler_at - len(words))
    words += [*rv.li(30, mtimecmp), rv.i_type("addi", 31, 0, -1), rv.store("sw", 31, 30, 4),
              rv.store("sw", 31, 30, 0), rv.csrrs(12, CSR["mcause"], 0),
              rv.csrrs(13, CSR["mepc"], 0), rv.MRET]
    return rv.elf(words)


@pytest.mark.parametrize("ticks", [1000, 1237, 3001])
def test_a_timer_interrupt_in_a_translated_loop_lands_where_the_interpreter_takes_it(ticks):
    """The interpreter looks for interrupts at scheduled checks (vm/cpu.py: every
    IRQ_CHECK_INTERVAL instructions, after cold paths), not at every instruction; a unit must
    hand over at the check that sees the deadline, not at the deadline (the word-compare loop
    of fat_repair once made the OS session's ps accounting differ between the engines)."""
    elf = _word_compare_program(ticks)
    ref, want = _run(elf, "interp", 1_000_000, ram_mb=1)
    got_m, got = _run(elf, "native", 1_000_000, ram_mb=1)
    assert (want.reason, want.exit_code) == ("poweroff", 0)
    assert int(ref.regs[12]) == 0x80000007            # mcause: machine timer interrupt
    assert got_m.native.native_insns > want.insns // 2  # the loop ran translated
    assert (got.reason, got.exit_code, got.insns) == (want.reason, want.exit_code, want.insns)
    assert _state(got_m) == _state(ref)               # a3 = mepc: the same instruction


# ---- the OS ------------------------------------------------------------------------------

def test_the_os_session_is_the_same_on_both_engines(toyos_build, tmp_path, capsys):
    """Boot, run programs loaded from the disk (virtio DMA), shut down: the same transcript and
    status on both engines in deterministic time (traps, interrupts, address-space switches and
    devices all cross between the units and the interpreter)."""
    from tests.userland.disks import make_disk_toyos, with_bin
    from vm.cli.toyos import main
    image, bin_dir = toyos_build
    script = "ls /bin\nps\necho native\nshutdown\n"
    out = {}
    for engine in ("interp", "native"):
        disk = make_disk_toyos(tmp_path / f"{engine}.img", with_bin({}, bin_dir), tmp_path / engine)
        capsys.readouterr()
        status = main(["boot", image, "--deterministic", "--disk", str(disk), "--engine", engine,
                       "--input-text", script, "--max-insns", "200000000"])
        out[engine] = (status, capsys.readouterr().out)
    assert out["interp"][0] == 0 and "native" in out["interp"][1]
    assert out["native"] == out["interp"]
