"""Program -> ELF32 little-endian RISC-V executable bytes.

Layout of the file: ELF header, program headers, then each PT_LOAD segment
at a file offset congruent to its address modulo the page size, then the
unloaded sections, .symtab, .strtab, .shstrtab and the section headers.
Loaded sections are grouped into segments by permission (R X / R / R W),
so readelf, objdump and gdb-multiarch see the usual picture.  A
.riscv.attributes section names the ISA, as GNU as writes it: without it
objdump assumes the C extension and reads data in code as compressed
instructions.
"""
from __future__ import annotations

import struct

PAGE = 0x1000
EM_RISCV = 243
ET_EXEC = 2
PT_LOAD = 1
PF_X, PF_W, PF_R = 1, 2, 4
SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_NOBITS = 1, 2, 3, 8
SHT_RISCV_ATTRIBUTES = 0x70000003
# What GNU as 2.40 records for -march=rv32ima_zicsr_zifencei (the ISA of asm/isa.py).
RISCV_ARCH = "rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0_zmmul1p0"
TAG_FILE, TAG_RISCV_ARCH = 1, 5
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
SHN_ABS = 0xFFF1
STB_LOCAL, STB_GLOBAL = 0, 1
STT_TYPES = {"": 0, "object": 1, "function": 2}
EHDR_SIZE, PHDR_SIZE, SHDR_SIZE, SYM_SIZE = 52, 32, 40, 16


class _StringTable:
    def __init__(self):
        self.data = bytearray(b"\0")
        self.offsets = {"": 0}

    def add(self, text: str) -> int:
        if text not in self.offsets:
            self.offsets[text] = len(self.data)
            self.data += text.encode("utf-8", "surrogateescape") + b"\0"
        return self.offsets[text]


def riscv_attributes(arch: str = RISCV_ARCH) -> bytes:
    """A .riscv.attributes section body: format 'A', vendor "riscv", one Tag_File
    subsection holding Tag_RISCV_arch (both tags fit one ULEB128 byte)."""
    tags = bytes([TAG_RISCV_ARCH]) + arch.encode() + b"\0"
    file_sub = bytes([TAG_FILE]) + struct.pack("<I", 5 + len(tags)) + tags
    vendor = b"riscv\0"
    return b"A" + struct.pack("<I", 4 + len(vendor) + len(file_sub)) + vendor + file_sub


def _permissions(section) -> int:
    flags = PF_R
    if "w" in section.flags:
        flags |= PF_W
    if "x" in section.flags:
        flags |= PF_X
    return flags


def _segments(sections):
    """Lists of loaded sections that share one PT_LOAD."""
    loaded = sorted((s for s in sections if "a" in s.flags and s.size), key=lambda s: s.addr)
    groups = []
    for section in loaded:
        if groups:
            last = groups[-1][-1]
            gap = section.addr - (last.addr + last.size)
            if (_permissions(last) == _permissions(section) and not last.nobits
                    and 0 <= gap < PAGE):
                groups[-1].append(section)
                continue
        groups.append([section])
    return groups


def write_elf(program) -> bytes:
    sections = program.sections
    segments = _segments(sections)
    offsets: dict[int, int] = {}
    cursor = EHDR_SIZE + PHDR_SIZE * len(segments)
    phdrs = []
    for group in segments:
        vaddr = group[0].addr
        offset = cursor + ((vaddr - cursor) % PAGE)
        file_end = vaddr
        for section in group:
            offsets[id(section)] = offset + section.addr - vaddr
            if not section.nobits:
                file_end = section.addr + section.size
        mem_end = group[-1].addr + group[-1].size
        filesz = file_end - vaddr
        phdrs.append((PT_LOAD, offset, vaddr, vaddr, filesz, mem_end - vaddr,
                      _permissions(group[0]), PAGE))
        cursor = offset + filesz
    for section in sections:
        if id(section) not in offsets:
            offsets[id(section)] = cursor
            if not section.nobits:
                cursor += section.size

    shstrtab = _StringTable()
    strtab = _StringTable()
    index_of = {section.name: i + 1 for i, section in enumerate(sections)}
    symbols = sorted(program.symbol_table, key=lambda s: s.is_global)
    symtab = bytearray(SYM_SIZE)
    first_global = 1 + sum(1 for s in symbols if not s.is_global)
    for sym in symbols:
        shndx = index_of.get(sym.section, SHN_ABS) if sym.section else SHN_ABS
        info = ((STB_GLOBAL if sym.is_global else STB_LOCAL) << 4) | STT_TYPES.get(sym.type, 0)
        symtab += struct.pack("<IIIBBH", strtab.add(sym.name), sym.value & 0xFFFFFFFF,
                              sym.size & 0xFFFFFFFF, info, 0, shndx)

    body = bytearray(cursor)
    for section in sections:
        if not section.nobits:
            start = offsets[id(section)]
            body[start:start + section.size] = section.data

    def append_table(data: bytes, align: int) -> int:
        body.extend(b"\0" * ((-len(body)) % align))
        at = len(body)
        body.extend(data)
        return at

    headers = [struct.pack("<10I", *([0] * 10))]
    for section in sections:
        flags = SHF_ALLOC if "a" in section.flags else 0
        flags |= SHF_WRITE if "w" in section.flags else 0
        flags |= SHF_EXECINSTR if "x" in section.flags else 0
        kind = SHT_NOBITS if section.nobits else SHT_PROGBITS
        headers.append(struct.pack("<10I", shstrtab.add(section.name), kind, flags, section.addr,
                                   offsets[id(section)], section.size, 0, 0, max(1, section.align), 0))
    attributes = riscv_attributes()
    attributes_at = append_table(attributes, 1)
    headers.append(struct.pack("<10I", shstrtab.add(".riscv.attributes"), SHT_RISCV_ATTRIBUTES, 0, 0,
                               attributes_at, len(attributes), 0, 0, 1, 0))
    symtab_index = len(sections) + 2
    symtab_at = append_table(bytes(symtab), 4)
    headers.append(struct.pack("<10I", shstrtab.add(".symtab"), SHT_SYMTAB, 0, 0, symtab_at,
                               len(symtab), symtab_index + 1, first_global, 4, SYM_SIZE))
    strtab_at = append_table(bytes(strtab.data), 1)
    headers.append(struct.pack("<10I", shstrtab.add(".strtab"), SHT_STRTAB, 0, 0, strtab_at,
                               len(strtab.data), 0, 0, 1, 0))
    shstrtab_name = shstrtab.add(".shstrtab")
    shstrtab_at = append_table(bytes(shstrtab.data), 1)
    headers.append(struct.pack("<10I", shstrtab_name, SHT_STRTAB, 0, 0, shstrtab_at,
                               len(shstrtab.data), 0, 0, 1, 0))
    shoff = append_table(b"".join(headers), 4)

    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)   # ELFCLASS32, little-endian, version 1
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", ET_EXEC, EM_RISCV, 1, program.entry & 0xFFFFFFFF,
                               EHDR_SIZE if phdrs else 0, shoff, 0, EHDR_SIZE, PHDR_SIZE, len(phdrs),
                               SHDR_SIZE, len(headers), len(headers) - 1)
    body[0:EHDR_SIZE] = ehdr
    at = EHDR_SIZE
    for phdr in phdrs:
        body[at:at + PHDR_SIZE] = struct.pack("<8I", *phdr)
        at += PHDR_SIZE
    return bytes(body)
