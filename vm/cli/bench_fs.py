"""The fs server's figures: `python -m vm.cli.bench_fs` (BENCHMARKS.md, issue 9).

Boots the image on our machine (deterministic time) with an empty FAT16
disk made by mkfs.fat (or `toyos disk mkfs` when dosfstools is missing) and
times shell commands of `fstest` (userland/programs/fstest, the fs
protocol called directly) from the host: guest instructions (the machine's
count, every process and the kernel included) and host wall seconds.
  - sequential write of a 1 MiB file (`fstest fill`, 1000-byte writes) and
    the sync that puts it on the disk;
  - sequential read of it (`fstest read`, 4096-byte reads), cold (the
    cache holds 64 KiB, so the file comes from the device);
  - N small files created (10 bytes each, closed), stat'ed, unlinked.
Beside them, in the same run, the raw device: the host file read and
written in 512-byte requests (what the virtio-blk model does per request,
no guest) — so the figure says what the guest side costs.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

MIB = 1 << 20
SMALL = 100


def make_disk(path: Path) -> None:
    try:
        subprocess.run(["mkfs.fat", "-F", "16", "-C", str(path), "32768"], check=True, capture_output=True)
    except (FileNotFoundError, subprocess.CalledProcessError):
        from fat16 import Volume
        Volume.create(str(path), 32 * MIB).close()


def timed(session, line: str) -> tuple[int, float, str]:
    """(guest instructions, host seconds, output) of one shell command."""
    insns, start = session.machine.insns, time.perf_counter()
    session.send(line + "\n")
    out = session.expect("toyos$ ")
    return session.machine.insns - insns, time.perf_counter() - start, out


def raw_device(path: Path) -> tuple[float, float]:
    """Host MB/s reading and writing 1 MiB of the image in 512-byte requests."""
    fd = os.open(path, os.O_RDWR)
    try:
        block = bytes(512)
        start = time.perf_counter()
        for offset in range(0, MIB, 512):
            os.pwrite(fd, block, 16 * MIB + offset)
        os.fsync(fd)
        write = time.perf_counter() - start
        start = time.perf_counter()
        for offset in range(0, MIB, 512):
            os.pread(fd, 512, 16 * MIB + offset)
        read = time.perf_counter() - start
    finally:
        os.close(fd)
    return 1 / read, 1 / write


def run_benchmark(image: Path | None = None) -> dict:
    from tests.userland.console_session import ToyosSession
    from vm.cli import build as build_cli
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if image is None:
            image = tmp / "toyos.elf"
            build_cli.build(image, log=lambda *a: None, build_dir=tmp / "work")
        disk = tmp / "disk.img"
        make_disk(disk)
        session = ToyosSession(str(image), max_insns=4_000_000_000, disk=str(disk))
        session.expect("toyos$ ")
        figures = {}
        insns, secs, _ = timed(session, f"fstest fill /big.bin {MIB}")
        sync_insns, sync_secs, _ = timed(session, "fstest sync")
        figures["write"] = (insns + sync_insns, secs + sync_secs)
        timed(session, "fstest small create 200")      # evicts big.bin from the cache
        timed(session, "fstest small unlink 200")
        insns, secs, out = timed(session, "fstest read /big.bin")
        assert str(MIB) in out, out
        figures["read"] = (insns, secs)
        for phase in ("create", "stat", "unlink"):
            figures[phase] = timed(session, f"fstest small {phase} {SMALL}")[:2]
        figures["raw_read"], figures["raw_write"] = raw_device(disk)
    return figures


def report(f: dict) -> str:
    lines = ["fs (our machine, deterministic time; host seconds of the whole machine)"]
    for name in ("write", "read"):
        insns, secs = f[name]
        lines.append(f"fs sequential {name} 1 MiB: {insns / MIB:6.1f} guest instructions/byte, "
                     f"{1 / secs:6.2f} MB/s host")
    lines.append(f"fs raw device (host file, 512-byte requests): read {f['raw_read']:.0f} MB/s, "
                 f"write {f['raw_write']:.0f} MB/s")
    for phase in ("create", "stat", "unlink"):
        insns, secs = f[phase]
        lines.append(f"fs small files, {phase}: {SMALL / secs:7.0f} per second host, "
                     f"{insns // SMALL:,d} guest instructions each")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run_benchmark()))
