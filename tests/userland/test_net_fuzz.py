"""Malformed and random frames never crash the net server (issue 11): hypothesis builds frames
with struct (tests/userland/net_wire.py) from valid ARP, ICMP and UDP frames, truncated, with
bytes and length fields changed, or random throughout, and puts thousands on the scripted wire
of one deterministic boot.  Afterwards the server still runs (pm restarted nothing), it counted
every frame the card delivered, every one it took without answering is explained by a drop
counter, and a ping is still answered.
"""
from __future__ import annotations

import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.userland.net_wire import (ADDR, BROADCAST, MAC, PEER, PEER_MAC, ARP, NetShell, arp, arp_request, eth,
                                     parse, ping_frame, udp_frame)

VALID = [arp_request(), arp_request(target="10.0.2.99"), ping_frame(), ping_frame(data=bytes(1400)),
         udp_frame(7, b"echo me"), udp_frame(9, b"nobody"), udp_frame(7, bytes(1000), dst="10.0.2.255", dst_mac=BROADCAST),
         eth(MAC, PEER_MAC, ARP, arp(2, PEER_MAC, PEER, MAC, ADDR)),
         ping_frame(dst="255.255.255.255", dst_mac=BROADCAST)]
FIELDS = [14, 16, 16 + 1, 14 + 9, 14 + 20 + 4, 14 + 20 + 5, 14 + 2, 14 + 4, 14 + 6]   # lengths, version, types


@st.composite
def frames(draw) -> bytes:
    how = draw(st.sampled_from(["truncate", "flip", "field", "random", "pad"]))
    if how == "random":
        return draw(st.binary(min_size=0, max_size=1514))
    frame = bytearray(draw(st.sampled_from(VALID)))
    if how == "truncate":
        return bytes(frame[:draw(st.integers(0, len(frame)))])
    if how == "pad":
        return bytes(frame) + draw(st.binary(min_size=1, max_size=200))
    if how == "field":
        at = draw(st.sampled_from(FIELDS))
        frame[at:at + 2] = struct.pack("!H", draw(st.integers(0, 0xFFFF)))
        return bytes(frame[:len(frame)])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(frame) - 1))
        frame[at] = draw(st.integers(0, 255))
    return bytes(frame)


@pytest.fixture(scope="module")
def net(toyos_image):
    booted = NetShell(toyos_image, answers={PEER: PEER_MAC})
    booted.run("udpecho 7 &")                      # a socket for the UDP frames to reach
    yield booted
    booted.session.close()


@pytest.fixture(scope="module")
def sent_frames():
    return [0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=st.lists(frames(), min_size=25, max_size=50))
def test_random_frames_are_dropped_or_served(net, sent_frames, batch):
    net.inject(*batch, insns=3_000_000)
    sent_frames[0] += len(batch)


def test_afterwards_every_frame_is_counted_and_ping_still_works(net, sent_frames):
    assert sent_frames[0] >= 1000
    net.pause(insns=5_000_000)
    assert "net died" not in net.session.transcript
    card = net.session.machine.net.stats
    counts = net.counters()
    assert counts["rx_frames"] == card.rx_frames, (counts, card)
    drops = sum(value for name, value in counts.items() if name.startswith("rx_") and name != "rx_frames")
    served = counts["arp_in"] + counts["icmp_echo_in"]
    udp_echoed = sum(1 for f in net.link.sent if parse(f).get("sport") == 7)
    unexplained = counts["rx_frames"] - drops - served - udp_echoed
    assert 0 <= unexplained <= counts["tx_queue_full"], counts     # taken, but no buffer for the answer
    (reply,) = net.inject(ping_frame(seq=4242))
    assert parse(reply)["icmp_seq"] == 4242
