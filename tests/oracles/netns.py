"""A network namespace with a TAP interface tap0, for the oracle tests that put Linux and toyos
on one link (DESIGN.md section 8).  The namespace is the test's own, made and removed by it, so
the host's network is never touched and the addresses used (10.0.2.0/24, toyos's default
subnet) exist only inside it.  Needs root; without it the test skips, or fails under
TOYOS_REQUIRE_ORACLES=1 (CI runs as root).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.oracle_tools import REQUIRED, need_tool

ROOT = Path(__file__).resolve().parents[2]
LINUX_ADDR = "10.0.2.1"            # Linux's end of tap0; toyos takes 10.0.2.(its MAC's last byte)
IPV6_OFF = """import pathlib
for conf in ("all", "default"):
    knob = pathlib.Path("/proc/sys/net/ipv6/conf", conf, "disable_ipv6")
    if knob.exists():           # a kernel without IPv6 sends no neighbour discovery anyway
        knob.write_text("1")
"""


def cannot(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} and TOYOS_REQUIRE_ORACLES=1", pytrace=False)
    pytest.skip(reason)


@contextmanager
def tap_namespace(address: str | None = None):
    """A fresh namespace with tap0 up (and `address`/24 on it when given); yields its name.
    IPv6 is off inside, so Linux sends no neighbour discovery of its own."""
    if os.geteuid() != 0:
        cannot("the TAP oracle needs root (a network namespace and a TAP interface)")
    ip = need_tool("ip")
    name = f"toyos-{uuid.uuid4().hex[:8]}"
    made = subprocess.run([ip, "netns", "add", name], capture_output=True, text=True)
    if made.returncode != 0:
        cannot(f"ip netns add failed: {made.stderr.strip()}")
    try:
        commands = [[sys.executable, "-c", IPV6_OFF], [ip, "tuntap", "add", "dev", "tap0", "mode", "tap"]]
        if address:
            commands.append([ip, "addr", "add", f"{address}/24", "dev", "tap0"])
        commands.append([ip, "link", "set", "tap0", "up"])
        for command in commands:
            subprocess.run([ip, "netns", "exec", name, *command], check=True, capture_output=True)
        yield name
    finally:
        subprocess.run([ip, "netns", "del", name], capture_output=True)


def run_in(namespace: str, module: str, *args: str, timeout: float = 300) -> dict:
    """python -m MODULE ARGS... inside the namespace; its last stdout line, as JSON."""
    done = subprocess.run(["ip", "netns", "exec", namespace, sys.executable, "-m", module, *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout.splitlines()[-1])
