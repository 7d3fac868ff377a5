"""Instruction forms: which operand shapes each mnemonic accepts and what it
becomes, including every pseudo-instruction with GNU as's exact expansion.

Base instructions get their form from their asm/isa.py row; the table below
adds the aliases and macros of binutils' riscv-opc.c (`li`, `la`, `call`,
`bgt`, `csrr`, ...).  Operands are classified into shapes first:
R a register, E an expression (immediate, symbol, CSR name, fence set),
M a memory operand `offset(reg)` or `(reg)`.
"""
from __future__ import annotations

import difflib

from . import isa
from .csrs import CSR_NUMBERS
from .encode import MachineInsn
from .errors import SourceError
from .expressions import Node, Paren, Reloc, Sym, sext
from .registers import REGISTER_NUMBERS

ZERO, RA, T1 = 0, 1, 6
_SHAPE_OF_KIND = {"rd": "R", "rs1": "R", "rs2": "R", "mem_i": "M", "mem_s": "M",
                  "amo_addr": "M"}
_WORD_OF_KIND = {"rd": "rd", "rs1": "rs1", "rs2": "rs2", "imm_i": "imm", "mem_i": "offset(rs1)",
                 "mem_s": "offset(rs1)", "amo_addr": "(rs1)", "branch": "label", "jump": "label",
                 "imm_u": "imm20", "shamt": "shamt", "csr": "csr", "zimm": "uimm5",
                 "pred": "pred", "succ": "succ"}


class PcrelLoOfPrevious(Node):
    """The %pcrel_lo half of an auipc pair whose auipc is the previous word
    (what GNU's la/call/tail/`lw rd, sym` expansions emit)."""
    __slots__ = ("arg",)

    def __init__(self, arg: Node, pos: int):
        self.arg = arg
        self.pos = pos

    def eval(self, ctx):
        target = self.arg.eval(ctx)
        if type(target) is not int:
            raise SourceError("address not known yet", self.pos)
        return sext(target - (ctx.pc - 4), 12)


class CsrSymbol(Node):
    """A CSR operand spelled as a name that is not a known CSR: maybe a symbol."""
    __slots__ = ("name",)

    def __init__(self, name: str, pos: int):
        self.name = name
        self.pos = pos

    def eval(self, ctx):
        try:
            return ctx.symbol(self.name, self.pos)
        except SourceError as exc:
            if "undefined" in exc.message:
                raise SourceError(f"unknown CSR '{self.name}'", self.pos) from None
            raise


class Form:
    __slots__ = ("shapes", "build", "signature")

    def __init__(self, shapes: str, build, signature: str):
        self.shapes = shapes
        self.build = build
        self.signature = signature


# --- operand helpers ---------------------------------------------------------

def classify(operand):
    """(shape, payload, pos) of a parsed Operand."""
    if operand.kind == "expr":
        expr = operand.expr
        if type(expr) is Sym and expr.name in REGISTER_NUMBERS:
            return ("R", REGISTER_NUMBERS[expr.name], operand.pos)
        if type(expr) is Paren and type(expr.inner) is Sym and expr.inner.name in REGISTER_NUMBERS:
            return ("M", (None, REGISTER_NUMBERS[expr.inner.name]), operand.pos)
        return ("E", expr, operand.pos)
    if operand.kind == "mem":
        base = operand.base
        if type(base) is Sym and base.name in REGISTER_NUMBERS:
            return ("M", (operand.expr, REGISTER_NUMBERS[base.name]), operand.pos)
        if type(base) is Sym:
            raise SourceError(f"unknown register '{base.name}'", base.pos)
        raise SourceError("expected a register inside the parentheses", base.pos)
    return ("X", operand, operand.pos)


def _csr(payload, pos):
    if type(payload) is Sym:
        number = CSR_NUMBERS.get(payload.name)
        return number if number is not None else CsrSymbol(payload.name, pos)
    return payload


def _fence_set(payload, pos) -> int:
    if type(payload) is Sym and payload.name and all(c in "iorw" for c in payload.name) \
            and len(set(payload.name)) == len(payload.name):
        return sum({"i": 8, "o": 4, "r": 2, "w": 1}[c] for c in payload.name)
    raise SourceError("expected a fence set: letters from 'iorw', such as rw or iorw", pos)


def insn(name: str, *pairs) -> MachineInsn:
    """A MachineInsn for row `name` from (value, pos) pairs in row operand order."""
    return MachineInsn(isa.BY_NAME[name], [v for v, _ in pairs], [p for _, p in pairs])


def _base_form(row: isa.Insn) -> Form:
    kinds = row.operands
    shapes = "".join(_SHAPE_OF_KIND.get(k, "E") for k in kinds)

    def build(ops, ctx, row=row, kinds=kinds):
        values = []
        for kind, (_, payload, pos) in zip(kinds, ops):
            if kind == "csr":
                payload = _csr(payload, pos)
            elif kind in ("pred", "succ"):
                payload = _fence_set(payload, pos)
            values.append(payload)
        return [MachineInsn(row, values, [op[2] for op in ops])]
    return Form(shapes, build, ", ".join(_WORD_OF_KIND[k] for k in kinds))


# --- pseudo-instruction builders ---------------------------------------------

def _li(ops, ctx):
    (_, rd, rd_pos), (_, expr, pos) = ops
    value = ctx.constant(expr, pos, "li")
    if 0 <= value <= 0xFFFFFFFF:                 # GNU normalises rv32 constants
        value = sext(value, 32)
    if not -(1 << 31) <= value < (1 << 31):
        raise SourceError(f"li value {value:#x} does not fit in 32 bits", pos)
    lower = sext(value, 12)
    upper = value - lower
    out = []
    hi_reg = ZERO
    if upper != 0:
        out.append(insn("lui", (rd, rd_pos), (((upper & 0xFFFFFFFF) >> 12), pos)))
        hi_reg = rd
    if lower != 0 or hi_reg == ZERO:
        out.append(insn("addi", (rd, rd_pos), (hi_reg, pos), (lower, pos)))
    return out


def _pcrel_pair(second: str, rd, rt, expr, pos, rd_pos):
    """auipc rt, %pcrel_hi(expr) ; <second> rd, %pcrel_lo(rt)."""
    lo = PcrelLoOfPrevious(expr, pos)
    first = insn("auipc", (rt, rd_pos), (Reloc("pcrel_hi", expr, pos), pos))
    row = isa.BY_NAME[second]
    if row.operands == ("rd", "rs1", "imm_i"):
        return [first, insn(second, (rd, rd_pos), (rt, rd_pos), (lo, pos))]
    if row.operands == ("rd", "mem_i"):
        return [first, insn(second, (rd, rd_pos), ((lo, rt), pos))]
    return [first, insn(second, (rd, rd_pos), ((lo, rt), pos))]   # rs2 mem_s


def _la(ops, ctx):
    (_, rd, rd_pos), (_, expr, pos) = ops
    return _pcrel_pair("addi", rd, rd, expr, pos, rd_pos)


def _call(link_reg, scratch_reg):
    def build(ops, ctx):
        (_, expr, pos) = ops[-1]
        link = ops[0][1] if len(ops) == 2 else link_reg
        scratch = T1 if len(ops) == 2 else scratch_reg     # GNU: `call rd, sym` goes through t1
        return _pcrel_pair("jalr", link, scratch, expr, pos, ops[0][2])
    return build


def _jump(ops, ctx):
    (_, expr, pos), (_, rt, rt_pos) = ops
    return _pcrel_pair("jalr", ZERO, rt, expr, pos, rt_pos)


def _load_symbol(name):
    def build(ops, ctx):
        (_, rd, rd_pos), (_, expr, pos) = ops
        return _pcrel_pair(name, rd, rd, expr, pos, rd_pos)
    return build


def _store_symbol(name):
    def build(ops, ctx):
        (_, rs2, rs2_pos), (_, expr, pos), (_, rt, rt_pos) = ops
        return _pcrel_pair(name, rs2, rt, expr, pos, rt_pos)
    return build


def _alias(name, *slots):
    """Build row `name` from operand slots: an int is a fixed value, "0".."9"
    picks that source operand, ("csr", n) / ("mem0", n) convert one."""
    def build(ops, ctx):
        pairs = []
        for slot in slots:
            if isinstance(slot, str):
                _, payload, pos = ops[int(slot)]
                pairs.append((payload, pos))
            elif isinstance(slot, tuple) and slot[0] == "csr":
                _, payload, pos = ops[slot[1]]
                pairs.append((_csr(payload, pos), pos))
            elif isinstance(slot, tuple) and slot[0] == "mem0":   # (offset 0, register operand n)
                _, payload, pos = ops[slot[1]]
                pairs.append(((0, payload), pos))
            elif isinstance(slot, tuple) and slot[0] == "mem":    # memory operand n as is
                _, payload, pos = ops[slot[1]]
                pairs.append((payload, pos))
            elif isinstance(slot, tuple) and slot[0] == "imm_mem":  # reg n, imm m -> imm(reg)
                _, reg, pos = ops[slot[1]]
                _, imm, _ = ops[slot[2]]
                pairs.append(((imm, reg), pos))
            else:
                pos = ops[0][2] if ops else 0
                pairs.append((slot, pos))
        return [insn(name, *pairs)]
    return build


def _pseudo_table() -> dict[str, list[Form]]:
    t: dict[str, list[Form]] = {}

    def add(mnemonic, shapes, build, signature):
        t.setdefault(mnemonic, []).append(Form(shapes, build, signature))

    add("nop", "", _alias("addi", ZERO, ZERO, 0), "")
    add("li", "RE", _li, "rd, imm")
    add("la", "RE", _la, "rd, symbol")
    add("lla", "RE", _la, "rd, symbol")
    add("mv", "RR", _alias("addi", "0", "1", 0), "rd, rs")
    add("not", "RR", _alias("xori", "0", "1", -1), "rd, rs")
    add("neg", "RR", _alias("sub", "0", ZERO, "1"), "rd, rs")
    add("seqz", "RR", _alias("sltiu", "0", "1", 1), "rd, rs")
    add("snez", "RR", _alias("sltu", "0", ZERO, "1"), "rd, rs")
    add("sltz", "RR", _alias("slt", "0", "1", ZERO), "rd, rs")
    add("sgtz", "RR", _alias("slt", "0", ZERO, "1"), "rd, rs")
    add("zext.b", "RR", _alias("andi", "0", "1", 255), "rd, rs")
    for name, row, order in (("beqz", "beq", ("0", ZERO)), ("bnez", "bne", ("0", ZERO)),
                             ("blez", "bge", (ZERO, "0")), ("bgez", "bge", ("0", ZERO)),
                             ("bltz", "blt", ("0", ZERO)), ("bgtz", "blt", (ZERO, "0"))):
        add(name, "RE", _alias(row, *order, "1"), "rs, label")
    for name, row in (("bgt", "blt"), ("ble", "bge"), ("bgtu", "bltu"), ("bleu", "bgeu")):
        add(name, "RRE", _alias(row, "1", "0", "2"), "rs, rt, label")
    add("j", "E", _alias("jal", ZERO, "0"), "label")
    add("jal", "E", _alias("jal", RA, "0"), "label")
    add("jr", "R", _alias("jalr", ZERO, ("mem0", 0)), "rs")
    add("jr", "M", _alias("jalr", ZERO, ("mem", 0)), "offset(rs)")
    add("jr", "RE", _alias("jalr", ZERO, ("imm_mem", 0, 1)), "rs, imm")
    add("jalr", "R", _alias("jalr", RA, ("mem0", 0)), "rs")
    add("jalr", "M", _alias("jalr", RA, ("mem", 0)), "offset(rs)")
    add("jalr", "RE", _alias("jalr", RA, ("imm_mem", 0, 1)), "rs, imm")
    add("jalr", "RR", _alias("jalr", "0", ("mem0", 1)), "rd, rs")
    add("jalr", "RRE", _alias("jalr", "0", ("imm_mem", 1, 2)), "rd, rs, imm")
    add("ret", "", _alias("jalr", ZERO, (0, RA)), "")
    add("call", "E", _call(RA, RA), "symbol")
    add("call", "RE", _call(None, None), "rd, symbol")
    add("tail", "E", _call(ZERO, T1), "symbol")
    add("jump", "ER", _jump, "symbol, rt")
    add("csrr", "RE", _alias("csrrs", "0", ("csr", 1), ZERO), "rd, csr")
    for name in ("w", "s", "c"):
        add(f"csr{name}", "ER", _alias(f"csrr{name}", ZERO, ("csr", 0), "1"), "csr, rs")
        add(f"csr{name}", "EE", _alias(f"csrr{name}i", ZERO, ("csr", 0), "1"), "csr, uimm5")
        add(f"csr{name}i", "EE", _alias(f"csrr{name}i", ZERO, ("csr", 0), "1"), "csr, uimm5")
        add(f"csrr{name}", "REE", _alias(f"csrr{name}i", "0", ("csr", 1), "2"), "rd, csr, uimm5")
    for counter in ("cycle", "time", "instret"):
        for suffix in ("", "h"):
            add(f"rd{counter}{suffix}", "R",
                _alias("csrrs", "0", CSR_NUMBERS[counter + suffix], ZERO), "rd")
    add("fence", "", _alias("fence", 15, 15), "")
    add("sfence.vma", "", _alias("sfence.vma", ZERO, ZERO), "")
    add("sfence.vma", "R", _alias("sfence.vma", "0", ZERO), "rs1")
    add("unimp", "", _alias("csrrw", ZERO, CSR_NUMBERS["cycle"], ZERO), "")
    add("scall", "", _alias("ecall"), "")
    add("sbreak", "", _alias("ebreak"), "")
    for name in ("lb", "lh", "lw", "lbu", "lhu"):
        add(name, "RE", _load_symbol(name), "rd, symbol")
    for name in ("sb", "sh", "sw"):
        add(name, "RER", _store_symbol(name), "rs2, symbol, rt")
    # GNU accepts an immediate as the last operand of these and uses the I form.
    for name, imm_name in (("add", "addi"), ("and", "andi"), ("or", "ori"), ("xor", "xori"),
                           ("slt", "slti"), ("sltu", "sltiu"), ("sll", "slli"),
                           ("srl", "srli"), ("sra", "srai")):
        add(name, "RRE", _alias(imm_name, "0", "1", "2"), "rd, rs1, imm")
    return t


def _all_forms() -> dict[str, list[Form]]:
    forms: dict[str, list[Form]] = {}
    for row in isa.INSTRUCTIONS:
        forms.setdefault(row.name, []).append(_base_form(row))
    for name, extra in _pseudo_table().items():
        forms.setdefault(name, []).extend(extra)
    return forms


FORMS: dict[str, list[Form]] = _all_forms()


def _mismatch(mnemonic: str, form: Form, ops) -> SourceError:
    for expected, (shape, payload, pos) in zip(form.shapes, ops):
        if expected == shape:
            continue
        if expected == "R":
            if shape == "E" and type(payload) is Sym:
                return SourceError(f"unknown register '{payload.name}'", pos)
            return SourceError(f"'{mnemonic}' expects a register here", pos)
        if shape == "R":
            what = "a memory operand like 0(a0)" if expected == "M" else "an immediate or symbol"
            return SourceError(f"'{mnemonic}' expects {what} here, not a register", pos)
        if expected == "M":
            return SourceError(f"'{mnemonic}' expects a memory operand like 0(a0) here", pos)
        if shape == "M":
            return SourceError(f"'{mnemonic}' does not take a memory operand here", pos)
        return SourceError(f"'{mnemonic}' cannot take this operand", pos)
    return SourceError(f"bad operands for '{mnemonic}'", ops[0][2] if ops else 0)


def expand(mnemonic: str, operands, mnemonic_pos: int, ctx) -> list[MachineInsn]:
    """The machine instructions for one source instruction (raises SourceError)."""
    forms = FORMS.get(mnemonic)
    if forms is None:
        lowered = FORMS.get(mnemonic.lower())
        if lowered is None:
            raise unknown_mnemonic(mnemonic, mnemonic_pos)
        forms, mnemonic = lowered, mnemonic.lower()
    ops = [classify(op) for op in operands]
    shapes = "".join(op[0] for op in ops)
    for form in forms:
        if form.shapes == shapes:
            return form.build(ops, ctx)
    same_count = [f for f in forms if len(f.shapes) == len(ops)]
    if same_count:
        raise _mismatch(mnemonic, same_count[0], ops)
    usage = " or ".join(f"'{mnemonic}{' ' + f.signature if f.signature else ''}'" for f in forms)
    counts = sorted({len(f.shapes) for f in forms})
    takes = " or ".join(map(str, counts))
    return _raise(SourceError(f"'{mnemonic}' takes {takes} operand{'s' if counts != [1] else ''}, "
                              f"got {len(ops)} (usage: {usage})",
                              ops[0][2] if ops and len(ops) > max(counts) else mnemonic_pos))


def _raise(exc):
    raise exc


def unknown_mnemonic(mnemonic: str, pos: int, directives=()) -> SourceError:
    if mnemonic.startswith("."):
        choices = list(directives)
        what = "directive"
    else:
        choices = list(FORMS)
        what = "instruction"
    close = difflib.get_close_matches(mnemonic.lower(), choices, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return SourceError(f"unknown {what} '{mnemonic}'{hint}", pos)
