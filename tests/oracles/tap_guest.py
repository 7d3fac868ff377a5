"""Run inside a network namespace with a TAP interface `tap0` (test_tap_netns.py makes both):
our machine runs virtio_net.s with `--net tap:tap0`'s back-end, while Linux, through a packet
socket on tap0, sends the guest two frames and captures what the guest sends.  Prints one JSON
line: the run's end, the transcript, the frames Linux captured, the card's counters.

    ip netns exec NS python -m tests.oracles.tap_guest ELF
"""
from __future__ import annotations

import json
import socket
import sys

from tests.vm.net_link import REPLIES, net_machine, run_together
from vm.devices.net_backends import TapLink

ETH_P_ALL = 3
PACKET_OUTGOING = 4               # a packet socket's own sends, seen again on capture


def main(elf: str) -> None:
    machine = net_machine(elf, TapLink("tap0", "tap:tap0"))     # attached: tap0 has a carrier now
    linux = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    linux.bind(("tap0", 0))
    for frame in REPLIES[1:]:     # the 1600-byte one is over tap0's MTU: Linux would refuse it
        linux.send(frame)
    (result,) = run_together([machine], wall_seconds=60)
    linux.setblocking(False)
    captured = []
    while True:
        try:
            frame, address = linux.recvfrom(70000)
        except BlockingIOError:
            break
        if address[2] != PACKET_OUTGOING:
            captured.append(frame.hex())
    print(json.dumps({"reason": result.reason, "exit": result.exit_code, "output": machine.output.decode(),
                      "captured": captured, "stats": vars(machine.net.stats)}))


if __name__ == "__main__":
    main(sys.argv[1])
