"""`toyos disk`: make FAT16 disk images and copy files in and out of them.

    toyos disk mkfs IMG --size 32M          a new, empty FAT16 image
    toyos disk put [-r] IMG HOSTFILE... /dir/   copy host files in (keeping their times)
    toyos disk get [-r] IMG /path... HOSTDIR    copy files out
    toyos disk ls [-l] IMG [PATH...]        list (-l: attributes, size, time, 8.3 alias)
    toyos disk cat IMG PATH...              print files
    toyos disk mkdir [-p] IMG PATH...       make directories
    toyos disk rm [-r] IMG PATH...          delete files (-r: directories too)

The FAT work is the fat16 package's (its header says why it is our own
code).  Every mistake is one line on stderr and exit status 1.
"""
from __future__ import annotations

import argparse
import os
import sys

PROG = "toyos disk"
UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def _size(text: str) -> int:
    body = text.upper().removesuffix("IB").removesuffix("B")
    unit = body[-1:] if body[-1:] in UNITS else ""
    try:
        value = int(body[:len(body) - len(unit)]) * UNITS[unit]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size (e.g. 32M, 65536K)") from None
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="disk_command", metavar="ACTION", required=True)
    p = sub.add_parser("mkfs", help="create an empty FAT16 image", description="create an empty FAT16 image "
                       "(512 root entries, 2 FATs, cluster size from the FAT specification's table)")
    p.add_argument("image", metavar="IMG")
    p.add_argument("--size", type=_size, default=32 << 20,
                   help="image size: bytes, or with K/M/G (default 32M; FAT16 needs about 2.1M to 4G)")
    p.add_argument("--volume-id", type=lambda t: int(t, 0), metavar="N",
                   help="volume serial number (default: from the clock, as mkfs.fat does)")
    p = sub.add_parser("put", help="copy host files into the image")
    p.add_argument("-r", "--recursive", action="store_true", help="copy host directories too")
    p.add_argument("image", metavar="IMG")
    p.add_argument("sources", metavar="HOSTFILE", nargs="+")
    p.add_argument("dest", metavar="DEST", help="a directory in the image (ending in /), or the file's new path")
    p = sub.add_parser("get", help="copy files out of the image")
    p.add_argument("-r", "--recursive", action="store_true", help="copy directories too")
    p.add_argument("image", metavar="IMG")
    p.add_argument("sources", metavar="PATH", nargs="+")
    p.add_argument("dest", metavar="HOSTDEST", help="a host directory, or the file's new name")
    p = sub.add_parser("ls", help="list directories")
    p.add_argument("-l", "--long", action="store_true", help="attributes, size, time and 8.3 alias")
    p.add_argument("image", metavar="IMG")
    p.add_argument("paths", metavar="PATH", nargs="*", default=["/"])
    p = sub.add_parser("cat", help="print files")
    p.add_argument("image", metavar="IMG")
    p.add_argument("paths", metavar="PATH", nargs="+")
    p = sub.add_parser("mkdir", help="make directories")
    p.add_argument("-p", "--parents", action="store_true", help="make missing parents; no error if it exists")
    p.add_argument("image", metavar="IMG")
    p.add_argument("paths", metavar="PATH", nargs="+")
    p = sub.add_parser("rm", help="delete files")
    p.add_argument("-r", "--recursive", action="store_true", help="delete directories and their contents")
    p.add_argument("image", metavar="IMG")
    p.add_argument("paths", metavar="PATH", nargs="+")


def execute(args) -> int:
    from fat16 import FatError
    action = ACTIONS[args.disk_command]
    try:
        action(args)
    except FatError as error:
        print(f"{PROG} {args.disk_command}: {error}", file=sys.stderr)
        return 1
    except OSError as error:                     # a host file
        where = f"{error.filename}: " if error.filename else ""
        print(f"{PROG} {args.disk_command}: {where}{error.strerror}", file=sys.stderr)
        return 1
    return 0


def _mkfs(args) -> None:
    from fat16 import Volume
    Volume.create(args.image, args.size, args.volume_id).close()


def _put(args) -> None:
    from fat16 import FatError, Volume
    with Volume.open(args.image, writable=True) as volume:
        target = volume.lookup(args.dest)
        into_dir = args.dest.endswith("/") or len(args.sources) > 1 or (target is not None and target.is_dir)
        if into_dir and (target is None or not target.is_dir):
            raise FatError(f"{args.dest}: no such directory in {args.image}")
        for source in args.sources:
            name = os.path.basename(os.path.normpath(source))
            dest = args.dest.rstrip("/") + "/" + name if into_dir else args.dest
            _put_one(volume, source, dest, args.recursive)


def _put_one(volume, source: str, dest: str, recursive: bool) -> None:
    from fat16 import FatError
    if os.path.isdir(source):
        if not recursive:
            raise FatError(f"{source}: is a directory (use -r)")
        volume.mkdir(dest, parents=True)
        for name in sorted(os.listdir(source)):
            _put_one(volume, os.path.join(source, name), dest.rstrip("/") + "/" + name, recursive)
        return
    with open(source, "rb") as f:
        data = f.read()
    volume.write(dest, data, mtime=os.stat(source).st_mtime)


def _get(args) -> None:
    from fat16 import FatError, Volume
    with Volume.open(args.image) as volume:
        into_dir = os.path.isdir(args.dest) or len(args.sources) > 1 or args.dest.endswith("/")
        if into_dir and not os.path.isdir(args.dest):
            raise FatError(f"{args.dest}: no such host directory")
        for source in args.sources:
            entry = volume.resolve(source)
            dest = os.path.join(args.dest, entry.name) if into_dir else args.dest
            _get_one(volume, source, entry, dest, args.recursive)


def _get_one(volume, path: str, entry, dest: str, recursive: bool) -> None:
    from fat16 import FatError
    if entry.is_dir:
        if not recursive:
            raise FatError(f"{path}: is a directory (use -r)")
        os.makedirs(dest, exist_ok=True)
        for child in volume.entries(entry):
            inside = path.rstrip("/") + "/" + child.name
            _get_one(volume, inside, child, os.path.join(dest, _host_name(inside, child.name)), True)
        return
    data = volume.read_entry(entry)
    with open(dest, "wb") as f:
        f.write(data)
    if entry.mtime is not None:
        stamp = entry.mtime.timestamp()
        os.utime(dest, (stamp, stamp))


def _host_name(path: str, name: str) -> str:
    """`name` when a host file may have it; a corrupt or hostile image can hold an
    entry named with '/', a NUL, '.' or '..', which would write elsewhere on the
    host or fail in open()."""
    from fat16 import FatError
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise FatError(f"{path!r}: an entry no host file can be named after (a corrupt directory?)")
    return name


def _ls(args) -> None:
    from fat16 import Volume
    with Volume.open(args.image) as volume:
        for index, path in enumerate(args.paths):
            entry = volume.resolve(path)
            listing = volume.entries(entry) if entry.is_dir else [entry]
            if len(args.paths) > 1 and entry.is_dir:
                print(f"{'' if index == 0 else chr(10)}{path}:")
            for item in listing:
                print(_long_line(item) if args.long else item.name)


def _long_line(entry) -> str:
    flags = "".join(letter if entry.attr & bit else "-"
                    for letter, bit in (("d", 0x10), ("r", 1), ("h", 2), ("s", 4), ("a", 0x20)))
    when = entry.mtime.strftime("%Y-%m-%d %H:%M") if entry.mtime else "-" * 16
    alias = f"  [{entry.short_name}]" if entry.short_name != entry.name else ""
    return f"{flags} {entry.size:10} {when} {entry.name}{alias}"


def _cat(args) -> None:
    from fat16 import Volume
    with Volume.open(args.image) as volume:
        for path in args.paths:
            sys.stdout.buffer.write(volume.read(path))
    sys.stdout.flush()


def _mkdir(args) -> None:
    from fat16 import Volume
    with Volume.open(args.image, writable=True) as volume:
        for path in args.paths:
            volume.mkdir(path, parents=args.parents)


def _rm(args) -> None:
    from fat16 import FatError, Volume
    with Volume.open(args.image, writable=True) as volume:
        for path in args.paths:
            if volume.resolve(path).is_dir and not args.recursive:
                raise FatError(f"{path}: is a directory (use -r)")
            volume.remove(path, recursive=True)


ACTIONS = {"mkfs": _mkfs, "put": _put, "get": _get, "ls": _ls, "cat": _cat, "mkdir": _mkdir, "rm": _rm}
