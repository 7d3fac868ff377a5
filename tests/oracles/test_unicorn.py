"""Oracle: Unicorn and our VM agree on random user-level RV32IMA instruction sequences.

Hypothesis draws a register state, a 256-byte data window and a sequence of
instructions: ALU (register and immediate), lui/auipc, M, loads and stores
into the window (misaligned too), forward branches and jal, AMOs and LR/SC
pairs.  The same bytes run on Unicorn (QEMU's CPU as a library) and on our
Machine, which we set up directly (registers, RAM, pc) instead of booting a
program.  Afterwards all 32 registers, the pc and the window must match.

x29 and x30 hold the window's addresses and are never written; every other
register, x0 included, is a fair destination.  Unicorn does not deliver
traps (ORACLES.md), so nothing generated here traps.
"""
from __future__ import annotations

import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asm.isa import BY_NAME, pack_b, pack_i, pack_j, pack_s, pack_u
from tests.oracle_tools import need_module

CODE_BASE = 0x80000000
WINDOW = 0x80010000              # a page of its own: stores never touch code
WINDOW_SIZE = 256
AMO_OFFSET = 128                 # x29 = WINDOW + AMO_OFFSET, word aligned
WINDOW_REG, AMO_REG = 30, 29
FREE_REGS = [r for r in range(32) if r not in (WINDOW_REG, AMO_REG)]
SOURCE_REGS = list(range(32))
M32 = 0xFFFFFFFF

RR_OPS = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
          "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"]
IMM_OPS = ["addi", "slti", "sltiu", "xori", "ori", "andi"]
SHIFT_OPS = ["slli", "srli", "srai"]
LOADS = {"lb": 1, "lh": 2, "lw": 4, "lbu": 1, "lhu": 2}
STORES = {"sb": 1, "sh": 2, "sw": 4}
BRANCHES = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
AMOS = ["amoswap.w", "amoadd.w", "amoxor.w", "amoand.w", "amoor.w",
        "amomin.w", "amomax.w", "amominu.w", "amomaxu.w"]
AQRL = ["", ".aq", ".rl", ".aqrl"]


def r_type(name, rd, rs1, rs2):
    return BY_NAME[name].match | (rd << 7) | (rs1 << 15) | (rs2 << 20)


def i_type(name, rd, rs1, imm):
    return BY_NAME[name].match | (rd << 7) | (rs1 << 15) | pack_i(imm)


def s_type(name, rs2, rs1, imm):
    return BY_NAME[name].match | (rs1 << 15) | (rs2 << 20) | pack_s(imm)


# ---- strategies: each draws one "item", a list of instruction words whose
# branch offsets are filled in later (they need the final layout) ----------

edge_values = st.sampled_from([0, 1, 2, M32, 0x80000000, 0x7FFFFFFF, 0xFFFF8000,
                               0x7FF, 0x800, 0xFFFFF800, 31, 32, 0x55555555])
reg_values = st.one_of(edge_values, st.integers(0, M32))
dest = st.sampled_from(FREE_REGS)
src = st.sampled_from(SOURCE_REGS)


@st.composite
def alu_item(draw):
    kind = draw(st.sampled_from(["rr", "imm", "shift", "lui", "auipc"]))
    rd = draw(dest)
    if kind == "rr":
        return [r_type(draw(st.sampled_from(RR_OPS)), rd, draw(src), draw(src))]
    if kind == "imm":
        imm = draw(st.one_of(st.sampled_from([-2048, -1, 0, 1, 2047]), st.integers(-2048, 2047)))
        return [i_type(draw(st.sampled_from(IMM_OPS)), rd, draw(src), imm)]
    if kind == "shift":
        return [i_type(draw(st.sampled_from(SHIFT_OPS)), rd, draw(src), draw(st.integers(0, 31)))]
    return [BY_NAME[kind].match | (rd << 7) | pack_u(draw(st.integers(0, 0xFFFFF)))]


@st.composite
def memory_item(draw):
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(LOADS)))
        offset = draw(st.integers(0, WINDOW_SIZE - LOADS[name]))
        return [i_type(name, draw(dest), WINDOW_REG, offset)]
    name = draw(st.sampled_from(sorted(STORES)))
    offset = draw(st.integers(0, WINDOW_SIZE - STORES[name]))
    return [s_type(name, draw(src), WINDOW_REG, offset)]


@st.composite
def atomic_item(draw):
    if draw(st.booleans()):
        name = draw(st.sampled_from(AMOS)) + draw(st.sampled_from(AQRL))
        return [r_type(name, draw(dest), AMO_REG, draw(src))]
    # An LR/SC pair with only ALU work between: no store can muddy the
    # reservation (same-hart stores are implementation-defined there).
    words = [r_type("lr.w" + draw(st.sampled_from(AQRL)), draw(dest), AMO_REG, 0)]
    for _ in range(draw(st.integers(0, 2))):
        words += draw(alu_item())
    words.append(r_type("sc.w" + draw(st.sampled_from(AQRL)), draw(dest), AMO_REG, draw(src)))
    return words


@st.composite
def jump_item(draw):
    """A forward branch or jal, as a marker the layout step resolves."""
    skip = draw(st.integers(0, 3))         # instructions jumped over after the next one
    if draw(st.integers(0, 3)) == 0:
        return [("jal", draw(dest), skip)]
    return [("branch", draw(st.sampled_from(BRANCHES)), draw(src), draw(src), skip)]


items = st.one_of(alu_item(), alu_item(), memory_item(), atomic_item(), jump_item())


def layout(item_list) -> list[int]:
    """Flatten items into words, resolving forward jumps (clamped to the end)."""
    flat = [w for item in item_list for w in item]
    words = []
    for index, w in enumerate(flat):
        if isinstance(w, int):
            words.append(w)
            continue
        target = min(index + 1 + w[-1], len(flat))     # the end is a valid target
        offset = (target - index) * 4
        if w[0] == "jal":
            words.append(BY_NAME["jal"].match | (w[1] << 7) | pack_j(offset))
        else:
            _, name, rs1, rs2, _ = w
            words.append(BY_NAME[name].match | (rs1 << 15) | (rs2 << 20) | pack_b(offset))
    return words


cases = st.tuples(
    st.lists(items, min_size=1, max_size=24),
    st.lists(reg_values, min_size=32, max_size=32),
    st.binary(min_size=WINDOW_SIZE, max_size=WINDOW_SIZE),
)


def initial_registers(values) -> list[int]:
    regs = [0] + list(values[1:])
    regs[WINDOW_REG] = WINDOW
    regs[AMO_REG] = WINDOW + AMO_OFFSET
    return regs


# ---- the two machines -------------------------------------------------------

def run_unicorn(code: bytes, regs, window: bytes):
    unicorn = need_module("unicorn")
    from unicorn import riscv_const as R

    emu = unicorn.Uc(unicorn.UC_ARCH_RISCV, unicorn.UC_MODE_RISCV32)
    emu.mem_map(CODE_BASE, 0x20000)
    emu.mem_write(CODE_BASE, code)
    emu.mem_write(WINDOW, window)
    for r in range(1, 32):
        emu.reg_write(R.UC_RISCV_REG_X0 + r, regs[r])
    end = CODE_BASE + len(code)
    emu.emu_start(CODE_BASE, end, count=0)
    out = [emu.reg_read(R.UC_RISCV_REG_X0 + r) & M32 for r in range(32)]
    return emu.reg_read(R.UC_RISCV_REG_PC) & M32, out, bytes(emu.mem_read(WINDOW, WINDOW_SIZE))


JUMP_TO_SELF = BY_NAME["jal"].match          # `j .`: where our run parks at the end


@pytest.fixture(scope="module")
def machine():
    from vm.machine import Machine

    return Machine(ram_mb=1, deterministic=True)


def run_ours(machine, code: bytes, regs, window: bytes, budget: int):
    machine.reset()
    machine.write_mem(CODE_BASE, code + struct.pack("<I", JUMP_TO_SELF))
    machine.write_mem(WINDOW, window)
    for r in range(32):
        machine.regs[r] = regs[r]
    machine.pc = CODE_BASE
    result = machine.run(max_insns=budget)
    out = [int(v) & M32 for v in machine.regs]
    return machine.pc, out, machine.read_mem(WINDOW, WINDOW_SIZE), result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases)
def test_random_sequences_match_unicorn(machine, case):
    item_list, values, window = case
    words = layout(item_list)
    code = b"".join(struct.pack("<I", w) for w in words)
    regs = initial_registers(values)
    want_pc, want_regs, want_window = run_unicorn(code, regs, window)
    got_pc, got_regs, got_window, result = run_ours(machine, code, regs, window, len(words) + 4)

    listing = "\n".join(f"  {CODE_BASE + 4 * i:08x}: {w:08x}" for i, w in enumerate(words))
    context = f"program:\n{listing}\nour run ended: {result.reason} {result.message}"
    assert got_pc == want_pc, f"pc: unicorn {want_pc:08x} ours {got_pc:08x}\n{context}"
    bad = [f"x{r}: unicorn {want_regs[r]:08x} ours {got_regs[r]:08x} (was {regs[r]:08x})"
           for r in range(32) if want_regs[r] != got_regs[r]]
    assert not bad, "registers differ:\n  " + "\n  ".join(bad) + "\n" + context
    if got_window != want_window:
        diff = [f"+{i}: unicorn {a:02x} ours {b:02x}"
                for i, (a, b) in enumerate(zip(want_window, got_window)) if a != b]
        pytest.fail("data window differs: " + ", ".join(diff[:16]) + "\n" + context)
