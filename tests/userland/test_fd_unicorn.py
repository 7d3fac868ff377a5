"""The user library's descriptor table (userland/lib/fd.s) against a Python model, on Unicorn.

fd_init reads the start-up block's (nfds, fd pairs) as pm lays it out
(kernel/abi.toml "Process start-up"), keeping at most FDS_MAX; then random
dup2 / fd_set / fd_port / fd_count calls, hostile descriptors included
(negative, FDS_MAX, huge), must answer as the model does: dup2 copies port
and handle, onto itself changes nothing, -EBADF for a closed or
out-of-range descriptor on either side, and never a crash.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tests.userland.libharness import LibMachine

FDS_MAX = 16
EBADF = 9
PORTS = st.integers(0, 40)
FDS = st.one_of(st.integers(-2, FDS_MAX + 1), st.sampled_from([0x7FFFFFFF, 0x80000000, 0xFFFFFFFF]))


@pytest.fixture(scope="module")
def lib():
    from kernel import gen_abi
    import tomllib
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    assert abi["startup"]["FDS_MAX"] == FDS_MAX and abi["errno"]["EBADF"] == EBADF
    return LibMachine(["userland/lib/fd.s"], write_stub=False)


def signed(value: int) -> int:
    return value - (1 << 32) if value & 0x80000000 else value


def in_range(fd: int) -> bool:
    return 0 <= (fd & 0xFFFFFFFF) < FDS_MAX


@settings(max_examples=120, deadline=None)
@given(block=st.lists(st.tuples(PORTS, st.integers(0, 9)), max_size=FDS_MAX + 4),
       claimed=st.one_of(st.none(), st.integers(0, 0xFFFFFFFF)),
       ops=st.lists(st.tuples(st.sampled_from(["dup2", "set", "port", "count"]), FDS, FDS, PORTS),
                    max_size=30))
def test_fd_table_matches_the_model(lib, block, claimed, ops):
    nfds = len(block) if claimed is None else claimed
    words = [nfds & 0xFFFFFFFF] + [w for pair in block for w in pair]
    words += [0] * (2 * FDS_MAX)                   # what lies beyond a short block reads as closed
    table = lib.symbols["fd_table"]
    lib.cpu.mem_write(table, bytes(8 * FDS_MAX))
    addr = lib.put_bytes(b"".join(w.to_bytes(4, "little") for w in words))
    lib.call("fd_init", addr)
    model = [(0, 0)] * FDS_MAX
    for i in range(min(nfds, FDS_MAX)):
        model[i] = block[i] if i < len(block) else (0, 0)
    for op, a, b, port in ops:
        if op == "dup2":
            got = signed(lib.call("dup2", a, b)[0])
            if in_range(a) and model[a & 0xFFFFFFFF][0] and in_range(b):
                assert got == b
                model[b] = model[a]
            else:
                assert got == -EBADF
        elif op == "set":
            got = signed(lib.call("fd_set", a, port, b & 7)[0])
            assert got == (0 if in_range(a) else -EBADF)
            if in_range(a):
                model[a] = (port, b & 7)
        elif op == "port":
            assert lib.call("fd_port", a) == (model[a] if in_range(a) else (0, 0))
        else:
            open_fds = [i for i, (p, _) in enumerate(model) if p]
            assert lib.call("fd_count")[0] == (open_fds[-1] + 1 if open_fds else 0)
    assert lib.read_words(table, 2 * FDS_MAX) == [w for pair in model for w in pair]


def test_close_tells_the_server_only_for_the_last_copy(lib):
    """dup2 copies share one server handle: closing a copy frees the slot and says
    nothing; closing the last copy is the io close call (port, IO_CLOSE, handle)."""
    lib.cpu.mem_write(lib.symbols["fd_table"], bytes(8 * FDS_MAX))
    assert lib.call("fd_set", 3, 5, 7)[0] == 0 and lib.call("dup2", 3, 9)[0] == 9
    lib.call("close", 3)
    assert lib.writes == [] and lib.call("fd_port", 3) == (0, 0)
    lib.call("close", 9)
    assert lib.writes == [(5, 7)]           # the ecall's a0 = port 5, a2 = handle 7
    assert lib.call("fd_port", 9) == (0, 0)
    assert signed(lib.call("close", 9)[0]) == -EBADF


def test_fd_free_finds_the_lowest_closed_descriptor(lib):
    lib.cpu.mem_write(lib.symbols["fd_table"], bytes(8 * FDS_MAX))
    for fd in range(FDS_MAX):
        assert lib.call("fd_free")[0] == fd
        lib.call("fd_set", fd, 2, fd)
    assert signed(lib.call("fd_free")[0]) == -24                   # EMFILE
    lib.call("fd_set", 5, 0, 0)
    assert lib.call("fd_free")[0] == 5
