"""Read ELF32 little-endian RISC-V files: header, program headers, sections, symbols.

Used by the VM loader, `toyos objdump`, the GDB stub and the tests.  It only
reads: asm/elfwrite.py writes.  Every malformed input raises ElfError with one
line saying what is wrong; nothing else escapes (the fuzz tests check that).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

EM_RISCV = 243
ELFCLASS32 = 1
ELFDATA2LSB = 1
ET_REL, ET_EXEC, ET_DYN = 1, 2, 3
PT_LOAD = 1
PF_X, PF_W, PF_R = 1, 2, 4
SHT_SYMTAB, SHT_STRTAB, SHT_NOBITS = 2, 3, 8
SHT_RISCV_ATTRIBUTES = 0x70000003
TAG_RISCV_ARCH, TAG_RISCV_PRIV_SPEC, TAG_RISCV_PRIV_SPEC_MINOR = 5, 8, 10
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
SHN_UNDEF, SHN_LORESERVE, SHN_ABS = 0, 0xFF00, 0xFFF1

_EHDR = struct.Struct("<16sHHIIIIIHHHHHH")       # 52 bytes
_PHDR = struct.Struct("<IIIIIIII")                # 32 bytes
_SHDR = struct.Struct("<IIIIIIIIII")              # 40 bytes
_SYM = struct.Struct("<IIIBBH")                   # 16 bytes

_SYM_TYPES = {0: "NOTYPE", 1: "OBJECT", 2: "FUNC", 3: "SECTION", 4: "FILE"}
_SYM_BINDS = {0: "LOCAL", 1: "GLOBAL", 2: "WEAK"}


class ElfError(Exception):
    """The file is not an ELF32 little-endian RISC-V file we can read."""


@dataclass(frozen=True)
class Segment:
    type: int
    offset: int
    vaddr: int
    paddr: int
    filesz: int
    memsz: int
    flags: int          # PF_R | PF_W | PF_X
    align: int
    data: bytes         # the filesz bytes from the file; the rest up to memsz is zero


@dataclass(frozen=True)
class Section:
    name: str
    type: int
    flags: int          # SHF_*
    addr: int
    offset: int
    size: int
    link: int
    info: int
    addralign: int
    entsize: int
    data: bytes         # b"" for SHT_NOBITS (.bss): `size` says how much memory it takes


@dataclass(frozen=True)
class Symbol:
    name: str
    value: int
    size: int
    type: str           # NOTYPE OBJECT FUNC SECTION FILE (or the number as text)
    binding: str        # LOCAL GLOBAL WEAK (or the number as text)
    shndx: int          # section index; SHN_UNDEF, SHN_ABS, ...


@dataclass
class ElfFile:
    elf_class: int      # ELFCLASS32 (the only one accepted)
    data_encoding: int  # ELFDATA2LSB (the only one accepted)
    type: int           # ET_EXEC, ET_REL, ...
    machine: int        # EM_RISCV (the only one accepted)
    entry: int
    flags: int
    segments: list[Segment] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    symbol_list: list[Symbol] = field(default_factory=list)   # sorted by (value, name)
    symbols: dict[str, int] = field(default_factory=dict)     # name -> value
    # .riscv.attributes (GNU as writes it): tag -> value, e.g. TAG_RISCV_ARCH -> "rv32i2p1_m2p0..."
    riscv_attributes: dict[int, int | str] = field(default_factory=dict)

    @property
    def load_segments(self) -> list[Segment]:
        return [s for s in self.segments if s.type == PT_LOAD]

    def section(self, name: str) -> Section | None:
        for s in self.sections:
            if s.name == name:
                return s
        return None


def read_elf(path) -> ElfFile:
    """Read and parse the file at `path`; errors name the file."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ElfError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        return parse_elf(data)
    except ElfError as e:
        raise ElfError(f"{path}: {e}") from None


def parse_elf(data: bytes) -> ElfFile:
    """Parse an ELF image held in memory."""
    data = bytes(data)
    if len(data) < 4 or data[:4] != b"\x7fELF":
        raise ElfError("not an ELF file (bad magic number)")
    if len(data) < _EHDR.size:
        raise ElfError(f"truncated ELF header ({len(data)} bytes, need {_EHDR.size})")
    (ident, e_type, machine, _version, entry, phoff, shoff, flags, _ehsize,
     phentsize, phnum, shentsize, shnum, shstrndx) = _EHDR.unpack_from(data)
    if ident[4] != ELFCLASS32:
        raise ElfError(f"not a 32-bit ELF file (EI_CLASS={ident[4]})")
    if ident[5] != ELFDATA2LSB:
        raise ElfError(f"not a little-endian ELF file (EI_DATA={ident[5]})")
    if machine != EM_RISCV:
        raise ElfError(f"not a RISC-V ELF file (e_machine={machine})")
    elf = ElfFile(ident[4], ident[5], e_type, machine, entry, flags)
    elf.segments = _segments(data, phoff, phentsize, phnum)
    elf.sections = _sections(data, shoff, shentsize, shnum, shstrndx)
    elf.symbol_list = _symbols(data, elf.sections)
    elf.symbols = _symbol_values(elf.symbol_list)
    for sec in elf.sections:
        if sec.type == SHT_RISCV_ATTRIBUTES:
            elf.riscv_attributes.update(_riscv_attributes(sec.data))
    return elf


def _table_bounds(data: bytes, what: str, offset: int, entsize: int, count: int, want: int) -> None:
    if count == 0:
        return
    if entsize != want:
        raise ElfError(f"bad {what} entry size {entsize} (expected {want})")
    if offset + entsize * count > len(data):
        raise ElfError(f"{what} table out of file bounds (offset {offset:#x}, {count} entries, file {len(data)} bytes)")


def _segments(data: bytes, phoff: int, phentsize: int, phnum: int) -> list[Segment]:
    _table_bounds(data, "program header", phoff, phentsize, phnum, _PHDR.size)
    segments = []
    for i in range(phnum):
        p_type, off, vaddr, paddr, filesz, memsz, p_flags, align = _PHDR.unpack_from(data, phoff + i * _PHDR.size)
        if p_type == PT_LOAD:
            if off + filesz > len(data):
                raise ElfError(f"segment {i} out of file bounds (offset {off:#x} + size {filesz:#x} > file {len(data):#x})")
            if filesz > memsz:
                raise ElfError(f"segment {i} has file size {filesz:#x} larger than memory size {memsz:#x}")
        seg_data = data[off:off + filesz] if p_type == PT_LOAD else b""
        segments.append(Segment(p_type, off, vaddr, paddr, filesz, memsz, p_flags, align, seg_data))
    return segments


def _string(table: bytes, offset: int, what: str) -> str:
    if offset >= len(table) and offset != 0:
        raise ElfError(f"{what} name offset {offset:#x} outside its string table")
    end = table.find(b"\0", offset)
    if end < 0:
        end = len(table)
    return table[offset:end].decode("utf-8", "replace")


def _sections(data: bytes, shoff: int, shentsize: int, shnum: int, shstrndx: int) -> list[Section]:
    _table_bounds(data, "section header", shoff, shentsize, shnum, _SHDR.size)
    raw = [_SHDR.unpack_from(data, shoff + i * _SHDR.size) for i in range(shnum)]
    for i, (_n, sh_type, _f, _a, off, size, *_rest) in enumerate(raw):
        if sh_type != SHT_NOBITS and off + size > len(data):
            raise ElfError(f"section {i} out of file bounds (offset {off:#x} + size {size:#x} > file {len(data):#x})")
    names = b""
    if shnum:
        if shstrndx >= shnum:
            raise ElfError(f"section name table index {shstrndx} out of range ({shnum} sections)")
        _n, _t, _f, _a, off, size, *_rest = raw[shstrndx]
        names = data[off:off + size]
    sections = []
    for name_off, sh_type, sh_flags, addr, off, size, link, info, align, entsize in raw:
        body = b"" if sh_type == SHT_NOBITS else data[off:off + size]
        sections.append(Section(_string(names, name_off, "section"), sh_type, sh_flags, addr, off,
                                size, link, info, align, entsize, body))
    return sections


def _symbols(data: bytes, sections: list[Section]) -> list[Symbol]:
    symbols = []
    for sec in sections:
        if sec.type != SHT_SYMTAB:
            continue
        if sec.link >= len(sections):
            raise ElfError(f"symbol table links to missing string table {sec.link}")
        strings = sections[sec.link].data
        if sec.size % _SYM.size:
            raise ElfError(f"symbol table size {sec.size:#x} is not a multiple of {_SYM.size}")
        for i in range(1, sec.size // _SYM.size):      # entry 0 is the null symbol
            name_off, value, size, info, _other, shndx = _SYM.unpack_from(sec.data, i * _SYM.size)
            sym_type = _SYM_TYPES.get(info & 0xF, str(info & 0xF))
            binding = _SYM_BINDS.get(info >> 4, str(info >> 4))
            symbols.append(Symbol(_string(strings, name_off, "symbol"), value, size, sym_type, binding, shndx))
    symbols.sort(key=lambda s: (s.value, s.name))
    return symbols


def _uleb(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while at < len(data):
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at
    raise ValueError("truncated ULEB128")


def _riscv_attributes(data: bytes) -> dict[int, int | str]:
    """The file-scope tags of a .riscv.attributes section (format 'A', vendor "riscv").

    Attributes only refine how tools print the file, so a malformed section is
    read as far as it goes rather than rejected."""
    tags: dict[int, int | str] = {}
    try:
        if data[:1] != b"A":
            return tags
        at = 1
        while at + 4 <= len(data):
            length = int.from_bytes(data[at:at + 4], "little")
            end = min(at + length, len(data))
            vendor_end = data.index(b"\0", at + 4)
            if data[at + 4:vendor_end] == b"riscv":
                sub = vendor_end + 1
                while sub + 5 <= end:
                    kind, size = data[sub], int.from_bytes(data[sub + 1:sub + 5], "little")
                    if kind == 1:                                  # Tag_File: attributes of the whole file
                        pos, stop = sub + 5, min(sub + size, end)
                        while pos < stop:
                            tag, pos = _uleb(data, pos)
                            if tag % 2:                            # odd tags hold strings, even ones numbers
                                nul = data.index(b"\0", pos)
                                tags[tag], pos = data[pos:nul].decode("utf-8", "replace"), nul + 1
                            else:
                                tags[tag], pos = _uleb(data, pos)
                    if size <= 0:
                        break
                    sub += size
            if length <= 0:
                break
            at += length
    except ValueError:
        pass
    return tags


def _symbol_values(symbols: list[Symbol]) -> dict[str, int]:
    """name -> value for named, defined symbols; a global wins over a local of the same name."""
    values: dict[str, int] = {}
    globals_seen: set[str] = set()
    for s in symbols:
        if not s.name or s.type in ("SECTION", "FILE") or s.shndx == SHN_UNDEF:
            continue
        is_global = s.binding != "LOCAL"
        if s.name in globals_seen or (s.name in values and not is_global):
            continue
        values[s.name] = s.value
        if is_global:
            globals_seen.add(s.name)
    return values
