"""The result of assembling and linking: sections, symbols, entry point,
and the three ways to write it out (ELF, flat binary, listing)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Section:
    name: str
    addr: int
    data: bytes          # for a NOBITS section (.bss): zeros of its size
    flags: str           # "ax", "a", "aw", ... as in `.section name, "flags"`
    nobits: bool = False
    align: int = 1

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class SymbolInfo:
    """One symbol table entry, as the ELF writer needs it."""
    name: str
    value: int
    section: str | None      # output section name; None for an absolute (.equ) symbol
    is_global: bool
    type: str = ""           # "function", "object" or ""
    size: int = 0
    filename: str = ""


@dataclass
class ListingRow:
    filename: str
    line: int
    addr: int | None
    data: bytes          # the first LISTING_BYTES bytes the statement produced
    text: str
    size: int = -1       # all the bytes it produced (-1: len(data))


LISTING_BYTES = 32       # a listing shows this much of one statement (.space 100000000 is one line)


@dataclass
class Program:
    sections: list[Section]
    symbols: dict[str, int]
    entry: int
    symbol_table: list[SymbolInfo] = field(default_factory=list)
    listing_rows: list[ListingRow] = field(default_factory=list)

    def section(self, name: str) -> Section | None:
        for section in self.sections:
            if section.name == name:
                return section
        return None

    def elf_bytes(self) -> bytes:
        from .elfwrite import write_elf
        return write_elf(self)

    def binary_bytes(self) -> bytes:
        """Flat image from the lowest loaded address; .bss and unloaded sections left out."""
        loaded = [s for s in self.sections if "a" in s.flags and not s.nobits and s.data]
        if not loaded:
            return b""
        start = min(s.addr for s in loaded)
        end = max(s.addr + len(s.data) for s in loaded)
        image = bytearray(end - start)
        for s in loaded:
            image[s.addr - start:s.addr - start + len(s.data)] = s.data
        return bytes(image)

    def listing(self) -> str:
        from .listing import format_listing
        return format_listing(self.listing_rows)
