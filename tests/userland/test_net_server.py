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
    booted = NetShell(toyos_image)
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


@pytest.mark.parametrize("why", list(BAD))
def test_a_bad_frame_gets_no_answer_and_the_next_ping_does(net, why):
    assert net.inject(BAD[why], insns=500_000) == []
    (reply,) = net.inject(ping_frame(seq=99))
    assert parse(reply)["icmp_seq"] == 99


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
