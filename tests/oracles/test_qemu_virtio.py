"""Oracle: a virtio 1.x driver in miniature prints the same transcript on QEMU and on ours.

tests/vm/programs/virtio/virtio_rng.s probes the 8 virtio-mmio slots, finds
the entropy device, negotiates VIRTIO_F_VERSION_1, sets up a split virtqueue
in RAM and has it filled twice (interrupt through the PLIC, then polling).
QEMU 7.2 runs it with `-global virtio-mmio.force-legacy=false -device
virtio-rng-device` (its first device lands in slot 7, IRQ 8), ours with the
rng attached the same way (`toyos run --rng`).
"""
from __future__ import annotations

from tests.oracles.qemu import run_qemu
from tests.oracles.test_qemu_transcripts import diff
from tests.vm.build import build_virtio
from tests.vm.vmrun import run_elf

QEMU_RNG = ("-global", "virtio-mmio.force-legacy=false", "-device", "virtio-rng-device")
VM_BUDGET = 20_000_000


def test_virtio_rng_transcript_equals_qemu():
    elf = build_virtio("virtio_rng")
    qemu = run_qemu(elf, extra=QEMU_RNG)
    assert qemu.exit_code == 0, (f"virtio_rng.s does not finish on QEMU (exit {qemu.exit_code}); "
                                 f"the program is wrong:\n{qemu.output.decode(errors='replace')}")
    assert b"device=00000004" in qemu.output and b"done" in qemu.output
    ours = run_elf(elf, max_insns=VM_BUDGET, virtio=("rng",))
    assert ours.output == qemu.output, (f"transcripts differ (ours ended: {ours.reason}, "
                                        f"{ours.message})\n{diff(qemu.output, ours.output)}")
    assert (ours.reason, ours.exit_code) == ("poweroff", 0), ours.message


def test_no_device_transcript_equals_qemu():
    """Without a device, every slot answers the probe with DeviceID 0 on both machines."""
    elf = build_virtio("virtio_rng")
    qemu = run_qemu(elf, extra=("-global", "virtio-mmio.force-legacy=false"))
    assert b"no virtio-rng found" in qemu.output
    ours = run_elf(elf, max_insns=VM_BUDGET)
    assert ours.output == qemu.output, diff(qemu.output, ours.output)
