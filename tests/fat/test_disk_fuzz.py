"""Mutated disk images give `toyos disk` an answer or one line, never a traceback (issue 13).

Hypothesis changes bytes of a good image where FAT keeps its facts (the
boot sector, both FATs, the root directory, the first clusters of a
subdirectory) and runs what a user runs on an image they were handed:
`ls -l` of the tree, `get -r` of everything, `put` of a file.  Each must
end with status 0, or 1 with exactly one line on stderr naming the
trouble; an exception other than the tool's own exit is a failure, and so
is a run that does not end (hypothesis's deadline).  test_disk_errors.py
names single faults; this one finds the ones nobody thought of.
"""
from __future__ import annotations

import shutil
import struct

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.fat.helpers import disk

TREE_FILES = {"hello.txt": b"hello\n" * 300, "empty": b""}


@pytest.fixture(scope="module")
def good_image(tmp_path_factory):
    """A 4 MiB image holding a file, an empty file, a subdirectory with a long name."""
    root = tmp_path_factory.mktemp("good")
    path = root / "disk.img"
    from vm.cli.toyos import main
    assert main(["disk", "mkfs", str(path), "--size", "4M"]) == 0
    for name, data in TREE_FILES.items():
        (root / name).write_bytes(data)
        assert main(["disk", "put", str(path), str(root / name), "/"]) == 0
    assert main(["disk", "mkdir", str(path), "/A Long Directory Name"]) == 0
    assert main(["disk", "put", str(path), str(root / "hello.txt"), "/A Long Directory Name"]) == 0
    return path


def regions(image: bytes) -> list[tuple[int, int]]:
    """(start, end) of the boot sector, the FATs, the root directory and the first data clusters."""
    sector, per_cluster, reserved, fats, root_entries, _, _, per_fat = struct.unpack_from("<HBHBHHBH", image, 11)
    fat_start = reserved * sector
    root_start = fat_start + fats * per_fat * sector
    data_start = root_start + root_entries * 32
    return [(0, 64), (fat_start, fat_start + 64), (fat_start + per_fat * sector, fat_start + per_fat * sector + 64),
            (root_start, root_start + 256), (data_start, data_start + 4 * per_cluster * sector)]


def check(capsys, status: int, err: str) -> None:
    assert status in (0, 1), status
    assert "Traceback" not in err, err
    if status == 1:
        assert err.count("\n") == 1 and err.startswith("toyos disk "), err


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_image_gets_an_answer_or_one_line(good_image, tmp_path, capsys, data):
    raw = bytearray(good_image.read_bytes())
    spots = regions(bytes(raw))
    for _ in range(data.draw(st.integers(1, 8), label="changes")):
        start, end = data.draw(st.sampled_from(spots), label="region")
        at = data.draw(st.integers(start, end - 1), label="offset")
        raw[at] = data.draw(st.sampled_from([0x00, 0xFF, 0xE5, 0x0F, 0x10, 0x2E, 0x41])
                            | st.integers(0, 255), label="byte")
    image = tmp_path / "mutated.img"
    image.write_bytes(raw)
    check(capsys, *disk(capsys, "ls", "-l", image, "/")[::2])
    check(capsys, *disk(capsys, "ls", "-l", image, "/A Long Directory Name")[::2])
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    check(capsys, *disk(capsys, "get", "-r", image, "/", out)[::2])
    host = tmp_path / "new.txt"
    host.write_bytes(b"new file\n")
    check(capsys, *disk(capsys, "put", image, host, "/")[::2])


def test_an_entry_whose_name_holds_a_slash_is_refused_not_followed(tmp_path, capsys):
    # found by the test above: `get -r` joined an entry's name to the host folder as it was,
    # so a name holding a NUL failed in open() with a traceback, and one holding '/' (a long
    # name '../x' would too) was followed as a path on the host
    image = tmp_path / "disk.img"
    (tmp_path / "payload").write_bytes(b"escaped\n")
    assert disk(capsys, "mkfs", image, "--size", "4M")[0] == 0
    assert disk(capsys, "mkdir", image, "/EVIL")[0] == 0
    assert disk(capsys, "put", image, tmp_path / "payload", "/EVIL")[0] == 0
    raw = bytearray(image.read_bytes())
    at = raw.find(b"EVIL       ", regions(bytes(raw))[3][0])
    raw[at:at + 11] = b"../EVIL    "
    image.write_bytes(raw)
    out = tmp_path / "deep" / "out"
    out.mkdir(parents=True)
    status, _, err = disk(capsys, "get", "-r", image, "/", out)
    check(capsys, status, err)
    assert status == 1 and "no host file can be named" in err, err
    assert not (tmp_path / "deep" / "EVIL").exists() and not list(out.iterdir())
