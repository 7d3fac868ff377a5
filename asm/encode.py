"""Machine instructions -> 32-bit words, from the rows of asm/isa.py.

A MachineInsn is one ISA row plus one value per row operand, in the row's
operand order.  A value is an int (register number, constant, CSR number,
fence set), a Rel or an expression Node still to evaluate, or for memory
operands a (offset, base register) pair.  Pass 2 calls encode() with the
instruction's address; it checks every range and reports the operand's
position when one is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import isa
from .errors import SourceError

# Where each register-like operand kind lives in the word.
_SHIFTS = {"rd": 7, "rs1": 15, "rs2": 20, "shamt": 20, "csr": 20, "zimm": 15,
           "pred": 24, "succ": 20}

_DESCRIPTIONS = {
    "imm_i": "immediate", "mem_i": "offset", "mem_s": "offset", "branch": "branch offset",
    "jump": "jump offset", "imm_u": "upper immediate", "shamt": "shift amount",
    "csr": "CSR number", "zimm": "immediate",
}


@dataclass(slots=True)
class MachineInsn:
    row: isa.Insn
    values: list          # one per row.operands entry
    positions: list       # 0-based statement positions, for error carets


def check_range(kind: str, value: int, pos: int, mnemonic: str) -> int:
    low, high = isa.IMM_RANGES[kind]
    if not low <= value <= high:
        raise SourceError(f"{_DESCRIPTIONS[kind]} {value} out of range for '{mnemonic}': "
                          f"must be in [{low}, {high}]", pos)
    return value


def encode(insn: MachineInsn, pc: int, resolve) -> int:
    """The instruction word.  `resolve(value, pos)` turns a Rel/Node into an int."""
    row = insn.row
    word = row.match
    name = row.name
    for kind, value, pos in zip(row.operands, insn.values, insn.positions):
        if kind in ("mem_i", "mem_s", "amo_addr"):
            offset, base = value
            word |= base << 15
            if offset is None:
                continue
            offset = offset if type(offset) is int else resolve(offset, pos)
            if kind == "amo_addr":
                if offset != 0:
                    raise SourceError(f"'{name}' takes no offset: write (reg) or 0(reg)", pos)
                continue
            check_range(kind, offset, pos, name)
            word |= isa.pack_i(offset) if kind == "mem_i" else isa.pack_s(offset)
            continue
        if type(value) is not int:
            value = resolve(value, pos)
        shift = _SHIFTS.get(kind)
        if shift is not None:
            if kind in ("shamt", "csr", "zimm"):
                check_range(kind, value, pos, name)
            word |= value << shift
        elif kind == "imm_i":
            word |= isa.pack_i(check_range(kind, value, pos, name))
        elif kind == "imm_u":
            word |= isa.pack_u(check_range(kind, value, pos, name))
        elif kind == "branch" or kind == "jump":
            offset = value - pc
            low, high = isa.IMM_RANGES[kind]
            if not low <= offset <= high:
                raise SourceError(f"{'branch' if kind == 'branch' else 'jump'} target out of range "
                                  f"for '{name}': offset {offset} is not in [{low}, {high}]", pos)
            if offset & 1:
                raise SourceError(f"{kind} target of '{name}' is not 2-byte aligned "
                                  f"(offset {offset})", pos)
            word |= isa.pack_b(offset) if kind == "branch" else isa.pack_j(offset)
        else:
            raise AssertionError(f"unhandled operand kind {kind}")
    return word & 0xFFFFFFFF
