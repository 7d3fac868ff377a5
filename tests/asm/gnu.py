"""Helpers for oracle tests: assemble and link with GNU binutils and read back
section bytes, placing sections where toyos placed them so bytes compare.

Callers must have checked the tools with tests/oracle_tools.need_tool first.
"""
from __future__ import annotations

import os
import subprocess
import tempfile

from tests.oracle_tools import GNU_AS, GNU_AS_FLAGS, GNU_LD, GNU_OBJCOPY


class GnuError(Exception):
    pass


def _run(command, cwd):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise GnuError(f"{' '.join(command)}:\n{result.stderr}")
    return result


def gnu_sections(sources: dict[str, str] | list[str], program, include_dirs=()) -> dict[str, bytes]:
    """Section name -> bytes of GNU's linked output for the same sources.

    `sources` is either {filename: text} (written to a temp dir) or a list of
    paths.  Every output section of `program` (a toyos Program) is placed at
    the same address with --section-start.
    """
    with tempfile.TemporaryDirectory() as tmp:
        if isinstance(sources, dict):
            paths = []
            for name, text in sources.items():
                path = os.path.join(tmp, name)
                with open(path, "w") as f:
                    f.write(text)
                paths.append(path)
        else:
            paths = [os.path.abspath(p) for p in sources]
        objects = []
        for i, path in enumerate(paths):
            obj = os.path.join(tmp, f"{i}.o")
            includes = [f"-I{os.path.abspath(d)}" for d in include_dirs]
            _run([GNU_AS, *GNU_AS_FLAGS, *includes, "-o", obj, path], os.path.dirname(path))
            objects.append(obj)
        starts = []
        for section in program.sections:
            if "a" in section.flags:
                starts.append(f"--section-start={section.name}={section.addr:#x}")
        elf = os.path.join(tmp, "out.elf")
        _run([GNU_LD, "-m", "elf32lriscv", "--no-relax", "-e", "0", *starts, "-o", elf, *objects], tmp)
        out = {}
        for section in program.sections:
            dump = os.path.join(tmp, "section.bin")
            _run([GNU_OBJCOPY, "-O", "binary", f"--only-section={section.name}", elf, dump], tmp)
            with open(dump, "rb") as f:
                out[section.name] = f.read()
        return out
