"""Statement parser: one source statement -> a Statement (labels, name, operands).

The lark grammar (asm/grammar.lark) is loaded lazily, once, as an LALR parser
with the basic lexer and an inline transformer, so no parse tree is built.
Identical statement texts (common in macro expansions) are parsed once.
Lark errors are caught here and only here, and become SourceError with the
position of the offending character.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

from .errors import SourceError
from .expressions import Binary, LocalRef, Node, Num, Paren, Reloc, RELOC_KINDS, Sym, Unary

GRAMMAR_PATH = os.path.join(os.path.dirname(__file__), "grammar.lark")


@dataclass(slots=True)
class Operand:
    kind: str                 # "expr", "mem", "string", "tag"
    pos: int                  # 0-based position in the statement text
    expr: Node | None = None  # the value, or a mem operand's offset (None: no offset)
    base: Node | None = None  # mem operand: what is inside the parentheses
    data: bytes = b""         # string operand: the decoded bytes
    text: str = ""            # tag operand: "@progbits" / "%function"; string: raw text


@dataclass(slots=True)
class Statement:
    labels: list              # [(name: str | int, pos)], int for numeric labels "1:"
    name: str | None = None   # mnemonic or directive, as written
    name_pos: int = 0
    operands: list = None
    assign: Node | None = None   # `name = expr`
    has_local_refs: bool = False


_ESCAPES = {"n": 10, "t": 9, "r": 13, "0": 0, "\\": 92, "'": 39, '"': 34,
            "b": 8, "f": 12, "v": 11, "a": 7, "e": 27}


def decode_escapes(body: str, pos: int) -> bytes:
    """GNU as string escapes: \\n \\t ... \\NNN (octal) \\xHH."""
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out += ch.encode("utf-8", "surrogateescape")   # a raw non-UTF-8 byte stays that byte, as in GNU as
            i += 1
            continue
        i += 1
        if i >= len(body):
            raise SourceError("backslash at end of string", pos + i)
        ch = body[i]
        if ch in "01234567":
            j = i
            while j < len(body) and j < i + 3 and body[j] in "01234567":
                j += 1
            out.append(int(body[i:j], 8) & 0xFF)
            i = j
        elif ch in "xX":
            j = i + 1
            while j < len(body) and body[j] in "0123456789abcdefABCDEF":
                j += 1
            if j == i + 1:
                raise SourceError("\\x used with no following hex digits", pos + i)
            out.append(int(body[i + 1:j], 16) & 0xFF)
            i = j
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
            i += 1
        else:
            out += ch.encode("utf-8", "surrogateescape")   # a raw non-UTF-8 byte stays that byte, as in GNU as
            i += 1
    return bytes(out)


def parse_number(text: str, pos: int) -> Node:
    lower = text.lower()
    try:
        if lower.startswith("0x"):
            return Num(int(text[2:], 16), pos)
        if lower.startswith("0b") and len(text) > 2:
            return Num(int(text[2:], 2), pos)
        if lower[-1] in "fb" and text[:-1].isdigit():
            return LocalRef(int(text[:-1]), lower[-1] == "f", pos)
        if text.isdigit():
            return Num(int(text, 8) if len(text) > 1 and text[0] == "0" else int(text), pos)
    except ValueError:
        pass
    raise SourceError(f"invalid number '{text}'", pos)


# GNU as operator ranks (binutils expr.c): higher binds tighter.
PRECEDENCE = {"*": 8, "/": 8, "%": 8, "<<": 8, ">>": 8,
              "|": 7, "&": 7, "^": 7, "!": 7,
              "+": 5, "-": 5,
              "==": 4, "!=": 4, "<>": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
              "&&": 3, "||": 2}


def _climb(items):
    """[operand, op, operand, op, ...] -> a Binary tree, left-associative."""
    operands = [items[0]]
    operators = []

    def reduce_top():
        op = operators.pop()
        right = operands.pop()
        left = operands.pop()
        operands.append(Binary(str(op), left, right, op.start_pos))

    for i in range(1, len(items), 2):
        op, operand = items[i], items[i + 1]
        rank = PRECEDENCE[str(op)]
        while operators and PRECEDENCE[str(operators[-1])] >= rank:
            reduce_top()
        operators.append(op)
        operands.append(operand)
    while operators:
        reduce_top()
    return operands[0]


def _start_pos(node: Node) -> int:
    """Position of an expression's first character (a Binary's pos is its operator)."""
    while isinstance(node, Binary):
        node = node.left
    return node.pos


def _lark_transformer():
    from lark import Transformer, v_args

    @v_args(inline=True)
    class ToStatement(Transformer):
        def start(self, *items):
            labels = [item for item in items if isinstance(item, tuple)]
            statements = [item for item in items if isinstance(item, Statement)]
            stmt = statements[0] if statements else Statement([], operands=[])
            stmt.labels = labels
            return stmt

        def label(self, name):
            return (str(name), name.start_pos)

        def numeric_label(self, number):
            text = str(number)
            if not text.isdigit():
                raise SourceError(f"invalid label '{text}'", number.start_pos)
            return (int(text), number.start_pos)

        def op(self, name, operands=None):
            return Statement([], str(name), name.start_pos, operands or [])

        def assign(self, name, equals, expr):
            return Statement([], str(name), name.start_pos, [], expr)

        def operands(self, *items):
            return [item for item in items if isinstance(item, Operand)]

        def op_expr(self, expr):
            return Operand("expr", _start_pos(expr), expr)

        def op_mem(self, offset, base):
            return Operand("mem", _start_pos(offset), offset, base)

        def op_string(self, token):
            text = str(token)
            return Operand("string", token.start_pos, data=decode_escapes(text[1:-1], token.start_pos + 1),
                           text=text)

        def op_tag(self, *tokens):
            return Operand("tag", tokens[0].start_pos, text="".join(map(str, tokens)))

        def expr(self, *items):
            if len(items) == 1:
                return items[0]
            return _climb(list(items))

        def unop(self, op, operand):
            return Unary(str(op), operand, op.start_pos)

        def number(self, token):
            return parse_number(str(token), token.start_pos)

        def symbol(self, token):
            return Sym(str(token), token.start_pos)

        def char(self, token):
            body = str(token)[1:]
            if body.endswith("'") and len(body) > 1:
                body = body[:-1]
            data = decode_escapes(body, token.start_pos + 1)
            return Num(data[0] if len(data) == 1 else int.from_bytes(data, "little"), token.start_pos)

        def paren(self, lpar, expr):
            return Paren(expr, lpar.start_pos)

        def reloc(self, token, expr):
            kind = str(token)[1:]
            if kind not in RELOC_KINDS:
                raise SourceError(f"unknown relocation function '%{kind}' "
                                  f"(toyos knows %hi %lo %pcrel_hi %pcrel_lo)", token.start_pos)
            return Reloc(kind, expr, token.start_pos)

    return ToStatement()


@functools.lru_cache(maxsize=1)
def _parser():
    from lark import Lark
    with open(GRAMMAR_PATH, encoding="utf-8") as f:
        grammar = f.read()
    return Lark(grammar, parser="lalr", lexer="basic", transformer=_lark_transformer(),
                propagate_positions=False, maybe_placeholders=False, cache=False)


def _describe_lark_error(exc, text: str) -> tuple[str, int]:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken, VisitError
    if isinstance(exc, VisitError):
        inner = exc.orig_exc
        if isinstance(inner, SourceError):
            return inner.message, inner.offset
        raise inner
    if isinstance(exc, UnexpectedCharacters):
        return f"unexpected character '{text[exc.pos_in_stream]}'", exc.pos_in_stream
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        if token.type == "$END":
            return "unexpected end of line", len(text.rstrip())
        return f"unexpected '{token}'", token.start_pos
    if isinstance(exc, UnexpectedEOF):
        return "unexpected end of line", len(text.rstrip())
    return str(exc).splitlines()[0], 0


_cache: dict[str, Statement] = {}

# Fast path: a statement whose operands are all single tokens (register,
# symbol, number, `number(reg)`, `(reg)`) -- most of any program -- is split
# with these patterns instead of the LALR parser.  It builds exactly the
# Statement the grammar would (tests/asm/test_syntax.py checks that); anything
# else goes to lark.
_NAME = r"[A-Za-z_.$][A-Za-z0-9_.$]*"
_HEAD = re.compile(r"\s*((?:(?:%s|[0-9]+)\s*:\s*)*)(%s)?\s*" % (_NAME, _NAME))
_LABEL = re.compile(r"(%s|[0-9]+)\s*:\s*" % _NAME)
_SIMPLE_OPERAND = re.compile(r"\s*(?:(%s)|([0-9][0-9A-Za-z_$]*)|([0-9][0-9A-Za-z_$]*)?\(\s*(%s)\s*\))\s*$"
                             % (_NAME, _NAME))
_NAME_RE = re.compile(_NAME + "$")


def _fast_parse(text: str) -> Statement | None:
    head = _HEAD.match(text)
    rest_at = head.end()
    labels = []
    if head.group(1):
        at = head.start(1)
        while at < head.end(1):
            m = _LABEL.match(text, at)
            label = m.group(1)
            if label[0].isdigit():
                labels.append((int(label), at))
            else:
                labels.append((label, at))
            at = m.end()
    name = head.group(2)
    if name is None:
        return Statement(labels, operands=[]) if rest_at == len(text) else None
    if rest_at < len(text) and rest_at == head.end(2):
        return None          # e.g. "foo=1" or "x+": no blank after the name
    operands = []
    rest = text[rest_at:]
    if rest:
        if '"' in rest or "'" in rest or "=" in rest:
            return None
        start = rest_at
        for piece in rest.split(","):
            m = _SIMPLE_OPERAND.match(piece)
            if m is None:
                return None
            if m.group(1) is not None:
                pos = start + m.start(1)
                operands.append(Operand("expr", pos, Sym(m.group(1), pos)))
            elif m.group(2) is not None:
                pos = start + m.start(2)
                operands.append(Operand("expr", pos, parse_number(m.group(2), pos)))
            else:
                base_pos = start + m.start(4)
                base = Sym(m.group(4), base_pos)
                if m.group(3) is not None:
                    pos = start + m.start(3)
                    operands.append(Operand("mem", pos, parse_number(m.group(3), pos), base))
                else:
                    paren_pos = start + piece.index("(")
                    operands.append(Operand("expr", paren_pos, Paren(base, paren_pos)))
            start += len(piece) + 1
    return Statement(labels, name, head.start(2), operands)


def parse_statement(text: str) -> Statement:
    """Parse one statement (no comments, no ';').  Raises SourceError.

    Statements are immutable once parsed and shared between identical texts.
    """
    stmt = _cache.get(text)
    if stmt is not None:
        return stmt
    from lark.exceptions import LarkError
    try:
        stmt = _fast_parse(text) or _parser().parse(text)
    except SourceError:
        raise
    except LarkError as exc:
        message, pos = _describe_lark_error(exc, text)
        raise SourceError(message, pos) from None
    stmt.has_local_refs = any(op.expr is not None and op.expr.has_local_refs() or
                              op.base is not None and op.base.has_local_refs()
                              for op in stmt.operands) or \
        (stmt.assign is not None and stmt.assign.has_local_refs())
    if len(_cache) > 200_000:
        _cache.clear()
    _cache[text] = stmt
    return stmt


_expr_cache: dict[str, Node] = {}


def parse_expression(text: str) -> Node:
    """Parse a lone expression (for .if and friends), via a `.word` statement."""
    node = _expr_cache.get(text)
    if node is None:
        prefix = ".word "
        try:
            stmt = parse_statement(prefix + text)
        except SourceError as exc:
            raise SourceError(exc.message, None if exc.offset is None else max(0, exc.offset - len(prefix)))
        if len(stmt.operands) != 1 or stmt.operands[0].kind != "expr":
            raise SourceError("expected one expression", 0)
        node = stmt.operands[0].expr
        _shift_positions(node, -len(prefix))
        _expr_cache[text] = node
    return node


def _shift_positions(node: Node, delta: int) -> None:
    node.pos += delta
    for slot in ("inner", "operand", "left", "right", "arg"):
        child = getattr(node, slot, None)
        if isinstance(child, Node):
            _shift_positions(child, delta)
