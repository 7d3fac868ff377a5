"""The host side of the network device: where the guest's Ethernet frames go (`--net SPEC`).

    none                                  no network device (the default)
    udp:LOCALPORT:REMOTEHOST:REMOTEPORT   each frame one UDP datagram, as QEMU's
                                          `-netdev dgram` (and the older `socket,udp=`) does
    tap:IFNAME                            a Linux TAP interface (/dev/net/tun; needs the right
                                          to open it: root, or a TAP made for your user)

A back-end moves whole frames and never blocks: `send(frame)` hands one frame
to the host (False if the host refused it), `receive()` returns the next
frame that arrived, or None.  `fileno()` is what the machine's idle wait
selects on, so a frame wakes an idle guest at once.  `open_backend` turns a
spec into a back-end or raises NetError with one line for the user.  Nothing
here knows virtio: vm/devices/virtio_net.py owns the device.
"""
from __future__ import annotations

import errno
import fcntl
import os
import socket
import struct
import weakref
from pathlib import Path

SPECS = "none, udp:LOCALPORT:REMOTEHOST:REMOTEPORT or tap:IFNAME"
MAX_DATAGRAM = 65535            # the largest frame a back-end reads or writes in one piece

# /dev/net/tun (linux/if_tun.h)
TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
IFNAMSIZ = 16


class NetError(Exception):
    """A --net spec that cannot be used: one line for the user."""


class UdpLink:
    """Frames as UDP datagrams between LOCALPORT here and REMOTEHOST:REMOTEPORT.

    The socket is connected to the remote end, so the kernel drops datagrams
    from anyone else; an ICMP "port unreachable" (the peer is not up yet)
    comes back as a refused send or receive, which loses that frame only."""
    deterministic = False

    def __init__(self, local_port: int, remote_host: str, remote_port: int, spec: str):
        try:
            infos = socket.getaddrinfo(remote_host, remote_port, type=socket.SOCK_DGRAM)
        except (socket.gaierror, UnicodeError):
            raise NetError(f"{spec}: cannot resolve host '{remote_host}'") from None
        family, _, _, _, remote = infos[0]
        self.remote = remote
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        weakref.finalize(self, self.sock.close)
        try:
            self.sock.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", local_port))
        except OSError as error:
            self.sock.close()
            if error.errno == errno.EADDRINUSE:
                raise NetError(f"{spec}: local UDP port {local_port} is in use") from None
            if error.errno == errno.EACCES:
                raise NetError(f"{spec}: local UDP port {local_port}: permission denied") from None
            raise NetError(f"{spec}: cannot bind UDP port {local_port}: {error.strerror}") from None
        try:
            self.sock.connect(remote)
        except OSError as error:
            self.sock.close()
            raise NetError(f"{spec}: cannot reach {remote_host}:{remote_port}: {error.strerror}") from None
        self.sock.setblocking(False)
        self.local_port = self.sock.getsockname()[1]

    def fileno(self) -> int:
        return self.sock.fileno()

    def send(self, frame: bytes) -> bool:
        try:
            self.sock.send(frame)
            return True
        except OSError:             # refused (peer not up), no buffer space: the frame is lost
            return False

    def receive(self):
        while True:
            try:
                return self.sock.recv(MAX_DATAGRAM)
            except (BlockingIOError, InterruptedError):
                return None
            except ConnectionRefusedError:
                continue            # an earlier send's ICMP error; look for the next datagram

    def close(self) -> None:
        self.sock.close()


class TapLink:
    """Frames to and from a Linux TAP interface that exists already (IFF_TAP | IFF_NO_PI)."""
    deterministic = False

    def __init__(self, name: str, spec: str):
        if not name or len(name.encode()) >= IFNAMSIZ or "/" in name:
            raise NetError(f"{spec}: '{name}' is not an interface name (1 to {IFNAMSIZ - 1} characters)")
        # Refuse rather than create: TUNSETIFF on an unknown name makes a new, unconfigured TAP
        # that vanishes with the run, which is never what a user naming an interface meant.
        if not Path("/sys/class/net", name).exists():
            raise NetError(f"{spec}: no network interface '{name}' (make one: "
                           f"ip tuntap add dev {name} mode tap user $USER)")
        if not Path("/sys/class/net", name, "tun_flags").exists():
            raise NetError(f"{spec}: '{name}' is not a TAP interface")
        try:
            self.fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as error:
            raise NetError(f"{spec}: cannot open /dev/net/tun: {error.strerror}") from None
        weakref.finalize(self, _close_quietly, self.fd)
        request = struct.pack(f"{IFNAMSIZ}sH", name.encode(), IFF_TAP | IFF_NO_PI)
        try:
            fcntl.ioctl(self.fd, TUNSETIFF, request)
        except OSError as error:
            os.close(self.fd)
            if error.errno == errno.EPERM:
                raise NetError(f"{spec}: permission denied: '{name}' belongs to another user "
                               "(or needs root)") from None
            if error.errno == errno.EBUSY:
                raise NetError(f"{spec}: '{name}' is in use by another program") from None
            if error.errno == errno.EINVAL:
                raise NetError(f"{spec}: '{name}' is not a TAP interface (a TUN?)") from None
            raise NetError(f"{spec}: cannot attach to '{name}': {error.strerror}") from None
        self.name = name

    def fileno(self) -> int:
        return self.fd

    def send(self, frame: bytes) -> bool:
        try:
            return os.write(self.fd, frame) == len(frame)
        except OSError:             # interface down (EIO), too big for it (EINVAL), no room
            return False

    def receive(self):
        try:
            return os.read(self.fd, MAX_DATAGRAM)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            return None

    def close(self) -> None:
        _close_quietly(self.fd)


def _close_quietly(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def _port(text: str, what: str, spec: str, allow_zero: bool = False) -> int:
    try:
        port = int(text, 10)
    except ValueError:
        raise NetError(f"{spec}: {what} '{text}' is not a number") from None
    low = 0 if allow_zero else 1
    if not low <= port <= 65535:
        raise NetError(f"{spec}: {what} {port} is out of range ({low}..65535)")
    return port


def open_backend(spec: str):
    """The back-end `spec` names (None for `none`), or NetError with one line."""
    kind, _, rest = spec.partition(":")
    if kind == "none" and not rest:
        return None
    if kind == "udp":
        local, _, remote = rest.partition(":")
        host, _, port = remote.rpartition(":")
        if not local or not host or not port:
            raise NetError(f"{spec}: expected udp:LOCALPORT:REMOTEHOST:REMOTEPORT")
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]               # an IPv6 address: udp:5555:[::1]:5556
        return UdpLink(_port(local, "local port", spec, allow_zero=True), host,
                       _port(port, "remote port", spec), spec)
    if kind == "tap":
        return TapLink(rest, spec)
    raise NetError(f"{spec}: expected {SPECS}")


def parse_mac(text: str) -> bytes:
    """Six bytes from 'xx:xx:xx:xx:xx:xx', or NetError; a multicast address is refused."""
    parts = text.split(":")
    try:
        if len(parts) != 6 or any(len(part) != 2 for part in parts):
            raise ValueError
        mac = bytes(int(part, 16) for part in parts)
    except ValueError:
        raise NetError(f"{text}: expected a MAC address like 52:54:00:12:34:56") from None
    if mac[0] & 1:
        raise NetError(f"{text}: a multicast address cannot be a device's MAC (the first byte must be even)")
    return mac
