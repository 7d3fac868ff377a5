"""One layout for every instruction line of the repository's .s files.

    1:  addi    sp, sp, -16             # the mnemonic at column 4,
        sw      ra, 12(sp)              # operands at 12, comments at 36

A short label (`1:`) sits in front of the mnemonic; operands are separated
by ", "; a trailing comment starts at column 36, or one space after longer
code, and a comment line that continued it moves with it (so does a
label's comment).  Directives, comment lines and lines with several
statements stay as they are.  The bytes assembled never change.
`python3 -m asm.layout FILE...` rewrites files; `--check` lists those not
laid out (tests/asm/test_layout.py checks every .s file of the tree).
"""
from __future__ import annotations

import argparse
import re
import sys

from .preprocess import split_arguments, split_statements, strip_comments

MNEMONIC_COLUMN = 4
OPERAND_COLUMN = 12
COMMENT_COLUMN = 36

_LABEL = re.compile(r"\s*((?:[A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+):)\s*")
_MNEMONIC = re.compile(r"[A-Za-z_\\][A-Za-z0-9_.\\]*")


def _split_comment(line: str) -> tuple[str, str | None, int]:
    """(code, comment or None, the comment's column), read the way the
    assembler reads it (strings and character literals are not comments)."""
    cleaned = strip_comments(line)
    if cleaned == line:
        return line.rstrip(), None, -1
    column = next(i for i, (a, b) in enumerate(zip(line, cleaned)) if a != b)
    return line[:column].rstrip(), line[column:], column


def layout_line(line: str) -> tuple[str, int, int]:
    """(laid-out line, old comment column, new comment column); columns are -1
    when the line has no trailing comment after code it lays out."""
    code, comment, old_column = _split_comment(line)
    if comment is not None and not code.strip():
        return line, -1, -1
    if len(split_statements(code)) > 1:
        return line, -1, -1
    label = _LABEL.match(code)
    prefix = label.group(1) if label else ""
    rest = code[label.end():] if label else code.lstrip()
    mnemonic = _MNEMONIC.match(rest)
    if not rest and prefix and comment is not None:     # `label:  # comment`
        new = code.rstrip()
        column = max(COMMENT_COLUMN, len(new) + 1)
        return new + " " * (column - len(new)) + comment, old_column, column
    if not rest or rest.startswith(".") or not mnemonic or ":" in rest.split()[0]:
        return line, -1, -1
    name = mnemonic.group(0)
    operands = rest[mnemonic.end():].strip()
    head = (prefix + " " * (MNEMONIC_COLUMN - len(prefix)) if len(prefix) < MNEMONIC_COLUMN
            else prefix + " ")
    new = head + name
    if operands:
        column = len(head) + OPERAND_COLUMN - MNEMONIC_COLUMN
        new = new + " " * max(1, column - len(new)) + ", ".join(split_arguments(operands))
    if comment is None:
        return new, -1, -1
    column = max(COMMENT_COLUMN, len(new) + 1)
    return new + " " * (column - len(new)) + comment, old_column, column


def layout(text: str) -> str:
    lines = text.split("\n")
    out = []
    moved_from = moved_to = -1      # the last trailing comment's old and new column
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("#") and moved_from >= 0 and len(line) - len(stripped) == moved_from:
            out.append(" " * moved_to + stripped)
            continue
        new, moved_from, moved_to = layout_line(line)
        out.append(new)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", metavar="FILE.s")
    parser.add_argument("--check", action="store_true", help="list files not laid out; exit 1 if any")
    args = parser.parse_args(argv)
    bad = []
    for path in args.files:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as exc:
            print(f"{path}: {exc.strerror}", file=sys.stderr)
            return 2
        new = layout(text)
        if new != text:
            bad.append(path)
            if not args.check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
    for path in bad:
        print(f"{'not laid out' if args.check else 'laid out'}: {path}")
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
