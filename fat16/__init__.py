"""fat16: FAT16 volumes in host image files, for `toyos disk` and for tests.

The guest's file-system server (servers/fs) is the OS's own FAT16; this is
the host's, written from the FAT specification, which `toyos disk` uses and
tests use as a checker.  mtools and fsck.fat stay the independent oracles.

Why our own code and not a library (evaluated 2026-12): pyfatfs 1.1.0, the
one full read-write FAT library on PyPI, formats with heads and sectors per
track 0, which mtools refuses, and is slow; dissect.fat only reads (for
forensics); fatfs 0.1.2 wraps ChaN's FatFs in a CPython-3.11-only binary
wheel and calls itself pre-alpha.  FAT16 with long names is about 900 lines
here, and a checker must see the raw structures (a FAT cycle, a shared
cluster) that a library hides behind its own errors.

API (all errors are FatError, whose message is one line for the user):

    from fat16 import Volume, FatError, read_tree, check_image

    Volume.create(path, size_bytes, volume_id=None) -> Volume   # new empty FAT16 image
    Volume.open(path, writable=False) -> Volume                 # FatError if not FAT16
    with volume:                                                # closes the file
        volume.listdir("/bin") -> [Entry]        # .name (long name), .short_name (8.3 alias),
                                                 # .is_dir, .size, .mtime, .ctime (datetime), .attr
        volume.lookup("/etc/motd") -> Entry | None
        volume.read("/etc/motd") -> bytes
        volume.write("/etc/motd", data, mtime=None)   # create or replace
        volume.mkdir("/a/b", parents=False)
        volume.remove("/a", recursive=False)
        volume.free_count() -> free clusters; volume.geometry.cluster_bytes

    read_tree(path) -> {"README.TXT": b"...", "bin": {"hello": b"..."}}   # the whole volume
    check_image(path) -> ["one line per problem"]     # [] when clean, as `fsck.fat -n` would say

Paths are '/'-separated from the root and matched ignoring case, against
long names and 8.3 aliases, as FAT does.  Modules: layout (boot sector and
geometry), names (8.3 names, LFN entries, alias generation), volume (the
FAT, directories and files), check (read_tree and check_image).
"""
from fat16.check import check_image, read_tree
from fat16.layout import FatError, FormatError
from fat16.volume import Entry, Volume

__all__ = ["Volume", "Entry", "FatError", "FormatError", "read_tree", "check_image"]
