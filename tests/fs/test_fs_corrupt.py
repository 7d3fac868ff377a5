"""A corrupt FAT never takes the fs server down: mkfs.fat and mcopy make a
disk, then its FAT and entries are bent the ways a crashed writer or a
hostile image bends them (a directory whose chain loops on itself, a file
whose chain loops, a first cluster past the volume, a size longer than the
chain).  Lookups end, reads answer what the chain holds and then -EIO (as
Linux's vfat does), removing the bad files works, and the server goes on
serving the good ones through a clean shutdown.  A truncated image (the
volume larger than the disk) is refused in one line at mount.
"""
from __future__ import annotations

import struct

from fat16 import Volume
from tests.fs.test_fs_read import boot, make_image

ENTRY_CLUSTER, ENTRY_SIZE = 26, 28          # offsets in a FAT short entry
TREE = {"ok.txt": b"fine\n", "past.bin": b"p" * 100, "long.bin": b"L" * 3000, "self.bin": b"S" * 5000,
        "loop": {f"F{i:02d}.TXT": b"x" for i in range(62)}}       # with . and ..: one full cluster


def corrupt_disk(path):
    disk = make_image(path, TREE)
    with Volume.open(str(disk)) as volume:
        geometry = volume.geometry
        entries = {e.name: e for e in volume.listdir("/")}
        assert geometry.cluster_bytes == 2048 and volume.chain(entries["long.bin"].cluster)[1:]
    data = bytearray(disk.read_bytes())
    for fat in range(geometry.num_fats):
        base = geometry.fat_offset + fat * geometry.fat_sectors * 512
        for name in ("loop", "self.bin"):                 # the chain's first cluster points at itself
            cluster = entries[name].cluster
            struct.pack_into("<H", data, base + 2 * cluster, cluster)
    struct.pack_into("<H", data, entries["past.bin"].slots[-1] + ENTRY_CLUSTER, 0xFFF0)
    for name in ("long.bin", "self.bin"):
        struct.pack_into("<I", data, entries[name].slots[-1] + ENTRY_SIZE, 1 << 20)
    disk.write_bytes(bytes(data))
    return disk


def test_a_corrupt_fat_gets_errors_and_the_server_keeps_serving(image, tmp_path):
    shell = boot("toyos", image, corrupt_disk(tmp_path / "disk.img"))
    try:
        assert shell.run("fstest stat /loop/NOSUCH") == "/loop/NOSUCH: error -2\n"   # a looping directory ends
        assert shell.run("fstest stat /loop/F61.TXT").startswith("/loop/F61.TXT: 1 20 ")
        assert shell.run("cat /past.bin") == "cat: /past.bin: input/output error\ncat: exit status 1\n"
        # the two clusters the chain has, then the error
        assert shell.run("cat /long.bin | wc -c") == "cat: /long.bin: input/output error\n4096\n"
        # a chain that loops is read as far as the size says, never further
        assert shell.run("cat /self.bin | wc -c") == f"{1 << 20}\n"
        assert shell.run("cat /ok.txt") == "fine\n"
        for name in ("/past.bin", "/self.bin", "/long.bin", "/loop/F00.TXT"):
            assert shell.run(f"rm {name}") == "", name
        assert shell.run("ls") == "loop\nok.txt\n"
        assert shell.run("cat ok.txt") == "fine\n"
        assert shell.shutdown() == 0
    finally:
        shell.session.close()


def test_a_truncated_image_is_refused_in_one_line(image, tmp_path):
    disk = make_image(tmp_path / "disk.img", {"f.txt": b"x"})
    disk.write_bytes(disk.read_bytes()[:len(disk.read_bytes()) // 2])     # half the volume is gone
    shell = boot("toyos", image, disk)
    try:
        log = shell.boot_log.replace("\r\n", "\n")
        assert "fs: the FAT volume is larger than the disk (a truncated image?); not mounted\n" in log
        assert shell.run("fstest stat / /f.txt") == "/: error -5\n/f.txt: error -5\n"      # EIO, no hang
        assert shell.run("echo still here") == "still here\n"
        assert shell.shutdown() == 0
    finally:
        shell.session.close()
