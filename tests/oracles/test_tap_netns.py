"""Oracle: Linux exchanges frames with the guest through `--net tap:`'s back-end, in a network
namespace the test makes and removes (DESIGN.md section 8).

In the namespace: IPv6 off (so Linux sends no neighbour discovery of its own), a TAP interface
tap0, up.  tests/oracles/tap_guest.py runs virtio_net.s there on our machine; Linux sends the guest
two frames through a packet socket and captures the two the guest sends.  Needs root (namespaces,
TAP); without it the test skips, or fails under TOYOS_REQUIRE_ORACLES=1 (CI runs as root).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.oracle_tools import REQUIRED, need_tool
from tests.vm.build import build_virtio
from tests.vm.net_link import REPLIES, frames_sent_by_guest, received_lines

ROOT = Path(__file__).resolve().parents[2]
IPV6_OFF = """import pathlib
for conf in ("all", "default"):
    knob = pathlib.Path("/proc/sys/net/ipv6/conf", conf, "disable_ipv6")
    if knob.exists():           # a kernel without IPv6 sends no neighbour discovery anyway
        knob.write_text("1")
"""


def _cannot(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} and TOYOS_REQUIRE_ORACLES=1", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def namespace():
    if os.geteuid() != 0:
        _cannot("the TAP oracle needs root (a network namespace and a TAP interface)")
    ip = need_tool("ip")
    name = f"toyos-{uuid.uuid4().hex[:8]}"
    made = subprocess.run([ip, "netns", "add", name], capture_output=True, text=True)
    if made.returncode != 0:
        _cannot(f"ip netns add failed: {made.stderr.strip()}")
    try:
        for command in ([sys.executable, "-c", IPV6_OFF],
                        [ip, "tuntap", "add", "dev", "tap0", "mode", "tap"],
                        [ip, "link", "set", "tap0", "up"]):
            subprocess.run([ip, "netns", "exec", name, *command], check=True, capture_output=True)
        yield name
    finally:
        subprocess.run([ip, "netns", "del", name], capture_output=True)


def test_linux_and_the_guest_exchange_frames_through_a_tap(namespace):
    elf = build_virtio("virtio_net")
    done = subprocess.run(["ip", "netns", "exec", namespace, sys.executable, "-m", "tests.oracles.tap_guest",
                           str(elf)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    run = json.loads(done.stdout.splitlines()[-1])
    assert (run["reason"], run["exit"]) == ("poweroff", 0), run
    assert run["output"].encode().endswith(received_lines(REPLIES[1:])), run["output"]
    assert [bytes.fromhex(frame) for frame in run["captured"]] == frames_sent_by_guest()
    assert run["stats"]["rx_frames"] == 2 and run["stats"]["tx_frames"] == 2
