"""virtio-blk's host side (vm/devices/virtio_blk.py): a disk image that cannot be used is one line
before the run, and requests that lie (past the end, wrapping sector numbers, a write to a
read-only disk, chains that are no request) get an error status or fail the device, never a
Python exception or a byte outside the image."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from vm.devices import registers as R
from vm.devices import virtio_blk
from vm.devices.virtio_blk import DiskError, DiskImage


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "no such disk image"),
    (lambda p: p.mkdir(), "is a directory, not a disk image"),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(bytes(1000)), "1000 bytes, not a whole number of 512-byte sectors"),
])
def test_an_unusable_image_is_one_line(tmp_path, make, message):
    path = tmp_path / "disk.img"
    make(path)
    with pytest.raises(DiskError) as error:
        DiskImage.open(str(path))
    assert str(error.value) == f"{path}: {message}"


def test_toyos_run_refuses_a_bad_disk_before_the_run(tmp_path):
    (tmp_path / "p.s").write_text(".globl _start\n_start: j _start\n")
    subprocess.run([sys.executable, "-m", "vm.cli", "as", str(tmp_path / "p.s"), "-o", str(tmp_path / "p.elf")],
                   check=True)
    done = subprocess.run([sys.executable, "-m", "vm.cli", "run", "--disk", str(tmp_path / "none.img"),
                           str(tmp_path / "p.elf")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr == f"toyos run: --disk {tmp_path / 'none.img'}: no such disk image\n"


def _request(disk, kind, sector, data_len, data_writable, status_len=1):
    """Run one request chain through _serve_request on a scratch RAM; (used length, status, RAM)."""
    ram = np.zeros(4096, dtype=np.uint8)
    ram[0:4] = np.frombuffer(int(kind).to_bytes(4, "little"), dtype=np.uint8)
    ram[8:16] = np.frombuffer(int(sector % (1 << 64)).to_bytes(8, "little"), dtype=np.uint8)
    ram[2048 + status_len - 1] = 0xEE
    chain = [(0, 16, False)]
    if data_len:
        chain.append((512, data_len, data_writable))
    chain.append((2048, status_len, True))
    used = virtio_blk._serve_request(None, 0, ram, disk, chain)
    return used, int(ram[2048]), ram


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from([R.VIRTIO_BLK_T_IN, R.VIRTIO_BLK_T_OUT, R.VIRTIO_BLK_T_FLUSH,
                             R.VIRTIO_BLK_T_GET_ID, 2, 3, 0x99, 0xFFFFFFFF]),
       sector=st.one_of(st.integers(0, 70), st.integers(0, (1 << 64) - 1)),
       data_len=st.sampled_from([0, 1, 511, 512, 1024]), data_writable=st.booleans(),
       read_only=st.booleans())
def test_lying_requests_get_a_status_and_stay_inside_the_image(tmp_path_factory, kind, sector, data_len,
                                                               data_writable, read_only):
    path = tmp_path_factory.mktemp("disk") / "d.img"
    path.write_bytes(bytes(range(256)) * 128)                  # 64 sectors
    before = path.read_bytes()
    disk = DiskImage.open(str(path), read_only)
    used, status, ram = _request(disk, kind, sector, data_len, data_writable)
    assert used == 1 + (data_len if data_writable else 0)      # every device-writable byte, as QEMU
    in_range = sector + data_len // 512 <= 64 and data_len % 512 == 0
    if kind == R.VIRTIO_BLK_T_IN:
        ok = in_range and (data_len == 0 or data_writable)
        assert status == (R.VIRTIO_BLK_S_OK if ok else R.VIRTIO_BLK_S_IOERR)
        if ok and data_len:
            assert ram[512:512 + data_len].tobytes() == before[sector * 512:sector * 512 + data_len]
    elif kind == R.VIRTIO_BLK_T_OUT:
        ok = in_range and (data_len == 0 or not data_writable) and not read_only
        assert status == (R.VIRTIO_BLK_S_OK if ok else R.VIRTIO_BLK_S_IOERR)
    elif kind in (R.VIRTIO_BLK_T_FLUSH, R.VIRTIO_BLK_T_GET_ID):
        assert status == R.VIRTIO_BLK_S_OK
    else:
        assert status == R.VIRTIO_BLK_S_UNSUPP
    after = path.read_bytes()
    assert len(after) == len(before)                           # nothing written past the end
    if status != R.VIRTIO_BLK_S_OK or kind != R.VIRTIO_BLK_T_OUT:
        assert after == before


def test_a_chain_that_is_no_request_fails_the_device(tmp_path):
    path = tmp_path / "d.img"
    path.write_bytes(bytes(512))
    disk = DiskImage.open(str(path))
    ram = np.zeros(1024, dtype=np.uint8)
    assert virtio_blk._serve_request(None, 0, ram, disk, [(0, 8, False), (512, 1, True)]) == -1   # short header
    assert virtio_blk._serve_request(None, 0, ram, disk, [(0, 16, False), (512, 1, False)]) == -1  # status read-only
    assert virtio_blk._serve_request(None, 0, ram, disk, [(0, 16, False)]) == -1                   # no status
