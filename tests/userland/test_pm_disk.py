"""pm loads programs from /bin on the disk (servers/pm/disk.s), the boot archive after.

The disk holds a program the archive does not (`greet`, a copy of echo's
ELF), and files that are no program pm may load: ELFs whose program headers
lie outside the file or at an odd offset, whose segment's file bytes wrap
around or run past the end, text, an empty file, a directory.  A program
on the disk runs by name and by path; the unfit ones are refused as `not an
executable` and pm goes on; names the disk lacks still come from the
archive; a relative path is resolved against the working directory (spawn).
The same transcript on our machine and on QEMU.
"""
from __future__ import annotations

import shutil

import pytest

from tests.userland.conftest import boot_shell
from tests.userland.disks import make_disk_mtools, with_bin

COMMANDS = ["greet hi there", "/bin/greet by path", "bad", "junk", "empty", "/bin", "wrap", "fat", "odd",
            "hello", "nosuch", "cd /bin", "./greet relative", "../bin/greet up", "cd /", "greet still here"]
EXPECTED = ["hi there\n", "by path\n"] + [f"shell: {name}: not an executable\n" for name in
                                         ("bad", "junk", "empty", "/bin", "wrap", "fat", "odd")] + [
            "hello, world\n", "shell: nosuch: command not found\n", "", "relative\n", "up\n", "",
            "still here\n"]


def segment(elf: bytes, **fields) -> bytes:
    """elf with its first program header's p_offset / p_filesz replaced."""
    out = bytearray(elf)
    phoff = int.from_bytes(elf[28:32], "little")
    where = {"offset": 4, "filesz": 16}
    for name, value in fields.items():
        out[phoff + where[name]:phoff + where[name] + 4] = value.to_bytes(4, "little")
    return bytes(out)


@pytest.fixture(scope="module")
def disk(tmp_path_factory, toyos_build):
    tmp = tmp_path_factory.mktemp("pmdisk")
    tree = with_bin({}, toyos_build[1])
    echo = tree["bin"]["echo"]
    bad = bytearray(echo)
    bad[28:32] = (0x7FFFFFF0).to_bytes(4, "little")        # e_phoff far past the end
    tree["bin"] = {name: elf for name, elf in tree["bin"].items() if name not in ("hello",)}
    tree["bin"].update({"greet": echo, "bad": bytes(bad), "junk": b"not an elf\n", "empty": b"",
                        "wrap": segment(echo, offset=0xFFFFFF00, filesz=0x200),
                        "fat": segment(echo, filesz=0x7FFFFFFF),
                        "odd": bytes(echo[:28]) + (53).to_bytes(4, "little") + bytes(echo[32:])})
    return make_disk_mtools(tmp / "disk.img", tree, tmp / "host")


@pytest.mark.parametrize("backend", ["qemu", "toyos"])
def test_programs_come_from_bin_on_the_disk(backend, disk, toyos_image, tmp_path):
    copy = tmp_path / "disk.img"
    shutil.copyfile(disk, copy)
    shell = boot_shell(backend, toyos_image, disk=copy)
    try:
        assert [shell.run(line) for line in COMMANDS] == EXPECTED
        assert shell.shutdown() == 0
    finally:
        shell.session.close()
