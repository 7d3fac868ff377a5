"""Assembler directives (.word, .section, .align, .equ, ...) for pass 1.

Each handler takes the assembler, the file's Unit, the parsed Statement, its
Origin and the local-label snapshot, and appends items to the current
fragment.  Preprocessor directives (.macro, .if, .include, .rept, ...) never
get here: asm/preprocess.py has already expanded them.
"""
from __future__ import annotations

from .errors import SourceError
from .expressions import Node, Rel, Sym

NOP_BYTES = (0x00000013).to_bytes(4, "little")
# No section may grow past this: a typo such as `.org 0x100000000` must be an
# error, not a 4 GiB allocation that gets the assembler killed.
MAX_SECTION_BYTES = 1 << 28
BYTES, INSN, DATA = 0, 1, 2

_DEFAULT_FLAGS = ((".text", "ax", False), (".rodata", "a", False), (".srodata", "a", False),
                  (".data", "aw", False), (".sdata", "aw", False), (".bss", "aw", True),
                  (".sbss", "aw", True), (".tbss", "awT", True), (".tdata", "awT", False))


def _default_flags(name: str):
    for prefix, flags, nobits in _DEFAULT_FLAGS:
        if name == prefix or name.startswith(prefix + "."):
            return flags, nobits
    return "", False


def switch_section(asm, unit, name: str, flags: str | None = None, nobits: bool | None = None):
    from .assembler import Fragment
    frag = unit.by_name.get(name)
    if frag is None:
        default_flags, default_nobits = _default_flags(name)
        flags = default_flags if flags is None else flags
        nobits = default_nobits if nobits is None else nobits
        frag = Fragment(unit, name, flags, nobits, 4 if "x" in flags else 1)
        unit.fragments.append(frag)
        unit.by_name[name] = frag
    unit.previous = unit.current
    unit.current = frag


# --- helpers -----------------------------------------------------------------

def _expect_count(stmt, low, high, usage):
    n = len(stmt.operands)
    if not low <= n <= high:
        pos = stmt.operands[high].pos if n > high else stmt.name_pos
        raise SourceError(f"'{stmt.name}' takes {usage}", pos)


def _name_operand(op, what="a symbol name") -> str:
    if op.kind == "expr" and type(op.expr) is Sym:
        return op.expr.name
    if op.kind == "string":
        return op.data.decode("utf-8", "replace")
    raise SourceError(f"expected {what}", op.pos)


def _expr_operand(op) -> Node:
    if op.kind != "expr":
        raise SourceError("expected an expression", op.pos)
    return op.expr


def _constant(asm, op, what) -> int:
    return asm.ctx1.constant(_expr_operand(op), op.pos, what)


def check_data_range(value: int, width: int, pos: int) -> None:
    bits = 8 * width
    if not -(1 << (bits - 1)) <= value < (1 << bits):
        raise SourceError(f"value {value:#x} does not fit in {width} byte{'s' * (width > 1)}", pos)


def check_growth(frag, count: int, pos: int) -> None:
    """Refuse to grow `frag` by `count` bytes past MAX_SECTION_BYTES (before allocating them)."""
    if frag.size + count > MAX_SECTION_BYTES:
        raise SourceError(f"section {frag.name} would grow to {frag.size + count:#x} bytes "
                          f"(the limit is {MAX_SECTION_BYTES >> 20} MiB)", pos)


def emit_bytes(unit, data: bytes, origin, pos=0):
    frag = unit.current
    check_growth(frag, len(data), pos)
    if data:
        if frag.nobits:
            if any(data):
                raise SourceError(f"cannot store non-zero data in {frag.name} (it holds only zeros)", pos)
        else:
            frag.items.append((frag.size, len(data), BYTES, bytes(data), origin, None))
    frag.size += len(data)


def _gas_code_padding(count: int) -> bytes:
    """What gas's riscv_handle_align writes (no relaxation): a zero byte if the
    count is odd, a 2-byte c.nop if 2 or 3 bytes remain, then 4-byte nops."""
    excess = count % 4
    data = b"\0" * (excess % 2) + (b"\x01\x00" if excess >= 2 else b"")
    return data + NOP_BYTES * (count // 4)


def _ld_code_padding(count: int) -> bytes:
    """What GNU ld leaves of gas's worst-case nops once R_RISCV_ALIGN is
    resolved: 4-byte nops, then the start of a c.nop (01 00) over the rest."""
    tail = count % 4
    return NOP_BYTES * (count // 4) + b"\x01\x00\x00"[:tail]


def align_to(unit, alignment: int, fill: int | None, max_skip: int | None, origin):
    frag = unit.current
    frag.align = max(frag.align, alignment)
    code = "x" in frag.flags and not frag.nobits and fill is None
    if code and alignment <= 4:
        return            # gas never pads code to less than an instruction's alignment
    pad = (-frag.size) % alignment
    if max_skip is not None and pad > max_skip:
        return
    if code and unit.relax:
        excess = alignment - 4 - pad
        frag.code_aligns.append((frag.size, excess))
        frag.deleted += excess
        data = _ld_code_padding(pad)
    elif code:
        data = _gas_code_padding(pad)
    else:
        data = bytes([(fill or 0) & 0xFF]) * pad
    if data:
        emit_bytes(unit, data, origin)


def pad_code_section_end(unit, frag):
    """gas pads the end of a code section to the section's alignment, counting
    the worst-case alignment padding that ld removes afterwards."""
    if "x" not in frag.flags or frag.nobits:
        return
    object_size = frag.size + frag.deleted
    tail = (-object_size) % frag.align
    if tail:
        data = bytes(tail) if unit.relax else _gas_code_padding(tail)
        frag.items.append((frag.size, tail, BYTES, data, None, None))
        frag.size += tail


# --- handlers ------------------------------------------------------------------

def _section_directive(asm, unit, stmt, origin, snapshot):
    name = stmt.name.lower()
    if name in (".text", ".data", ".bss", ".rodata"):
        if stmt.operands:
            raise SourceError(f"'{stmt.name}' takes no operands", stmt.operands[0].pos)
        switch_section(asm, unit, name)
        return
    if name in (".section", ".pushsection"):
        _expect_count(stmt, 1, 4, 'a section name, then optionally "flags" and @type')
        section = _name_operand(stmt.operands[0], "a section name")
        flags = nobits = None
        if len(stmt.operands) > 1:
            op = stmt.operands[1]
            if op.kind != "string":
                raise SourceError('section flags must be a string such as "ax" or "aw"', op.pos)
            flags = "".join(c for c in op.data.decode() if c in "awxT")
        if len(stmt.operands) > 2:
            op = stmt.operands[2]
            kind = op.text.lstrip("@%") if op.kind == "tag" else _name_operand(op, "@progbits or @nobits")
            if kind not in ("progbits", "nobits", "note", "init_array", "fini_array"):
                raise SourceError(f"unknown section type '{kind}'", op.pos)
            nobits = kind == "nobits"
        if name == ".pushsection":
            unit.section_stack.append(unit.current)
        switch_section(asm, unit, section, flags, nobits)
        return
    if name == ".popsection":
        if not unit.section_stack:
            raise SourceError(".popsection without .pushsection", stmt.name_pos)
        frag = unit.section_stack.pop()
        unit.previous, unit.current = unit.current, frag
        return
    if name == ".previous":
        if unit.previous is not None:
            unit.previous, unit.current = unit.current, unit.previous


def _data(width):
    def handler(asm, unit, stmt, origin, snapshot):
        frag = unit.current
        values = []
        ctx = asm.ctx1
        for i, op in enumerate(stmt.operands):
            if op.kind != "expr":
                raise SourceError(f"'{stmt.name}' takes numbers or symbols, not strings", op.pos)
            # As in GNU as, `.` is the address of the value being emitted, not of the
            # directive: `.word x, y, . - x` with x at the start gives 8 (pass 2 agrees).
            ctx.offset = frag.size + i * width
            value = ctx.try_value(op.expr)
            if type(value) is int:
                check_data_range(value, width, op.pos)
            values.append((value, op.pos))
        if not values:
            return
        if all(type(v) is int for v, _ in values):
            mask = (1 << (8 * width)) - 1
            emit_bytes(unit, b"".join((v & mask).to_bytes(width, "little") for v, _ in values),
                       origin, stmt.operands[0].pos)
            return
        if frag.nobits:
            raise SourceError(f"cannot store addresses in {frag.name} (it holds only zeros)",
                              stmt.operands[0].pos)
        frag.items.append((frag.size, width * len(values), DATA, (width, values), origin, snapshot))
        frag.size += width * len(values)
    return handler


def _strings(terminator: bytes):
    def handler(asm, unit, stmt, origin, snapshot):
        for op in stmt.operands:
            if op.kind != "string":
                raise SourceError(f"'{stmt.name}' takes strings in double quotes", op.pos)
            emit_bytes(unit, op.data + terminator, origin, op.pos)
    return handler


def _leb128(signed):
    def handler(asm, unit, stmt, origin, snapshot):
        for op in stmt.operands:
            value = _constant(asm, op, stmt.name)
            if not signed:
                value &= (1 << 64) - 1    # GNU as's 64-bit values: .uleb128 -1 is ten bytes, not endless
            out = bytearray()
            while True:
                byte = value & 0x7F
                value >>= 7
                done = (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40) if signed \
                    else value == 0
                out.append(byte if done else byte | 0x80)
                if done:
                    break
            emit_bytes(unit, bytes(out), origin, op.pos)
    return handler


def _space(asm, unit, stmt, origin, snapshot):
    _expect_count(stmt, 1, 2, "a size and optionally a fill byte")
    size = _constant(asm, stmt.operands[0], stmt.name)
    if size < 0:
        raise SourceError(f"negative size {size}", stmt.operands[0].pos)
    fill = _constant(asm, stmt.operands[1], stmt.name) if len(stmt.operands) > 1 else 0
    if size > MAX_SECTION_BYTES:
        raise SourceError(f"size {size} is too large", stmt.operands[0].pos)
    check_growth(unit.current, size, stmt.operands[0].pos)
    emit_bytes(unit, bytes([fill & 0xFF]) * size, origin, stmt.operands[-1].pos)


def _fill(asm, unit, stmt, origin, snapshot):
    _expect_count(stmt, 1, 3, "repeat, optionally size and value")
    repeat = _constant(asm, stmt.operands[0], ".fill")
    size = _constant(asm, stmt.operands[1], ".fill") if len(stmt.operands) > 1 else 1
    value = _constant(asm, stmt.operands[2], ".fill") if len(stmt.operands) > 2 else 0
    if repeat < 0 or repeat > 1 << 28:
        raise SourceError(f"bad repeat count {repeat}", stmt.operands[0].pos)
    if not 0 <= size <= 8:
        raise SourceError(f".fill size {size} must be in [0, 8]", stmt.operands[1].pos)
    # GNU writes the value as at most 4 bytes, little-endian, zero above.
    one = (value & 0xFFFFFFFF).to_bytes(4, "little")[:size].ljust(size, b"\0")
    check_growth(unit.current, repeat * size, stmt.operands[0].pos)
    emit_bytes(unit, one * repeat, origin, stmt.operands[0].pos)


def _align(kind):
    def handler(asm, unit, stmt, origin, snapshot):
        _expect_count(stmt, 1, 3, "an alignment, optionally a fill value and a maximum skip")
        amount = _constant(asm, stmt.operands[0], stmt.name)
        if kind == "p2":
            if not 0 <= amount <= 16:
                raise SourceError(f"alignment power {amount} must be in [0, 16]", stmt.operands[0].pos)
            alignment = 1 << amount
        else:
            if amount < 1 or amount & (amount - 1):
                raise SourceError(f"alignment {amount} is not a power of 2", stmt.operands[0].pos)
            alignment = amount
        fill = None
        if len(stmt.operands) > 1 and not (stmt.operands[1].kind == "expr" and stmt.operands[1].expr is None):
            fill = _constant(asm, stmt.operands[1], stmt.name)
        max_skip = _constant(asm, stmt.operands[2], stmt.name) if len(stmt.operands) > 2 else None
        align_to(unit, alignment, fill, max_skip, origin)
    return handler


def _org(asm, unit, stmt, origin, snapshot):
    _expect_count(stmt, 1, 2, "a location and optionally a fill byte")
    value = asm.ctx1.try_value(stmt.operands[0].expr)
    frag = unit.current
    if isinstance(value, Rel) and value.section is frag:
        target = value.offset
    elif type(value) is int:
        target = value
    else:
        raise SourceError(".org needs a constant or an address in this section", stmt.operands[0].pos)
    if target < frag.size:
        raise SourceError(f".org cannot move backwards (from {frag.size:#x} to {target:#x})",
                          stmt.operands[0].pos)
    fill = _constant(asm, stmt.operands[1], ".org") if len(stmt.operands) > 1 else 0
    check_growth(frag, target - frag.size, stmt.operands[0].pos)
    emit_bytes(unit, bytes([fill & 0xFF]) * (target - frag.size), origin)


def _incbin(asm, unit, stmt, origin, snapshot):
    _expect_count(stmt, 1, 3, '"file", optionally skip and count')
    op = stmt.operands[0]
    if op.kind != "string":
        raise SourceError('.incbin takes a file name in double quotes', op.pos)
    name = op.data.decode("utf-8", "surrogateescape")
    path = asm.preprocessor.find_file(name, origin)
    if path is None:
        raise SourceError(f"incbin file '{name}' not found", op.pos)
    with open(path, "rb") as f:
        data = f.read()
    skip = _constant(asm, stmt.operands[1], ".incbin") if len(stmt.operands) > 1 else 0
    if not 0 <= skip <= len(data):
        raise SourceError(f"skip {skip} is outside the file ({len(data)} bytes)", stmt.operands[1].pos)
    data = data[skip:]
    if len(stmt.operands) > 2:
        count = _constant(asm, stmt.operands[2], ".incbin")
        if not 0 <= count <= len(data):
            raise SourceError(f"count {count} is more than the {len(data)} bytes left", stmt.operands[2].pos)
        data = data[:count]
    emit_bytes(unit, data, origin, op.pos)


def set_symbol(asm, unit, name, pos, expr, origin, snapshot, redefine):
    existing = unit.symbols.get(name)
    if existing is not None and (existing.kind != "equ" or not redefine):
        asm.define_symbol(unit, name, "equ", pos, origin, None)   # reports the duplicate
        return
    try:
        value, known = expr.eval(asm.ctx1), True
    except SourceError:
        value, known = expr, False
    definition = existing or asm.define_symbol(unit, name, "equ", pos, origin, value)
    definition.value, definition.known = value, known
    definition.where, definition.snapshot = Rel(unit.current, unit.current.size), snapshot
    definition.origin, definition.pos = origin, pos


def _equ(redefine):
    def handler(asm, unit, stmt, origin, snapshot):
        _expect_count(stmt, 2, 2, "a symbol name and a value")
        name = _name_operand(stmt.operands[0])
        set_symbol(asm, unit, name, stmt.operands[0].pos, _expr_operand(stmt.operands[1]), origin,
                   snapshot, redefine)
    return handler


def _globl(asm, unit, stmt, origin, snapshot):
    for op in stmt.operands:
        unit.global_names.setdefault(_name_operand(op), origin)


def _local(asm, unit, stmt, origin, snapshot):
    for op in stmt.operands:
        name = _name_operand(op)
        unit.global_names.pop(name, None)
        unit.local_names.add(name)


_TYPE_NAMES = {"function": "function", "STT_FUNC": "function", "object": "object",
               "STT_OBJECT": "object", "notype": "", "STT_NOTYPE": ""}


def _type(asm, unit, stmt, origin, snapshot):
    _expect_count(stmt, 2, 2, "a symbol name and a type such as @function")
    name = _name_operand(stmt.operands[0])
    op = stmt.operands[1]
    kind = op.text.lstrip("@%") if op.kind == "tag" else _name_operand(op, "a type such as @function")
    if kind not in _TYPE_NAMES:
        raise SourceError(f"unknown symbol type '{kind}'", op.pos)
    unit.types[name] = _TYPE_NAMES[kind]


def _size(asm, unit, stmt, origin, snapshot):
    _expect_count(stmt, 2, 2, "a symbol name and a size")
    name = _name_operand(stmt.operands[0])
    unit.sizes[name] = (_expr_operand(stmt.operands[1]), Rel(unit.current, unit.current.size),
                        snapshot, origin)


def _ignored(asm, unit, stmt, origin, snapshot):
    """Accepted for GNU compatibility; no effect on the bytes toyos produces."""


def _option(asm, unit, stmt, origin, snapshot):
    known = {"rvc", "norvc", "relax", "norelax", "push", "pop", "pic", "nopic", "arch",
             "csr-check", "no-csr-check"}
    if not stmt.operands:
        raise SourceError("'.option' needs an option name", stmt.name_pos)
    op = stmt.operands[0]
    word = op.expr.name if op.kind == "expr" and type(op.expr) is Sym else ""
    if word not in known:
        raise SourceError(f"unknown .option '{word or '?'}' (known: {', '.join(sorted(known))})", op.pos)
    if word == "relax":
        unit.relax = True
    elif word == "norelax":
        unit.relax = False
    elif word == "push":
        unit.option_stack.append(unit.relax)
    elif word == "pop":
        if not unit.option_stack:
            raise SourceError(".option pop without .option push", op.pos)
        unit.relax = unit.option_stack.pop()


HANDLERS = {
    ".text": _section_directive, ".data": _section_directive, ".bss": _section_directive,
    ".rodata": _section_directive, ".section": _section_directive,
    ".pushsection": _section_directive, ".popsection": _section_directive,
    ".previous": _section_directive,
    ".byte": _data(1), ".half": _data(2), ".short": _data(2), ".2byte": _data(2),
    ".word": _data(4), ".long": _data(4), ".4byte": _data(4), ".int": _data(4),
    ".dword": _data(8), ".8byte": _data(8), ".quad": _data(8),
    ".ascii": _strings(b""), ".asciz": _strings(b"\0"), ".string": _strings(b"\0"),
    ".uleb128": _leb128(False), ".sleb128": _leb128(True),
    ".zero": _space, ".space": _space, ".skip": _space, ".fill": _fill,
    ".align": _align("p2"), ".p2align": _align("p2"), ".balign": _align("bytes"),
    ".org": _org, ".incbin": _incbin,
    ".equ": _equ(True), ".set": _equ(True), ".equiv": _equ(False),
    ".globl": _globl, ".global": _globl, ".weak": _globl, ".local": _local,
    ".type": _type, ".size": _size, ".option": _option,
    ".hidden": _ignored, ".protected": _ignored, ".internal": _ignored,
    ".file": _ignored, ".ident": _ignored, ".attribute": _ignored, ".loc": _ignored,
    ".cfi_startproc": _ignored, ".cfi_endproc": _ignored, ".cfi_sections": _ignored,
    ".cfi_def_cfa_offset": _ignored, ".cfi_offset": _ignored, ".cfi_restore": _ignored,
    ".cfi_def_cfa": _ignored,
}

# Handled by asm/preprocess.py; listed here for "did you mean" suggestions.
PREPROCESSOR_DIRECTIVES = (".macro", ".endm", ".exitm", ".purgem", ".include", ".rept", ".irp",
                           ".irpc", ".endr", ".if", ".ifdef", ".ifndef", ".ifeq", ".ifne", ".ifgt",
                           ".ifge", ".iflt", ".ifle", ".ifc", ".ifnc", ".ifb", ".ifnb", ".else",
                           ".elseif", ".endif", ".err", ".error", ".end")


def run(asm, unit, stmt, origin, snapshot):
    handler = HANDLERS.get(stmt.name) or HANDLERS.get(stmt.name.lower())
    if handler is None:
        from .pseudo import unknown_mnemonic
        raise unknown_mnemonic(stmt.name, stmt.name_pos, tuple(HANDLERS) + PREPROCESSOR_DIRECTIVES)
    handler(asm, unit, stmt, origin, snapshot)
