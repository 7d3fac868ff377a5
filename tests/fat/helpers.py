"""Shared by the FAT tests: run `toyos disk` in-process, and trees as dicts.

A tree is {name: bytes (a file) | tree (a directory)}, the shape
fat16.read_tree returns and the hypothesis model keeps.
"""
from __future__ import annotations

import os
from pathlib import Path

from vm.cli.toyos import main


def disk(capsys, *args) -> tuple[int, str, str]:
    """`toyos disk ARGS`: (exit status, stdout, stderr)."""
    capsys.readouterr()
    status = main(["disk", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def write_host_tree(root: Path, tree: dict) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, value in tree.items():
        if isinstance(value, dict):
            write_host_tree(root / name, value)
        else:
            (root / name).write_bytes(value)


def read_host_tree(root: Path) -> dict:
    return {name: read_host_tree(root / name) if (root / name).is_dir() else (root / name).read_bytes()
            for name in os.listdir(root)}


def sample_tree() -> dict:
    """Nested directories, long names, the sizes around a sector, 1 MiB, and a
    directory of 300 entries (several clusters of directory)."""
    data = bytes((i * 7 + 3) & 0xFF for i in range(1 << 20))
    sizes = {f"size{n}.bin": data[:n] for n in (0, 1, 511, 512, 513)}
    many = {f"entry number {i:03}.data": f"{i}\n".encode() for i in range(300)}
    return {
        "README.TXT": b"toyos sample\n",
        "A Long File Name With Spaces.text": b"long\n",
        "sizes": sizes,
        "big.bin": data,
        "nest": {"level two": {"Level Three Directory": {"deep file.txt": b"deep\n", "empty": {}}}},
        "many": many,
    }
