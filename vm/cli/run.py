"""`toyos run PROG.elf`: run a bare-metal RISC-V program with the console on this terminal.

Exit status: the guest's (0 for the sifive_test 0x5555 power-off, `code` for
(code<<16)|0x3333, `code` for a store of (code<<1)|1 to `tohost`); 1 for a trap
with no handler (mtvec = 0); 124 when --max-insns runs out; 125 when a
--deterministic run (not under --gdb) has used up its input and the guest stays
idle (vm/machine.py: no output and no input for 10 s of guest time, while
waiting in WFI); 2 when the file cannot be loaded.
"""
from __future__ import annotations

import argparse
import codecs
import sys

from vm.trace import options as trace_options  # [trace hook] --trace* flags


EXIT_STATUS_HELP = (
    "exit status: the guest's (0 after the sifive_test power-off 0x5555, CODE after "
    "(CODE<<16)|0x3333 or a store of (CODE<<1)|1 to `tohost`); 1 for a trap with no handler "
    "(mtvec = 0); 124 when --max-insns runs out; 125 when a --deterministic run ends because "
    "its input is used up (all of --input/--input-text delivered and read, or none given; with the "
    "toyos image also a thread waiting on the console, so lines typed ahead still run) and the "
    "guest, waiting in WFI, has printed nothing and been given nothing for 10 s of GUEST time "
    "(mtime, not wall time: the stop is deterministic; real-time and --gdb runs never stop this way); "
    "2 when the file cannot be loaded. "
    "On a terminal: Ctrl-A x quits, Ctrl-A h lists the keys.")


def _count(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EXIT_STATUS_HELP
    parser.add_argument("program", metavar="PROG.elf", help="ELF executable linked for RAM at 0x80000000")
    parser.add_argument("-m", "--memory", type=int, default=128, metavar="MB",
                        help="RAM size in MiB (default 128)")
    parser.add_argument("--deterministic", action="store_true",
                        help="derive mtime from retired instructions and script the console input: "
                             "the same inputs give the same run")
    parser.add_argument("--input", metavar="FILE", help="console input read from FILE")
    parser.add_argument("--input-text", metavar="TEXT",
                        help="console input given inline; backslash escapes work (e.g. 'ps\\n')")
    parser.add_argument("--rng", action="store_true",
                        help="attach a virtio-rng entropy device in the highest free virtio-mmio slot "
                             "(slot 7: 0x10008000, IRQ 8, where QEMU puts its first -device); its bytes "
                             "come from a fixed seed with --deterministic")
    parser.add_argument("--disk", metavar="IMG",
                        help="attach the raw disk image IMG as a virtio-blk device (512-byte sectors; "
                             "writes reach the file, a flush is an fsync) in slot 7 (0x10008000, IRQ 8), "
                             "as QEMU's first -device; 'none' for no disk (the default)")
    parser.add_argument("--disk-readonly", action="store_true",
                        help="open the --disk image read-only (the device offers VIRTIO_BLK_F_RO)")
    parser.add_argument("--net", metavar="SPEC", default="none",
                        help="attach a virtio-net card in the next free virtio-mmio slot (slot 6 after a "
                             "disk, else 7, as QEMU's -netdev/-device after the disk's) wired to: 'none' "
                             "(no card, the default); 'udp:LOCALPORT:REMOTEHOST:REMOTEPORT' (each frame a UDP "
                             "datagram, as QEMU's -netdev dgram, so two machines form a link); "
                             "'tap:IFNAME' (an existing Linux TAP interface). Needs real time: "
                             "not with --deterministic")
    parser.add_argument("--mac", metavar="MAC", default=None,
                        help="the card's MAC address (default 52:54:00:12:34:56, QEMU's; give two linked "
                             "machines different ones)")
    parser.add_argument("--max-insns", type=_count, metavar="N", help="stop after N instructions (exit 124)")
    parser.add_argument("--engine", choices=("interp", "native"), default="interp",
                        help="how guest code runs: 'interp', the interpreter (the default and the "
                             "reference), or 'native': hot pages translated to host code through "
                             "LLVM (vm/native; faster on compute-bound code; the tracer, "
                             "--trace-insn and gdb use the interpreter)")
    parser.add_argument("--trace-insn", metavar="FILE",
                        help="write one line per instruction: pc, word, disassembly, changed registers")
    trace_options.add_arguments(parser)                              # [trace hook]
    from vm.gdb.attach import add_option as add_gdb_option             # [gdb hook]
    add_gdb_option(parser)


def _input_bytes(args) -> bytes:
    data = b""
    if args.input:
        with open(args.input, "rb") as f:
            data += f.read()
    if args.input_text:
        data += codecs.decode(args.input_text, "unicode_escape").encode("latin-1")
    return data


def execute(args) -> int:
    from vm.console import Console
    from vm.loader import ElfError, LoadError
    from vm.machine import Machine

    prog = f"toyos {getattr(args, 'command', None) or 'run'}"         # toyos boot says so
    try:
        scripted = _input_bytes(args)
    except OSError as e:
        print(f"{prog}: {args.input}: {e.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as e:
        print(f"{prog}: --input-text: bad escape: {e.reason}", file=sys.stderr)
        return 2
    except UnicodeEncodeError:
        print(f"{prog}: --input-text: the console takes bytes: use \\xNN, not \\u escapes above \\xff",
              file=sys.stderr)
        return 2
    from vm.devices.virtio_blk import DiskError, DiskImage
    try:
        disk = None if args.disk in (None, "none") else DiskImage.open(args.disk, args.disk_readonly)
    except DiskError as e:
        print(f"{prog}: --disk {e}", file=sys.stderr)
        return 2
    from vm.devices.net_backends import NetError, open_backend, parse_mac
    if args.deterministic and args.net != "none":
        print(f"{prog}: --net {args.net}: a network link needs real time (frames arrive in the host's "
              "time, which --deterministic cannot replay); use --net none", file=sys.stderr)
        return 2
    try:
        mac = None if args.mac is None else parse_mac(args.mac)
    except NetError as e:
        print(f"{prog}: --mac {e}", file=sys.stderr)
        return 2
    if mac is not None and args.net == "none":
        print(f"{prog}: --mac {args.mac}: there is no network card (--net udp:... or tap:...)", file=sys.stderr)
        return 2
    try:
        net = open_backend(args.net)
    except NetError as e:
        print(f"{prog}: --net {e}", file=sys.stderr)
        return 2
    try:
        machine = Machine(ram_mb=args.memory, deterministic=args.deterministic, input_bytes=scripted,
                          virtio=("rng",) if args.rng else (), disk=disk, net=net, mac=mac,
                          engine=args.engine)
        if args.deterministic and args.gdb is None:     # the whole script is queued: end once
            # it is used up (--help); under --gdb the person at the debugger ends the run
            from vm.machine import IDLE_STOP_TICKS
            machine.idle_stop_ticks = IDLE_STOP_TICKS
        machine.load_elf(args.program)
    except (ElfError, LoadError, ValueError) as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return 2
    machine.guest_waits_for_input = _console_reader_waiting(machine)
    # The toyos kernel hands out frames up to its RAM_END: with less RAM it boots, then panics.
    ram_end = machine.elf.symbols.get("RAM_END") if machine.elf is not None else None
    from vm.memmap import RAM_BASE
    if ram_end is not None and RAM_BASE < ram_end and RAM_BASE + machine.ram_bytes < ram_end:
        print(f"{prog}: {args.program} uses RAM up to {ram_end:#010x} (RAM_END): "
              f"it needs -m {(ram_end - RAM_BASE) >> 20} or more", file=sys.stderr)
        return 2
    if args.trace_insn:
        try:
            open(args.trace_insn, "a").close()    # say so now, not after the run
        except OSError as e:
            print(f"{prog}: {args.trace_insn}: {e.strerror}", file=sys.stderr)
            return 2
    # Load (or, the first time, compile) the jitted core before the terminal goes raw:
    # during a compile of half a minute Ctrl-C must still work.
    from vm.jit_cache import load_core
    Machine._warm_up(load_core())
    session = trace_options.start(machine, args, prog)                  # [trace hook]
    # deterministic runs take their input only from --input/--input-text
    console = Console(machine, use_stdin=not args.deterministic)
    with console:
        try:
            if args.gdb is not None:                                    # [gdb hook]
                from vm.gdb.attach import run_under_gdb
                result = run_under_gdb(machine, args.gdb, max_insns=args.max_insns)
            else:
                result = machine.run(max_insns=args.max_insns, trace_insn=args.trace_insn)
        except OSError as e:
            print(f"{prog}: {e}", file=sys.stderr)
            return 2
    trace_options.finish(machine, session, args)                       # [trace hook]
    if machine.net is not None:
        print(f"{prog}: net {args.net}: {machine.net.stats.line()}", file=sys.stderr)
    if result.reason not in ("poweroff", "tohost") or result.exit_code != 0:
        if machine.output[-1:] not in (b"", b"\n"):   # not on the same line as a prompt
            sys.stdout.write("\n")
            sys.stdout.flush()
        print(f"{prog}: {result.message} ({result.insns} instructions)", file=sys.stderr)
    return result.exit_code


def _console_reader_waiting(machine):
    """For the toyos image: () -> whether a thread waits on a console call (the
    end-of-script rule then knows typed-ahead lines are still to be read).
    None for a bare-metal program, whose waiting the machine cannot see."""
    from vm import abi_tables
    from vm.gdb.threads import KernelThreads, layout_from_symbols
    from vm.memmap import RAM_BASE
    elf = machine.elf
    sizes = {s.name: s.size for s in getattr(elf, "symbol_list", [])}
    layout = layout_from_symbols(dict(getattr(elf, "symbols", {}) or {}), sizes)
    if layout is None:
        return None
    console = next(port for port, name in abi_tables.PORTS.items() if name == "console")

    def read_kernel_memory(addr: int, length: int) -> bytes | None:    # identity-mapped RAM
        start = addr - RAM_BASE
        if start < 0 or start + length > machine.ram_bytes:
            return None
        return machine.ram[start:start + length].tobytes()

    threads = KernelThreads(layout, read_kernel_memory)
    return lambda: threads.waiting_on(console)
