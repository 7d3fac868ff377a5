"""The `toyos` command: one entry point, one module per subcommand.

Each subcommand lives in its own module, which provides
`configure(parser)` (adds its arguments) and `execute(args) -> int`.
Only the module of the command being run is imported (`toyos --help`
imports them all to list them), so `toyos as` never pays for importing
Numba and `toyos run` never pays for the assembler or the trace viewer:
a command module must keep heavy imports inside `execute` (start-up time:
BENCHMARKS.md, `toyos bench startup`).
"""
from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module, one-line help).  The order is the order `toyos --help` shows.
COMMANDS: dict[str, tuple[str, str]] = {
    "as": ("asm.cli", "assemble and link RISC-V sources into an ELF executable"),
    "objdump": ("asm.objdump", "disassemble an ELF file"),
    "run": ("vm.cli.run", "run a bare-metal RISC-V program on the emulated machine"),
    "boot": ("vm.cli.boot", "boot the toyos image to its shell"),
    "build": ("vm.cli.build", "assemble the kernel, servers and programs into build/toyos.elf"),
    "disk": ("vm.cli.disk", "make FAT16 disk images and copy files in and out"),
    "bench": ("vm.cli.bench", "print benchmark figures"),
    "fi": ("vm.cli.fi", "inject faults into the running OS and count what happens"),
    "trace": ("vm.cli.trace", "summarise or render a recorded trace"),
}


def _available(only: str | None = None) -> dict[str, tuple[object, str]]:
    """The commands whose modules exist (all of them, or just `only`), imported."""
    found = {}
    for name, (module_name, help_text) in COMMANDS.items():
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # command not built yet
            raise
        found[name] = (module, help_text)
    return found


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only` (a command name), only that command's module is imported."""
    parser = argparse.ArgumentParser(
        prog="toyos", description="toyos: a small computer you can read.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in _available(only).items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.configure(sub_parser)
        sub_parser.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    command = words[0] if words and words[0] in COMMANDS else None
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    try:
        return int(args._module.execute(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        # Exiting, the interpreter's collector would walk every object Numba and
        # LLVM made (0.3-0.5 s of a tiny `toyos run`); frozen, they are only
        # freed.  Files are closed by the commands themselves.
        import gc
        gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
