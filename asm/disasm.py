"""Disassemble one instruction word the way GNU objdump 2.40 prints it.

`disassemble(word, pc, symbols)` returns objdump's text ("mnemonic\\toperands",
plus objdump's " # address <sym>" comment where it prints one).  Decoding goes
through asm/isa.py; this file only knows how objdump *spells* what the table
decodes: its pseudo-instruction aliases (li, mv, ret, beqz, csrr, ...), tried in
objdump's own table order, and its operand formats.  The VM's tracer, the GDB
stub and `toyos objdump` call it, so it is plain Python with no dependencies.

A `Disassembler` keeps objdump's running state across consecutive words (the
value a `lui`/`auipc` left in a register, and `gp` from `__global_pointer$`) so
that `addi`/`jalr`/loads/stores after them carry the same "# target" comment.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from asm import isa
from asm.csrs import (CSR_NAMES, EXTRA_CSR_NAMES, NEW_IN_PRIV_1_12,
                      PRIV_1_11_ONLY_CSR_NAMES)
from asm.registers import ABI_NAMES

# Field masks for fields binutils requires to be zero where our table (like the
# CPU, which must ignore them) does not: objdump shows such words as `.4byte`.
_RD_FIELD, _RS1_FIELD, _IMM_FIELD, _FM_FIELD = 0x1F << 7, 0x1F << 15, 0xFFF << 20, 0xF << 28
_RESERVED_ZERO = {
    "fence": _RD_FIELD | _RS1_FIELD | _FM_FIELD,
    "fence.tso": _RD_FIELD | _RS1_FIELD,
    "fence.i": _RD_FIELD | _RS1_FIELD | _IMM_FIELD,
}

_GP, _TP, _RA = 3, 4, 1
_FENCE_ALL = 0xF
_COUNTER_ALIASES = ("cycle", "time", "instret", "cycleh", "timeh", "instreth")   # rd<name>
_OBJDUMP_CSR_NAMES = {**EXTRA_CSR_NAMES, **CSR_NAMES}          # privileged spec 1.12, objdump's default
_PRIV_1_11_CSR_NAMES = {num: name for num, name in {**_OBJDUMP_CSR_NAMES, **PRIV_1_11_ONLY_CSR_NAMES}.items()
                        if name not in NEW_IN_PRIV_1_12}


def csr_names(priv_spec: tuple[int, int] = (1, 12)) -> dict[int, str]:
    """CSR number -> the name objdump prints for a file of privileged spec `priv_spec`."""
    return _OBJDUMP_CSR_NAMES if priv_spec >= (1, 12) else _PRIV_1_11_CSR_NAMES


_LOADS = ("lb", "lh", "lw", "lbu", "lhu")
_STORES = ("sb", "sh", "sw")
_IMM_ALIASES = {"addi": "add", "xori": "xor", "ori": "or", "andi": "and",
                "slli": "sll", "srli": "srl", "srai": "sra"}     # objdump 2.40's own quirk


def _spelling(row: isa.Insn, w: int) -> tuple[str, str]:
    """(mnemonic, operand template) objdump uses for `w`, which decodes to `row`.

    Template letters follow binutils: d s t registers rd rs1 rs2, j I-immediate,
    o(s) load/jalr offset, q(s) store offset, 0(s) AMO address, u upper
    immediate, > shift amount, E CSR, Z CSR immediate, p branch and a jump
    target, P Q fence sets.  The order of the tests is objdump's table order.
    """
    name = row.name
    rd, rs1, rs2 = isa.rd(w), isa.rs1(w), isa.rs2(w)
    if name == "addi":
        if rd == 0 and rs1 == 0 and isa.unpack_i(w) == 0:
            return "nop", ""
        if rs1 == 0:
            return "li", "d,j"
        if isa.unpack_i(w) == 0:
            return "mv", "d,s"
        return "add", "d,s,j"
    if name in _IMM_ALIASES:
        if name == "xori" and isa.unpack_i(w) == -1:
            return "not", "d,s"
        if name == "andi" and isa.unpack_i(w) == 0xFF:
            return "zext.b", "d,s"
        return _IMM_ALIASES[name], "d,s,>" if row.operands[-1] == "shamt" else "d,s,j"
    if name == "sltiu" and isa.unpack_i(w) == 1:
        return "seqz", "d,s"
    if row.operands == ("rd", "rs1", "imm_i"):
        return name, "d,s,j"
    if name == "sub" and rs1 == 0:
        return "neg", "d,t"
    if name == "sltu" and rs1 == 0:
        return "snez", "d,t"
    if name == "slt" and rs2 == 0:
        return "sltz", "d,s"
    if name == "slt" and rs1 == 0:
        return "sgtz", "d,t"
    if row.operands == ("rd", "rs1", "rs2"):
        return name, "d,s,t"
    if name in ("lui", "auipc"):
        return name, "d,u"
    if name == "jal":
        return ("j", "a") if rd == 0 else ("jal", "a") if rd == _RA else ("jal", "d,a")
    if name == "jalr":
        zero_imm = isa.unpack_i(w) == 0
        if rd == 0:
            if rs1 == _RA and zero_imm:
                return "ret", ""
            return "jr", "s" if zero_imm else "o(s)"
        if rd == _RA:
            return "jalr", "s" if zero_imm else "o(s)"
        return "jalr", "d,s" if zero_imm else "d,o(s)"
    if name == "beq" and rs2 == 0:
        return "beqz", "s,p"
    if name == "bne" and rs2 == 0:
        return "bnez", "s,p"
    if name == "bge" and rs1 == 0:
        return "blez", "t,p"
    if name == "bge" and rs2 == 0:
        return "bgez", "s,p"
    if name == "blt" and rs2 == 0:
        return "bltz", "s,p"
    if name == "blt" and rs1 == 0:
        return "bgtz", "t,p"
    if row.fmt == "B":
        return name, "s,t,p"
    if name in _LOADS:
        return name, "d,o(s)"
    if name in _STORES:
        return name, "t,q(s)"
    if name.startswith("lr.w"):
        return name, "d,0(s)"
    if row.ext == "A":
        return name, "d,t,0(s)"
    if name == "fence":
        pred_succ = (w >> 20) & 0xFF
        return ("fence", "") if pred_succ == (_FENCE_ALL << 4) | _FENCE_ALL else ("fence", "P,Q")
    if row.ext == "Zicsr":
        return _csr_spelling(name, w, rd, rs1)
    if name == "sfence.vma":
        return name, "" if rs1 == 0 and rs2 == 0 else "s" if rs2 == 0 else "s,t"
    return name, ""


def _csr_spelling(name: str, w: int, rd: int, rs1: int) -> tuple[str, str]:
    csr = (w >> 20) & 0xFFF
    if name == "csrrw" and rd == 0 and rs1 == 0 and CSR_NAMES.get(csr) == "cycle":
        return "unimp", ""                  # GNU's `unimp` is `csrw cycle, zero`
    if name == "csrrs" and rs1 == 0:
        if CSR_NAMES.get(csr) in _COUNTER_ALIASES:
            return "rd" + CSR_NAMES[csr], "d"
        return "csrr", "d,E"
    base = name[:5]                         # csrrwi -> csrrw: objdump drops the i
    operand = "Z" if name.endswith("i") else "s"
    if rd == 0:
        return "csr" + base[4], "E," + operand
    return base, "d,E," + operand


def _fence_set(bits: int) -> str:
    return "".join(c for c, b in zip("iorw", (8, 4, 2, 1)) if bits & b) or "unknown"


@dataclass(frozen=True)
class _Sym:
    value: int
    name: str
    rank: tuple         # objdump's preference among symbols at one address: lower wins
    section: int        # section index, -1 when unknown
    is_object: bool = False   # STT_OBJECT: objdump dumps its bytes instead of disassembling


class SymbolTable:
    """Symbols as objdump uses them to name addresses (`<sym+0x10>`).

    Built from a name -> address dict, or from asm.elfread Symbols, which let
    it break ties at one address as objdump's compare_symbols does: functions,
    then objects, then globals before weak before locals, then the larger
    size, then names not starting with '.', then by name.
    """

    def __init__(self, symbols=None):
        entries: list[_Sym] = []
        if isinstance(symbols, dict):
            entries = [_Sym(v & 0xFFFFFFFF, n, (n.startswith("."), n), -1)
                       for n, v in symbols.items() if _useful(n)]
        elif symbols:
            for s in symbols:
                if not _useful(s.name) or s.type in ("SECTION", "FILE") or s.shndx == 0:
                    continue
                rank = (s.type != "FUNC", s.type != "OBJECT", s.binding == "LOCAL", s.binding != "GLOBAL",
                        -s.size, s.name.startswith("."), s.name)
                entries.append(_Sym(s.value, s.name, rank, s.shndx, s.type == "OBJECT"))
        entries.sort(key=lambda e: (e.value, e.rank))
        self.entries = entries
        self.values = [e.value for e in entries]
        self.gp = next((e.value for e in entries if e.name == "__global_pointer$"), None)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def lookup(self, addr: int, section: int = -1) -> _Sym | None:
        """The symbol objdump names `addr` after: the last one at or below it
        (the first one of all when none is), preferring one in `section`."""
        if not self.entries:
            return None
        i = bisect.bisect_right(self.values, addr) - 1
        i = max(i, 0)
        value = self.values[i]
        first = bisect.bisect_left(self.values, value)
        ties = self.entries[first:bisect.bisect_right(self.values, value)]
        for e in ties:
            if e.section == section and section != -1:
                return e
        return ties[0]

    def starts(self, start: int, end: int, section: int = -1) -> list[_Sym]:
        """One symbol per distinct address in [start, end): where objdump prints `<sym>:`."""
        lo, hi = bisect.bisect_left(self.values, start), bisect.bisect_left(self.values, end)
        out, seen = [], set()
        for e in self.entries[lo:hi]:
            if e.value not in seen:
                seen.add(e.value)
                out.append(self.lookup(e.value, section))
        return out


def _useful(name: str) -> bool:
    # Mapping symbols ($x, $d...) only tell objdump what is code; it never names an address after them.
    return bool(name) and not name.startswith("$")


def format_address(addr: int, symbols: SymbolTable | None, section: int = -1) -> str:
    """objdump's `80000010 <main+0x8>` (no leading zeros, offset in hex)."""
    addr &= 0xFFFFFFFF
    if not symbols:
        return f"0x{addr:x}"
    sym = symbols.lookup(addr, section)
    if addr == sym.value:
        return f"{addr:x} <{sym.name}>"
    sign = "+" if addr > sym.value else "-"
    return f"{addr:x} <{sym.name}{sign}0x{abs(addr - sym.value):x}>"


class Disassembler:
    """objdump's disassembler with its state: use one per linear sweep of code."""

    def __init__(self, symbols=None, section: int = -1, priv_spec: tuple[int, int] = (1, 12)):
        self.symbols = symbols if isinstance(symbols, SymbolTable) else SymbolTable(symbols)
        self.section = section
        self.csr_names = csr_names(priv_spec)
        self.hi_addr: list[int | None] = [None] * 32     # what lui/auipc put in each register

    def __call__(self, word: int, pc: int) -> str:
        return self.disassemble(word, pc)

    def disassemble(self, word: int, pc: int) -> str:
        word &= 0xFFFFFFFF
        row = isa.decode(word)
        if row is None or word & _RESERVED_ZERO.get(row.name, 0):
            return f".4byte\t0x{word:x}"
        mnemonic, template = _spelling(row, word)
        self._comment_addr = None
        text = mnemonic
        if template:
            text += "\t" + self._operands(template, row, word, pc)
        if self._comment_addr is not None:
            text += " # " + format_address(self._comment_addr, self.symbols, self.section)
        return text

    # --- operands ------------------------------------------------------------

    def _operands(self, template: str, row: isa.Insn, w: int, pc: int) -> str:
        out = []
        for letter in template:
            out.append(self._operand(letter, row, w, pc))
        return "".join(out)

    def _operand(self, letter: str, row: isa.Insn, w: int, pc: int) -> str:
        if letter in ",()":
            return letter
        if letter == "d":
            rd = isa.rd(w)
            if row.name == "auipc":
                self.hi_addr[rd] = (pc + (isa.unpack_u(w) << 12)) & 0xFFFFFFFF
            elif row.name == "lui":
                self.hi_addr[rd] = isa.unpack_u(w) << 12
            return ABI_NAMES[rd]
        if letter == "s":
            if row.name == "jalr":
                self._note_address(isa.rs1(w), isa.unpack_i(w))
            return ABI_NAMES[isa.rs1(w)]
        if letter == "t":
            return ABI_NAMES[isa.rs2(w)]
        if letter == "o":
            self._note_address(isa.rs1(w), isa.unpack_i(w))
            return str(isa.unpack_i(w))
        if letter == "j":
            if row.name == "addi" and isa.rs1(w) != 0:
                self._note_address(isa.rs1(w), isa.unpack_i(w))
            return str(isa.unpack_i(w))
        if letter == "q":
            self._note_address(isa.rs1(w), isa.unpack_s(w))
            return str(isa.unpack_s(w))
        if letter == "0":
            return ""
        if letter == "u":
            return f"0x{isa.unpack_u(w):x}"
        if letter == ">":
            return f"0x{isa.rs2(w):x}"
        if letter == "Z":
            return str(isa.rs1(w))
        if letter == "E":
            csr = (w >> 20) & 0xFFF
            return self.csr_names.get(csr, f"0x{csr:x}")
        if letter == "p":
            return format_address(pc + isa.unpack_b(w), self.symbols, self.section)
        if letter == "a":
            return format_address(pc + isa.unpack_j(w), self.symbols, self.section)
        if letter == "P":
            return _fence_set((w >> 24) & 0xF)
        if letter == "Q":
            return _fence_set((w >> 20) & 0xF)
        raise AssertionError(f"unknown operand letter {letter!r}")

    def _note_address(self, base: int, offset: int) -> None:
        """objdump's maybe_print_address: a known base register gets a `# addr` comment."""
        if self.hi_addr[base] is not None:
            # like objdump: a `lui zero` is remembered, but zero still reads as 0
            addr = (self.hi_addr[base] if base != 0 else 0) + offset
            self.hi_addr[base] = None
        elif base == _GP and self.symbols.gp is not None:
            addr = self.symbols.gp + offset
        elif base in (0, _TP):
            addr = offset
        else:
            return
        self._comment_addr = addr & 0xFFFFFFFF


_cached_table: tuple[object, int, SymbolTable] | None = None


def disassemble(word: int, pc: int = 0, symbols=None) -> str:
    """objdump's text for one 32-bit word at `pc`, without state from earlier words.

    `symbols` is None, a name -> address dict, or a SymbolTable (fastest when
    called in a loop; a dict is converted once and reused while it is unchanged).
    """
    global _cached_table
    if symbols is not None and not isinstance(symbols, SymbolTable):
        if _cached_table is None or _cached_table[0] is not symbols or _cached_table[1] != len(symbols):
            _cached_table = (symbols, len(symbols), SymbolTable(symbols))
        symbols = _cached_table[2]
    return Disassembler(symbols).disassemble(word, pc)
