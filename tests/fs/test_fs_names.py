"""Names the fs server must refuse because they would not read back (issue 13's fuzzing).

`ipcfuzz` lent the fs server path bytes that are not well-formed UTF-8 in
ways the decoder let through: an overlong C0 80 became a NUL unit in the
long name (which then reads back cut short: "q" twice in one directory), a
U+FFFF ends a long name on the disk, a lone surrogate is no character.  A
lookup then never matched the stored name and mkdir made a second entry of
the same name: fsck.fat -n found duplicate directory entries.  Such names
are now -EINVAL; a well-formed non-ASCII name is kept once (-EEXIST again).
The bytes are typed raw (the sessions's send() would UTF-8 encode them).
"""
from __future__ import annotations

import pytest

from tests.fs.test_fs_read import make_image
from tests.oracles.test_fat_mtools import fsck_clean, mtool
from tests.userland.conftest import PROMPT, Shell
from tests.userland.console_session import ToyosSession

BAD = {
    "overlong NUL": b"/q\xc0\x80x",
    "overlong A": b"/z\xc1\x81",
    "overlong slash": b"/o\xe0\x80\xaf",
    "surrogate": b"/s\xed\xa0\x80",
    "U+FFFF": b"/f\xef\xbf\xbf",
    "U+FFFE": b"/f\xef\xbf\xbe",
}


def run_bytes(shell: Shell, line: bytes) -> str:
    shell.session.machine.feed_input(line + b"\n")
    return shell.session.expect(PROMPT)


@pytest.fixture(scope="module")
def disk(image, tmp_path_factory):
    disk = make_image(tmp_path_factory.mktemp("names") / "disk.img", {})
    shell = Shell(ToyosSession(image, disk=str(disk)))
    try:
        said = {why: run_bytes(shell, b"fstest mkdir " + name) for why, name in BAD.items()}
        said["new"] = run_bytes(shell, "fstest mkdir /ok\u00e9".encode())
        said["again"] = run_bytes(shell, "fstest mkdir /ok\u00e9".encode())
        assert shell.shutdown() == 0
    finally:
        shell.session.close()
    return disk, said


@pytest.mark.parametrize("why", sorted(BAD))
def test_a_name_that_would_read_back_as_another_is_einval(disk, why):
    assert "error -22" in disk[1][why], disk[1][why]


def test_a_well_formed_name_is_kept_once_and_the_disk_is_clean(disk):
    image, said = disk
    assert "error" not in said["new"] and "error -17" in said["again"], said
    fsck_clean(image)
    listing = mtool("mdir", "-b", "-i", image, "::/").stdout.split()
    assert listing == ["::/ok\u00e9/".encode()], listing      # -b marks a directory with /
