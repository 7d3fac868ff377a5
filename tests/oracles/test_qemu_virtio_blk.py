"""Oracle: the miniature virtio-blk driver prints the same transcript on QEMU and on ours, and
leaves the same bytes in the image file.

tests/vm/programs/virtio/virtio_blk.s reads sector 0 (by interrupt), writes sector 1, flushes,
reads it back, reads past the end, asks for the id and sends an unknown request.  QEMU 7.2 runs it
with the image as `-drive ... -device virtio-blk-device` (its first device lands in slot 7), ours
with `Machine(disk=...)`, what `toyos run/boot --disk IMG` attaches; both read-write and read-only.
"""
from __future__ import annotations

import pytest

from tests.oracles.qemu import run_qemu
from tests.oracles.test_qemu_transcripts import diff
from tests.vm.build import build_virtio
from tests.vm.vmrun import run_elf
from vm.devices.virtio_blk import DiskImage

SECTORS = 64
PATTERN = bytes((0x21 + i) & 0xFF for i in range(512))     # what the program writes to sector 1


def boot_sector_image(path):
    data = bytearray(SECTORS * 512)
    data[11:13] = (512).to_bytes(2, "little")                # bytes per sector, as FAT has it
    data[510:512] = b"\x55\xaa"
    path.write_bytes(data)
    return bytes(data)


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
def test_virtio_blk_transcript_and_image_equal_qemu(tmp_path, read_only):
    elf = build_virtio("virtio_blk")
    theirs, ours = tmp_path / "qemu.img", tmp_path / "ours.img"
    original = boot_sector_image(theirs)
    boot_sector_image(ours)
    drive = f"file={theirs},if=none,format=raw,id=d0" + (",readonly=on" if read_only else "")
    qemu = run_qemu(elf, extra=("-global", "virtio-mmio.force-legacy=false",
                                "-drive", drive, "-device", "virtio-blk-device,drive=d0"))
    assert qemu.exit_code == 0 and b"done" in qemu.output, qemu.output.decode(errors="replace")
    run = run_elf(elf, max_insns=50_000_000, disk=DiskImage.open(str(ours), read_only))
    assert run.output == qemu.output, f"transcripts differ ({run.reason})\n{diff(qemu.output, run.output)}"
    assert (run.reason, run.exit_code) == ("poweroff", 0), run.message
    assert ours.read_bytes() == theirs.read_bytes()
    expected = original if read_only else original[:512] + PATTERN + original[1024:]
    assert ours.read_bytes() == expected
    assert (b"RO=00000001" in run.output) == read_only
    assert b"signature=0000aa55" in run.output and b"capacity=00000040" in run.output
