"""Path resolution and the working directory (userland/lib/path.s) against a Python model, on Unicorn.

path_resolve turns what a user types into the absolute path the fs protocol
takes: relative paths start at the working directory, `.` stays, `..` goes
up but never above the root, repeated slashes count as one, the result never
passes FS_PATH_MAX bytes (-ENAMETOOLONG) and an empty path is -ENOENT.
cwd_init takes the working directory a parent passed in the start-up block
(the string after the arguments) and falls back to "/" for anything else;
getcwd copies it out or says the buffer is too small.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tests.userland.libharness import LibMachine

ENOENT, EINVAL, ENAMETOOLONG = 2, 22, 36
PATH_MAX = 255
USER_STACK_TOP = 0x7FFF0000


@pytest.fixture(scope="module")
def lib():
    from kernel import gen_abi
    import tomllib
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    assert abi["fs"]["FS_PATH_MAX"] == PATH_MAX
    assert (abi["errno"]["ENAMETOOLONG"], abi["errno"]["ENOENT"]) == (ENAMETOOLONG, ENOENT)
    return LibMachine(["userland/lib/path.s", "userland/lib/file.s", "userland/lib/fd.s",
                       "userland/lib/string.s"], write_stub=False)


def model(cwd: str, path: str) -> str | int:
    """What path_resolve must answer: the absolute path, or -errno."""
    if not path:
        return -ENOENT
    parts = [] if path.startswith("/") else [p for p in cwd.split("/") if p]
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
        if len("/" + "/".join(parts)) > PATH_MAX:
            return -ENAMETOOLONG
    return "/" + "/".join(parts)


def signed(value: int) -> int:
    return value - (1 << 32) if value & 0x80000000 else value


def set_cwd(lib, cwd: str) -> None:
    lib.cpu.mem_write(lib.symbols["cwd"], cwd.encode() + b"\0")


def resolve(lib, path: str):
    out = lib.put_bytes(bytes(PATH_MAX + 1))
    got = signed(lib.call("path_resolve", lib.put_bytes(path.encode() + b"\0"), out)[0])
    if got < 0:
        return got
    text = lib.read_cstring(out).decode()
    assert got == len(text)
    return text


NAMES = st.sampled_from(["a", "bin", "Long Name.txt", ".", "..", "", "x" * 100, "...", ".hidden"])
PATHS = st.builds(lambda lead, parts: lead + "/".join(parts), st.sampled_from(["", "/", "//"]),
                  st.lists(NAMES, max_size=8))
CWDS = st.lists(st.sampled_from(["a", "bin", "deep dir", "y" * 60]), max_size=4).map(
    lambda parts: "/" + "/".join(parts))


@settings(max_examples=300, deadline=None)
@given(cwd=CWDS, path=PATHS)
def test_path_resolve_matches_the_model(lib, cwd, path):
    set_cwd(lib, cwd)
    assert resolve(lib, path) == model(cwd, path)


@pytest.mark.parametrize("cwd, path, want", [
    ("/", "f", "/f"), ("/", "", -ENOENT), ("/d/e", "../f", "/d/f"), ("/d", "../../..", "/"),
    ("/d", ".", "/d"), ("/d", "./g//h/", "/d/g/h"), ("/", "/" + "n" * 254, "/" + "n" * 254),
    ("/", "n" * 255, -ENAMETOOLONG), ("/" + "c" * 200, "d" * 60, -ENAMETOOLONG),
    ("/" + "c" * 200, "d" * 60 + "/..", -ENAMETOOLONG),      # too long on the way counts
    ("", "rel", "/rel"),                                      # before cwd_init: the root
])
def test_path_resolve_cases(lib, cwd, path, want):
    set_cwd(lib, cwd)
    assert resolve(lib, path) == want == model(cwd or "/", path)


@pytest.mark.parametrize("passed, want", [
    (b"/home/user\0", "/home/user"), (b"/a/./b/../c//\0", "/a/c"), (b"\0", "/"),
    (b"relative\0", "/"), (b"/" + b"x" * 300 + b"\0", "/"),
])
def test_cwd_init_takes_what_the_parent_passed(lib, passed, want):
    set_cwd(lib, "/stale")
    lib.call("cwd_init", lib.put_bytes(passed))
    assert lib.read_cstring(lib.symbols["cwd"]).decode() == want


def test_cwd_init_without_a_string_or_past_the_stack(lib):
    for where in (0, USER_STACK_TOP, 0xFFFFFFF0):
        set_cwd(lib, "/stale")
        lib.call("cwd_init", where)
        assert lib.read_cstring(lib.symbols["cwd"]) == b"/"


def test_getcwd_copies_or_refuses_a_small_buffer(lib):
    set_cwd(lib, "/abc")
    buf = lib.put_bytes(bytes(16))
    assert signed(lib.call("getcwd", buf, 5)[0]) == 4 and lib.read_cstring(buf) == b"/abc"
    for size in (0, 1, 4):
        assert signed(lib.call("getcwd", buf, size)[0]) == -EINVAL
