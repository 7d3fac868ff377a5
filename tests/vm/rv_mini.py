"""A tiny RV32 encoder and ELF32 writer for the machine's unit tests.

The machine's own tests must not depend on the assembler being finished or
on GNU binutils, so they spell their few instructions here, with the field
packers from asm/isa.py (the one ISA table), and wrap them in a minimal
executable ELF (one PT_LOAD, optional symbols such as `tohost`).
"""
from __future__ import annotations

import struct

from asm.isa import BY_NAME, pack_b, pack_i, pack_j, pack_s, pack_u

RAM = 0x80000000


def _r(name, rd=0, rs1=0, rs2=0):
    return BY_NAME[name].match | (rd << 7) | (rs1 << 15) | (rs2 << 20)


def i_type(name, rd, rs1, imm):
    return BY_NAME[name].match | (rd << 7) | (rs1 << 15) | pack_i(imm)


def store(name, rs2, rs1, imm):
    return BY_NAME[name].match | (rs1 << 15) | (rs2 << 20) | pack_s(imm)


def lui(rd, imm20):
    return BY_NAME["lui"].match | (rd << 7) | pack_u(imm20)


def li(rd, value):
    """lui + addi loading any 32-bit value."""
    value &= 0xFFFFFFFF
    low = value & 0xFFF
    if low >= 0x800:
        low -= 0x1000
    high = ((value - low) >> 12) & 0xFFFFF
    return [lui(rd, high), i_type("addi", rd, rd, low)]


def jal(rd, offset):
    return BY_NAME["jal"].match | (rd << 7) | pack_j(offset)


def branch(name, rs1, rs2, offset):
    return BY_NAME[name].match | (rs1 << 15) | (rs2 << 20) | pack_b(offset)


def csrrw(rd, csr, rs1):
    return BY_NAME["csrrw"].match | (rd << 7) | (rs1 << 15) | (csr << 20)


def csrrs(rd, csr, rs1):
    return BY_NAME["csrrs"].match | (rd << 7) | (rs1 << 15) | (csr << 20)


ECALL = BY_NAME["ecall"].match
EBREAK = BY_NAME["ebreak"].match
WFI = BY_NAME["wfi"].match
MRET = BY_NAME["mret"].match


def power_off(code: int | None = None) -> list[int]:
    """Store to sifive_test: 0x5555, or (code << 16) | 0x3333."""
    value = 0x5555 if code is None else (code << 16) | 0x3333
    return li(5, 0x100000) + li(6, value) + [store("sw", 6, 5, 0), jal(0, 0)]


def put_char(ch: str) -> list[int]:
    return li(5, 0x10000000) + li(6, ord(ch)) + [store("sb", 6, 5, 0)]


def elf(words: list[int], symbols: dict[str, int] | None = None, data_at: int | None = None,
        data: bytes = b"", entry: int = RAM, elf_type: int = 2, machine: int = 243,
        ident_class: int = 1, load_addr: int = RAM) -> bytes:
    """An ELF32 executable: code at `load_addr`, optional data segment and symbols."""
    code = b"".join(struct.pack("<I", w & 0xFFFFFFFF) for w in words)
    segments = [(load_addr, code, 5)]
    if data_at is not None:
        segments.append((data_at, data, 6))
    # section names and symbols
    shstr = b"\0.text\0.symtab\0.strtab\0.shstrtab\0"
    strtab = b"\0"
    syms = [b"\0" * 16]
    for name, value in (symbols or {}).items():
        syms.append(struct.pack("<IIIBBH", len(strtab), value, 4, 0x11, 0, 1))
        strtab += name.encode() + b"\0"
    symtab = b"".join(syms)
    ehsize, phsize, shsize = 52, 32, 40
    offset = ehsize + phsize * len(segments)
    blobs, phdrs = [], []
    for addr, blob, flags in segments:
        phdrs.append(struct.pack("<IIIIIIII", 1, offset, addr, addr, len(blob), len(blob), flags, 4))
        blobs.append(blob)
        offset += len(blob)
    body = b"".join(blobs)
    sym_off = offset
    str_off = sym_off + len(symtab)
    shstr_off = str_off + len(strtab)
    sh_off = shstr_off + len(shstr)
    shdrs = [b"\0" * shsize,
             struct.pack("<IIIIIIIIII", 1, 1, 6, load_addr, ehsize + phsize * len(segments), len(code), 0, 0, 4, 0),
             struct.pack("<IIIIIIIIII", 7, 2, 0, 0, sym_off, len(symtab), 3, 1, 4, 16),
             struct.pack("<IIIIIIIIII", 15, 3, 0, 0, str_off, len(strtab), 0, 0, 1, 0),
             struct.pack("<IIIIIIIIII", 23, 3, 0, 0, shstr_off, len(shstr), 0, 0, 1, 0)]
    ident = b"\x7fELF" + bytes([ident_class, 1, 1]) + b"\0" * 9
    header = ident + struct.pack("<HHIIIIIHHHHHH", elf_type, machine, 1, entry, ehsize, sh_off, 0,
                                 ehsize, phsize, len(segments), shsize, len(shdrs), 4)
    return header + b"".join(phdrs) + body + symtab + strtab + shstr + b"".join(shdrs)
