"""Load an ELF executable into the machine's RAM, as QEMU's `-kernel` does.

Segments are placed at their physical addresses (p_paddr); the boot ROM is
written so the reset vector jumps to e_entry.  Bad files raise ElfError (from
asm/elfread.py) or LoadError, each with one line saying what is wrong.
"""
from __future__ import annotations

import os

from asm import isa
from asm.csrs import CSR_NUMBERS
from asm.elfread import ET_EXEC, ElfError, parse_elf, read_elf
from asm.registers import REGISTER_NUMBERS
from vm import memmap

__all__ = ["LoadError", "ElfError", "load_elf", "boot_rom_words"]


# A segment may start this far below RAM when it only carries the ELF headers there.
HEADER_SLACK = 0x1000


class LoadError(Exception):
    """The ELF file is well formed but cannot run on this machine."""


def read_image(path_or_bytes):
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return parse_elf(bytes(path_or_bytes)), "<bytes>"
    return read_elf(os.fspath(path_or_bytes)), os.fspath(path_or_bytes)


def check_image(elf, name: str, ram_bytes: int) -> None:
    """Raise LoadError unless every loadable segment fits in RAM and there is an entry point."""
    if elf.type != ET_EXEC:
        raise LoadError(f"{name}: not an executable ELF file (e_type={elf.type}); link it first")
    segments = [s for s in elf.load_segments if s.memsz > 0]
    if not segments:
        raise LoadError(f"{name}: no loadable segments")
    ram_end = memmap.RAM_BASE + ram_bytes
    for seg in segments:
        below = memmap.RAM_BASE - seg.paddr
        if 0 < below <= HEADER_SLACK and seg.paddr + seg.memsz > memmap.RAM_BASE:
            continue        # `ld -Ttext` puts the ELF headers just below .text: skipped, as QEMU does
        if seg.paddr < memmap.RAM_BASE or seg.paddr + seg.memsz > ram_end:
            raise LoadError(
                f"{name}: segment at 0x{seg.paddr:08x} (0x{seg.memsz:x} bytes) lies outside RAM "
                f"0x{memmap.RAM_BASE:08x}-0x{ram_end - 1:08x}")
        if seg.filesz > seg.memsz:
            raise LoadError(f"{name}: segment at 0x{seg.paddr:08x} has filesz > memsz")
    if elf.entry == 0:
        raise LoadError(f"{name}: no entry point (e_entry is 0)")
    if not any(s.vaddr <= elf.entry < s.vaddr + s.memsz or s.paddr <= elf.entry < s.paddr + s.memsz
               for s in segments):
        raise LoadError(f"{name}: entry point 0x{elf.entry:08x} is not inside a loadable segment")


def _insn(name: str, rd: str = "zero", rs1: str = "zero", imm: int = 0) -> int:
    """An R/I/U-shaped instruction word from the ISA table (imm: I-type immediate or CSR number)."""
    reg = REGISTER_NUMBERS
    return isa.BY_NAME[name].match | (reg[rd] << 7) | (reg[rs1] << 15) | isa.pack_i(imm)


def boot_rom_words(entry: int, fdt: int, image_start: int | None = None) -> list[int]:
    """QEMU 7.2's rv32 reset vector (hw/riscv/boot.c) followed by its fw_dynamic_info."""
    return [
        _insn("auipc", "t0"),                            # auipc t0, 0
        _insn("addi", "a2", "t0", 40),                   # a2 = &fw_dynamic_info
        _insn("csrrs", "a0", imm=CSR_NUMBERS["mhartid"]),   # csrr a0, mhartid
        _insn("lw", "a1", "t0", 32),                     # fdt address
        _insn("lw", "t0", "t0", 24),                     # entry
        _insn("jalr", rs1="t0"),                         # jr t0
        entry, 0,            # start address (64-bit)
        fdt, 0,              # fdt address (64-bit)
        0x4942534F, 2,       # fw_dynamic_info: magic "OSBI", version 2
        entry if image_start is None else image_start, 1,   # next_addr (lowest load address), next_mode = S
        0, 0,                # options, boot_hart
    ]


def load_elf(machine, path_or_bytes):
    """Copy the image into `machine`'s RAM and boot ROM; returns the parsed ElfFile."""
    elf, name = read_image(path_or_bytes)
    check_image(elf, name, machine.ram_bytes)
    for seg in elf.load_segments:
        if seg.memsz == 0:
            continue
        data = seg.data[:seg.filesz]
        paddr, memsz = seg.paddr, seg.memsz
        if paddr < memmap.RAM_BASE:                     # headers below RAM: drop them
            skip = memmap.RAM_BASE - paddr
            data, paddr, memsz = data[skip:], memmap.RAM_BASE, memsz - skip
        off = paddr - memmap.RAM_BASE
        machine.ram[off:off + len(data)] = memoryview(data)
        machine.ram[off + len(data):off + memsz] = 0
    image_start = min(s.paddr for s in elf.load_segments if s.memsz > 0)
    words = boot_rom_words(elf.entry, memmap.fdt_address(machine.ram_bytes), image_start)
    machine.rom[:] = 0
    machine.rom[:len(words)] = words
    return elf
