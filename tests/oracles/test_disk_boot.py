"""Oracle: the disk `make image` makes (toyos build --disk) holds every user
program in /bin as mtools reads it and passes fsck.fat; the image boots with
it on QEMU, with the Makefile's own QEMU_DISK arguments, and on our machine
with `toyos boot --disk`, to the same transcript; `--disk none` boots without.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fat.helpers import read_host_tree
from tests.oracles.qemu import run_qemu
from tests.oracles.test_fat_mtools import fsck_clean, mtool
from tests.oracles.test_qemu_transcripts import diff
from tests.userland.disks import qemu_disk_args
from vm.cli import build as build_cli

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "hello\nshutdown\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(boot image, disk image, build folder) of one real build with a disk."""
    tmp = tmp_path_factory.mktemp("build")
    image, disk = tmp / "toyos.elf", tmp / "disk.img"
    build_cli.build(image, log=lambda *a: None, build_dir=tmp / "work", disk=disk)
    return image, disk, tmp / "work"


makefile_qemu_disk = qemu_disk_args      # the QEMU arguments `make qemu` passes for the disk


def test_the_disk_holds_every_user_program(built, tmp_path):
    _image, disk, work = built
    fsck_clean(disk)
    out = tmp_path / "bin"
    out.mkdir()
    mtool("mcopy", "-s", "-i", disk, "::/bin/*", str(out) + "/")
    programs = sorted(p.stem for p in (ROOT / "userland" / "programs").iterdir()
                      if p.suffix == ".s" or p.is_dir())
    shipped = sorted(p.name for p in (ROOT / "userland" / "disk" / "bin").iterdir())   # batch.sh
    assert sorted(read_host_tree(out)) == sorted([*programs, "sh", *shipped])
    for name in programs:
        assert (out / name).read_bytes() == (work / "bin" / f"{name}.elf").read_bytes()
    assert (out / "sh").read_bytes() == (work / "bin" / "shell.elf").read_bytes()    # scripts' shell
    for name in shipped:
        assert (out / name).read_bytes() == (ROOT / "userland" / "disk" / "bin" / name).read_bytes()
    assert mtool("mtype", "-i", disk, "::/etc/motd").stdout == (ROOT / "userland/disk/etc/motd").read_bytes()


def _boot_ours(image: Path, disk: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vm.cli", "boot", str(image), "--deterministic",
                           "--input-text", SCRIPT.replace("\n", "\\n"), "--disk", disk],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=600, cwd=ROOT)


def test_boots_with_the_disk_on_qemu_and_ours_alike(built):
    image, disk, _work = built
    qemu = run_qemu(image, SCRIPT.encode(), timeout=60, extra=makefile_qemu_disk(disk), after=b"toyos$ ")
    assert qemu.exit_code == 0 and b"hello, world" in qemu.output, qemu.output.decode(errors="replace")
    ours = _boot_ours(image, str(disk))
    assert (ours.returncode, ours.stderr) == (0, b"")
    assert ours.stdout == qemu.output, diff(qemu.output, ours.stdout)
    fsck_clean(disk)


def test_disk_none_boots_without_one(built, tmp_path):
    image, _disk, _work = built
    ours = _boot_ours(image, "none")
    assert ours.returncode == 0 and b"hello, world" in ours.stdout
    wrong = tmp_path / "odd.img"
    wrong.write_bytes(bytes(1000))
    bad = _boot_ours(image, str(wrong))
    assert (bad.returncode, bad.stdout) == (2, b"")
    assert bad.stderr.decode() == f"toyos boot: --disk {wrong}: 1000 bytes, not a whole number of 512-byte sectors\n"


def test_plain_toyos_boot_attaches_build_disk_img(built, tmp_path):
    """With the default image (build/toyos.elf, relative to the current folder)
    `toyos boot` takes build/disk.img as its disk; `--disk none` leaves it out."""
    image, _disk, _work = built
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "toyos.elf").write_bytes(image.read_bytes())
    (tmp_path / "build" / "disk.img").write_bytes(bytes(1000))     # wrong-sized: refused if attached
    boot = [sys.executable, "-m", "vm.cli", "boot", "--deterministic", "--input-text", "hello\\nshutdown\\n"]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    attached = subprocess.run(boot, cwd=tmp_path, env=env, capture_output=True, timeout=600,
                              stdin=subprocess.DEVNULL)
    assert attached.returncode == 2
    assert attached.stderr.decode().endswith(
        "toyos boot: --disk build/disk.img: 1000 bytes, not a whole number of 512-byte sectors\n")
    without = subprocess.run(boot + ["--disk", "none"], cwd=tmp_path, env=env, capture_output=True,
                             timeout=600, stdin=subprocess.DEVNULL)
    assert without.returncode == 0 and b"hello, world" in without.stdout
