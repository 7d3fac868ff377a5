"""A FAT16 volume in a host image file: its FAT, directories and files.

`Volume.open(path, writable)` reads the boot sector and the first FAT;
paths are '/'-separated from the root and matched without regard to case,
against long names and short aliases alike, as FAT does.  Writes go to the
file as they happen, in the order that keeps the volume consistent if the
tool dies midway (data, then the FATs, then the directory entry), so the
worst a crash leaves is lost clusters.  Nothing is changed by an operation
that fails: space is counted before anything is written.
"""
from __future__ import annotations

import os
import time
from array import array
from dataclasses import dataclass, field
from datetime import datetime

from fat16 import names as N
from fat16.layout import SECTOR, FatError, FormatError, Geometry, boot_sector, choose_geometry, \
    parse_boot_sector

ENTRY = 32
ATTR_READ_ONLY, ATTR_HIDDEN, ATTR_SYSTEM, ATTR_VOLUME, ATTR_DIR, ATTR_ARCHIVE = 1, 2, 4, 8, 0x10, 0x20
FREE, BAD, END = 0, 0xFFF7, 0xFFFF           # FAT values; END_MIN and above end a chain
END_MIN = 0xFFF8
DELETED = 0xE5
DOT, DOTDOT = b".          ", b"..         "


@dataclass
class Entry:
    """One directory entry: its name (the long name if it has one), its 8.3
    alias, attributes, first cluster, size, times, and where it lies on disk
    (`slots`: image offsets of its LFN entries, then its short entry)."""
    name: str
    short: bytes
    attr: int
    cluster: int
    size: int
    mtime: datetime | None
    ctime: datetime | None
    slots: list[int] = field(default_factory=list)

    @property
    def is_dir(self) -> bool:
        return bool(self.attr & ATTR_DIR)

    @property
    def short_name(self) -> str:
        return N.short_display(self.short, 0)


ROOT = Entry("/", b"/          ", ATTR_DIR, 0, 0, None, None)


def fat_time(when: float) -> tuple[int, int, int]:
    """(date, time, tenths) of host time `when`, local time, clamped to FAT's 1980..2107."""
    t = time.localtime(when)
    year = min(max(t.tm_year, 1980), 2107)
    if year != t.tm_year:
        return (((year - 1980) << 9) | (1 << 5) | 1, 0, 0) if year == 1980 else \
            (((year - 1980) << 9) | (12 << 5) | 31, (23 << 11) | (59 << 5) | 29, 100)
    date = ((year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday
    return date, (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2), (t.tm_sec % 2) * 100


def decode_time(date: int, clock: int) -> datetime | None:
    try:
        return datetime(1980 + (date >> 9), (date >> 5) & 15, date & 31,
                        clock >> 11, (clock >> 5) & 63, min((clock & 31) * 2, 59))
    except ValueError:
        return None                          # 0 or nonsense: no time recorded


def split_path(path: str) -> list[str]:
    return [part for part in path.split("/") if part not in ("", ".")]


class Volume:
    def __init__(self, fd: int, geometry: Geometry, writable: bool, path: str):
        self.fd, self.geometry, self.writable, self.path = fd, geometry, writable, path
        g = geometry
        raw = os.pread(fd, g.fat_sectors * SECTOR, g.fat_offset)
        self.fat = array("H")
        self.fat.frombytes(raw[:(g.clusters + 2) * 2])
        self.last_cluster = g.clusters + 1
        self._next_free = 2

    # --- opening and closing ---------------------------------------------------------------

    @classmethod
    def open(cls, path: str, writable: bool = False) -> "Volume":
        """Open the FAT16 image at `path`, or raise FatError (missing, unreadable, not FAT16)."""
        fd = _open_image(path, os.O_RDWR if writable else os.O_RDONLY)
        try:
            size = os.fstat(fd).st_size
            geometry = parse_boot_sector(os.pread(fd, SECTOR, 0), size)
            return cls(fd, geometry, writable, path)
        except FormatError as error:
            os.close(fd)
            raise FormatError(f"{path}: {error}") from None
        except BaseException:
            os.close(fd)
            raise

    @classmethod
    def create(cls, path: str, size: int, volume_id: int | None = None) -> "Volume":
        """Write a new, empty FAT16 image of `size` bytes at `path` and open it."""
        if volume_id is None:
            volume_id = int(time.time() * 1000) & 0xFFFFFFFF
        geometry = choose_geometry(size, volume_id)
        fd = _open_image(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
        try:
            os.ftruncate(fd, size)
            os.pwrite(fd, boot_sector(geometry), 0)
            fat = bytearray(geometry.fat_sectors * SECTOR)
            fat[0:4] = bytes((0xF8, 0xFF, 0xFF, 0xFF))      # media byte; clean-shutdown bits set
            for i in range(geometry.num_fats):
                os.pwrite(fd, fat, geometry.fat_offset + i * len(fat))
            os.pwrite(fd, bytes(geometry.root_sectors * SECTOR), geometry.root_offset)
        except OSError as error:
            os.close(fd)
            raise FatError(f"{path}: {error.strerror}") from None
        return cls(fd, geometry, True, path)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> "Volume":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- clusters -------------------------------------------------------------------------

    def chain(self, first: int) -> list[int]:
        """The clusters of the chain starting at `first` ([] for 0), or FormatError
        for a chain that loops, runs off the volume, or into a free or bad cluster."""
        clusters, seen = [], set()
        cluster = first
        while cluster != 0:
            if not 2 <= cluster <= self.last_cluster:
                raise FormatError(f"{self.path}: corrupt FAT: chain from cluster {first} "
                                  f"reaches cluster {cluster}, outside 2..{self.last_cluster}")
            if cluster in seen:
                raise FormatError(f"{self.path}: corrupt FAT: chain from cluster {first} loops "
                                  f"at cluster {cluster}")
            seen.add(cluster)
            clusters.append(cluster)
            following = self.fat[cluster]
            if following >= END_MIN:
                break
            if following in (FREE, 1, BAD):
                raise FormatError(f"{self.path}: corrupt FAT: chain from cluster {first} reaches "
                                  f"{'a free' if following != BAD else 'a bad'} cluster after {cluster}")
            cluster = following
        return clusters

    def free_count(self) -> int:
        return self.fat[2:].count(FREE)

    def _allocate(self, count: int) -> list[int]:
        """`count` free clusters chained together in the in-memory FAT (not yet written)."""
        found = []
        cluster = self._next_free
        for _ in range(self.last_cluster - 1):
            if len(found) == count:
                break
            if self.fat[cluster] == FREE:
                found.append(cluster)
            cluster = cluster + 1 if cluster < self.last_cluster else 2
        if len(found) < count:
            raise FatError(f"{self.path}: disk full ({self.free_count() * self.geometry.cluster_bytes} "
                           f"bytes free)")
        for here, following in zip(found, found[1:] + [END]):
            self.fat[here] = following
        if found:
            self._next_free = found[-1]
        return found

    def _release(self, clusters: list[int]) -> None:
        for cluster in clusters:
            self.fat[cluster] = FREE

    def _write_fats(self) -> None:
        g = self.geometry
        raw = self.fat.tobytes()
        for i in range(g.num_fats):
            os.pwrite(self.fd, raw, g.fat_offset + i * g.fat_sectors * SECTOR)

    def _read_clusters(self, clusters: list[int], size: int | None = None) -> bytes:
        g, parts, i = self.geometry, [], 0
        while i < len(clusters):                 # one read per run of consecutive clusters
            j = i + 1
            while j < len(clusters) and clusters[j] == clusters[j - 1] + 1:
                j += 1
            parts.append(os.pread(self.fd, (j - i) * g.cluster_bytes, g.cluster_offset(clusters[i])))
            i = j
        data = b"".join(parts)
        return data if size is None else data[:size]

    def _write_clusters(self, clusters: list[int], data: bytes) -> None:
        g = self.geometry
        data = data + bytes(-len(data) % g.cluster_bytes)
        i = 0
        while i < len(clusters):
            j = i + 1
            while j < len(clusters) and clusters[j] == clusters[j - 1] + 1:
                j += 1
            os.pwrite(self.fd, data[i * g.cluster_bytes:j * g.cluster_bytes], g.cluster_offset(clusters[i]))
            i = j

    # --- directories ----------------------------------------------------------------------

    def _dir_slots(self, directory: Entry) -> list[int]:
        """Image offsets of every 32-byte slot of `directory`."""
        g = self.geometry
        if directory.cluster == 0:
            return list(range(g.root_offset, g.root_offset + g.root_entries * ENTRY, ENTRY))
        per_cluster = g.cluster_bytes // ENTRY
        return [g.cluster_offset(c) + k * ENTRY for c in self.chain(directory.cluster)
                for k in range(per_cluster)]

    def _dir_bytes(self, directory: Entry) -> bytes:
        g = self.geometry
        if directory.cluster == 0:
            return os.pread(self.fd, g.root_entries * ENTRY, g.root_offset)
        return self._read_clusters(self.chain(directory.cluster))

    def entries(self, directory: Entry, with_dots: bool = False) -> list[Entry]:
        """The entries of `directory` in disk order (volume labels and deleted entries skipped)."""
        raw, slots = self._dir_bytes(directory), self._dir_slots(directory)
        found: list[Entry] = []
        parts: list[str | None] = []
        lfn_slots: list[int] = []
        expect, check = 0, -1
        for index, offset in enumerate(slots):
            e = raw[index * ENTRY:(index + 1) * ENTRY]
            if e[0] == 0:
                break
            if e[0] == DELETED:
                parts, expect = [], 0
                continue
            if e[11] & 0x3F == N.ATTR_LFN:
                order = e[0] & 0x3F
                if e[0] & N.LAST_LFN:
                    parts, lfn_slots, check = [None] * order, [], e[13]
                elif order != expect - 1 or e[13] != check:
                    parts = []
                if parts and 1 <= order <= len(parts):
                    parts[order - 1] = N.lfn_part(e)
                    lfn_slots.append(offset)
                    expect = order
                continue
            short = bytes(e[:11])
            long_ok = parts and expect == 1 and None not in parts and N.checksum(short) == check
            name = "".join(parts) if long_ok else N.short_display(short, e[12])
            parts, expect = [], 0
            if e[11] & ATTR_VOLUME:
                continue
            if short in (DOT, DOTDOT) and not with_dots:
                continue
            found.append(Entry(name, short, e[11], int.from_bytes(e[26:28], "little"),
                               int.from_bytes(e[28:32], "little"),
                               decode_time(int.from_bytes(e[24:26], "little"), int.from_bytes(e[22:24], "little")),
                               decode_time(int.from_bytes(e[16:18], "little"), int.from_bytes(e[14:16], "little")),
                               (lfn_slots if long_ok else []) + [offset]))
        return found

    def find(self, directory: Entry, name: str) -> Entry | None:
        """The entry called `name` in `directory` (long name or alias, any case)."""
        wanted = name.upper()
        for entry in self.entries(directory):
            if entry.name.upper() == wanted or entry.short_name.upper() == wanted:
                return entry
        return None

    def lookup(self, path: str) -> Entry | None:
        """The entry at `path` (ROOT for '/'), or None when it does not exist."""
        entry = ROOT
        for part in split_path(path):
            if not entry.is_dir:
                return None
            entry = self.find(entry, part)
            if entry is None:
                return None
        return entry

    def resolve(self, path: str, want_dir: bool | None = None) -> Entry:
        """Like lookup, but FatError when missing (or not the wanted kind)."""
        entry = self.lookup(path)
        if entry is None:
            raise FatError(f"{path}: no such file or directory")
        if want_dir is True and not entry.is_dir:
            raise FatError(f"{path}: not a directory")
        if want_dir is False and entry.is_dir:
            raise FatError(f"{path}: is a directory")
        return entry

    def listdir(self, path: str = "/") -> list[Entry]:
        return self.entries(self.resolve(path, want_dir=True))

    def read(self, path: str) -> bytes:
        """The contents of the file at `path`."""
        entry = self.resolve(path, want_dir=False)
        return self.read_entry(entry)

    def read_entry(self, entry: Entry) -> bytes:
        clusters = self.chain(entry.cluster)
        if len(clusters) * self.geometry.cluster_bytes < entry.size:
            raise FormatError(f"{self.path}: corrupt directory entry: '{entry.name}' is {entry.size} "
                              f"bytes but has {len(clusters)} clusters")
        return self._read_clusters(clusters, entry.size)

    # --- changes ---------------------------------------------------------------------------

    def _need_writable(self) -> None:
        if not self.writable:
            raise FatError(f"{self.path}: opened read-only")

    def _parent_and_name(self, path: str) -> tuple[Entry, str]:
        parts = split_path(path)
        if not parts:
            raise FatError(f"{path}: is the root directory")
        parent = self.resolve("/" + "/".join(parts[:-1]), want_dir=True)
        N.check_long_name(parts[-1])
        return parent, parts[-1]

    def _new_entries(self, parent: Entry, name: str, attr: int, cluster: int, size: int,
                     mtime: float) -> list[bytes]:
        exact = N.exact_short_name(name)
        if exact is not None:
            short, long_entries = exact, []
        else:
            taken = {e.short for e in self.entries(parent, with_dots=True)}
            short = N.alias_for(name, taken)
            long_entries = N.lfn_entries(name, short)
        date, clock, tenths = fat_time(mtime)
        now_date, now_clock, now_tenths = fat_time(time.time())
        e = bytearray(ENTRY)
        e[0:11] = short
        if e[0] == DELETED:
            e[0] = 0x05                        # a real 0xE5 first byte is stored as 0x05
        e[11], e[13] = attr, now_tenths
        e[14:16], e[16:18] = now_clock.to_bytes(2, "little"), now_date.to_bytes(2, "little")
        e[18:20] = now_date.to_bytes(2, "little")
        e[22:24], e[24:26] = clock.to_bytes(2, "little"), date.to_bytes(2, "little")
        e[26:28], e[28:32] = cluster.to_bytes(2, "little"), size.to_bytes(4, "little")
        return long_entries + [bytes(e)]

    def _free_run(self, parent: Entry, count: int) -> tuple[list[int], list[int]]:
        """Slots for `count` consecutive entries in `parent`, and the clusters that
        must be added to it for them (allocated in the in-memory FAT only)."""
        raw, slots = self._dir_bytes(parent), self._dir_slots(parent)
        run = []
        for index, offset in enumerate(slots):
            first = raw[index * ENTRY]
            if first == 0:                     # the end: every slot from here on is free
                run.extend(slots[index:index + count - len(run)])
                break
            run = run + [offset] if first == DELETED else []
            if len(run) == count:
                return run, []
        if len(run) == count:
            return run, []
        if parent.cluster == 0:
            raise FatError(f"{self.path}: the root directory is full "
                           f"({self.geometry.root_entries} entries)")
        g = self.geometry
        per_cluster = g.cluster_bytes // ENTRY
        extra = -(-(count - len(run)) // per_cluster)
        if len(self.chain(parent.cluster)) + extra > 0x200000 // g.cluster_bytes:
            raise FatError(f"{self.path}: directory too large (FAT allows 65536 entries)")
        new = self._allocate(extra)
        run += [g.cluster_offset(c) + k * ENTRY for c in new for k in range(per_cluster)]
        return run[:count], new

    def _add_entry(self, parent: Entry, name: str, attr: int, cluster: int, size: int,
                   mtime: float, new_clusters: list[int]) -> None:
        """Link `new_clusters` (already written) and a new entry into `parent`."""
        data = self._new_entries(parent, name, attr, cluster, size, mtime)
        try:
            slots, grown = self._free_run(parent, len(data))
        except FatError:
            self._release(new_clusters)
            raise
        for cluster_added in grown:                 # zeroed before they join the directory
            os.pwrite(self.fd, bytes(self.geometry.cluster_bytes), self.geometry.cluster_offset(cluster_added))
        if grown:
            tail = self.chain(parent.cluster)[-1]
            self.fat[tail] = grown[0]
        self._write_fats()
        for offset, entry in zip(slots, data):
            os.pwrite(self.fd, entry, offset)

    def write(self, path: str, data: bytes, mtime: float | None = None) -> None:
        """Create or replace the file at `path` with `data`."""
        self._need_writable()
        parent, name = self._parent_and_name(path)
        existing = self.find(parent, name)
        if existing is not None and existing.is_dir:
            raise FatError(f"{path}: is a directory")
        if len(data) > 0xFFFFFFFF:
            raise FatError(f"{path}: too large for FAT (4 GiB - 1 at most)")
        g = self.geometry
        need = -(-len(data) // g.cluster_bytes)
        old = self.chain(existing.cluster) if existing is not None else []
        if need > self.free_count() + len(old):
            raise FatError(f"{self.path}: disk full: {path} needs {need * g.cluster_bytes} bytes, "
                           f"{self.free_count() * g.cluster_bytes} free")
        if existing is not None and need > self.free_count():
            self._release(old)                       # room only once the old contents go
            old = []
        clusters = self._allocate(need)
        self._write_clusters(clusters, data)
        mtime = time.time() if mtime is None else mtime
        first = clusters[0] if clusters else 0
        if existing is None:
            self._add_entry(parent, name, ATTR_ARCHIVE, first, len(data), mtime, clusters)
            return
        self._write_fats()
        slot = existing.slots[-1]
        entry = bytearray(os.pread(self.fd, ENTRY, slot))
        date, clock, _ = fat_time(mtime)
        entry[22:24], entry[24:26] = clock.to_bytes(2, "little"), date.to_bytes(2, "little")
        entry[18:20] = date.to_bytes(2, "little")
        entry[26:28], entry[28:32] = first.to_bytes(2, "little"), len(data).to_bytes(4, "little")
        os.pwrite(self.fd, bytes(entry), slot)
        self._release(old)
        self._write_fats()

    def mkdir(self, path: str, parents: bool = False, mtime: float | None = None) -> None:
        """Create the directory `path` (and missing parents with `parents`)."""
        self._need_writable()
        parts = split_path(path)
        if parents:
            for i in range(1, len(parts)):
                prefix = "/" + "/".join(parts[:i])
                entry = self.lookup(prefix)
                if entry is None:
                    self.mkdir(prefix, mtime=mtime)
                elif not entry.is_dir:
                    raise FatError(f"{prefix}: not a directory")
        parent, name = self._parent_and_name(path)
        existing = self.find(parent, name)
        if existing is not None:
            if parents and existing.is_dir:
                return
            raise FatError(f"{path}: already exists")
        mtime = time.time() if mtime is None else mtime
        [cluster] = self._allocate(1)
        block = bytearray(self.geometry.cluster_bytes)
        date, clock, _ = fat_time(mtime)
        for index, (short, target) in enumerate(((DOT, cluster), (DOTDOT, parent.cluster))):
            e = block[index * ENTRY:(index + 1) * ENTRY]
            e[0:11], e[11] = short, ATTR_DIR
            e[14:16] = e[22:24] = clock.to_bytes(2, "little")
            e[16:18] = e[18:20] = e[24:26] = date.to_bytes(2, "little")
            e[26:28] = target.to_bytes(2, "little")
            block[index * ENTRY:(index + 1) * ENTRY] = e
        self._write_clusters([cluster], bytes(block))
        self._add_entry(parent, name, ATTR_DIR, cluster, 0, mtime, [cluster])

    def remove(self, path: str, recursive: bool = False) -> None:
        """Delete the file at `path`; a directory only if empty or with `recursive`."""
        self._need_writable()
        self._parent_and_name(path)
        entry = self.resolve(path)
        if entry.is_dir:
            children = self.entries(entry)
            if children and not recursive:
                raise FatError(f"{path}: directory not empty")
            for child in children:
                self.remove(path.rstrip("/") + "/" + child.name, recursive=True)
        for offset in entry.slots:               # the entry goes first, then its clusters
            os.pwrite(self.fd, bytes((DELETED,)), offset)
        self._release(self.chain(entry.cluster))
        self._write_fats()


def _open_image(path: str, flags: int) -> int:
    try:
        return os.open(path, flags, 0o644)
    except FileNotFoundError:
        raise FatError(f"{path}: no such disk image") from None
    except IsADirectoryError:
        raise FatError(f"{path}: is a directory, not a disk image") from None
    except PermissionError:
        raise FatError(f"{path}: permission denied") from None
    except OSError as error:
        raise FatError(f"{path}: {error.strerror}") from None
