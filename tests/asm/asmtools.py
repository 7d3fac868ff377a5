"""Small helpers shared by the assembler tests."""
from __future__ import annotations

from asm.assembler import assemble_text
from asm.errors import AsmError


def text_bytes(source: str, **kwargs) -> bytes:
    """The .text bytes toyos produces for `source`."""
    return assemble_text(source, "t.s", **kwargs).section(".text").data


def errors_of(source: str, filename: str = "t.s") -> list[tuple[int, int, str]]:
    """(line, col, message) of every diagnostic for `source`; fails if it assembles."""
    try:
        assemble_text(source, filename)
    except AsmError as exc:
        return [(d.line, d.col, d.message) for d in exc.diagnostics]
    raise AssertionError("source assembled without errors")

