"""Reading a whole FAT16 image back, and checking it the way fsck.fat -n does.

For tests (ours and other helpers'): boot toyos with a disk, let the guest
write, then compare `read_tree(image)` with a model and expect
`check_image(image)` to be [].  Neither changes the image.
"""
from __future__ import annotations

import os

from fat16.layout import FatError
from fat16.volume import BAD, FREE, ROOT, Entry, Volume

Tree = dict          # name -> bytes (a file) or Tree (a directory)


def read_tree(path: str) -> Tree:
    """The whole volume as nested dicts: {name: bytes | dict}; names are the long
    names (or the short ones, as they show).  FatError for a corrupt image."""
    with Volume.open(path) as volume:
        return _read_dir(volume, ROOT, 0)


def _read_dir(volume: Volume, directory: Entry, depth: int) -> Tree:
    if depth > 64:
        raise FatError(f"{volume.path}: directories nested more than 64 deep (a loop?)")
    return {entry.name: _read_dir(volume, entry, depth + 1) if entry.is_dir else volume.read_entry(entry)
            for entry in volume.entries(directory)}


def check_image(path: str) -> list[str]:
    """Problems fsck.fat would report, one line each ([] for a clean volume): a bad
    boot sector, FAT copies that differ, broken or shared chains, sizes that do not
    match their chains, bad '.' and '..' entries, and lost clusters."""
    try:
        volume = Volume.open(path)
    except FatError as error:
        return [str(error)]
    with volume:
        problems: list[str] = []
        g = volume.geometry
        fats = [os.pread(volume.fd, g.fat_sectors * 512, g.fat_offset + i * g.fat_sectors * 512)
                for i in range(g.num_fats)]
        if any(copy != fats[0] for copy in fats[1:]):
            problems.append("the FAT copies differ")
        if volume.fat[0] & 0xFF != 0xF8 and volume.fat[0] & 0xFF < 0xF0:
            problems.append(f"FAT entry 0 is {volume.fat[0]:#06x}, not the media byte")
        owner: dict[int, str] = {}
        _check_dir(volume, ROOT, "", owner, problems, 0)
        lost = [c for c in range(2, volume.last_cluster + 1)
                if volume.fat[c] != FREE and c not in owner and volume.fat[c] != BAD]
        if lost:
            problems.append(f"{len(lost)} lost clusters (allocated, in no file): {lost[:8]}")
        return problems


def _check_dir(volume: Volume, directory: Entry, where: str, owner: dict, problems: list, depth: int):
    if depth > 64:
        problems.append(f"{where}: directories nested more than 64 deep")
        return
    try:
        entries = volume.entries(directory, with_dots=True)
    except FatError as error:
        problems.append(f"{where or '/'}: {error}")
        return
    g = volume.geometry
    if directory.cluster:
        dots = entries[:2]
        parent = owner.get(("parent", directory.cluster), 0)
        if len(dots) < 2 or dots[0].short != b".          " or dots[1].short != b"..         " \
                or dots[0].cluster != directory.cluster or dots[1].cluster != parent:
            problems.append(f"{where}: bad '.' or '..' entry")
    for entry in entries:
        if entry.short in (b".          ", b"..         "):
            continue
        name = f"{where}/{entry.name}"
        try:
            chain = volume.chain(entry.cluster)
        except FatError as error:
            problems.append(f"{name}: {error}")
            continue
        shared = [c for c in chain if c in owner]
        if shared:
            problems.append(f"{name}: shares cluster {shared[0]} with {owner[shared[0]]}")
            continue
        for c in chain:
            owner[c] = name
        if entry.is_dir:
            if not chain:
                problems.append(f"{name}: directory without a cluster")
                continue
            owner[("parent", entry.cluster)] = directory.cluster
            _check_dir(volume, entry, name, owner, problems, depth + 1)
        elif len(chain) != -(-entry.size // g.cluster_bytes):
            problems.append(f"{name}: size {entry.size} does not match its {len(chain)} clusters")

