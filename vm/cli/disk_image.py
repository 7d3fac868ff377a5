"""build/disk.img: the disk `make run` boots with, made by `toyos build --disk IMG`.

Its contents: /bin/NAME for every user program (userland/programs, the same
ELF files that go into the boot archive), and the tree of userland/disk/
copied to the root (README.TXT, /etc/motd).  The image is made (32 MiB,
FAT16) when missing; when it exists, only the programs and files newer
than it are written into it again, so files a session left on the disk
survive a rebuild.  `rm build/disk.img` starts afresh.
"""
from __future__ import annotations

from pathlib import Path

SKELETON = Path(__file__).resolve().parents[2] / "userland" / "disk"
DISK_SIZE = 32 << 20


def disk_inputs(programs: dict[str, Path]) -> dict[str, Path]:
    """Disk path -> host file, for every file the image holds from the build."""
    files = {f"/bin/{name}": elf for name, elf in sorted(programs.items())}
    for host in sorted(SKELETON.rglob("*")) if SKELETON.is_dir() else ():
        if host.is_file():
            files["/" + host.relative_to(SKELETON).as_posix()] = host
    return files


def update_disk_image(image: Path, programs: dict[str, Path], log=print) -> bool:
    """Make `image` or bring it up to date; True when it was written.  Raises
    fat16.FatError (one line) when an existing image cannot be used."""
    from fat16 import FatError, Volume
    files = disk_inputs(programs)
    if image.exists():
        built = image.stat().st_mtime_ns
        changed = {path: host for path, host in files.items() if host.stat().st_mtime_ns > built}
        try:                                  # checked even when nothing changed: say it now,
            volume = Volume.open(str(image), writable=bool(changed))    # not in the guest
        except FatError as error:
            raise FatError(f"{error} (remove it and `make image` makes a new one)") from None
        if not changed:
            volume.close()
            return False
    else:
        image.parent.mkdir(parents=True, exist_ok=True)
        volume = Volume.create(str(image), DISK_SIZE)
        changed = files
    with volume:
        for path, host in changed.items():
            folder = path.rsplit("/", 1)[0]
            if folder:
                volume.mkdir(folder, parents=True)
            volume.write(path, host.read_bytes(), mtime=host.stat().st_mtime)
    image.touch()                        # newer than every input now, even an unchanged-size write
    log(f"  DISK    {image} ({len(changed)} file{'s' * (len(changed) != 1)})")
    return True
