"""Linker-lite: place every file's section fragments in memory and build the
table of global symbols.

Input sections are grouped into output sections the way GNU ld's default
script does (`.text.*` into `.text`, `.rodata.*` into `.rodata`, ...), in
command-line file order.  Output sections go in four groups, each starting
on a new page: code (R X), read-only data (R), data and then bss (R W).
Sections without the "a" flag are not loaded and sit at address 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Diagnostic

PAGE = 0x1000

_PREFIXES = ((".text", ".text"), (".rodata", ".rodata"), (".srodata", ".rodata"),
             (".data", ".data"), (".sdata", ".data"), (".bss", ".bss"), (".sbss", ".bss"))


def output_name(name: str) -> str:
    for prefix, output in _PREFIXES:
        if name == prefix or name.startswith(prefix + "."):
            return output
    return name


def group_of(flags: str, nobits: bool) -> int:
    """0 code, 1 read-only data, 2 data, 3 bss, 4 not loaded."""
    if "a" not in flags:
        return 4
    if "x" in flags:
        return 0
    if nobits:
        return 3
    return 2 if "w" in flags else 1


def align_up(value: int, alignment: int) -> int:
    return (value + alignment - 1) // alignment * alignment


@dataclass
class OutputSection:
    name: str
    flags: str
    nobits: bool
    group: int
    fragments: list = field(default_factory=list)
    addr: int = 0
    size: int = 0

    @property
    def align(self) -> int:
        return max((f.align for f in self.fragments), default=1)


def layout(units, base: int, section_starts: dict | None) -> list[OutputSection]:
    """Give every fragment its address; return the output sections in address order."""
    starts = dict(section_starts or {})
    outputs: dict[str, OutputSection] = {}
    for unit in units:
        for frag in unit.fragments:
            name = output_name(frag.name)
            out = outputs.get(name)
            if out is None:
                out = outputs[name] = OutputSection(name, frag.flags, frag.nobits,
                                                    group_of(frag.flags, frag.nobits))
            out.fragments.append(frag)
    standard = {".text": 0, ".rodata": 0, ".data": 0, ".bss": 0}
    ordered = sorted(outputs.values(), key=lambda o: (o.group, 0 if o.name in standard else 1))
    cursor = base
    previous_group = None
    for out in ordered:
        if out.group == 4:
            _place(out, 0)
            continue
        if previous_group is not None and _segment(out.group) != _segment(previous_group):
            cursor = align_up(cursor, PAGE)
        start = starts.get(out.name)
        out.addr = start if start is not None else align_up(cursor, out.align)
        _place(out, out.addr)
        if out.size or start is not None:
            cursor = out.addr + out.size
            previous_group = out.group
    return [o for o in ordered if o.size or o.name in starts]


def _segment(group: int) -> int:
    return 2 if group == 3 else group


def _place(out: OutputSection, addr: int) -> None:
    out.addr = addr
    cursor = addr
    for frag in out.fragments:
        frag.address = align_up(cursor, frag.align)
        cursor = frag.address + frag.size
    out.size = cursor - addr


def global_symbols(units) -> tuple[dict, list[Diagnostic]]:
    """name -> SymbolDef for every .globl symbol defined somewhere; duplicate errors."""
    table: dict = {}
    errors: list[Diagnostic] = []
    for unit in units:
        for name in unit.global_names:
            definition = unit.symbols.get(name)
            if definition is None:
                continue
            first = table.get(name)
            if first is not None:
                errors.append(_duplicate(name, definition, first))
                continue
            table[name] = definition
    return table, errors


def _duplicate(name, second, first) -> Diagnostic:
    note = first.origin.diagnostic("first defined here", first.pos, severity="note")
    error = second.origin.diagnostic(f"global symbol '{name}' is defined in two files "
                                     f"({first.origin.filename} and {second.origin.filename})",
                                     second.pos)
    return Diagnostic(error.filename, error.line, error.col, error.message, error.source_line,
                      "error", error.notes + (note,))
