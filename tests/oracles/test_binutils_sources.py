"""Oracle: every .s file in the repository assembles to the same bytes with toyos and GNU.

Files are grouped the way they are linked (vm/cli/build.py: the kernel, pm,
each server and user program with userland/lib); every other .s file is a
program on its own.  Each group is assembled by both (GNU: as, then ld
--no-relax with every section at toyos's address) and each section compared.
A file whose first line is `# expect-error` is meant to fail and is left out.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.oracle_tools import GNU_AS, need_tool
from tests.oracles.binutils import assert_like_gnu

ROOT = Path(__file__).resolve().parents[2]
EXCLUDED_DIRS = {".venv", "build", ".git", "node_modules"}


def all_sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.s")
                  if not EXCLUDED_DIRS & set(p.relative_to(ROOT).parts)
                  and not p.read_text(errors="replace").startswith("# expect-error"))


def groups() -> dict[str, tuple[list[Path], int]]:
    """Name -> (sources in link order, base address)."""
    import tomllib

    from vm.cli import build as build_cli
    abi = tomllib.loads((ROOT / "kernel" / "abi.toml").read_text())
    out: dict[str, tuple[list[Path], int]] = {}
    for name, sources in build_cli.user_programs().items():
        out[f"user:{name}"] = (list(sources), abi["user_map"]["text_base"])
    out["kernel"] = (build_cli.kernel_sources(), build_cli.RAM_BASE)
    grouped = {p.resolve() for sources, _ in out.values() for p in sources}
    for path in all_sources():
        if path.resolve() not in grouped:
            out[str(path.relative_to(ROOT))] = ([path], 0x80000000)
    return out


GROUPS = groups()


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_sources_assemble_like_gnu(name, tmp_path):
    need_tool(GNU_AS)
    from asm.assembler import assemble_files
    from vm.cli import build as build_cli
    sources, base = GROUPS[name]
    # The kernel .incbin's the boot archive from the build folder: any bytes do.
    (tmp_path / "archive.cpio").write_bytes(bytes(range(256)) * 3)
    dirs = [str(d) for d in build_cli.include_dirs(sources, [tmp_path])]
    program = assemble_files([str(s) for s in sources], include_dirs=dirs, base=base)
    assert_like_gnu(program, [str(s) for s in sources], include_dirs=dirs)


def test_every_source_file_is_covered():
    covered = {p.resolve() for sources, _ in GROUPS.values() for p in sources}
    assert {p.resolve() for p in all_sources()} <= covered
    assert len(covered) >= 10
