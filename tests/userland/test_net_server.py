"""The net server (servers/net) on our machine in deterministic time, its wire scripted by the
test (tests/userland/net_wire.py): the gratuitous ARP at start, ARP replies, echo replies, and
frames that must be dropped without an answer while the server keeps answering.  Linux itself
checks the same server through a TAP device in tests/oracles/test_ping_netns.py.

One boot serves the whole module (the server keeps no state a test here depends on but the ARP
cache, and every test sends what it needs).
"""
from __future__ import annotations

import pytest

from tests.userland.net_wire import (ADDR, ARP, BROADCAST, IPV4, MAC, PEER, PEER_MAC, NetShell, arp,
                                     arp_request, eth, icmp_echo, ipv4, parse, ping_frame)


@pytest.fixture(scope="module")
def net(toyos_image):
    booted = NetShell(toyos_image, answers={PEER: PEER_MAC})
    yield booted
    booted.session.close()


def test_the_server_starts_with_the_default_address_and_announces_it(net):
    assert "pm: started net" in net.boot_log
    assert f"net: 52:54:00:12:34:56 {ADDR}/24" in net.boot_log
    first = parse(net.link.sent[0])
    assert (first["dst"], first["src"], first["type"]) == (BROADCAST, MAC, ARP)
    assert first["arp_ok"] and first["op"] == 1
    assert (first["spa"], first["tpa"], first["sha"]) == (ADDR, ADDR, MAC)     # gratuitous
    assert first["len"] == 60                                                  # padded to the minimum


def test_an_arp_request_for_our_address_is_answered(net):
    (reply,) = net.inject(arp_request())
    got = parse(reply)
    assert (got["dst"], got["src"], got["type"], got["op"]) == (PEER_MAC, MAC, ARP, 2)
    assert (got["sha"], got["spa"], got["tha"], got["tpa"]) == (MAC, ADDR, PEER_MAC, PEER)


def test_an_arp_request_for_another_address_is_not(net):
    assert net.inject(arp_request(target="10.0.2.99")) == []


def test_an_echo_request_is_answered_with_the_same_id_sequence_and_data(net):
    data = bytes((i * 7 + 3) & 0xFF for i in range(200))
    (reply,) = net.inject(ping_frame(seq=7, data=data, ident=0xBEEF))
    got = parse(reply)
    assert (got["dst"], got["src"], got["type"]) == (PEER_MAC, MAC, IPV4)
    assert (got["version"], got["ihl"], got["ttl"], got["proto"]) == (4, 20, 64, 1)
    assert got["ip_sum_ok"] and got["icmp_sum_ok"]
    assert (got["src_ip"], got["dst_ip"]) == (ADDR, PEER)
    assert got["frag"] & 0x3FFF == 0
    assert (got["icmp_type"], got["icmp_code"], got["icmp_id"], got["icmp_seq"]) == (0, 0, 0xBEEF, 7)
    assert got["icmp_data"] == data


def test_options_are_skipped(net):
    packet = ipv4(PEER, ADDR, 1, icmp_echo(8, 5, 9, b"opt"), options=bytes([1, 1, 1, 0]))   # NOP NOP NOP EOL
    (reply,) = net.inject(eth(MAC, PEER_MAC, IPV4, packet))
    got = parse(reply)
    assert (got["ihl"], got["icmp_seq"], got["icmp_data"]) == (20, 9, b"opt")


# Each bad frame and the counter that must explain its drop.
BAD = {
    "runt": b"\x01\x02\x03",
    "another MAC": ping_frame(dst_mac=bytes.fromhex("525400999999")),
    "another address": ping_frame(dst="10.0.2.99"),
    "broadcast echo": ping_frame(dst="10.0.2.255", dst_mac=BROADCAST),
    "unknown EtherType": eth(MAC, PEER_MAC, 0x86DD, bytes(40)),
    "ARP for IPv6": eth(BROADCAST, PEER_MAC, ARP, arp(1, PEER_MAC, PEER, bytes(6), ADDR)[:2] + b"\x86\xdd"
                        + arp(1, PEER_MAC, PEER, bytes(6), ADDR)[4:]),
    "short ARP": arp_request()[:30],
    "IPv6 version": eth(MAC, PEER_MAC, IPV4, b"\x65" + ipv4(PEER, ADDR, 1, icmp_echo(8, 1, 1, b""))[1:]),
    "header length 4 words": eth(MAC, PEER_MAC, IPV4, b"\x44" + ipv4(PEER, ADDR, 1, icmp_echo(8, 1, 1, b""))[1:]),
    "total past the frame": eth(MAC, PEER_MAC, IPV4, ipv4(PEER, ADDR, 1, icmp_echo(8, 1, 1, b"x"), total=900)),
    "bad header checksum": eth(MAC, PEER_MAC, IPV4, ipv4(PEER, ADDR, 1, icmp_echo(8, 1, 1, b""), fix_sum=False)),
    "fragment": eth(MAC, PEER_MAC, IPV4, ipv4(PEER, ADDR, 1, icmp_echo(8, 1, 1, b""), frag=0x2000)),
    "later fragment": eth(MAC, PEER_MAC, IPV4, ipv4(PEER, ADDR, 1, icmp_echo(8, 1, 1, b""), frag=0x0010)),
    "bad ICMP checksum": eth(MAC, PEER_MAC, IPV4, ipv4(PEER, ADDR, 1, icmp_echo(8, 1, 1, b"a")[:-1] + b"b")),
    "short ICMP": eth(MAC, PEER_MAC, IPV4, ipv4(PEER, ADDR, 1, b"\x08\x00\xf7")),
    "TCP": eth(MAC, PEER_MAC, IPV4, ipv4(PEER, ADDR, 6, bytes(20))),
    "timestamp request": eth(MAC, PEER_MAC, IPV4, ipv4(PEER, ADDR, 1, icmp_echo(13, 1, 1, bytes(12)))),
}


CAUSE = {
    "runt": "rx_short", "another MAC": "rx_other_host", "another address": "rx_other_host",
    "broadcast echo": "rx_other_host", "unknown EtherType": "rx_unknown_type", "ARP for IPv6": "rx_bad_arp",
    "short ARP": "rx_short", "IPv6 version": "rx_bad_header", "header length 4 words": "rx_bad_header",
    "total past the frame": "rx_short", "bad header checksum": "rx_bad_checksum", "fragment": "rx_fragment",
    "later fragment": "rx_fragment", "bad ICMP checksum": "rx_bad_checksum", "short ICMP": "rx_short",
    "TCP": "rx_unknown_proto", "timestamp request": "rx_unknown_proto",
}


@pytest.mark.parametrize("why", list(BAD))
def test_a_bad_frame_gets_no_answer_is_counted_and_the_next_ping_is_answered(net, why):
    before = net.counters()
    assert net.inject(BAD[why], insns=500_000) == []
    (reply,) = net.inject(ping_frame(seq=99))
    assert parse(reply)["icmp_seq"] == 99
    after = net.counters()
    changed = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    assert changed == {"rx_frames": 2, CAUSE[why]: 1, "tx_frames": 1, "icmp_echo_in": 1}, changed


def test_ifconfig_shows_the_interface(net):
    out = net.run("ifconfig")
    assert out.startswith(f"net0: inet {ADDR}/24  ether 52:54:00:12:34:56\n"), out
    names = [line.split()[0] for line in out.splitlines()[1:]]
    from vm.abi_tables import NET_COUNTERS
    assert names == NET_COUNTERS


def test_ifconfig_sets_the_address_and_announces_it(net):
    before = len(net.link.sent)
    assert net.run("ifconfig 10.0.2.50/24") == ""
    announce = parse(net.link.sent[before])
    assert (announce["op"], announce["spa"], announce["tpa"]) == (1, "10.0.2.50", "10.0.2.50")
    assert net.inject(ping_frame(seq=5)) == []                       # the old address is gone
    (reply,) = net.inject(ping_frame(seq=6, dst="10.0.2.50"))
    assert parse(reply)["src_ip"] == "10.0.2.50"
    assert "net0: inet 10.0.2.50/24" in net.run("ifconfig")
    assert net.run(f"ifconfig {ADDR}") == ""                        # /24 when left out
    assert f"net0: inet {ADDR}/24" in net.run("ifconfig")


@pytest.mark.parametrize("line, said", [
    ("ifconfig 10.0.2.0/24", "ifconfig: 10.0.2.0/24: invalid argument"),
    ("ifconfig 10.0.2.255/24", "ifconfig: 10.0.2.255/24: invalid argument"),
    ("ifconfig 10.0.2.9/31", "ifconfig: 10.0.2.9/31: invalid argument"),
    ("ifconfig 10.0.2.9/0", "ifconfig: 10.0.2.9/0: invalid argument"),
    ("ifconfig 224.0.0.1/4", "ifconfig: 224.0.0.1/4: invalid argument"),
    ("ifconfig 10.0.2.9/x", "ifconfig: 10.0.2.9/x: not an address"),
    ("ifconfig 10.0.2/24", "ifconfig: 10.0.2/24: not an address"),
    ("ifconfig 10.0.2.256", "ifconfig: 10.0.2.256: not an address"),
    ("ifconfig 10.0.2.1 x", "usage: ifconfig [ADDR[/PREFIX]]"),
])
def test_ifconfig_refuses_what_is_no_address(net, line, said):
    assert said in net.run(line)
    assert f"net0: inet {ADDR}/24" in net.run("ifconfig")


def test_ping_gets_replies_and_prints_linux_s_summary(net):
    out = net.run(f"ping -c 3 {PEER}")
    lines = out.splitlines()
    assert lines[0] == f"PING {PEER} ({PEER}) 56(84) bytes of data."
    for seq, line in enumerate(lines[1:4], 1):
        assert line.startswith(f"64 bytes from {PEER}: icmp_seq={seq} ttl=64 time="), out
    assert lines[5] == f"--- {PEER} ping statistics ---"
    assert lines[6].startswith("3 packets transmitted, 3 received, 0% packet loss, time "), out
    assert lines[7].startswith("rtt min/avg/max = ") and lines[7].endswith(" ms"), out
    requests = [parse(f) for f in net.link.sent if parse(f).get("icmp_type") == 8]
    assert [r["icmp_seq"] for r in requests[-3:]] == [1, 2, 3]
    assert all(r["icmp_data"] == bytes(range(56)) and r["icmp_sum_ok"] and r["ip_sum_ok"] for r in requests)


def test_ping_of_a_silent_address_loses_every_request(net):
    out = net.run("ping -c 2 10.0.2.77; echo status $?")
    assert "2 packets transmitted, 0 received, 100% packet loss" in out, out
    assert "rtt" not in out and "status 1" in out
    asked = [parse(f) for f in net.link.sent if parse(f)["type"] == ARP and parse(f).get("tpa") == "10.0.2.77"]
    assert asked and asked[0]["op"] == 1 and asked[0]["dst"] == BROADCAST


@pytest.mark.parametrize("line, said", [
    ("ping -c 1 192.168.1.1", "ping: 192.168.1.1: network is unreachable"),
    ("ping -c 0 10.0.2.1", "usage: ping [-c COUNT] ADDR"),
    ("ping", "usage: ping [-c COUNT] ADDR"),
    ("ping 10.0.2.1.5", "ping: 10.0.2.1.5: not an IPv4 address"),
])
def test_ping_refuses_bad_requests(net, line, said):
    assert said in net.run(line)


def test_pm_restarts_a_killed_server_and_it_answers_again(net):
    pid = net.boot_log.split("pm: started net (pid ")[1].split(")")[0]
    before = len(net.link.sent)
    net.run(f"kill {pid}")
    net.pause(insns=3_000_000)
    assert "pm: net died, restarting" in net.session.transcript
    announce = parse(net.link.sent[before])             # the new server's gratuitous ARP
    assert (announce["type"], announce["op"], announce["spa"], announce["tpa"]) == (ARP, 1, ADDR, ADDR)
    (reply,) = net.inject(ping_frame(seq=1000))
    assert parse(reply)["icmp_seq"] == 1000
