"""The host terminal as the machine's console.

On a terminal: raw input (keys go to the guest as typed), `Ctrl-A x` quits,
`Ctrl-A h` lists the keys, `Ctrl-A t` toggles tracing, `Ctrl-A Ctrl-A` sends a Ctrl-A.  The terminal is
restored however the run ends (finally, atexit, SIGTERM/SIGHUP).  When stdin
is not a terminal (pipes, /dev/null, tests) terminal modes are never touched
and stdin's bytes are simply passed to the guest.
"""
from __future__ import annotations

import atexit
import os
import select
import signal
import sys

CTRL_A = 0x01
HELP = ("\r\ntoyos console keys:\r\n"
        "  Ctrl-A x        quit the machine\r\n"
        "  Ctrl-A h        this help\r\n"
        "  Ctrl-A t        tracing on/off (with --trace)\r\n"
        "  Ctrl-A Ctrl-A   send Ctrl-A to the guest\r\n")


class Console:
    def __init__(self, machine, stdin=None, stdout=None, use_stdin: bool = True):
        self.machine = machine
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.use_stdin = use_stdin
        self.fd = None
        try:
            self.fd = self.stdin.fileno()
        except (AttributeError, ValueError, OSError):
            self.fd = None
        self.is_tty = self.fd is not None and os.isatty(self.fd)
        self._saved_mode = None
        self._escape = False
        self._old_handlers = {}

    # ---- terminal modes --------------------------------------------------------------
    def __enter__(self):
        self.machine.on_output = self.write
        if self.use_stdin and self.fd is not None:
            self.machine.input_hook = self.poll
        if self.is_tty and self.use_stdin:
            # deterministic runs read no keys: the terminal stays cooked and Ctrl-C works
            import termios
            import tty
            self._saved_mode = termios.tcgetattr(self.fd)
            atexit.register(self.restore)
            for sig in (signal.SIGTERM, signal.SIGHUP):
                self._old_handlers[sig] = signal.signal(sig, self._on_signal)
            tty.setraw(self.fd, termios.TCSANOW)
            mode = termios.tcgetattr(self.fd)
            mode[1] |= termios.OPOST | termios.ONLCR      # keep LF -> CRLF on output
            termios.tcsetattr(self.fd, termios.TCSANOW, mode)
            sys.stderr.write("toyos: console on this terminal; Ctrl-A x quits, Ctrl-A h lists the keys\r\n")
            sys.stderr.flush()
        return self

    def __exit__(self, *exc):
        self.restore()
        return False

    def restore(self) -> None:
        if self._saved_mode is not None:
            import termios
            try:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved_mode)
            except termios.error:
                pass
            self._saved_mode = None
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)
        self._old_handlers = {}

    def _on_signal(self, signum, frame):
        self.restore()
        raise SystemExit(128 + signum)

    # ---- data --------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        out = getattr(self.stdout, "buffer", self.stdout)
        out.write(data)
        out.flush()

    def poll(self, timeout: float):
        """Bytes typed (after Ctrl-A handling), b"" if none within `timeout`, None at end of input."""
        # the machine's other host inputs (a network back-end) end the wait too
        wake = getattr(self.machine, "wake_fds", [])
        ready, _, _ = select.select([self.fd, *wake], [], [], max(0.0, timeout))
        if self.fd not in ready:
            return b""
        data = os.read(self.fd, 1024)
        if not data:
            return None
        if not self.is_tty:
            return data
        return self._keys(data)

    def _keys(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            if self._escape:
                self._escape = False
                if byte in (ord("x"), ord("X")):
                    self.machine.stop_requested = True
                elif byte in (ord("h"), ord("H"), ord("?")):
                    self.write(HELP.encode())
                elif byte in (ord("t"), ord("T")) and getattr(self.machine, "tracer", None):
                    self.machine.tracer.toggle(self.machine.st, self.machine.ram)   # [trace hook]
                elif byte == CTRL_A:
                    out.append(CTRL_A)
            elif byte == CTRL_A:
                self._escape = True
            else:
                out.append(byte)
        return bytes(out)
