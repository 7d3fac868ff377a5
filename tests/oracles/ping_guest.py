"""Run inside a network namespace with a TAP interface `tap0` (tests/oracles/netns.py makes
both): the real toyos image boots on our machine in real time with `--net tap:tap0`'s back-end,
and once its shell prompt is up, the guest's shell runs LINE (`--guest LINE`, until its next
prompt) and/or Linux runs COMMAND (after `--`, started once the guest's line is typed, with
INPUT on its standard input when `--input TEXT` is given), the machine running all the while.
Prints one JSON line: the command's exit status and output, the guest's transcript.

    ip netns exec NS python -m tests.oracles.ping_guest IMAGE [--guest LINE] [--input TEXT] [-- COMMAND...]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from tests.vm.net_link import net_machine
from vm.devices.net_backends import TapLink

PROMPT = b"toyos$ "


def main(argv: list[str] | None = None, wall_seconds: float = 60.0) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("image")
    parser.add_argument("--guest")
    parser.add_argument("--input")
    argv = sys.argv[1:] if argv is None else argv
    command = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:len(argv) - len(command) - (1 if command else 0)])
    args.command = command
    machine = net_machine(args.image, TapLink("tap0", "tap:tap0"))
    deadline = time.monotonic() + wall_seconds

    def step() -> bool:
        return time.monotonic() < deadline and machine.run_slice(0, None, limit=200_000) is None

    while PROMPT not in machine.output and step():
        pass
    seen = len(machine.output)
    if args.guest:
        machine.feed_input(args.guest.encode() + b"\n")
        settle = time.monotonic() + 0.5        # the guest's program is up before Linux speaks
        while time.monotonic() < settle and step():
            pass
    linux = None
    if args.command:
        linux = subprocess.Popen(args.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT)
        if args.input is not None:
            linux.stdin.write(args.input.encode())
        linux.stdin.close()
    while ((linux is not None and linux.poll() is None)
           or (args.guest and PROMPT not in machine.output[seen:])):
        if not step():
            break
    out = b""
    if linux is not None:
        if linux.poll() is None:
            linux.kill()
        out = linux.stdout.read()
        linux.wait()
    print(json.dumps({"status": None if linux is None else linux.returncode,
                      "linux": out.decode(errors="replace"),
                      "guest": machine.output.decode(errors="replace"), "stats": vars(machine.net.stats)}))


if __name__ == "__main__":
    main()
