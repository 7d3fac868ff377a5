"""The file tests' tools, checked before the guest is: disks made by `toyos disk` and by
mtools hold the same tree as mtools reads it back, pass fsck.fat, and attach to a
session; the tree model answers each operation as the fs protocol says.
"""
from __future__ import annotations

import pytest

from tests.userland.console_session import ToyosSession
from tests.userland.disks import (fsck_clean, make_disk_mtools, make_disk_toyos, mtools_tree,
                                  sized_files, with_bin)
from tests.userland.fsmodel import FsModel
from vm.devices.virtio_blk import DiskError

TREE = {"Long Name.text": b"long\n", "sizes": sized_files(),
        "nest": {"two": {"deep.txt": b"deep\n", "empty": {}}}}


@pytest.mark.parametrize("maker", [make_disk_toyos, make_disk_mtools])
def test_both_makers_write_the_tree_mtools_reads_back(maker, tmp_path, toyos_build):
    tree = with_bin(TREE, toyos_build[1])
    assert "cat" in tree["bin"] and tree["bin"]["cat"][:4] == b"\x7fELF"
    image = maker(tmp_path / "disk.img", tree, tmp_path / "host")
    fsck_clean(image)
    assert mtools_tree(image, tmp_path / "back") == tree


def test_a_session_attaches_the_disk_or_says_why_not(tmp_path, toyos_image):
    image = make_disk_toyos(tmp_path / "disk.img", {}, tmp_path / "host", size_mb=4)
    session = ToyosSession(toyos_image, disk=str(image))
    assert session.machine is not None
    odd = tmp_path / "odd.img"
    odd.write_bytes(bytes(1000))
    with pytest.raises(DiskError, match="not a whole number of 512-byte sectors"):
        ToyosSession(toyos_image, disk=str(odd))


def test_the_model_answers_as_the_protocol_says():
    m = FsModel({"a": b"1", "d": {"f": b"x"}})
    assert m.write("/A", b"2") is None and m.tree["a"] == b"2"         # one name, any case
    assert m.write("/a", b"3", append=True) is None and m.read("/a") == b"23"
    assert m.write("/d", b"") == "EISDIR"
    assert m.write("/nope/f", b"") == "ENOENT"
    assert m.write("/a/f", b"") == "ENOTDIR"
    assert m.mkdir("/D") == "EEXIST" and m.mkdir("/") == "EEXIST"
    assert m.rmdir("/d") == "ENOTEMPTY" and m.rmdir("/a") == "ENOTDIR"
    assert m.unlink("/d") == "EISDIR" and m.unlink("/zz") == "ENOENT"
    assert m.rename("/d", "/d/sub") == "EINVAL"
    assert m.rename("/a", "/D") == "EEXIST" and m.rename("/d", "/a") == "ENOTDIR"   # no directory replaced
    assert m.rename("/a", "/d/g") is None and m.lookup("/d/G") == b"23" and m.lookup("/a") == "ENOENT"
    assert m.copy("/d/g", "/c") is None and m.read("/c") == b"23"
    assert m.touch("/t") is None and m.touch("/c") is None and m.read("/c") == b"23"
    assert m.unlink("/d/f") is None and m.unlink("/d/g") is None and m.rmdir("/d") is None
    assert m.tree == {"c": b"23", "t": b""}
    assert m.rename("/c", "/T") is None and m.tree == {"T": b"23"}     # a file is replaced, named as typed
