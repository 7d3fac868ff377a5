"""Disks for booted sessions: made with `toyos disk` or with mtools, read back with mtools.

A tree is {name: bytes (a file) | tree (a directory)}, as in tests/fat/helpers.
The two makers give the guest the same tree written by two different
programs (ours and mtools), so a difference the fs server sees is ours to
explain; `mtools_tree` reads a disk back the way a user on the host would,
and `fsck_clean` runs `fsck.fat -n` and our own checker on it.

`with_bin(tree, bin_dir)` adds /bin holding the program ELFs of the build
(the toyos_build fixture), as `make image` does, so pm can load from /bin.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.fat.helpers import disk as toyos_disk_cli  # noqa: F401 (re-exported for tests)
from tests.fat.helpers import write_host_tree
from tests.oracle_tools import need_tool
from tests.oracles.test_fat_mtools import fsck_clean, mtool, mtools_tree  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
DISK_MB = 32


def qemu_disk_args(disk) -> list[str]:
    """The QEMU arguments `make qemu` passes for the disk (the Makefile's QEMU_DISK)."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    value = re.search(r"^QEMU_DISK\s*:=\s*(.*)$", text, re.MULTILINE).group(1)
    return value.replace("$(DISK)", str(disk)).split()


def with_bin(tree: dict, bin_dir: Path) -> dict:
    """`tree` plus /bin/NAME for every program ELF of the build, and /bin/sh (the shell)."""
    programs = {elf.stem: elf.read_bytes() for elf in sorted(Path(bin_dir).glob("*.elf"))}
    programs["sh"] = programs["shell"]
    return {**tree, "bin": {**programs, **tree.get("bin", {})}}


def make_disk_toyos(image: Path, tree: dict, host: Path, size_mb: int = DISK_MB) -> Path:
    """A FAT16 image holding `tree`, written by `toyos disk mkfs` + `put -r`."""
    from vm.cli.toyos import main
    write_host_tree(host, tree)
    assert main(["disk", "mkfs", str(image), "--size", f"{size_mb}M"]) == 0
    sources = [str(p) for p in sorted(host.iterdir())]
    if sources:
        assert main(["disk", "put", "-r", str(image), *sources, "/"]) == 0
    return image


def make_disk_mtools(image: Path, tree: dict, host: Path, size_mb: int = DISK_MB) -> Path:
    """A FAT16 image holding `tree`, written by mkfs.fat and mcopy (mmd for empty folders)."""
    write_host_tree(host, tree)
    subprocess.run([need_tool("mkfs.fat"), "-F", "16", "-C", str(image), str(size_mb * 1024)],
                   check=True, capture_output=True)
    sources = sorted(host.iterdir())
    if sources:
        mtool("mcopy", "-s", "-i", image, *sources, "::/")
    return image


def sized_files() -> dict:
    """Files around a sector and a cluster, and 1 MiB: 0, 1, 511, 512, 513 bytes."""
    data = bytes((i * 7 + 3) & 0xFF for i in range(1 << 20))
    files = {f"s{n}.bin": data[:n] for n in (0, 1, 511, 512, 513)}
    files["big.bin"] = data
    return files
