"""Expression trees and their evaluation, with GNU as's arithmetic.

Nodes keep `pos`, the 0-based position in their statement's text, so an
error can point at the exact symbol.  Values are Python ints (absolute) or
Rel (a section-relative address, known only after layout).  Integer
arithmetic is 64-bit like GNU as's offsetT; comparisons give -1 for true and
0 for false, && and || give 1/0, `!` between two operands is "or not".
"""
from __future__ import annotations

from .errors import SourceError

MASK64 = (1 << 64) - 1


def wrap64(value: int) -> int:
    value &= MASK64
    return value - (1 << 64) if value >> 63 else value


def sext(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


class Rel:
    """An address `offset` bytes into section fragment `section` (pass 1 only)."""
    __slots__ = ("section", "offset")

    def __init__(self, section, offset: int):
        self.section = section
        self.offset = offset

    def __eq__(self, other):
        return isinstance(other, Rel) and other.section == self.section and other.offset == self.offset

    def __hash__(self):
        return hash((self.section, self.offset))

    def __repr__(self):
        return f"Rel({self.section!r}, {self.offset:#x})"


class Node:
    __slots__ = ("pos",)

    def has_local_refs(self) -> bool:
        return False


class Num(Node):
    __slots__ = ("value",)

    def __init__(self, value: int, pos: int):
        self.value = value
        self.pos = pos

    def eval(self, ctx):
        return self.value


class Sym(Node):
    __slots__ = ("name",)

    def __init__(self, name: str, pos: int):
        self.name = name
        self.pos = pos

    def eval(self, ctx):
        return ctx.symbol(self.name, self.pos)


class LocalRef(Node):
    """`1f` / `1b`: the next / previous definition of numeric label 1."""
    __slots__ = ("number", "forward")

    def __init__(self, number: int, forward: bool, pos: int):
        self.number = number
        self.forward = forward
        self.pos = pos

    def eval(self, ctx):
        return ctx.local_label(self.number, self.forward, self.pos)

    def has_local_refs(self):
        return True


class Paren(Node):
    __slots__ = ("inner",)

    def __init__(self, inner: Node, pos: int):
        self.inner = inner
        self.pos = pos

    def eval(self, ctx):
        return self.inner.eval(ctx)

    def has_local_refs(self):
        return self.inner.has_local_refs()


class Unary(Node):
    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: Node, pos: int):
        self.op = op
        self.operand = operand
        self.pos = pos

    def eval(self, ctx):
        value = self.operand.eval(ctx)
        if self.op == "+":
            return value
        value = absolute(value, self.pos, f"unary '{self.op}'")
        if self.op == "-":
            return wrap64(-value)
        if self.op == "~":
            return wrap64(~value)
        return 0 if value else 1   # "!"

    def has_local_refs(self):
        return self.operand.has_local_refs()


def absolute(value, pos: int, what: str) -> int:
    if isinstance(value, Rel):
        raise SourceError(f"{what} needs an absolute value, not an address", pos)
    return value


def _shr(a: int, b: int) -> int:
    return 0 if b >= 64 or b < 0 else wrap64((a & MASK64) >> b)


def _shl(a: int, b: int) -> int:
    return 0 if b >= 64 or b < 0 else wrap64(a << b)


def _div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


_INT_OPS = {
    "*": lambda a, b: wrap64(a * b),
    "<<": _shl, ">>": _shr,
    "|": lambda a, b: a | b, "&": lambda a, b: a & b, "^": lambda a, b: a ^ b,
    "!": lambda a, b: wrap64(a | ~b),
    "==": lambda a, b: -1 if a == b else 0, "!=": lambda a, b: -1 if a != b else 0,
    "<>": lambda a, b: -1 if a != b else 0,
    "<": lambda a, b: -1 if a < b else 0, "<=": lambda a, b: -1 if a <= b else 0,
    ">": lambda a, b: -1 if a > b else 0, ">=": lambda a, b: -1 if a >= b else 0,
    "&&": lambda a, b: 1 if a and b else 0, "||": lambda a, b: 1 if a or b else 0,
}


class Binary(Node):
    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Node, right: Node, pos: int):
        self.op = op
        self.left = left
        self.right = right
        self.pos = pos

    def eval(self, ctx):
        a = self.left.eval(ctx)
        b = self.right.eval(ctx)
        op = self.op
        if type(a) is int and type(b) is int:
            if op == "+":
                return wrap64(a + b)
            if op == "-":
                return wrap64(a - b)
            if op in ("/", "%"):
                if b == 0:
                    raise SourceError("division by zero", self.right.pos)
                return _div(a, b) if op == "/" else _mod(a, b)
            return _INT_OPS[op](a, b)
        return self._eval_relocatable(a, b)

    def _eval_relocatable(self, a, b):
        op = self.op
        if op == "+" and isinstance(a, Rel) and type(b) is int:
            return Rel(a.section, a.offset + b)
        if op == "+" and type(a) is int and isinstance(b, Rel):
            return Rel(b.section, b.offset + a)
        if op == "-" and isinstance(a, Rel) and type(b) is int:
            return Rel(a.section, a.offset - b)
        if op == "-" and isinstance(a, Rel) and isinstance(b, Rel) and a.section == b.section:
            return a.offset - b.offset
        if isinstance(a, Rel) and isinstance(b, Rel) and a.section == b.section and op in _INT_OPS \
                and op in ("==", "!=", "<>", "<", "<=", ">", ">="):
            return _INT_OPS[op](a.offset, b.offset)
        raise SourceError(f"operator '{op}' cannot combine these addresses "
                          "(only address +/- number and the difference of two "
                          "addresses in one section are known before linking)", self.pos)

    def has_local_refs(self):
        return self.left.has_local_refs() or self.right.has_local_refs()


RELOC_KINDS = ("hi", "lo", "pcrel_hi", "pcrel_lo")


class Reloc(Node):
    """%hi(x) %lo(x) %pcrel_hi(x) %pcrel_lo(label): evaluated with GNU's rounding."""
    __slots__ = ("kind", "arg")

    def __init__(self, kind: str, arg: Node, pos: int):
        self.kind = kind
        self.arg = arg
        self.pos = pos

    def eval(self, ctx):
        value = self.arg.eval(ctx)
        kind = self.kind
        if kind == "pcrel_lo":
            return ctx.pcrel_lo(value, self.pos)
        if kind == "pcrel_hi":
            value = ctx.pcrel_offset(value, self.pos)
        value = absolute(value, self.pos, f"%{kind}")
        if kind == "lo":
            return sext(value, 12)
        return ((value + 0x800) >> 12) & 0xFFFFF    # hi, pcrel_hi

    def has_local_refs(self):
        return self.arg.has_local_refs()


def symbols_in(node: Node):
    """Names of the plain symbols an expression mentions (for .ifdef-like checks)."""
    if isinstance(node, Sym):
        yield node.name
    for slot in ("inner", "operand", "left", "right", "arg"):
        child = getattr(node, slot, None)
        if isinstance(child, Node):
            yield from symbols_in(child)
