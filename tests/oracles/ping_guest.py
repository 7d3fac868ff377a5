"""Run inside a network namespace with a TAP interface `tap0` (test_ping_netns.py makes both):
the real toyos image boots on our machine in real time with `--net tap:tap0`'s back-end, and once
its shell prompt is up, Linux runs one command against it (`ping ...`) while the machine keeps
running, or (`--guest LINE`) the guest's shell runs LINE until its next prompt.  Prints one JSON
line: the command's exit status and output, the guest's transcript.

    ip netns exec NS python -m tests.oracles.ping_guest IMAGE -- COMMAND...
    ip netns exec NS python -m tests.oracles.ping_guest IMAGE --guest LINE
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

from tests.vm.net_link import net_machine
from vm.devices.net_backends import TapLink

PROMPT = b"toyos$ "


def main(image: str, command: list[str], wall_seconds: float = 60.0) -> None:
    machine = net_machine(image, TapLink("tap0", "tap:tap0"))
    start, deadline = machine.insns, time.monotonic() + wall_seconds
    while PROMPT not in machine.output:
        if time.monotonic() > deadline or machine.run_slice(start, None, limit=200_000) is not None:
            raise SystemExit("the guest did not reach its prompt: " + machine.output.decode(errors="replace"))
    if command[0] == "--guest":
        machine.feed_input(command[1].encode() + b"\n")
        seen = len(machine.output)
        while PROMPT not in machine.output[seen:]:
            if time.monotonic() > deadline or machine.run_slice(start, None, limit=200_000) is not None:
                break
        print(json.dumps({"guest": machine.output.decode(errors="replace"), "stats": vars(machine.net.stats)}))
        return
    linux = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    while linux.poll() is None:
        if time.monotonic() > deadline:
            linux.kill()
            break
        if machine.run_slice(start, None, limit=200_000) is not None:
            break
    out, _ = linux.communicate()
    print(json.dumps({"status": linux.returncode, "linux": out.decode(errors="replace"),
                      "guest": machine.output.decode(errors="replace"), "stats": vars(machine.net.stats)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[3:] if sys.argv[2] == "--" else sys.argv[2:])
