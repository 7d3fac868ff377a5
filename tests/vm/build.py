"""Build the VM test programs into ELF files.

`build(sources, include_dirs)` assembles and links assembly sources into one
bare-metal ELF (text at 0x80000000, entry `_start`) and returns its path.
By default it uses OUR assembler (asm/): the test programs test it too.
`assembler="gnu"` uses GNU as/ld instead; only oracle tests ask for that
(and TOYOS_TEST_ASSEMBLER=gnu forces it, to tell a VM bug from an assembler
bug by hand).  Results are cached per process by the sources' contents.
"""
from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PROGRAMS = Path(__file__).resolve().parent / "programs"
PRIV_PROGRAMS = PROGRAMS / "priv"
VIRTIO_PROGRAMS = PROGRAMS / "virtio"
ABI_INCLUDE = Path(__file__).resolve().parents[2] / "kernel" / "include"   # abi.inc: register names
TEXT_BASE = 0x80000000

# GNU ld's default layout puts the ELF headers in a load segment below
# 0x80000000, outside RAM; this one starts at the base, like ours.
GNU_LINKER_SCRIPT = f"""ENTRY(_start)
SECTIONS {{
  . = 0x{TEXT_BASE:x};
  .text : {{ *(.text*) }}
  . = ALIGN(4096);
  .rodata : {{ *(.rodata*) }}
  .data : {{ *(.data*) *(.sdata*) }}
  .bss : {{ *(.bss*) *(.sbss*) *(COMMON) }}
}}
"""

_OUT_DIR = Path(tempfile.mkdtemp(prefix="toyos-vm-tests-"))
atexit.register(shutil.rmtree, _OUT_DIR, ignore_errors=True)
_cache: dict[str, Path] = {}


class BuildError(Exception):
    """Assembling or linking failed; the message holds the tool's output."""


def _key(sources, include_dirs, assembler) -> str:
    digest = hashlib.sha256(assembler.encode())
    for path in sources:
        digest.update(str(path).encode())
        digest.update(Path(path).read_bytes())
    for directory in include_dirs:
        for inc in sorted(Path(directory).glob("*.inc")):
            digest.update(inc.read_bytes())
    return digest.hexdigest()[:16]


def build_virtio(name: str, assembler: str | None = None) -> Path:
    """A virtio test program (programs/virtio/NAME.s: privlib and abi.inc's register names)."""
    return build([VIRTIO_PROGRAMS / f"{name}.s"], [VIRTIO_PROGRAMS, ABI_INCLUDE], assembler)


def default_assembler() -> str:
    return os.environ.get("TOYOS_TEST_ASSEMBLER", "toyos")


def build(sources, include_dirs=(PROGRAMS,), assembler: str | None = None) -> Path:
    """Assemble and link `sources` into an ELF; return its path."""
    assembler = assembler or default_assembler()
    sources = [Path(s) for s in sources]
    include_dirs = [Path(d) for d in include_dirs]
    key = _key(sources, include_dirs, assembler)
    if key in _cache:
        return _cache[key]
    out = _OUT_DIR / f"{sources[0].stem}-{assembler}-{key}.elf"
    if assembler == "gnu":
        _build_gnu(sources, include_dirs, out)
    elif assembler == "toyos":
        _build_toyos(sources, include_dirs, out)
    else:
        raise ValueError(f"unknown assembler {assembler!r}")
    _cache[key] = out
    return out


def _build_toyos(sources, include_dirs, out: Path) -> None:
    from asm.assembler import assemble_files

    try:
        program = assemble_files([str(s) for s in sources],
                                 include_dirs=[str(d) for d in include_dirs])
    except Exception as error:  # the assembler's own error type: say what it said
        raise BuildError(f"toyos as failed on {[s.name for s in sources]}: {error}") from error
    out.write_bytes(program.elf_bytes())


def _run(cmd) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"{' '.join(map(str, cmd))}\n{result.stdout}{result.stderr}")


def _build_gnu(sources, include_dirs, out: Path) -> None:
    from tests.oracle_tools import GNU_AS, GNU_AS_FLAGS, GNU_LD, need_tool

    gnu_as, gnu_ld = need_tool(GNU_AS), need_tool(GNU_LD)
    objects = []
    for i, source in enumerate(sources):
        obj = out.with_suffix(f".{i}.o")
        includes = [f"-I{d}" for d in include_dirs]
        _run([gnu_as, *GNU_AS_FLAGS, *includes, "-o", obj, source])
        objects.append(obj)
    script = out.with_suffix(".ld")
    script.write_text(GNU_LINKER_SCRIPT)
    _run([gnu_ld, "-m", "elf32lriscv", "--no-relax", "-T", script, "-o", out, *objects])
