"""asm/elfread.py: reads what GNU ld writes (checked against pyelftools), and
turns every malformed input into one ElfError line, never another exception."""
from __future__ import annotations

import os
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asm.elfread import (ET_EXEC, PT_LOAD, SHT_NOBITS, ElfError, parse_elf,
                         read_elf)

# --- a tiny hand-made ELF: header, one PT_LOAD, .text, .symtab, .strtab, .shstrtab


def _tiny_elf(code: bytes = bytes.fromhex("1305a000" "73000000"), entry=0x80000000,
              ident_class=1, ident_data=1, machine=243) -> bytes:
    shstr = b"\0.text\0.symtab\0.strtab\0.shstrtab\0"
    strtab = b"\0_start\0loop\0"
    symtab = bytes(16) + struct.pack("<IIIBBH", 1, entry, 8, 0x12, 0, 1) \
        + struct.pack("<IIIBBH", 8, entry + 4, 0, 0x00, 0, 1)
    ehdr_size, phdr_size = 52, 32
    text_off = ehdr_size + phdr_size
    symtab_off = text_off + len(code)
    strtab_off = symtab_off + len(symtab)
    shstr_off = strtab_off + len(strtab)
    shoff = shstr_off + len(shstr)
    ident = b"\x7fELF" + bytes([ident_class, ident_data, 1]) + bytes(9)
    ehdr = struct.pack("<16sHHIIIIIHHHHHH", ident, ET_EXEC, machine, 1, entry, ehdr_size, shoff,
                       0, ehdr_size, phdr_size, 1, 40, 5, 4)
    phdr = struct.pack("<IIIIIIII", PT_LOAD, text_off, entry, entry, len(code), len(code) + 16, 5, 4)
    sh = [bytes(40),
          struct.pack("<IIIIIIIIII", 1, 1, 6, entry, text_off, len(code), 0, 0, 4, 0),
          struct.pack("<IIIIIIIIII", 7, 2, 0, 0, symtab_off, len(symtab), 3, 2, 4, 16),
          struct.pack("<IIIIIIIIII", 15, 3, 0, 0, strtab_off, len(strtab), 0, 0, 1, 0),
          struct.pack("<IIIIIIIIII", 23, 3, 0, 0, shstr_off, len(shstr), 0, 0, 1, 0)]
    return ehdr + phdr + code + symtab + strtab + shstr + b"".join(sh)


TINY = _tiny_elf()


def test_tiny_elf_fields():
    elf = parse_elf(TINY)
    assert (elf.entry, elf.type, elf.machine) == (0x80000000, ET_EXEC, 243)
    [seg] = elf.load_segments
    assert (seg.vaddr, seg.filesz, seg.memsz, seg.flags) == (0x80000000, 8, 24, 5)
    assert seg.data == bytes.fromhex("1305a00073000000")
    assert [s.name for s in elf.sections] == ["", ".text", ".symtab", ".strtab", ".shstrtab"]
    assert elf.section(".text").data == seg.data
    assert elf.symbols == {"_start": 0x80000000, "loop": 0x80000004}
    start = elf.symbol_list[0]
    assert (start.name, start.size, start.type, start.binding) == ("_start", 8, "FUNC", "GLOBAL")


@pytest.mark.parametrize("data, message", [
    (b"", "not an ELF"),
    (b"MZ\x90\x00" + bytes(60), "not an ELF"),
    (TINY[:40], "truncated ELF header"),
    (_tiny_elf(ident_class=2), "not a 32-bit"),
    (_tiny_elf(ident_data=2), "not a little-endian"),
    (_tiny_elf(machine=62), "not a RISC-V"),
    (TINY[:100], "out of file bounds"),
])
def test_malformed_gives_one_line(data, message):
    with pytest.raises(ElfError) as info:
        parse_elf(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_read_elf_names_the_file(tmp_path):
    bad = tmp_path / "bad.elf"
    bad.write_bytes(b"hello")
    with pytest.raises(ElfError, match=r"bad\.elf: not an ELF"):
        read_elf(bad)
    with pytest.raises(ElfError, match="cannot read"):
        read_elf(tmp_path / "missing.elf")


def _parse_or_elferror(data: bytes) -> None:
    try:
        parse_elf(data)
    except ElfError as e:
        assert str(e) and "\n" not in str(e)


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_garbage_raises_only_elferror(data):
    _parse_or_elferror(data)


@settings(max_examples=300)
@given(st.integers(0, len(TINY)))
def test_truncation_raises_only_elferror(n):
    _parse_or_elferror(TINY[:n])


@settings(max_examples=500)
@given(st.lists(st.tuples(st.integers(0, len(TINY) - 1), st.integers(0, 255)), min_size=1, max_size=6))
def test_corruption_raises_only_elferror(patches):
    data = bytearray(TINY)
    for where, value in patches:
        data[where] = value
    _parse_or_elferror(bytes(data))


# --- oracle: what GNU ld writes, read by us and by pyelftools ----------------

SOURCE = """
    .globl _start
    .text
_start:
    li a0, 0x12345678
    la a1, msg
    call helper
    j _start
    .type helper, @function
helper:
    ret
    .size helper, .-helper
    .data
msg: .asciz "hello"
    .bss
buf: .zero 64
"""


def test_matches_pyelftools_on_gnu_output(tmp_path):
    from tests.oracle_tools import need_module
    from tests.oracles.binutils import gnu_assemble, gnu_link
    elffile = need_module("elftools.elf.elffile")
    path = gnu_link([gnu_assemble(SOURCE, str(tmp_path))], str(tmp_path / "t.elf"))
    ours = read_elf(path)
    with open(path, "rb") as f:
        theirs = elffile.ELFFile(f)
        assert ours.entry == theirs.header.e_entry
        assert ours.type == ET_EXEC and theirs.header.e_type == "ET_EXEC"
        assert len(ours.segments) == theirs.num_segments()
        for mine, seg in zip(ours.segments, theirs.iter_segments()):
            assert (mine.offset, mine.vaddr, mine.paddr, mine.filesz, mine.memsz, mine.flags, mine.align) == \
                (seg["p_offset"], seg["p_vaddr"], seg["p_paddr"], seg["p_filesz"], seg["p_memsz"],
                 seg["p_flags"], seg["p_align"])
            if mine.type == PT_LOAD:
                assert mine.data == seg.data()
        assert [s.name for s in ours.sections] == [s.name for s in theirs.iter_sections()]
        for mine, sec in zip(ours.sections, theirs.iter_sections()):
            assert (mine.addr, mine.size, mine.flags) == (sec["sh_addr"], sec["sh_size"], sec["sh_flags"])
            if mine.type != SHT_NOBITS:
                assert mine.data == sec.data()
        symtab = theirs.get_section_by_name(".symtab")
        expected = sorted(((s.name, s["st_value"], s["st_size"], s["st_info"]["type"][4:], s["st_info"]["bind"][4:])
                           for s in symtab.iter_symbols() if s.name or s["st_value"] or s["st_info"]["type"] != "STT_NOTYPE"))
    got = [(s.name, s.value, s.size, s.type, s.binding) for s in ours.symbol_list]
    assert sorted(got) == expected
    assert ours.symbols["helper"] == ours.symbols["_start"] + 28   # li, la, call: 2 words each; j: 1
    assert ours.symbols["msg"] == ours.section(".data").addr
    assert os.path.getsize(path) >= ours.sections[-1].offset


def test_riscv_attributes_match_readelf(tmp_path):
    """The .riscv.attributes tags, as `readelf -A` lists them."""
    import re

    from tests.oracle_tools import GNU_READELF, need_tool
    from tests.oracles.binutils import gnu_assemble, run
    obj = gnu_assemble("csrr a0, mstatus\n", str(tmp_path))
    listing = run([need_tool(GNU_READELF), "-A", obj]).stdout
    arch = re.search(r'Tag_RISCV_arch: "([^"]+)"', listing).group(1)
    major = int(re.search(r"Tag_RISCV_priv_spec: (\d+)", listing).group(1))
    minor = int(re.search(r"Tag_RISCV_priv_spec_minor: (\d+)", listing).group(1))
    assert read_elf(obj).riscv_attributes == {5: arch, 8: major, 10: minor}
