"""Oracle: Linux's own `ping` (iputils) gets answers from toyos's net server through a TAP
device, in a network namespace the test makes (tests/oracles/netns.py), and toyos's `ping` gets
answers from Linux's stack; Linux's `nc -u` (netcat-openbsd) and toyos's exchange data both
ways, byte-exact.  The image is the real
one; its server takes the default address 10.0.2.86 (MAC 52:54:00:12:34:56) and Linux's tap0
is 10.0.2.1/24, so Linux first asks by ARP and then pings: both must work, with every reply's
data checked by ping itself (it reports corrupt or duplicate replies).
"""
from __future__ import annotations

import re

import pytest

from tests.oracle_tools import need_tool
from tests.oracles.netns import LINUX_ADDR, run_in, tap_namespace
from tests.userland.net_wire import ADDR

IMAGE = []


def toyos_image_path() -> str:
    return IMAGE[0]


@pytest.fixture(autouse=True)
def _image(toyos_image):
    IMAGE[:] = [toyos_image]


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


ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
DATA = "".join(ALNUM[(i * 7) % len(ALNUM)] for i in range(300)) + "\n"   # nothing a shell would take


def test_linux_nc_hears_toyos_nc():
    nc = need_tool("nc")
    with tap_namespace(LINUX_ADDR) as namespace:
        run = run_in(namespace, "tests.oracles.ping_guest", toyos_image_path(),
                     "--guest", f"sleep 1; echo {DATA.strip()} | nc -u {LINUX_ADDR} 7777",
                     "--", "timeout", "4", nc, "-u", "-l", "7777")
    assert run["linux"] == DATA, run


def test_toyos_nc_hears_linux_nc():
    nc = need_tool("nc")
    with tap_namespace(LINUX_ADDR) as namespace:
        run = run_in(namespace, "tests.oracles.ping_guest", toyos_image_path(),
                     "--guest", "nc -u -l -w 3 4000", "--input", DATA,
                     "--", nc, "-u", "-w", "1", ADDR, "4000")
    guest = run["guest"].replace("\r\n", "\n")
    assert guest.split("nc -u -l -w 3 4000\n", 1)[1] == DATA + "toyos$ ", run
