"""Sources that attack the assembler (issue 13): each gives GNU as's bytes or
one clear error, quickly and in bounded memory, never a traceback or a hang.

Regressions: a raw non-UTF-8 byte in a string was a UnicodeEncodeError
traceback; `.uleb128 -1` never finished; `-l` of a huge `.space` was a
MemoryError; a file including itself twice took exponential time; `.rept
0x7fffffff` of nothing ran for about an hour."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings, strategies as st

from asm.assembler import assemble_files, assemble_text
from asm.errors import AsmError
from tests.oracle_tools import GNU_AS, need_tool


def _data(program) -> bytes:
    return program.section(".data").data


def _gnu_data(path: Path, program) -> bytes:
    from tests.oracles.binutils import gnu_sections_like
    return gnu_sections_like(program, [str(path)])[".data"].data


@settings(max_examples=25, deadline=None)
@given(st.binary(min_size=1, max_size=12).filter(lambda b: b'"' not in b and b"\\" not in b
                                                   and b"\n" not in b and b"\r" not in b and b"\0" not in b),
       st.integers(0x80, 0xFF))
def test_raw_bytes_in_strings_and_characters_are_emitted_as_gnu_as_does(tmp_path_factory, body, char):
    need_tool(GNU_AS)
    path = tmp_path_factory.mktemp("raw") / "raw.s"
    path.write_bytes(b'.data\n.ascii "' + body + b'"\n.byte \'' + bytes([char]) + b"'\n")
    program = assemble_files([str(path)])
    assert _data(program) == body + bytes([char])
    assert _data(program) == _gnu_data(path, program)


def test_uleb128_of_a_negative_value_is_gnu_as_64_bit_encoding(tmp_path):
    need_tool(GNU_AS)
    path = tmp_path / "leb.s"
    path.write_text(".data\n.uleb128 -1\n.uleb128 -128\n.uleb128 0x80000000\n.sleb128 -1\n.sleb128 -129\n")
    program = assemble_files([str(path)])
    assert _data(program)[:10] == b"\xff" * 9 + b"\x01"
    assert _data(program) == _gnu_data(path, program)


def test_listing_of_a_huge_space_is_a_few_lines():
    program = assemble_text(".data\n.space 64 * 1024 * 1024\n.word 7\n", "big.s")
    listing = program.listing()
    assert len(listing.splitlines()) < 10
    assert "67,108,864 bytes in all" in listing
    assert listing.splitlines()[-1].endswith(".word 7")


def test_a_file_that_includes_itself_is_one_error_at_once(tmp_path):
    path = tmp_path / "self.s"
    path.write_text('.include "self.s"\n.include "self.s"\n')
    started = time.monotonic()
    try:
        assemble_files([str(path)])
    except AsmError as exc:
        messages = {d.message for d in exc.diagnostics}
    else:
        raise AssertionError("a self-including file assembled")
    assert time.monotonic() - started < 5
    assert messages == {"'self.s' includes itself (self.s -> self.s)"}


def test_an_include_cycle_through_another_file_names_the_chain(tmp_path):
    (tmp_path / "a.s").write_text('.include "b.s"\n')
    (tmp_path / "b.s").write_text('nop\n.include "a.s"\n')
    try:
        assemble_files([str(tmp_path / "a.s")])
    except AsmError as exc:
        assert [d.message for d in exc.diagnostics] == ["'a.s' includes itself (a.s -> b.s -> a.s)"]
    else:
        raise AssertionError("an include cycle assembled")


def test_including_one_file_twice_in_a_row_is_fine(tmp_path):
    (tmp_path / "word.s").write_text(".word 5\n")
    (tmp_path / "main.s").write_text('.data\n.include "word.s"\n.include "word.s"\n')
    assert _data(assemble_files([str(tmp_path / "main.s")])) == b"\5\0\0\0" * 2


def test_rept_of_nothing_is_instant_and_a_huge_rept_is_refused():
    started = time.monotonic()
    assemble_text(".rept 0x7fffffff\n.endr\nnop\n", "r.s")
    assert time.monotonic() - started < 5
    try:
        assemble_text(".data\n.rept 0x7fffffff\n.byte 1\n.endr\n", "r.s")
    except AsmError as exc:
        assert [(d.line, d.message) for d in exc.diagnostics] == [
            (2, ".rept 2147483647 of 1 statement(s) is more than 10,000,000 statements")]
    else:
        raise AssertionError("a 2 GiB .rept assembled")


def test_the_command_line_reports_them_without_a_traceback(tmp_path):
    path = tmp_path / "self.s"
    path.write_text('.include "self.s"\n')
    done = subprocess.run([sys.executable, "-m", "vm.cli", "as", str(path), "-o", str(tmp_path / "x.elf")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{path}:1:10: error: 'self.s' includes itself (self.s -> self.s)" in done.stderr
