"""Oracle: images `toyos disk` writes read back exactly with mtools and pass
`fsck.fat -n`; images mkfs.fat + mtools write read back exactly with
`toyos disk`; hypothesis sequences of put/mkdir/rm end in the tree a plain
dict model predicts, as mtools reads it.  Aliases equal the ones mtools
generates for the same long names.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fat16 import Volume, check_image, read_tree
from tests.fat.helpers import disk, read_host_tree, sample_tree, write_host_tree
from tests.oracle_tools import need_tool

MTOOLS_ENV = {**os.environ, "MTOOLS_NO_VFAT": "", "LC_ALL": "C.UTF-8"}
MTOOLS_ENV.pop("MTOOLS_NO_VFAT")
MTOOLS_ENV.pop("MTOOLS_SKIP_CHECK", None)      # mtools must accept our geometry as it is


def mtool(name: str, *args) -> subprocess.CompletedProcess:
    result = subprocess.run([need_tool(name), *map(str, args)], capture_output=True, env=MTOOLS_ENV,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{name} {args}: {result.stderr.decode(errors='replace')}"
    return result


def fsck_clean(image: Path) -> None:
    result = subprocess.run([need_tool("fsck.fat"), "-n", str(image)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert check_image(str(image)) == []


def mtools_tree(image: Path, out: Path) -> dict:
    """The whole volume as mtools reads it (mcopy -s into a host folder)."""
    out.mkdir()
    if mtool("mdir", "-b", "-i", image, "::/").stdout.strip():
        mtool("mcopy", "-s", "-n", "-i", image, "::/*", str(out) + "/")
    return read_host_tree(out)


def test_toyos_disk_image_reads_back_with_mtools(tmp_path, capsys):
    tree = sample_tree()
    write_host_tree(tmp_path / "host", tree)
    image = tmp_path / "disk.img"
    assert disk(capsys, "mkfs", image, "--size", "32M") == (0, "", "")
    sources = sorted((tmp_path / "host").iterdir())
    status, _, err = disk(capsys, "put", "-r", image, *sources, "/")
    assert (status, err) == (0, "")
    fsck_clean(image)
    assert mtools_tree(image, tmp_path / "mtools") == tree
    assert mtool("mtype", "-i", image, "::/nest/level two/Level Three Directory/deep file.txt").stdout == b"deep\n"
    listing = mtool("mdir", "-i", image, "::/many").stdout.decode()
    assert listing.count("entry number") == 300


def test_mtools_image_reads_back_with_toyos_disk(tmp_path, capsys):
    tree = sample_tree()
    write_host_tree(tmp_path / "host", tree)
    image = tmp_path / "disk.img"
    subprocess.run([need_tool("mkfs.fat"), "-F", "16", "-C", str(image), "32768"], check=True,
                   capture_output=True)
    mtool("mcopy", "-s", "-i", image, *sorted((tmp_path / "host").iterdir()), "::/")
    assert read_tree(str(image)) == tree
    status, _, err = disk(capsys, "get", "-r", image, "/", tmp_path / "out")
    assert (status, err) == (0, "")
    assert read_host_tree(tmp_path / "out") == tree
    status, out, _ = disk(capsys, "ls", image, "/sizes")
    assert (status, sorted(out.split("\n")[:-1])) == (0, sorted(tree["sizes"]))
    status, out, _ = disk(capsys, "cat", image, "/nest/LEVEL TWO/level three directory/DEEP FILE.TXT")
    assert (status, out) == (0, "deep\n")
    assert check_image(str(image)) == []


NAMES = ["Long File Name.text", "longfilename1.txt", "longfilename2.txt", "a.b.c", ".profile", "x y",
         "ABCDEFGHI", "MixedCase.Txt", "file+1.txt", "abcdefgh.tar.gz", "longfilename3.txt",
         "longfilename4.txt", "longfilename5.txt", "Ab", "with[brackets].x", "README.TXT"]


def test_aliases_equal_the_ones_mtools_generates(tmp_path, capsys):
    ours, theirs = tmp_path / "ours.img", tmp_path / "theirs.img"
    host = tmp_path / "host"
    write_host_tree(host, {name: b"x" for name in NAMES})
    assert disk(capsys, "mkfs", ours, "--size", "16M")[0] == 0
    subprocess.run([need_tool("mkfs.fat"), "-F", "16", "-C", str(theirs), "16384"], check=True,
                   capture_output=True)
    for name in NAMES:                          # one at a time: the order decides the ~N tails
        assert disk(capsys, "put", ours, host / name, "/")[0] == 0
        mtool("mcopy", "-i", theirs, host / name, "::/")
    with Volume.open(str(ours)) as a, Volume.open(str(theirs)) as b:
        assert [(e.name, e.short) for e in a.listdir("/")] == [(e.name, e.short) for e in b.listdir("/")]
    fsck_clean(ours)


# --- hypothesis: operation sequences against a dict model ------------------------------------

NAME = st.text(alphabet="abcxyzABC0189-_. ", min_size=1, max_size=20).filter(
    lambda n: n.strip(" ") == n and not n.endswith(".") and n not in (".", ".."))
PATHS = st.lists(NAME, min_size=1, max_size=3)
OPS = st.lists(st.one_of(
    st.tuples(st.just("put"), PATHS, st.binary(max_size=3000)),
    st.tuples(st.just("mkdir"), PATHS, st.none()),
    st.tuples(st.just("rm"), PATHS, st.none())), max_size=25)


def _find(tree: dict, name: str) -> str | None:
    return next((key for key in tree if key.upper() == name.upper()), None)


def apply_model(tree: dict, op: str, parts: list[str], data: bytes | None) -> bool:
    """What FAT should do, on the dict model; False when the operation must fail."""
    node = tree
    for part in parts[:-1]:
        key = _find(node, part)
        if key is None or not isinstance(node[key], dict):
            return False
        node = node[key]
    key = _find(node, parts[-1])
    if op == "put":
        if key is not None and isinstance(node[key], dict):
            return False
        node[key if key is not None else parts[-1]] = data     # a replaced file keeps its name
    elif op == "mkdir":
        if key is not None:
            return False
        node[parts[-1]] = {}
    else:
        if key is None:
            return False
        del node[key]
    return True


@settings(max_examples=int(os.environ.get("FAT_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_operation_sequences_match_the_model_as_mtools_reads_them(tmp_path_factory, ops):
    tmp = tmp_path_factory.mktemp("ops")
    image = tmp / "disk.img"
    model: dict = {}
    with Volume.create(str(image), 4 << 20, volume_id=1) as volume:
        for op, parts, data in ops:
            path = "/" + "/".join(parts)
            expected = apply_model(model, op, parts, data)
            try:
                if op == "put":
                    volume.write(path, data)
                elif op == "mkdir":
                    volume.mkdir(path)
                else:
                    volume.remove(path, recursive=True)
                done = True
            except Exception as error:     # noqa: BLE001 - FatError expected; anything else fails below
                assert type(error).__name__ in ("FatError", "FormatError", "NameError_"), repr(error)
                done = False
            assert done == expected, (op, path)
    fsck_clean(image)
    assert mtools_tree(image, tmp / "mtools") == model
    assert read_tree(str(image)) == model
