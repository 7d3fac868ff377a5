"""UDP sockets of the net server, and the programs on them (udpecho, nc -u, arp, netstat), on our
machine in deterministic time with a scripted wire (tests/userland/net_wire.py).  Linux's own
nc checks the same through a TAP device in tests/oracles/test_ping_netns.py.
"""
from __future__ import annotations

import pytest

from tests.userland.net_wire import ADDR, MAC, PEER, PEER_MAC, NetShell, parse, udp_frame


@pytest.fixture(scope="module")
def net(toyos_image):
    booted = NetShell(toyos_image, answers={PEER: PEER_MAC})
    yield booted
    booted.session.close()


@pytest.fixture(scope="module")
def echo_server(net):
    """udpecho on port 7, in the background of the module's boot."""
    net.run("udpecho 7 &")
    net.pause(insns=3_000_000)
    assert "udpecho: listening on UDP port 7" in net.session.transcript
    return net


def udp_sent(frames):
    return [parse(f) for f in frames if parse(f).get("proto") == 17]


def test_udpecho_sends_every_datagram_back(echo_server):
    net = echo_server
    data = bytes(range(256)) * 3
    (echo,) = udp_sent(net.inject(udp_frame(7, data, sport=40000)))
    assert (echo["dst"], echo["src_ip"], echo["dst_ip"]) == (PEER_MAC, ADDR, PEER)
    assert (echo["sport"], echo["dport"], echo["udp_data"]) == (7, 40000, data)
    assert echo["udp_sum_ok"] and echo["ip_sum_ok"]
    (empty,) = udp_sent(net.inject(udp_frame(7, b"", sport=40001)))
    assert (empty["dport"], empty["udp_data"]) == (40001, b"")


def test_netstat_lists_the_socket_and_arp_the_peer(echo_server):
    net = echo_server
    net.inject(udp_frame(7, b"learn the peer"))
    out = net.run("netstat")
    assert "udp   *:7 " in out, out
    assert "rx_no_socket" in out
    out = net.run("arp")
    assert f"{PEER}" in out and "02:00:00:00:00:01" in out, out


@pytest.mark.parametrize("frame, cause", [
    (udp_frame(9, b"nobody"), "rx_no_socket"),
    (udp_frame(7, b"bad sum", good_sum=False), "rx_bad_checksum"),
    (udp_frame(7, b"long", length=200), "rx_short"),
    (udp_frame(7, b"short", length=7), "rx_bad_header"),
])
def test_a_bad_datagram_is_dropped_and_counted(echo_server, frame, cause):
    net = echo_server
    before = net.counters()
    assert udp_sent(net.inject(frame)) == []
    after = net.counters()
    assert after[cause] == before[cause] + 1
    (echo,) = udp_sent(net.inject(udp_frame(7, b"still there")))
    assert echo["udp_data"] == b"still there"


def test_a_zero_checksum_means_none(echo_server):
    net = echo_server
    frame = bytearray(udp_frame(7, b"no sum"))
    frame[14 + 20 + 6:14 + 20 + 8] = b"\0\0"
    (echo,) = udp_sent(net.inject(bytes(frame)))
    assert echo["udp_data"] == b"no sum"


def test_nc_sends_its_input_as_datagrams(net):
    net.run(f"echo hello over udp | nc -u {PEER} 9000")
    sent = [f for f in udp_sent(net.link.sent) if f["dport"] == 9000]
    assert [f["udp_data"] for f in sent] == [b"hello over udp\n"]
    assert sent[0]["sport"] >= 49152 and sent[0]["udp_sum_ok"]


def test_nc_listens_prints_and_answers_its_first_sender(net):
    net.start("nc -u -l -w 20 4000")
    net.pause(insns=200_000)                   # (guest time flies while it idles: 20 s is ~2 M)
    net.inject(udp_frame(4000, b"hello toyos\n", sport=6000))
    net.session.expect("hello toyos\r\n")
    before = len(net.link.sent)
    net.session.send("and back\n")
    net.pause(insns=300_000)
    back = [f for f in udp_sent(net.link.sent[before:]) if f["dport"] == 6000]
    assert [f["udp_data"] for f in back] == [b"and back\n"]
    net.session.expect("toyos$ ")              # -w 20: twenty quiet seconds end it
    assert "udp   *:4000" not in net.run("netstat")


@pytest.mark.parametrize("line, said", [
    ("nc", "usage: nc -u"),
    ("nc -u", "usage: nc -u"),
    ("nc -u 10.0.2.1", "usage: nc -u"),
    ("nc -u 10.0.2 9", "nc: 10.0.2: not an IPv4 address"),
    ("nc -u 10.0.2.1 70000", "usage: nc -u"),
    ("nc -u -l 7", "nc: socket: address in use"),
    ("echo x | nc -u 192.168.0.1 9", "nc: socket: network is unreachable"),
    ("udpecho 0", "usage: udpecho"),
    ("udpecho 7", "udpecho: socket: address in use"),
])
def test_bad_uses_say_why(echo_server, line, said):
    net = echo_server
    assert said in net.run(line)


def test_lying_calls_get_errors_and_the_server_keeps_serving(echo_server):
    net = echo_server
    from vm.abi_tables import ERRNO
    errno = {name: -number for number, name in ERRNO.items()}
    got = dict(line.split(" -> ") for line in net.run("nethostile all").splitlines())
    assert got == {"info_unmapped": str(errno["EFAULT"]), "info_readonly": str(errno["EPERM"]),
                   "sendto_huge": str(errno["EINVAL"]), "sendto_short_lease": str(errno["EFAULT"]),
                   "sendto_unmapped": str(errno["EFAULT"]), "recv_bad_handle": str(errno["EBADF"]),
                   "recv_closed": str(errno["EBADF"]), "bind_zero": str(errno["EINVAL"]),
                   "bind_huge": str(errno["EINVAL"]), "echo_huge": str(errno["EINVAL"]),
                   "echo_forever": str(errno["EINVAL"]), "too_many": str(errno["EMFILE"])}, got
    sockets = [line for line in net.run("netstat").splitlines() if line.startswith("udp ")]
    assert len(sockets) == 1 and sockets[0].startswith("udp   *:7 "), sockets   # nethostile's went with it
    (echo,) = udp_sent(net.inject(udp_frame(7, b"after the lies")))
    assert echo["udp_data"] == b"after the lies"


def test_a_process_that_dies_waiting_in_recvfrom_frees_its_port(echo_server):
    net = echo_server
    assert "dying with a receive waiting" in net.run("nethostile die")
    net.pause(insns=1_000_000)
    assert net.run("nethostile rebind") == "rebind -> 0\n"
    assert "net died" not in net.session.transcript
