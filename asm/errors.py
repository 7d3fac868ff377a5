"""The assembler's one error type and its GCC-style text.

Every mistake in a source file becomes a Diagnostic (file, line, column,
message, the source line); several are collected into one AsmError so a run
reports as many as it can.  str(AsmError) is what `toyos as` prints:

    prog.s:12:9: error: unknown register 'x32'
        addi x32, x1, 1
             ^
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    filename: str
    line: int           # 1-based; 0 when the mistake has no line (e.g. a missing file)
    col: int            # 1-based; 0 when unknown
    message: str
    source_line: str = ""
    severity: str = "error"
    notes: tuple["Diagnostic", ...] = field(default_factory=tuple)

    def format(self) -> str:
        where = self.filename
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.line and self.source_line:
            shown = self.source_line.rstrip("\n").expandtabs(1)
            text += f"\n    {shown}"
            if self.col:
                text += "\n    " + " " * (self.col - 1) + "^"
        for note in self.notes:
            text += "\n" + note.format()
        return text


class AsmError(Exception):
    """One or more diagnostics; raised for any mistake in the assembler's input."""

    def __init__(self, diagnostics):
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


@dataclass(frozen=True)
class Origin:
    """Where a statement came from: enough to point a caret at it.

    `col` is the 1-based column of the statement's first character in
    `source_line`; positions inside the statement are added to it.
    `expanded_from` is the Origin of the macro call or .rept/.irp that
    produced this line, for a "note: expanded from here".
    """
    filename: str
    line: int
    col: int
    source_line: str
    expanded_from: "Origin | None" = None

    def diagnostic(self, message: str, offset: int | None = None, severity: str = "error") -> Diagnostic:
        col = self.col + offset if offset is not None else self.col
        notes = []
        outer = self.expanded_from
        while outer is not None:
            notes.append(Diagnostic(outer.filename, outer.line, outer.col,
                                    "expanded from here", outer.source_line, "note"))
            outer = outer.expanded_from
        return Diagnostic(self.filename, self.line, col, message, self.source_line,
                          severity, tuple(notes))


class SourceError(Exception):
    """Raised inside the assembler with a position relative to a statement;
    the driver converts it into a Diagnostic with that statement's Origin."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset   # 0-based position within the statement text, or None
