"""What `toyos run --gdb PORT` and `toyos boot --gdb PORT` call.

Wires the pieces together for one run: the Machine behind a MachineTarget,
toyos threads when the ELF is a toyos kernel, the socket server; then hands
the machine back to the normal run loop when gdb detaches.
"""
from __future__ import annotations

import argparse
import os

KILLED_STATUS = 137     # 128 + SIGKILL, what a shell shows for a killed program


def tcp_port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (1-65535)")
    return port


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gdb", type=tcp_port, metavar="PORT",
                        help="wait for gdb-multiarch on 127.0.0.1:PORT before running "
                             "(then: target remote 127.0.0.1:PORT)")


def threads_for(machine, target):
    """toyos threads read from kernel memory, or one thread for a bare-metal program."""
    from vm.gdb.stub import SingleThread
    from vm.gdb.threads import KernelThreads, layout_from_symbols

    elf = machine.elf
    symbols = dict(getattr(elf, "symbols", {}) or {})
    sizes = {s.name: s.size for s in getattr(elf, "symbol_list", [])}
    layout = layout_from_symbols(symbols, sizes)
    return SingleThread() if layout is None else KernelThreads(layout, target.read_memory)


def _console_lets_us_wait(machine) -> bool:
    """While gdb has not come: keep what is typed for the guest, honour Ctrl-A x."""
    if machine.input_hook is not None and not machine.input_eof:
        data = machine.input_hook(0)
        if data is None:
            machine.input_eof = True
        elif data:
            machine.feed_input(data)
    return not machine.stop_requested


def run_under_gdb(machine, port: int, max_insns: int | None = None, announce=None):
    """Serve gdb on `port`, then finish the run; returns the Machine's RunResult."""
    from vm.gdb.server import EXITED, KILLED, GdbServer
    from vm.gdb.stub import Stub
    from vm.gdb.target import MachineTarget
    from vm.jit_cache import load_core
    from vm.machine import RunResult, max_insns_result

    start = machine.insns
    target = MachineTarget(machine, lambda limit: machine.run_slice(start, max_insns, limit))
    try:
        server = GdbServer(Stub(target, threads_for(machine, target)), port)
    except OSError as e:
        reason = os.strerror(e.errno) if e.errno else str(e)
        raise OSError(f"--gdb {port}: cannot listen on 127.0.0.1:{port}: {reason}") from None
    try:
        load_core()   # compile (or load) the core now, not while gdb waits on `continue`
        if not server.wait_for_gdb(announce, lambda: _console_lets_us_wait(machine)):
            return RunResult("quit", 0, machine.insns, "stopped from the console")
        outcome = server.serve(target.resume)
    finally:
        server.close()
    if outcome == EXITED:
        return target.result
    if outcome == KILLED:
        return RunResult("killed", KILLED_STATUS, machine.insns, "killed from gdb")
    # detached (or gdb went away): breakpoints are gone, the machine runs on by itself
    target.restart_clock()
    left = None if max_insns is None else max(0, start + max_insns - machine.insns)
    if left == 0:
        return max_insns_result(machine.insns)
    return machine.run(max_insns=left)
