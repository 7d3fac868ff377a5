"""The FAT16 boot sector (BPB): reading it with one-line refusals, and
choosing the layout of a new volume.

Owns the geometry facts: where the FATs, the root directory and the data
area start, the cluster size and count.  FAT12 and FAT32 are told apart
from FAT16 by the cluster count alone, as the FAT specification says.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

SECTOR = 512
MIN_CLUSTERS, MAX_CLUSTERS = 4085, 65524      # FAT16's cluster-count range (FAT spec)
ROOT_ENTRIES = 512
RESERVED_SECTORS = 4                          # as mkfs.fat 4.2 lays out FAT16
NUM_FATS = 2
MEDIA = 0xF8                                  # fixed disk
SECTORS_PER_TRACK, HEADS = 32, 64             # CHS geometry mtools wants non-zero
BPB = struct.Struct("<3s8sHBHBHHBHHHII")      # jump .. total sectors (32-bit), offset 0
EBPB = struct.Struct("<BBBI11s8s")            # drive, reserved, 0x29, volume id, label, type; offset 36


class FatError(Exception):
    """Anything `toyos disk` refuses: the message is one line for the user."""


class FormatError(FatError):
    """An image that is not a usable FAT16 volume."""


@dataclass(frozen=True)
class Geometry:
    sectors_per_cluster: int
    reserved: int
    num_fats: int
    root_entries: int
    total_sectors: int
    fat_sectors: int
    volume_id: int = 0
    label: bytes = b"NO NAME    "

    @property
    def cluster_bytes(self) -> int:
        return self.sectors_per_cluster * SECTOR

    @property
    def fat_offset(self) -> int:
        return self.reserved * SECTOR

    @property
    def root_offset(self) -> int:
        return (self.reserved + self.num_fats * self.fat_sectors) * SECTOR

    @property
    def root_sectors(self) -> int:
        return (self.root_entries * 32 + SECTOR - 1) // SECTOR

    @property
    def data_offset(self) -> int:
        return self.root_offset + self.root_sectors * SECTOR

    @property
    def clusters(self) -> int:
        """Number of data clusters (numbered 2 .. clusters + 1)."""
        return (self.total_sectors - self.data_offset // SECTOR) // self.sectors_per_cluster

    def cluster_offset(self, cluster: int) -> int:
        return self.data_offset + (cluster - 2) * self.cluster_bytes


def parse_boot_sector(sector: bytes, image_bytes: int) -> Geometry:
    """The geometry of a FAT16 boot sector, or FormatError saying what is wrong."""
    if len(sector) < SECTOR:
        raise FormatError(f"too small for a boot sector ({image_bytes} bytes)")
    (_jump, _oem, bytes_per_sector, spc, reserved, nfats, root_entries, total16, _media,
     fat16_sectors, _spt, _heads, _hidden, total32) = BPB.unpack_from(sector)
    if sector[510:512] != b"\x55\xaa" or sector[0] not in (0xEB, 0xE9):
        raise FormatError("no FAT boot sector (bad signature or jump)")
    if bytes_per_sector != SECTOR:
        raise FormatError(f"{bytes_per_sector}-byte sectors: only {SECTOR} is supported")
    if spc == 0 or spc & (spc - 1) or spc > 128:
        raise FormatError(f"bad boot sector: {spc} sectors per cluster")
    if reserved == 0 or nfats == 0:
        raise FormatError("bad boot sector: no reserved sectors or no FAT")
    if root_entries == 0 or fat16_sectors == 0:
        raise FormatError("FAT32 volume: only FAT16 is supported")
    total = total16 or total32
    geometry = Geometry(spc, reserved, nfats, root_entries, total, fat16_sectors)
    if geometry.data_offset >= total * SECTOR:
        raise FormatError("bad boot sector: the FATs and root directory fill the volume")
    clusters = geometry.clusters
    if clusters < MIN_CLUSTERS:
        raise FormatError(f"FAT12 volume ({clusters} clusters): only FAT16 is supported")
    if clusters > MAX_CLUSTERS:
        raise FormatError(f"FAT32-sized volume ({clusters} clusters): only FAT16 is supported")
    if fat16_sectors * SECTOR < (clusters + 2) * 2:
        raise FormatError(f"bad boot sector: a FAT of {fat16_sectors} sectors cannot map {clusters} clusters")
    if image_bytes < total * SECTOR:
        raise FormatError(f"truncated image: {image_bytes} bytes, the boot sector says {total * SECTOR}")
    volume_id, label = 0, b"NO NAME    "
    if sector[38] == 0x29:
        _drive, _res, _sig, volume_id, label, _type = EBPB.unpack_from(sector, 36)
    return Geometry(spc, reserved, nfats, root_entries, total, fat16_sectors, volume_id, label)


def choose_geometry(size_bytes: int, volume_id: int) -> Geometry:
    """A FAT16 layout for a new image of `size_bytes`, or FormatError when FAT16
    cannot fill that size.  Cluster size per the FAT specification's table
    (2 KiB up to 128 MiB, doubling after), adjusted to keep the count in range."""
    if size_bytes % SECTOR:
        raise FormatError(f"size {size_bytes} is not a whole number of {SECTOR}-byte sectors")
    total = size_bytes // SECTOR
    if total > 0xFFFFFFFF:
        raise FormatError("too large for FAT16")
    limits = ((32680, 2), (262144, 4), (524288, 8), (1048576, 16), (2097152, 32), (4194304, 64))
    spc = next((s for limit, s in limits if total <= limit), 128)
    while True:
        geometry = _layout(total, spc, volume_id)
        count = geometry.clusters if geometry.data_offset < total * SECTOR else 0
        if count < MIN_CLUSTERS and spc > 1:
            spc //= 2
        elif count > MAX_CLUSTERS and spc < 128:
            spc *= 2
        else:
            break
    if not MIN_CLUSTERS <= count <= MAX_CLUSTERS:
        low = (MIN_CLUSTERS + 200) * SECTOR // 1024
        raise FormatError(f"size {size_bytes} bytes is outside FAT16's range (about {low} KiB to 4 GiB)")
    return geometry


def _layout(total: int, spc: int, volume_id: int) -> Geometry:
    root_sectors = ROOT_ENTRIES * 32 // SECTOR
    # The FAT specification's FAT-size formula: enough 2-byte entries for every cluster.
    fat_sectors = -(-(total - RESERVED_SECTORS - root_sectors) // (256 * spc + NUM_FATS))
    return Geometry(spc, RESERVED_SECTORS, NUM_FATS, ROOT_ENTRIES, total, fat_sectors, volume_id)


def boot_sector(geometry: Geometry) -> bytes:
    """The boot sector of a new volume with `geometry`."""
    sector = bytearray(SECTOR)
    total = geometry.total_sectors
    BPB.pack_into(sector, 0, b"\xeb\x3c\x90", b"TOYOS   ", SECTOR, geometry.sectors_per_cluster,
                  geometry.reserved, geometry.num_fats, geometry.root_entries,
                  total if total < 0x10000 else 0, MEDIA, geometry.fat_sectors,
                  SECTORS_PER_TRACK, HEADS, 0, 0 if total < 0x10000 else total)
    EBPB.pack_into(sector, 36, 0x80, 0, 0x29, geometry.volume_id, geometry.label, b"FAT16   ")
    # Boot code: "int 18h" (no bootable OS here), in case a PC ever tries.
    sector[62:64] = b"\xcd\x18"
    sector[510:512] = b"\x55\xaa"
    return bytes(sector)
