"""Assemble source files into a linked Program: the two passes.

Pass 1 reads each file's statements in order (through asm/preprocess.py),
defines labels, sizes every instruction and directive, and evaluates what it
already can.  Then asm/link.py places the fragments in memory, and pass 2
evaluates what was left (forward references, addresses, %hi/%pcrel_*) and
encodes.  Errors are collected per statement and raised together as one
AsmError at the end of the first pass that found any.

Public API:
    assemble_files(paths, *, include_dirs=(), base=0x80000000, section_starts=None, entry=None)
    assemble_text(text, filename="<input>", **same_kwargs)
both return a Program (asm/program.py) or raise AsmError.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import directives, isa, link, pseudo, relax
from .encode import MachineInsn, encode
from .errors import AsmError, Diagnostic, Origin, SourceError
from .expressions import LocalRef, Node, Rel, Sym, sext
from .parser import parse_expression, parse_statement
from .preprocess import Preprocessor
from .program import LISTING_BYTES, ListingRow, Program, Section, SymbolInfo

DEFAULT_BASE = 0x80000000
_INVERSE_BRANCH = {"beq": "bne", "bne": "beq", "blt": "bge", "bge": "blt",
                   "bltu": "bgeu", "bgeu": "bltu"}
BYTES, INSN, DATA = 0, 1, 2


@dataclass(eq=False)
class Fragment:
    """One section of one file: its items at offsets, then its final address."""
    unit: "Unit"
    name: str
    flags: str
    nobits: bool
    align: int
    size: int = 0
    items: list = field(default_factory=list)   # (offset, size, kind, payload, origin, snapshot)
    address: int = 0
    data: bytearray | None = None
    code_aligns: list = field(default_factory=list)   # (offset, excess padding GNU ld deletes)
    deleted: int = 0                                   # total of those excesses


@dataclass(eq=False)
class SymbolDef:
    name: str
    kind: str                 # "label" or "equ"
    origin: Origin
    pos: int
    unit: "Unit"
    value: object = None      # label: Rel; equ: int/Rel once known, else the Node
    where: Rel | None = None  # equ: location of the definition, for '.'
    snapshot: dict | None = None
    known: bool = False
    resolving: bool = False


class Unit:
    """Everything one source file defines."""

    def __init__(self, filename: str, index: int):
        self.filename = filename
        self.index = index
        self.fragments: list[Fragment] = []
        self.by_name: dict[str, Fragment] = {}
        self.current: Fragment | None = None
        self.section_stack: list = []
        self.previous: Fragment | None = None
        self.symbols: dict[str, SymbolDef] = {}
        self.global_names: dict[str, Origin] = {}
        self.local_names: set[str] = set()
        self.types: dict[str, str] = {}
        self.sizes: dict[str, tuple] = {}
        self.local_counts: dict[int, int] = {}
        self.local_defs: dict[int, list[Rel]] = {}
        self.relax = True              # .option relax/norelax: how GNU aligns code
        self.option_stack: list[bool] = []


class Pass1Context:
    """Expression context while reading: labels are Rel, forward references fail."""

    def __init__(self, assembler):
        self.asm = assembler
        self.unit: Unit | None = None
        self.frag: Fragment | None = None
        self.offset = 0
        self.snapshot: dict | None = None   # set when re-evaluating a statement after the file

    @property
    def pc(self):
        raise SourceError("address not known before linking", None)

    def symbol(self, name, pos):
        if name == ".":
            return Rel(self.frag, self.offset)
        definition = self.unit.symbols.get(name)
        if definition is None:
            raise SourceError(f"undefined symbol '{name}'", pos)
        return self.asm.value_pass1(definition, pos)

    def local_label(self, number, forward, pos):
        if self.snapshot is not None:
            count = self.snapshot.get(number, 0)
            defs = self.unit.local_defs.get(number, [])
            index = count if forward else count - 1
            if 0 <= index < len(defs):
                return defs[index]
            raise SourceError(f"local label '{number}{'f' if forward else 'b'}' is not defined", pos)
        if forward:
            raise SourceError(f"local label '{number}f' is defined later", pos)
        count = self.unit.local_counts.get(number, 0)
        if count == 0:
            raise SourceError(f"local label '{number}b' has no earlier definition", pos)
        return self.unit.local_defs[number][count - 1]

    def pcrel_offset(self, value, pos):
        raise SourceError("%pcrel_hi is known only after linking", pos)

    def pcrel_lo(self, value, pos):
        raise SourceError("%pcrel_lo is known only after linking", pos)

    def constant(self, expr: Node, pos: int, what: str) -> int:
        try:
            value = expr.eval(self)
        except SourceError as exc:
            raise SourceError(f"{what} needs a constant known at this point: {exc.message}",
                              exc.offset) from None
        if isinstance(value, Rel):
            raise SourceError(f"{what} needs a constant, not an address", pos)
        return value

    def try_value(self, expr):
        """The value if it is known now, else the expression itself (for pass 2)."""
        try:
            return expr.eval(self)
        except SourceError:
            return expr


class Pass2Context:
    """Expression context after layout: every address is an int."""

    def __init__(self, assembler):
        self.asm = assembler
        self.unit: Unit | None = None
        self.pc = 0
        self.snapshot: dict | None = None

    def symbol(self, name, pos):
        if name == ".":
            return self.pc
        definition = self.unit.symbols.get(name) or self.asm.globals.get(name)
        if definition is None:
            raise SourceError(self.asm.undefined_message(name, self.unit), pos)
        return self.asm.value_pass2(definition, pos)

    def local_label(self, number, forward, pos):
        count = (self.snapshot or {}).get(number, 0)
        defs = self.unit.local_defs.get(number, [])
        index = count if forward else count - 1
        if not 0 <= index < len(defs):
            direction = "later" if forward else "earlier"
            raise SourceError(f"local label '{number}{'f' if forward else 'b'}' has no "
                              f"{direction} definition", pos)
        rel = defs[index]
        return rel.section.address + rel.offset

    def pcrel_offset(self, value, pos):
        return value - self.pc

    def pcrel_lo(self, value, pos):
        offset = self.asm.auipc_offsets.get(value)
        if offset is None:
            raise SourceError("%pcrel_lo must name the label of an auipc that uses %pcrel_hi", pos)
        return sext(offset, 12)

    def resolve(self, value, pos):
        if type(value) is int:
            return value
        if isinstance(value, Rel):
            return value.section.address + value.offset
        result = value.eval(self)
        return result if type(result) is int else result.section.address + result.offset


class Assembler:
    def __init__(self, include_dirs=(), base=DEFAULT_BASE, section_starts=None, entry=None):
        self.include_dirs = tuple(include_dirs)
        self.base = base
        self.section_starts = dict(section_starts or {})
        self.entry = entry
        self.units: list[Unit] = []
        self.diagnostics: list[Diagnostic] = []
        self.globals: dict[str, SymbolDef] = {}
        self.auipc_offsets: dict[int, int] = {}
        self.statement_log: list = []      # (origin, text, fragment, start, end) per statement
        self.long_branches: set[int] = set()   # ordinals of branches emitted in long form
        self.relaxable: list = []               # (ordinal, fragment, offset, target, snapshot)
        self.ctx1 = Pass1Context(self)
        self.ctx2 = Pass2Context(self)
        self.preprocessor: Preprocessor | None = None

    # --- diagnostics -------------------------------------------------------
    def report(self, origin: Origin, message: str, offset=None):
        self.diagnostics.append(origin.diagnostic(message, offset))

    def undefined_message(self, name: str, unit: Unit) -> str:
        for other in self.units:
            if other is not unit and name in other.symbols:
                return (f"undefined symbol '{name}' (it is defined in {other.filename} "
                        "but not declared .globl there)")
        return f"undefined symbol '{name}'"

    # --- pass 1 --------------------------------------------------------------
    def add_file(self, path: str, text: str | None = None) -> None:
        """Pass 1 over one file, repeated until every branch has its final size.

        GNU as turns a conditional branch into `b<inverse> .+8; jal target`
        when the target is not a label in the same section within +-4 KiB.
        That depends on later code, so the file's statement stream is replayed
        with the decisions of the previous round until nothing changes (sizes
        only grow, so this ends).  Each round starts from a fresh Unit.
        """
        if text is None:
            try:
                with open(path, encoding="utf-8", errors="surrogateescape") as f:
                    text = f.read()
            except OSError as exc:
                self.diagnostics.append(Diagnostic(path, 0, 0, f"cannot read file: {exc.strerror}"))
                return
            if "\0" in text:       # one line for an ELF or a picture, not an error per line of it
                self.diagnostics.append(Diagnostic(
                    path, 0, 0, "not an assembly source: the file holds NUL bytes (binary data?)"))
                return
        index = len(self.units)
        diagnostics_before = len(self.diagnostics)
        log_before = len(self.statement_log)
        preprocessor_diagnostics: list[Diagnostic] = []
        self.preprocessor = Preprocessor(
            self.include_dirs, self._evaluate_condition, self._is_defined,
            lambda origin, message, offset=None: preprocessor_diagnostics.append(
                origin.diagnostic(message, offset)))
        stream = self.preprocessor.run_file(path, text)
        recorded: list = []
        self.long_branches = set()
        while True:
            unit = Unit(path, index)
            self.units[index:] = [unit]
            del self.diagnostics[diagnostics_before:]
            del self.statement_log[log_before:]
            self.relaxable = []
            directives.switch_section(self, unit, ".text")
            for item in stream:
                if stream is not recorded:
                    recorded.append(item)
                self.statement(unit, *item)
            stream = recorded
            if self.long_branches:
                break
            self.long_branches = self._gnu_long_branches(unit)
            if not self.long_branches:
                break
        for frag in unit.fragments:
            directives.pad_code_section_end(unit, frag)
        self.diagnostics += preprocessor_diagnostics
        self.diagnostics[diagnostics_before:] = sorted(
            self.diagnostics[diagnostics_before:],
            key=lambda d: (d.filename != path, d.filename, d.line, d.col))

    def _gnu_long_branches(self, unit) -> set:
        """After a round with every branch short: the branches GNU makes long."""
        ctx = self.ctx1
        per_fragment: dict = {}
        for ordinal, frag, offset, (target, written), snapshot in self.relaxable:
            ctx.unit, ctx.frag, ctx.offset, ctx.snapshot = unit, frag, offset, snapshot
            value = ctx.try_value(target) if isinstance(target, Node) else target
            target_offset = value.offset if isinstance(value, Rel) and value.section is frag else None
            anchor = _anchor_offset(written, ctx, frag) if target_offset is not None else None
            per_fragment.setdefault(frag, []).append(
                (ordinal, offset, target_offset, target_offset if anchor is None else anchor))
        ctx.snapshot = None
        grown = set()
        for frag, branches in per_fragment.items():
            grown |= relax.long_branches(branches, frag.code_aligns)
        return grown

    def _evaluate_condition(self, text, origin, offset):
        try:
            expr = parse_expression(text)
            self._locate(self.units[-1])
            return self.ctx1.constant(expr, 0, "this directive")
        except SourceError as exc:
            raise SourceError(exc.message, offset + (exc.offset or 0)) from None

    def _is_defined(self, name):
        return name in self.units[-1].symbols

    def _locate(self, unit):
        ctx = self.ctx1
        ctx.unit = unit
        ctx.frag = unit.current
        ctx.offset = unit.current.size

    def statement(self, unit: Unit, text: str, origin: Origin) -> None:
        try:
            stmt = parse_statement(text)
        except SourceError as exc:
            self.report(origin, exc.message, exc.offset)
            return
        frag = unit.current
        start = frag.size
        try:
            for label, pos in stmt.labels:
                self.define_label(unit, label, pos, origin)
            if stmt.name is not None:
                self._locate(unit)
                snapshot = dict(unit.local_counts) if stmt.has_local_refs else None
                if stmt.assign is not None:
                    directives.set_symbol(self, unit, stmt.name, stmt.name_pos, stmt.assign, origin,
                                          snapshot, redefine=True)
                elif stmt.name[0] == "." and stmt.name not in pseudo.FORMS:
                    directives.run(self, unit, stmt, origin, snapshot)
                else:
                    self.instruction(unit, stmt, origin, snapshot)
        except SourceError as exc:
            self.report(origin, exc.message, exc.offset)
        frag_now = unit.current
        if frag_now is frag:
            self.statement_log.append((origin, text, frag, start, frag.size))
        else:
            self.statement_log.append((origin, text, frag_now, frag_now.size, frag_now.size))

    def define_label(self, unit: Unit, label, pos: int, origin: Origin) -> None:
        frag = unit.current
        where = Rel(frag, frag.size)
        if type(label) is int:
            count = unit.local_counts.get(label, 0)
            unit.local_defs.setdefault(label, []).append(where)
            unit.local_counts[label] = count + 1
            return
        self.define_symbol(unit, label, "label", pos, origin, where)

    def define_symbol(self, unit, name, kind, pos, origin, value, redefine=False) -> SymbolDef:
        existing = unit.symbols.get(name)
        if existing is not None and not (redefine and existing.kind == "equ" and kind == "equ"):
            note = existing.origin.diagnostic("previous definition is here", existing.pos, "note")
            error = origin.diagnostic(f"symbol '{name}' is already defined", pos)
            self.diagnostics.append(Diagnostic(error.filename, error.line, error.col, error.message,
                                               error.source_line, "error", error.notes + (note,)))
            return existing
        definition = SymbolDef(name, kind, origin, pos, unit, value, known=kind == "label")
        unit.symbols[name] = definition
        return definition

    def instruction(self, unit: Unit, stmt, origin: Origin, snapshot) -> None:
        frag = unit.current
        if frag.nobits:
            raise SourceError(f"instructions cannot go in {frag.name} (it holds only zeros)",
                              stmt.name_pos)
        ctx = self.ctx1
        machines = pseudo.expand(stmt.name, stmt.operands, stmt.name_pos, ctx)
        written_target = machines[0].values[-1] if machines and machines[0].values else None
        for machine in machines:
            values = machine.values
            for i, value in enumerate(values):
                if isinstance(value, Node):
                    values[i] = ctx.try_value(value)
                elif type(value) is tuple and isinstance(value[0], Node):
                    values[i] = (ctx.try_value(value[0]), value[1])
        if len(machines) == 1 and machines[0].row.operands[-1:] == ("branch",):
            machines = self._relaxable_branch(frag, machines[0], snapshot, written_target)
        for machine in machines:
            frag.items.append((frag.size, 4, INSN, machine, origin, snapshot))
            frag.size += 4

    def _relaxable_branch(self, frag, branch: MachineInsn, snapshot, written_target) -> list[MachineInsn]:
        ordinal = len(self.relaxable)
        target = branch.values[-1]
        self.relaxable.append((ordinal, frag, frag.size, (target, written_target), snapshot))
        if ordinal not in self.long_branches:
            return [branch]
        inverse = isa.BY_NAME[_INVERSE_BRANCH[branch.row.name]]
        skip = MachineInsn(inverse, branch.values[:-1] + [Rel(frag, frag.size + 8)], branch.positions)
        jump = MachineInsn(isa.BY_NAME["jal"], [0, target], [branch.positions[0], branch.positions[-1]])
        return [skip, jump]

    def value_pass1(self, definition: SymbolDef, pos: int):
        if definition.known:
            return definition.value
        if definition.resolving:
            raise SourceError(f"symbol '{definition.name}' is defined in terms of itself", pos)
        saved = (self.ctx1.unit, self.ctx1.frag, self.ctx1.offset)
        definition.resolving = True
        try:
            self.ctx1.unit = definition.unit
            self.ctx1.frag = definition.where.section
            self.ctx1.offset = definition.where.offset
            value = definition.value.eval(self.ctx1)
        finally:
            definition.resolving = False
            self.ctx1.unit, self.ctx1.frag, self.ctx1.offset = saved
        definition.value, definition.known = value, True
        return value

    # --- pass 2 --------------------------------------------------------------
    def value_pass2(self, definition: SymbolDef, pos: int) -> int:
        if definition.known:
            value = definition.value
            return value if type(value) is int else value.section.address + value.offset
        if definition.resolving:
            raise SourceError(f"symbol '{definition.name}' is defined in terms of itself", pos)
        ctx = Pass2Context(self)
        ctx.unit = definition.unit
        ctx.pc = definition.where.section.address + definition.where.offset
        ctx.snapshot = definition.snapshot
        definition.resolving = True
        try:
            value = definition.value.eval(ctx)
        finally:
            definition.resolving = False
        definition.value, definition.known = value, True
        return value

    def link_and_encode(self) -> Program:
        self.globals, errors = link.global_symbols(self.units)
        self.diagnostics += errors
        outputs = link.layout(self.units, self.base, self.section_starts)
        for out in outputs:         # GNU ld: "section .text VMA wraps around address space"
            if out.group != 4 and out.addr + out.size > 1 << 32:
                where = self.units[0].filename if self.units else "toyos as"
                raise AsmError([Diagnostic(where, 0, 0, f"section {out.name} at {out.addr:#x} "
                                           f"({out.size:#x} bytes) wraps around the 32-bit address space")])
        self._collect_auipc_targets()
        for unit in self.units:
            for frag in unit.fragments:
                self._encode_fragment(frag)
        symbol_table = self._symbol_table(outputs)
        entry = self._entry(outputs)
        if self.diagnostics:
            raise AsmError(_unique(self.diagnostics))
        sections = []
        for out in outputs:
            data = bytearray(out.size)
            for frag in out.fragments:
                if frag.data is not None:
                    start = frag.address - out.addr
                    data[start:start + frag.size] = frag.data
            sections.append(Section(out.name, out.addr, bytes(data), out.flags, out.nobits, out.align))
        symbols = {}
        for info in symbol_table:
            if not info.is_global:
                symbols.setdefault(info.name, info.value)
        for info in symbol_table:
            if info.is_global:
                symbols[info.name] = info.value
        return Program(sections, symbols, entry, symbol_table, self._listing_rows())

    def _collect_auipc_targets(self):
        ctx = self.ctx2
        for unit in self.units:
            ctx.unit = unit
            for frag in unit.fragments:
                for offset, size, kind, payload, origin, snapshot in frag.items:
                    if kind != INSN or payload.row.name != "auipc":
                        continue
                    hi = payload.values[1]
                    if isinstance(hi, Node) and getattr(hi, "kind", None) == "pcrel_hi":
                        ctx.pc = frag.address + offset
                        ctx.snapshot = snapshot
                        try:
                            target = ctx.resolve(hi.arg, hi.pos)
                        except SourceError:
                            continue   # reported when the auipc itself is encoded
                        self.auipc_offsets[ctx.pc] = target - ctx.pc

    def _encode_fragment(self, frag: Fragment) -> None:
        ctx = self.ctx2
        ctx.unit = frag.unit
        resolve = ctx.resolve
        data = bytearray(frag.size)
        base = frag.address
        for offset, size, kind, payload, origin, snapshot in frag.items:
            ctx.pc = base + offset
            ctx.snapshot = snapshot
            try:
                if kind == BYTES:
                    data[offset:offset + size] = payload
                elif kind == INSN:
                    data[offset:offset + 4] = encode(payload, ctx.pc, resolve).to_bytes(4, "little")
                else:
                    width, values = payload
                    for i, (value, pos) in enumerate(values):
                        at = offset + i * width
                        ctx.pc = base + at     # `.` is the value's own address
                        number = resolve(value, pos)
                        directives.check_data_range(number, width, pos)
                        data[at:at + width] = (number & ((1 << (8 * width)) - 1)).to_bytes(width, "little")
            except SourceError as exc:
                self.report(origin, exc.message, exc.offset)
            if frag.nobits and any(data[offset:offset + size]):
                self.report(origin, f"cannot store non-zero data in {frag.name} (it holds only zeros)", 0)
        frag.data = None if frag.nobits else data

    def _symbol_table(self, outputs) -> list[SymbolInfo]:
        section_of = {}
        for out in outputs:
            for frag in out.fragments:
                section_of[id(frag)] = out.name
        table = []
        for unit in self.units:
            for name, definition in unit.symbols.items():
                if name.startswith(".L"):
                    continue
                try:
                    value = self.value_pass2(definition, definition.pos)
                except SourceError as exc:
                    self.report(definition.origin, exc.message, exc.offset)
                    continue
                raw = definition.value
                section = section_of.get(id(raw.section)) if isinstance(raw, Rel) else None
                size = 0
                if name in unit.sizes:
                    size = self._symbol_size(unit, *unit.sizes[name])
                table.append(SymbolInfo(name, value & 0xFFFFFFFF, section, name in unit.global_names,
                                        unit.types.get(name, ""), size, unit.filename))
        return table

    def _symbol_size(self, unit, expr, where, snapshot, origin) -> int:
        ctx = Pass2Context(self)
        ctx.unit, ctx.snapshot = unit, snapshot
        ctx.pc = where.section.address + where.offset
        try:
            return ctx.resolve(expr, expr.pos) & 0xFFFFFFFF
        except SourceError as exc:
            self.report(origin, exc.message, exc.offset)
            return 0

    def _entry(self, outputs) -> int:
        entry = self.entry
        if isinstance(entry, int):
            return entry
        if entry is not None:
            definition = self.globals.get(entry) or next(
                (u.symbols[entry] for u in self.units if entry in u.symbols), None)
            if definition is None:
                self.diagnostics.append(Diagnostic("toyos as", 0, 0, f"entry symbol '{entry}' is not defined"))
                return 0
            return self.value_pass2(definition, 0)
        definition = self.globals.get("_start") or next(
            (u.symbols["_start"] for u in self.units if "_start" in u.symbols), None)
        if definition is not None:
            try:
                return self.value_pass2(definition, 0)
            except SourceError:
                return 0
        text = next((o for o in outputs if o.name == ".text"), None)
        return text.addr if text is not None else self.base

    def _listing_rows(self) -> list[ListingRow]:
        rows = []
        for origin, text, frag, start, end in self.statement_log:
            if frag.data is None or frag.nobits:
                data, size = b"", 0
            else:
                data, size = bytes(frag.data[start:min(end, start + LISTING_BYTES)]), end - start
            rows.append(ListingRow(origin.filename, origin.line, frag.address + start, data, text, size))
        return rows


def assemble_files(paths, *, include_dirs=(), base=DEFAULT_BASE, section_starts=None, entry=None,
                   _texts=None) -> Program:
    """Assemble and link `paths` into one Program; raise AsmError on any mistake."""
    assembler = Assembler(include_dirs, base, section_starts, entry)
    if isinstance(paths, str):
        paths = [paths]
    for i, path in enumerate(paths):
        assembler.add_file(path, None if _texts is None else _texts[i])
    if assembler.diagnostics:
        raise AsmError(_unique(assembler.diagnostics))
    return assembler.link_and_encode()


def _unique(diagnostics):
    """Drop repeats (one la/call reports an undefined symbol for each of its two words)."""
    seen, out = set(), []
    for d in diagnostics:
        key = (d.filename, d.line, d.col, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def assemble_text(text, filename="<input>", **kwargs) -> Program:
    """Assemble one source given as a string (its .include paths resolve from the cwd and -I)."""
    return assemble_files([filename], _texts=[text], **kwargs)


def _anchor_offset(expr, ctx, frag):
    """Offset of the label a branch target is written relative to (`.` for
    `. + 4094`), or None.  gas ties `label + k` to the frag of `label`, so the
    distance moves with that label, not with whatever lies at the target."""
    if isinstance(expr, (Sym, LocalRef)):
        value = ctx.try_value(expr)
        return value.offset if isinstance(value, Rel) and value.section is frag else None
    for child in (getattr(expr, name, None) for name in ("inner", "operand", "left", "right")):
        if isinstance(child, Node):
            found = _anchor_offset(child, ctx, frag)
            if found is not None:
                return found
    return None
