"""The GDB stub's socket: listen on 127.0.0.1, talk to one gdb, run the target.

Owns the conversation loop: read packets (vm/gdb/packets.py), let the Stub
answer them (vm/gdb/stub.py), and when gdb resumes, run the target in
budgets, looking at the socket between budgets for the 0x03 interrupt byte.
It returns when gdb detaches, kills, hangs up or the program ends, telling
the caller (`toyos run` / `toyos boot`) what to do next.
"""
from __future__ import annotations

import select
import socket
import sys

from vm.gdb import packets
from vm.gdb.stub import DETACH, KILL, Resume, Stop, Stub

ACCEPT_POLL_SECONDS = 0.1   # how often the wait for gdb looks at the console (Ctrl-A x)

# What serve() returns.
DETACHED = "detached"    # gdb detached or hung up: breakpoints are gone, keep running
KILLED = "killed"        # gdb killed the program: end the run
EXITED = "exited"        # the program ended while gdb watched: stop.exit_code says how


class GdbServer:
    def __init__(self, stub: Stub, port: int, host: str = "127.0.0.1") -> None:
        self.stub = stub
        self.listener = socket.create_server((host, port))
        self.port = self.listener.getsockname()[1]
        self.conn: socket.socket | None = None
        self.reader = packets.PacketReader()
        self.pending: list[packets.Event] = []
        self.last_reply = b""
        self.final_stop: Stop | None = None
        self.hung_up = False

    def wait_for_gdb(self, announce=None, keep_waiting=None) -> bool:
        """Accept gdb's connection; False if keep_waiting() said to give up first."""
        (announce or _announce)(f"toyos: waiting for gdb on 127.0.0.1:{self.port} "
                                f"(gdb-multiarch -ex 'target remote 127.0.0.1:{self.port}')")
        while keep_waiting is not None:
            ready, _, _ = select.select([self.listener], [], [], ACCEPT_POLL_SECONDS)
            if ready:
                break
            if not keep_waiting():
                self.listener.close()
                return False
        self.conn, _ = self.listener.accept()
        self.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.listener.close()
        return True

    def close(self) -> None:
        for s in (self.conn, self.listener):
            try:
                if s is not None:
                    s.close()
            except OSError:
                pass

    # ---- the conversation -----------------------------------------------
    def serve(self, run) -> str:
        """Answer gdb until it lets go; `run(step, interrupted) -> Stop` runs the target."""
        while True:
            event = self._next_event(block=True)
            if event is None:                 # gdb went away: behave as after a detach
                self.stub.target.remove_all()
                return DETACHED
            if event.kind == "nack":
                self._send_raw(self.last_reply)
                continue
            if event.kind == "bad":
                if not self.stub.no_ack:
                    self._send_raw(b"-")
                continue
            if event.kind != "packet":         # acks, or 0x03 while already stopped
                continue
            if not self.stub.no_ack:
                self._send_raw(b"+")
            answer = self.stub.handle(event.payload)
            if answer is DETACH:
                self.stub.target.remove_all()
                self._send(b"OK")
                return DETACHED
            if answer is KILL:
                self.stub.target.remove_all()
                if not event.payload.startswith(b"k"):
                    self._send(b"OK")         # vKill wants a reply; `k` wants none
                return KILLED
            if isinstance(answer, Resume):
                stop = run(answer.step, self._interrupted)
                if self.hung_up:
                    self.stub.target.remove_all()
                    return DETACHED
                self._send(self.stub.stop_reply(stop))
                if stop.reason in ("exited", "killed"):
                    self.final_stop = stop
                    return EXITED
                continue
            self._send(answer)

    def _interrupted(self) -> bool:
        """Polled between run budgets: has gdb sent 0x03 (or hung up)?"""
        for event in self._poll():
            if event.kind == "interrupt":
                return True
            self.pending.append(event)
        return self.hung_up

    # ---- bytes ------------------------------------------------------------
    def _poll(self) -> list[packets.Event]:
        self.conn.setblocking(False)
        try:
            data = self.conn.recv(4096)
        except (BlockingIOError, InterruptedError):
            return []
        except OSError:
            data = b""
        finally:
            self.conn.setblocking(True)
        if not data:
            self.hung_up = True
            return []
        return self.reader.feed(data)

    def _next_event(self, block: bool) -> packets.Event | None:
        while not self.pending:
            if self.hung_up:
                return None
            try:
                data = self.conn.recv(4096)
            except OSError:
                data = b""
            if not data:
                self.hung_up = True
                return None
            self.pending.extend(self.reader.feed(data))
        return self.pending.pop(0)

    def _send(self, payload: bytes) -> None:
        self.last_reply = packets.frame(payload)
        self._send_raw(self.last_reply)

    def _send_raw(self, data: bytes) -> None:
        try:
            self.conn.sendall(data)
        except OSError:
            self.hung_up = True


def _announce(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
