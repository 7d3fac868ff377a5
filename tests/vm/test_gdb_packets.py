"""Unit tests of the GDB stub's protocol layer: framing, escaping, handlers, server.

The machine is replaced by a small fake target (a dict of registers and a
bytearray of memory) so these tests need neither Numba nor gdb; the real
gdb-multiarch sessions live in tests/oracles/test_gdb.py.
"""
from __future__ import annotations

import socket
import threading
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, strategies as st

from asm.csrs import CSR_NUMBERS
from vm.gdb import packets
from vm.gdb.server import DETACHED, EXITED, KILLED, GdbServer
from vm.gdb.stub import DETACH, KILL, Resume, Stop, Stub
from vm.gdb.target_xml import BY_REGNUM, FIRST_CSR_REGNUM, PRIV_REGNUM, target_xml

# ---------------------------------------------------------------- packets


def test_frames_match_what_gdb_puts_on_the_wire():
    # Seen in gdb's `set debug remote 1` output.
    assert packets.frame(b"g") == b"$g#67"
    assert packets.frame(b"OK") == b"$OK#9a"
    assert packets.frame(b"qAttached") == b"$qAttached#8f"


@given(st.binary(max_size=300))
def test_escape_round_trips_and_hides_framing_bytes(data):
    escaped = packets.escape_binary(data)
    assert not set(escaped) & set(b"$#*")
    assert packets.unescape_binary(escaped) == data


def test_unescape_rejects_a_dangling_escape():
    with pytest.raises(ValueError):
        packets.unescape_binary(b"ab}")


def test_run_length_decode_follows_the_manual():
    # "0* " means "0000": the space (32) repeats the zero 32 - 29 = 3 more times.
    assert packets.run_length_decode(b"0* ") == b"0000"
    assert packets.run_length_decode(b"ab*\"c") == b"ab" + b"b" * 5 + b"c"
    with pytest.raises(ValueError):
        packets.run_length_decode(b"*!")


@given(st.lists(st.binary(min_size=0, max_size=40).map(packets.escape_binary), max_size=8),
       st.data())
def test_reader_finds_every_packet_whatever_the_chunking(payloads, data):
    stream = b"+".join(packets.frame(p) for p in payloads) + b"\x03"
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6)))
    reader = packets.PacketReader()
    events = []
    start = 0
    for cut in cuts + [len(stream)]:
        events += reader.feed(stream[start:cut])
        start = cut
    assert [e.payload for e in events if e.kind == "packet"] == payloads
    assert [e.kind for e in events if e.kind != "packet"] == ["ack"] * max(0, len(payloads) - 1) + ["interrupt"]


def test_reader_reports_a_bad_checksum():
    (event,) = packets.PacketReader().feed(b"$g#00")
    assert event.kind == "bad"


# ---------------------------------------------------------------- target description


def test_target_xml_is_wellformed_and_numbers_csrs_from_the_csr_table():
    root = ET.fromstring(target_xml())
    assert root.find("architecture").text == "riscv:rv32"
    features = {f.get("name"): f for f in root.findall("feature")}
    cpu = [(r.get("name"), int(r.get("regnum"))) for r in features["org.gnu.gdb.riscv.cpu"]]
    assert cpu[0] == ("zero", 0) and cpu[31] == ("t6", 31) and cpu[32] == ("pc", 32)
    csrs = {r.get("name"): int(r.get("regnum")) for r in features["org.gnu.gdb.riscv.csr"]}
    for name in ("mstatus", "misa", "mtvec", "mepc", "mcause", "mtval", "sstatus",
                 "stvec", "sepc", "scause", "stval", "satp"):
        assert csrs[name] == FIRST_CSR_REGNUM + CSR_NUMBERS[name]
    (priv,) = features["org.gnu.gdb.riscv.virtual"]
    assert priv.get("name") == "priv" and int(priv.get("regnum")) == PRIV_REGNUM


# ---------------------------------------------------------------- the stub against a fake


class FakeTarget:
    """Registers by regnum, 256 bytes of memory at 0x1000, and a record of points."""

    BASE = 0x1000

    def __init__(self):
        self.regs = {n: 0 for n in BY_REGNUM}
        self.memory = bytearray(range(256))
        self.breakpoints: set[int] = set()
        self.watchpoints: set[tuple[str, int, int]] = set()
        self.removed_all = False

    def read_register(self, reg):
        return self.regs[reg.regnum]

    def write_register(self, reg, value):
        self.regs[reg.regnum] = value
        return True

    def _span(self, addr, length):
        lo = addr - self.BASE
        return (lo, lo + length) if 0 <= lo and lo + length <= len(self.memory) else None

    def read_memory(self, addr, length):
        span = self._span(addr, length)
        return None if span is None else bytes(self.memory[span[0]:span[1]])

    def write_memory(self, addr, data):
        span = self._span(addr, len(data))
        if span is None:
            return False
        self.memory[span[0]:span[1]] = data
        return True

    def insert_breakpoint(self, addr):
        self.breakpoints.add(addr)
        return True

    def remove_breakpoint(self, addr):
        self.breakpoints.discard(addr)
        return True

    def insert_watchpoint(self, kind, addr, length):
        self.watchpoints.add((kind, addr, length))
        return True

    def remove_watchpoint(self, kind, addr, length):
        self.watchpoints.discard((kind, addr, length))
        return True

    def remove_all(self):
        self.removed_all = True
        self.breakpoints.clear()
        self.watchpoints.clear()


class FakeThreads:
    def __init__(self):
        self.saved = {3: {32: 0x80000040, 2: 0x1234}}

    def list(self):
        return [1, 3, 0x41]

    def current(self):
        return 1

    def extra_info(self, tid):
        return f"thread {tid}, ready"

    def registers(self, tid):
        return self.saved.get(tid)


@pytest.fixture
def stub():
    return Stub(FakeTarget(), FakeThreads())


def test_g_packet_has_33_little_endian_registers(stub):
    stub.target.regs[1] = 0x11223344
    stub.target.regs[32] = 0x80000000
    reply = stub.handle(b"g")
    assert len(reply) == 33 * 8
    assert reply[8:16] == b"44332211" and reply[32 * 8:] == b"00000080"


def test_G_and_P_write_registers_and_p_reads_csrs_and_priv(stub):
    assert stub.handle(b"G" + b"01000000" * 33) == b"OK"
    assert stub.target.regs[5] == 1
    mepc = FIRST_CSR_REGNUM + CSR_NUMBERS["mepc"]
    assert stub.handle(b"P%x=efbeadde" % mepc) == b"OK"
    assert stub.target.regs[mepc] == 0xDEADBEEF
    assert stub.handle(b"p%x" % mepc) == b"efbeadde"
    stub.target.regs[PRIV_REGNUM] = 3
    assert stub.handle(b"p%x" % PRIV_REGNUM) == b"03000000"
    assert stub.handle(b"p1234") == b"E00"       # no such register


def test_memory_reads_writes_and_bad_addresses(stub):
    assert stub.handle(b"m1004,4") == b"04050607"
    assert stub.handle(b"M1000,2:abcd") == b"OK"
    assert stub.target.memory[:2] == b"\xab\xcd"
    binary = bytes([0x23, 0x24, 0x7D, 0x2A, 0])  # $ # } * NUL, escaped by gdb
    assert stub.handle(b"X1010,5:" + packets.escape_binary(binary)) == b"OK"
    assert bytes(stub.target.memory[0x10:0x15]) == binary
    assert stub.handle(b"X1000,0:") == b"OK"      # gdb's probe for X
    assert stub.handle(b"m0,4") == b"E14"
    assert stub.handle(b"M2000,1:00") == b"E14"
    assert stub.handle(b"mzz,4") == b"E01"        # malformed: an error, never a crash


def test_breakpoints_and_watchpoints_reach_the_target(stub):
    assert stub.handle(b"Z0,80000010,4") == b"OK"
    assert stub.handle(b"Z2,1000,4") == b"OK"
    assert stub.handle(b"Z3,1008,4") == b"OK"
    assert stub.handle(b"Z4,100c,2") == b"OK"
    assert stub.target.breakpoints == {0x80000010}
    assert stub.target.watchpoints == {("watch", 0x1000, 4), ("rwatch", 0x1008, 4),
                                       ("awatch", 0x100C, 2)}
    assert stub.handle(b"z0,80000010,4") == b"OK"
    assert stub.handle(b"z3,1008,4") == b"OK"
    assert stub.target.breakpoints == set()
    assert ("rwatch", 0x1008, 4) not in stub.target.watchpoints
    assert stub.handle(b"Z1,80000020,4") == b"OK"  # hbreak: planted the same way
    assert stub.target.breakpoints == {0x80000020}
    assert stub.handle(b"Z9,80000010,4") == b""    # unknown kinds: not supported


def test_resume_packets(stub):
    assert stub.handle(b"c") == Resume(step=False)
    assert stub.handle(b"s") == Resume(step=True)
    assert stub.handle(b"vCont?").startswith(b"vCont;c")
    assert stub.handle(b"vCont;c") == Resume(step=False)
    assert stub.handle(b"vCont;s:1;c") == Resume(step=True)
    assert stub.handle(b"c80000100") == Resume(step=False)
    assert stub.target.regs[32] == 0x80000100
    assert stub.handle(b"D") is DETACH
    assert stub.handle(b"k") is KILL and stub.handle(b"vKill;1") is KILL


def test_stop_replies_name_the_thread_and_the_watchpoint(stub):
    assert stub.handle(b"?") == b"T05thread:1;"
    assert stub.stop_reply(Stop("interrupt")) == b"T02thread:1;"
    assert stub.stop_reply(Stop("watch", "awatch", 0x80001000)) == b"T05awatch:80001000;thread:1;"
    assert stub.stop_reply(Stop("exited", exit_code=3)) == b"W03"


def test_queries(stub):
    supported = stub.handle(b"qSupported:multiprocess+;swbreak+;xmlRegisters=i386")
    for feature in (b"PacketSize=", b"qXfer:features:read+", b"vContSupported+", b"QStartNoAckMode+"):
        assert feature in supported
    assert stub.handle(b"qAttached") == b"1"
    assert stub.handle(b"QStartNoAckMode") == b"OK" and stub.no_ack
    assert stub.handle(b"qTStatus") == b""           # unknown: empty reply
    assert stub.handle(b"vMustReplyEmpty") == b""


def test_qxfer_chunks_reassemble_the_description(stub):
    whole = b""
    offset = 0
    while True:
        reply = stub.handle(b"qXfer:features:read:target.xml:%x,%x" % (offset, 100))
        assert reply[:1] in (b"m", b"l")
        chunk = packets.unescape_binary(reply[1:])
        whole += chunk
        offset += len(chunk)
        if reply[:1] == b"l":
            break
    assert whole.decode() == target_xml()
    assert stub.handle(b"qXfer:features:read:other.xml:0,10") == b"E00"


def test_threads_are_listed_described_and_their_saved_registers_shown(stub):
    assert stub.handle(b"qfThreadInfo") == b"m1,3,41"
    assert stub.handle(b"qsThreadInfo") == b"l"
    assert bytes.fromhex(stub.handle(b"qThreadExtraInfo,3").decode()) == b"thread 3, ready"
    assert stub.handle(b"qC") == b"QC1"
    assert stub.handle(b"T3") == b"OK" and stub.handle(b"T9") == b"E01"
    assert stub.handle(b"Hg3") == b"OK"
    regs = stub.handle(b"g")
    assert regs[2 * 8:3 * 8] == b"34120000" and regs[32 * 8:] == b"40000080"
    assert regs[8:16] == b"xxxxxxxx"               # not saved: unavailable, not invented
    assert stub.handle(b"P1=00000000") == b"E02"  # a sleeping thread's registers are read-only
    assert stub.handle(b"Hg0") == b"OK"
    assert stub.handle(b"p20") == b"00000000"


# ---------------------------------------------------------------- the server over a socket


class Client:
    """Just enough of gdb's side: send packets with acks, read replies."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.reader = packets.PacketReader()
        self.events = []

    def _event(self):
        while not self.events:
            self.events += self.reader.feed(self.sock.recv(4096))
        return self.events.pop(0)

    def ask(self, payload, expect_ack=True):
        self.sock.sendall(packets.frame(payload))
        if expect_ack:
            assert self._event().kind == "ack"
        return self.reply()

    def reply(self):
        event = self._event()
        assert event.kind == "packet"
        self.sock.sendall(b"+")
        return event.payload


def start_server(run):
    server = GdbServer(Stub(FakeTarget()), port=0)
    result = {}

    def serve():
        server.wait_for_gdb(announce=lambda message: None)
        result["end"] = server.serve(run)
        server.close()

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    return server, worker, result


def test_server_conversation_interrupt_and_detach():
    started = threading.Event()

    def run(step, interrupted):
        if step:
            return Stop("trap")
        started.set()
        while not interrupted():
            pass
        return Stop("interrupt")

    server, worker, result = start_server(run)
    client = Client(server.port)
    assert client.ask(b"?") == b"T05thread:1;"
    client.sock.sendall(b"$g#00")                  # corrupted: the stub asks again
    assert client._event().kind == "nack"
    assert client.ask(b"QStartNoAckMode") == b"OK"
    assert client.ask(b"s", expect_ack=False) == b"T05thread:1;"
    client.sock.sendall(packets.frame(b"c"))
    assert started.wait(5)
    client.sock.sendall(b"\x03")
    assert client.reply() == b"T02thread:1;"
    assert client.ask(b"D", expect_ack=False) == b"OK"
    worker.join(5)
    assert result["end"] == DETACHED and server.stub.target.removed_all


def test_server_reports_exit_and_kill():
    server, worker, result = start_server(lambda step, interrupted: Stop("exited", exit_code=7))
    client = Client(server.port)
    assert client.ask(b"c") == b"W07"
    worker.join(5)
    assert result["end"] == EXITED and server.final_stop.exit_code == 7

    server, worker, result = start_server(lambda step, interrupted: Stop("trap"))
    client = Client(server.port)
    client.sock.sendall(packets.frame(b"vKill;1"))
    assert client._event().kind == "ack" and client.reply() == b"OK"
    worker.join(5)
    assert result["end"] == KILLED


def test_server_treats_a_hang_up_as_detach():
    server, worker, result = start_server(lambda step, interrupted: Stop("trap"))
    client = Client(server.port)
    client.sock.close()
    worker.join(5)
    assert result["end"] == DETACHED and server.stub.target.removed_all


# ---------------------------------------------------------------- the debugger's address space

def test_gdb_addresses_are_bare_in_m_mode_and_translated_below():
    """The walk itself is tests/vm/test_pagewalk.py; here, which satp the stub uses."""
    from vm import riscv as RV
    from vm import state as S
    from vm.gdb.target import MachineTarget
    from vm.machine import Machine
    m = Machine(ram_mb=1)
    m.csrs[CSR_NUMBERS["satp"]] = RV.SATP_MODE_SV32 | (0x90000000 >> 12)     # root table outside RAM
    target = MachineTarget(m)
    m.st[S.PRIV] = RV.PRIV_M
    assert target.translate(0x80000010) == 0x80000010
    m.st[S.PRIV] = RV.PRIV_S
    assert target.translate(0x80000010) is None


# ---------------------------------------------------------------- toyos threads from memory

from vm import abi_tables  # noqa: E402
from vm.gdb.threads import BOOT_GDB_TID, IDLE_GDB_TID, KernelThreads, layout_from_symbols  # noqa: E402


def kernel_memory(threads, current_slot):
    """A thread table laid out by vm/abi_tables.py: (slot, tid, name, state, prio, pc)."""
    table, current_ptr = 0x80010000, 0x80020000
    size = abi_tables.THREAD_SIZE
    memory = {}
    image = bytearray(8 * size)
    for slot, tid, name, state, prio, pc in threads:
        base = slot * size
        put = lambda field, value: image.__setitem__(
            slice(base + abi_tables.THREAD[field][0], base + abi_tables.THREAD[field][0] + 4),
            value.to_bytes(4, "little"))
        put("id", tid)
        put("state", state)
        put("priority", prio)
        off = abi_tables.THREAD["name"][0]
        image[base + off:base + off + len(name)] = name.encode()
        image[base + abi_tables.TRAPFRAME["pc"]:base + abi_tables.TRAPFRAME["pc"] + 4] = pc.to_bytes(4, "little")
        image[base + abi_tables.TRAPFRAME["sp"]:base + abi_tables.TRAPFRAME["sp"] + 4] = (0x7FFF0000 - tid).to_bytes(4, "little")
    memory[table] = bytes(image)
    pointer = 0 if current_slot is None else table + current_slot * size
    memory[current_ptr] = pointer.to_bytes(4, "little")

    def read(addr, length):
        for start, data in memory.items():
            if start <= addr and addr + length <= start + len(data):
                return data[addr - start:addr - start + length]
        return None

    symbols = {"threads": table, "current_thread": current_ptr}
    return KernelThreads(layout_from_symbols(symbols, {"threads": 8 * size}), read)


def test_kernel_threads_are_listed_with_names_states_and_saved_registers():
    threads = kernel_memory([(0, 0, "idle", 1, 0, 0x80000100), (1, 1, "pm", 2, 5, 0x10000),
                             (3, 0x43, "shell", 1, 2, 0x10200)], current_slot=3)
    assert threads.list() == [IDLE_GDB_TID, 1, 0x43] and IDLE_GDB_TID == 64
    assert threads.name(0x43) == "shell" and threads.name(IDLE_GDB_TID) == "idle"
    assert threads.current() == 0x43
    assert threads.extra_info(1) == f"tid 1 pm, {abi_tables.STATES[2]}, prio 5"
    assert threads.extra_info(0x43) == f"tid 67 shell, {abi_tables.STATES[1]} (on cpu), prio 2"
    saved = threads.registers(1)
    assert saved[32] == 0x10000 and saved[2] == 0x7FFF0000 - 1 and saved[0] == 0


def test_kernel_threads_before_the_scheduler_runs():
    threads = kernel_memory([], current_slot=None)
    assert threads.list() == [BOOT_GDB_TID] and threads.current() == BOOT_GDB_TID


def test_no_thread_symbols_means_no_layout():
    assert layout_from_symbols({"_start": 0x80000000}) is None


def test_qxfer_thread_list_names_every_thread(stub):
    stub.threads.name = lambda tid: {1: "pm", 3: 'sh"ell', 0x41: "a<b"}[tid]
    assert b"qXfer:threads:read+" in stub.handle(b"qSupported")
    reply = stub.handle(b"qXfer:threads:read::0,1000")
    assert reply[:1] == b"l"
    root = ET.fromstring(packets.unescape_binary(reply[1:]))
    rows = [(int(t.get("id"), 16), t.get("name"), t.text) for t in root.findall("thread")]
    assert rows == [(1, "pm", "thread 1, ready"), (3, 'sh"ell', "thread 3, ready"),
                    (0x41, "a<b", "thread 65, ready")]
    # a read in pieces sees one snapshot
    first = stub.handle(b"qXfer:threads:read::0,20")
    rest = stub.handle(b"qXfer:threads:read::20,1000")
    assert first[:1] == b"m" and packets.unescape_binary(first[1:] + rest[1:]) == packets.unescape_binary(reply[1:])


def test_a_thread_resumed_alone_is_the_one_reported_stopped(stub):
    # gdb steps thread 3 over a breakpoint with vCont;c:3; the kernel may switch
    # threads meanwhile, but gdb requires the stop to name thread 3.
    assert stub.handle(b"vCont;c:3") == Resume(step=False)
    assert stub.stop_reply(Stop("trap")) == b"T05thread:3;"
    assert stub.handle(b"qC") == b"QC3"
    stub.target.regs[32] = 0x80000abc
    assert stub.handle(b"p20") == b"bc0a0080"          # the CPU's registers are thread 3's now
    assert stub.handle(b"vCont;s:3;c") == Resume(step=True)   # everyone runs: the real thread
    assert stub.stop_reply(Stop("trap")) == b"T05thread:1;"


PACKET_STARTS = [b"g", b"G", b"p", b"P", b"m", b"M", b"X", b"c", b"s", b"Z", b"z", b"H",
                 b"T", b"D", b"q", b"Q", b"v", b"vCont;", b"qXfer:features:read:target.xml:",
                 b"qXfer:threads:read::", b"qThreadExtraInfo,", b"?", b"k"]


@given(st.sampled_from(PACKET_STARTS), st.binary(max_size=40))
def test_no_packet_crashes_the_stub(start, rest):
    answer = Stub(FakeTarget(), FakeThreads()).handle(start + rest)
    assert isinstance(answer, (bytes, Resume)) or answer in (DETACH, KILL)


def test_waiting_for_gdb_can_be_given_up():
    server = GdbServer(Stub(FakeTarget()), port=0)
    polls = []
    assert server.wait_for_gdb(announce=polls.append,
                               keep_waiting=lambda: polls.append("poll") or len(polls) < 3) is False
    assert "waiting for gdb on 127.0.0.1:%d" % server.port in polls[0]
    with pytest.raises(OSError):       # the port is closed again
        socket.create_connection(("127.0.0.1", server.port), timeout=1)
