"""Oracle: Linux's own `ping` (iputils) gets answers from toyos's net server through a TAP
device, in a network namespace the test makes (tests/oracles/netns.py), and toyos's `ping` gets
answers from Linux's stack.  The image is the real
one; its server takes the default address 10.0.2.86 (MAC 52:54:00:12:34:56) and Linux's tap0
is 10.0.2.1/24, so Linux first asks by ARP and then pings: both must work, with every reply's
data checked by ping itself (it reports corrupt or duplicate replies).
"""
from __future__ import annotations

import re

from tests.oracle_tools import need_tool
from tests.oracles.netns import LINUX_ADDR, run_in, tap_namespace
from tests.userland.net_wire import ADDR


def test_linux_ping_gets_replies_from_toyos(toyos_image):
    ping = need_tool("ping")
    with tap_namespace(LINUX_ADDR) as namespace:
        run = run_in(namespace, "tests.oracles.ping_guest", toyos_image, "--",
                     ping, "-c", "3", "-i", "0.2", "-W", "5", "-s", "100", ADDR)
    assert run["status"] == 0, run
    assert "3 packets transmitted, 3 received, 0% packet loss" in run["linux"], run["linux"]
    replies = re.findall(r"108 bytes from 10\.0\.2\.86: icmp_seq=(\d+) ttl=64 time=", run["linux"])
    assert replies == ["1", "2", "3"], run["linux"]
    assert "DUP" not in run["linux"] and "wrong data" not in run["linux"]


def test_toyos_ping_gets_replies_from_linux(toyos_image):
    with tap_namespace(LINUX_ADDR) as namespace:
        run = run_in(namespace, "tests.oracles.ping_guest", toyos_image, "--guest", f"ping -c 3 {LINUX_ADDR}")
    out = run["guest"].replace("\r\n", "\n")
    assert f"PING {LINUX_ADDR} ({LINUX_ADDR}) 56(84) bytes of data." in out, out
    replies = re.findall(r"64 bytes from 10\.0\.2\.1: icmp_seq=(\d+) ttl=64 time=\d+\.\d{3} ms", out)
    assert replies == ["1", "2", "3"], out
    assert "3 packets transmitted, 3 received, 0% packet loss" in out, out
    assert re.search(r"rtt min/avg/max = \d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3} ms", out), out
