"""`toyos objdump`: print an ELF file the way GNU objdump does.

`-d` disassembles every executable section, line for line as
`riscv64-unknown-elf-objdump -d` (binutils 2.40) prints it: the file header,
`Disassembly of section .text:`, a `<sym>:` heading where each symbol starts,
`address:<tab>word<tab>instruction`, runs of zero bytes shown as `...`, and
`$d` mapping-symbol regions as `.word`/`.short`/`.byte` data.  It also lists the
section headers (`--section-headers`, GNU's -h).  The instruction text comes from asm/disasm.py.
"""
from __future__ import annotations

import bisect
import sys

from asm.disasm import Disassembler, SymbolTable
from asm.elfread import (SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS,
                         TAG_RISCV_PRIV_SPEC, TAG_RISCV_PRIV_SPEC_MINOR, ElfError,
                         ElfFile, Section, read_elf)

_SKIP_ZEROES = 8          # objdump shows a run of at least this many zero bytes as "..."
_SKIP_ZEROES_AT_END = 3   # ... and a shorter run that ends the symbol's range
_BYTES_PER_LINE = 8       # objdump's raw-bytes column, for RISC-V
_DUMP_BYTES_PER_LINE = 16  # ... and for an object's bytes, which it dumps rather than disassembles


def configure(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="ELF files to show")
    parser.add_argument("-d", "--disassemble", action="store_true",
                        help="disassemble the executable sections (the default)")
    # GNU's short -h would shadow --help's -h, which every toyos command answers.
    parser.add_argument("--section-headers", "--headers", action="store_true",
                        help="list the section headers (GNU objdump's -h)")


def execute(args) -> int:
    status = 0
    for path in args.files:
        try:
            elf = read_elf(path)
        except ElfError as e:
            print(f"toyos objdump: error: {e}", file=sys.stderr)
            status = 1
            continue
        out = [f"\n{path}:     file format elf32-littleriscv\n\n"]
        if args.section_headers:
            out.append(section_headers(elf))
        if args.disassemble or not args.section_headers:
            out.append(disassembly(elf))
        sys.stdout.write("".join(out))
    return status


# --- -d -----------------------------------------------------------------------

def disassembly(elf: ElfFile) -> str:
    symbols = SymbolTable(elf.symbol_list)
    attrs = elf.riscv_attributes        # GNU as records the privileged spec it assumed
    priv_spec = (attrs.get(TAG_RISCV_PRIV_SPEC, 1), attrs.get(TAG_RISCV_PRIV_SPEC_MINOR, 12)) \
        if TAG_RISCV_PRIV_SPEC in attrs else (1, 12)
    dis = Disassembler(symbols, priv_spec=priv_spec)   # one state for the whole file, as objdump keeps
    per_chunk = 1
    out = []
    for index, section in enumerate(elf.sections):
        if section.flags & SHF_EXECINSTR and section.flags & SHF_ALLOC \
                and section.type != SHT_NOBITS and section.size:
            out.append(f"\nDisassembly of section {section.name}:\n")
            dis.section = index
            text, per_chunk = _section(section, index, elf, dis, per_chunk)
            out.append(text)
    return "".join(out)


def _section(section: Section, index: int, elf: ElfFile, dis: Disassembler, per_chunk: int) -> tuple[str, int]:
    start, end = section.addr, section.addr + len(section.data)
    own = SymbolTable([s for s in elf.symbol_list if s.shndx == index])
    # Mapping symbols ($x code, $d data) written by GNU as; without them all is code.
    mapping = {s.value: s.name[1] for s in elf.symbol_list
               if s.shndx == index and s.name[:2] in ("$x", "$d")}
    sweep = _Sweep(section, _skip_addr_chars(start, end), dis, mapping)
    sweep.per_chunk = per_chunk
    stops = sorted({e.value for e in own.entries if start < e.value < end}) + [end]
    out, addr = [], start
    for stop in stops:
        if addr < stop:
            sym = own.lookup(addr)
            out.append(f"\n{_heading(addr, own, section)}:\n")
            out.append(sweep.range(addr, stop, dump=bool(sym and sym.is_object)))
            addr = stop
    return "".join(out), sweep.per_chunk


def _heading(addr: int, own: SymbolTable, section: Section) -> str:
    sym = own.lookup(addr)
    name, value = (sym.name, sym.value) if sym else (section.name, section.addr)
    offset = "" if addr == value else f"+0x{addr - value:x}" if addr > value else f"-0x{value - addr:x}"
    return f"{addr:08x} <{name}{offset}>"


def _skip_addr_chars(vma: int, end: int) -> int:
    """How many leading address digits objdump drops in this section."""
    digits = f"{end:08x}"
    skip = len(digits) - len(digits.lstrip("0"))
    if skip == len(digits) and vma != 0:
        skip = 0
    return (skip - 1) & -4 if skip else 0


def insn_length(low: int) -> int:
    """binutils' riscv_insn_length, from the first 16 bits of an instruction."""
    if low & 0x3 != 0x3:
        return 2
    if low & 0x1F != 0x1F:
        return 4
    if low & 0x3F == 0x1F:
        return 6
    if low & 0x7F == 0x3F:
        return 8
    if low & 0x7F == 0x7F and low & 0x7000 != 0x7000:
        return 10 + ((low >> 11) & 0xE)
    return 2


class _Sweep:
    """objdump's disassemble_bytes over one section, a symbol's range at a time."""

    def __init__(self, section: Section, skip: int, dis: Disassembler, mapping: dict[int, str]):
        self.data, self.base, self.end = section.data, section.addr, section.addr + len(section.data)
        self.skip, self.dis, self.mapping = skip, dis, mapping
        self.marks = sorted(mapping)
        self.state = mapping.get(section.addr, "x")
        self.per_chunk = 1        # objdump keeps the last instruction's chunk size for dumps

    def range(self, addr: int, stop: int, dump: bool = False) -> str:
        """The lines for [addr, stop); `dump`: an object's bytes, shown as hex and text."""
        out = []
        while addr < stop:
            zeros = self._zero_run(addr, stop)
            if zeros >= _SKIP_ZEROES or (addr + zeros == stop and 0 < zeros < _SKIP_ZEROES_AT_END):
                if addr + zeros != stop:
                    zeros &= ~3           # resume on a word boundary: it may be an instruction
                out.append("\t...\n")
                addr += zeros
                continue
            if dump:
                size = min(_DUMP_BYTES_PER_LINE, stop - addr)
                out.append(self._dump_line(addr, size, stop))
                addr += size
                continue
            self.state = self.mapping.get(addr, self.state)
            size, per_chunk, text = self._data(addr) if self.state == "d" else self._insn(addr)
            self.per_chunk = per_chunk
            out.append(self._line(addr, size, per_chunk, text, stop))
            addr += size
        return "".join(out)

    def _dump_line(self, addr: int, size: int, stop: int) -> str:
        """objdump's raw line for data: chunks sized like the last instruction's, then the text."""
        at, bpc = addr - self.base, self.per_chunk
        column = "".join(f"{int.from_bytes(self.data[at + j:at + j + bpc], 'little'):0{2 * bpc}x} "
                         for j in range(0, size, bpc) if addr + j + bpc <= stop)
        column += (" " * (2 * bpc) + " ") * (-(-(_DUMP_BYTES_PER_LINE - size) // bpc))
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in self.data[at:at + size])
        return f"{self._address(addr)}:\t{column}    {text}\n"

    def _zero_run(self, addr: int, stop: int) -> int:
        data, i, limit = self.data, addr - self.base, stop - self.base
        n = i
        while n < limit and data[n] == 0:
            n += 1
        return n - i

    def _insn(self, addr: int) -> tuple[int, int, str]:
        """(length, bytes per column chunk, text) of the instruction at addr."""
        at = addr - self.base
        avail = self.end - addr
        if avail < 2:
            return 1, 1, f".byte\t0x{self.data[at]:02x}"
        length = insn_length(int.from_bytes(self.data[at:at + 2], "little"))
        if length > avail:
            length = 2
        value = int.from_bytes(self.data[at:at + length], "little")
        chunk = 4 if length % 4 == 0 else 2
        if length == 4:
            return 4, chunk, self.dis.disassemble(value, addr)
        if length in (2, 8):                    # no C extension in toyos: 16-bit parcels are unknown
            return length, chunk, f".{length}byte\t0x{value:x}"
        return length, chunk, ".byte\t" + ", ".join(f"0x{b:02x}" for b in self.data[at:at + length])

    def _data(self, addr: int) -> tuple[int, int, str]:
        """objdump's `.word`/`.short`/`.byte` for a `$d` region: at most 4 bytes, cut at the next mapping symbol."""
        at = addr - self.base
        limit = min(self.end - addr, 4)
        i = bisect.bisect_right(self.marks, addr)
        if i < len(self.marks):
            limit = min(limit, self.marks[i] - addr)
        if limit >= 4:
            return 4, 4, f".word\t0x{int.from_bytes(self.data[at:at + 4], 'little'):08x}"
        if limit >= 2:
            return 2, 2, f".short\t0x{int.from_bytes(self.data[at:at + 2], 'little'):04x}"
        return 1, 1, f".byte\t0x{self.data[at]:02x}"

    def _address(self, addr: int, keep_last: bool = True) -> str:
        digits = f"{addr:08x}"[self.skip:]
        stripped = digits.lstrip("0")
        if keep_last and not stripped:
            stripped = "0"
        return stripped.rjust(len(digits))

    def _line(self, addr: int, size: int, per_chunk: int, text: str, stop: int) -> str:
        """One objdump line: address, the bytes as little-endian chunks, the text;
        bytes past the first 8 go on continuation lines, as objdump prints them."""
        at = addr - self.base

        def chunks(first: int, last: int) -> str:
            return "".join(f"{int.from_bytes(self.data[at + j:at + j + per_chunk], 'little'):0{2 * per_chunk}x} "
                           for j in range(first, last, per_chunk) if addr + j + per_chunk <= stop)

        shown = min(size, _BYTES_PER_LINE)
        pad = (" " * (2 * per_chunk) + " ") * (-(-(_BYTES_PER_LINE - shown) // per_chunk))
        line = f"{self._address(addr)}:\t{chunks(0, shown)}{pad}\t{text}"
        while shown < size:
            more = min(shown + _BYTES_PER_LINE, size)
            line += f"\n{self._address(addr + shown, keep_last=False)}:\t{chunks(shown, more)}"
            shown = more
        return line + "\n"


# --- -h -----------------------------------------------------------------------

def section_headers(elf: ElfFile) -> str:
    lines = ["Sections:\nIdx Name          Size      VMA       LMA       File off  Algn\n"]
    shown = [s for s in elf.sections[1:] if s.name not in (".symtab", ".strtab", ".shstrtab")]
    for idx, s in enumerate(shown):
        align = max(s.addralign, 1).bit_length() - 1
        lma = _lma(elf, s)
        lines.append(f"{idx:3d} {s.name:<13} {s.size:08x}  {s.addr:08x}  {lma:08x}  {s.offset:08x}  2**{align}\n")
        lines.append(" " * 18 + ", ".join(_flag_words(s)) + "\n")
    return "".join(lines)


def _lma(elf: ElfFile, s: Section) -> int:
    for seg in elf.load_segments:
        if seg.vaddr <= s.addr < seg.vaddr + max(seg.memsz, 1) and s.flags & SHF_ALLOC:
            return seg.paddr + (s.addr - seg.vaddr)
    return s.addr


def _flag_words(s: Section) -> list[str]:
    words = []
    if s.type != SHT_NOBITS:
        words.append("CONTENTS")
    if s.flags & SHF_ALLOC:
        words.append("ALLOC")
        if s.type != SHT_NOBITS:
            words.append("LOAD")
    if not s.flags & SHF_WRITE and s.type != SHT_NOBITS:
        words.append("READONLY")
    if s.flags & SHF_EXECINSTR:
        words.append("CODE")
    elif s.flags & SHF_ALLOC and s.type != SHT_NOBITS:
        words.append("DATA")
    return words
