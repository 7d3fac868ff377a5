"""`toyos as`: assemble and link RISC-V sources into an ELF executable,
a flat binary, and optionally a listing."""
from __future__ import annotations

import argparse
import struct
import sys


def _address(text: str) -> int:
    """A 32-bit address in any base Python reads (0x80000000, 2147483648, 0o...)."""
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an address (e.g. 0x80000000)") from None
    if not 0 <= value <= 0xFFFFFFFF:
        raise argparse.ArgumentTypeError(f"address {text} does not fit in 32 bits")
    return value


def _section_start(text: str):
    name, sep, addr = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=ADDR (e.g. .data=0x80100000)")
    return name, _address(addr)


def configure(parser) -> None:
    parser.add_argument("sources", nargs="+", metavar="FILE.s", help="assembly source files")
    parser.add_argument("-o", dest="output", default="a.out",
                        help="output file (default a.out; '-' writes a flat binary to stdout)")
    parser.add_argument("-I", dest="include_dirs", action="append", default=[], metavar="DIR",
                        help="search DIR for .include and .incbin files")
    parser.add_argument("--base", type=_address, default=0x80000000, metavar="ADDR",
                        help="address of .text (default 0x80000000)")
    parser.add_argument("--section-start", dest="section_starts", action="append", default=[],
                        type=_section_start, metavar="NAME=ADDR",
                        help="place output section NAME at ADDR, e.g. .data=0x80100000")
    parser.add_argument("--entry", metavar="SYM",
                        help="entry point symbol or address (default _start, else start of .text)")
    parser.add_argument("-l", dest="listing", metavar="FILE", help="write a listing to FILE")
    parser.add_argument("--binary", action="store_true",
                        help="write a flat binary image (from the lowest loaded address) instead of ELF")


def execute(args) -> int:
    from .assembler import assemble_files
    from .errors import AsmError

    entry = args.entry
    if entry is not None:
        try:
            entry = int(entry, 0)
        except ValueError:
            pass
    try:
        program = assemble_files(args.sources, include_dirs=args.include_dirs, base=args.base,
                                 section_starts=dict(args.section_starts), entry=entry)
        to_stdout = args.output == "-"
        data = program.binary_bytes() if args.binary or to_stdout else program.elf_bytes()
    except AsmError as exc:
        print(exc, file=sys.stderr)
        count = len(exc.diagnostics)
        print(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    except RecursionError:      # an expression nested thousands deep: no traceback for that
        print("toyos as: error: an expression or macro is nested too deeply", file=sys.stderr)
        return 1
    except MemoryError:         # e.g. `.rept 100000000`
        print("toyos as: error: out of memory (a .rept, .space or .fill too large?)", file=sys.stderr)
        return 1
    except struct.error:        # a section placed across the top of the 32-bit address space
        print("toyos as: error: a section does not fit below 4 GiB (check --base/--section-start)",
              file=sys.stderr)
        return 1
    try:
        if to_stdout:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            with open(args.output, "wb") as f:
                f.write(data)
        if args.listing:
            with open(args.listing, "w", encoding="utf-8") as f:
                f.write(program.listing())
    except OSError as exc:
        print(f"toyos as: error: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0
