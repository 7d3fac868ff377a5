"""`toyos build`: assemble the kernel, servers and programs into one boot image.

Layout of the build (the archive contents are read from the folders, not
listed here):
  servers/pm/*.s + kernel/cpio.s     -> pm (self-contained: no user library)
  servers/<name>/*.s + userland/lib  -> <name>        (console, shell, ...)
  userland/programs/<name>.s or <name>/*.s + userland/lib -> <name>
  all of these, as a cpio newc archive -> BUILD_DIR/archive.cpio
  kernel/entry.s, kernel/*.s (+ .incbin archive.cpio) -> the image (-o)
Only the image is written at -o; the intermediates (BUILD_DIR/bin/*.elf,
BUILD_DIR/archive.cpio) go to --build-dir (the command's default: build/ of
the repository).  A link runs only when its output is missing or older than
something it reads (its sources, the .inc files of its include folders, the
archive for the kernel, the assembler itself), and the archive is rewritten
only when its contents change, so a build after editing one program relinks
that program alone (and the kernel only if the program's bytes changed).  `build()` called without a build_dir uses a fresh temporary
directory, so builds running side by side (pytest -n 2) never share one.
User programs are linked at USER_TEXT_BASE, the kernel at RAM_BASE.
`--assembler gnu` uses GNU binutils instead of toyos's assembler, for
development and for comparing the two.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAM_BASE = 0x8000_0000            # the kernel is linked where RAM starts (vm/memmap.py)
GNU_AS = ["riscv64-unknown-elf-as", "-march=rv32ima_zicsr_zifencei", "-mabi=ilp32"]
GNU_LD = ["riscv64-unknown-elf-ld", "-m", "elf32lriscv", "--no-relax"]


# What a link reads besides its sources: the tree's .include'd files and the
# kernel's .incbin of the archive; and the assembler, whose changes change bytes.
INCLUDED_SUFFIXES = (".inc", ".cpio")
ASSEMBLER_FILES = sorted((ROOT / "asm").glob("*.py")) + sorted((ROOT / "asm").glob("*.lark"))
ASSEMBLER_STAMP = "assembler"          # in the build folder: which assembler made bin/


class BuildError(Exception):
    """A build step failed; the message is already fit for the user."""


def configure(parser) -> None:
    parser.add_argument("-o", dest="output", default="build/toyos.elf", metavar="IMAGE",
                        help="boot image to write (default build/toyos.elf)")
    parser.add_argument("--build-dir", default=str(ROOT / "build"), metavar="DIR",
                        help="where the intermediates go (bin/*.elf, archive.cpio; "
                             "default build/ of the repository); only the image is written at -o")
    parser.add_argument("--assembler", choices=("toyos", "gnu"), default="toyos",
                        help="toyos (default) or gnu (riscv64-unknown-elf-as/ld, for development)")
    parser.add_argument("--disk", metavar="IMG",
                        help="also make or update the FAT16 disk IMG: /bin with every user program, "
                             "plus userland/disk/ (what `make image` does with build/disk.img)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def user_programs() -> dict[str, list[Path]]:
    """Program name -> its source files, in archive order (pm first)."""
    lib = sorted((ROOT / "userland" / "lib").glob("*.s"))
    programs: dict[str, list[Path]] = {"pm": sorted((ROOT / "servers" / "pm").glob("*.s"))
                                       + [ROOT / "kernel" / "cpio.s"]}
    for folder in sorted((ROOT / "servers").iterdir()):
        if folder.is_dir() and folder.name != "pm" and list(folder.glob("*.s")):
            programs[folder.name] = sorted(folder.glob("*.s")) + lib
    prog_root = ROOT / "userland" / "programs"
    for entry in sorted(prog_root.iterdir()) if prog_root.is_dir() else ():
        if entry.is_dir() and list(entry.glob("*.s")):
            programs[entry.name] = sorted(entry.glob("*.s")) + lib
        elif entry.suffix == ".s":
            programs[entry.stem] = [entry] + lib
    return programs


def kernel_sources() -> list[Path]:
    kernel = ROOT / "kernel"
    rest = sorted(p for p in kernel.glob("*.s") if p.name not in ("entry.s", "cpio.s"))
    return [kernel / "entry.s"] + rest + [kernel / "cpio.s"]


def include_dirs(sources: list[Path], extra: list[Path]) -> list[Path]:
    dirs = [ROOT / "kernel" / "include", ROOT / "userland" / "lib", *extra]
    for src in sources:
        if src.parent not in dirs:
            dirs.append(src.parent)
    return dirs


def link_inputs(sources: list[Path], dirs: list[Path]) -> list[Path]:
    """Every file a link of `sources` with include folders `dirs` may read."""
    files = list(sources)
    for folder in dirs:
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.suffix in INCLUDED_SUFFIXES and p.is_file())
    return files + ASSEMBLER_FILES


def newer_input(output: Path, inputs: list[Path]) -> Path | None:
    """An input changed since `output` was written (the first input if there is
    no output yet); None when `output` is up to date."""
    if not output.exists():
        return inputs[0]
    built = output.stat().st_mtime_ns
    return next((p for p in inputs if p.stat().st_mtime_ns > built), None)


def image_inputs() -> list[Path]:
    """What the image is built from, for `toyos boot`'s staleness check."""
    kernel = kernel_sources()
    files = [ROOT / "kernel" / "abi.toml", ROOT / "kernel" / "gen_abi.py"]
    for sources in [*user_programs().values(), kernel]:
        files += link_inputs(sources, include_dirs(sources, []))
    return list(dict.fromkeys(files))


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def link_toyos(sources: list[Path], dirs: list[Path], base: int, out: Path) -> None:
    from asm.assembler import assemble_files
    from asm.errors import AsmError
    try:
        program = assemble_files([str(s) for s in sources], include_dirs=[str(d) for d in dirs],
                                 base=base)
    except AsmError as exc:
        raise BuildError(str(exc)) from None
    out.write_bytes(program.elf_bytes())


def _run(cmd: list[str]) -> None:
    try:
        result = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        raise BuildError(f"toyos build: {cmd[0]} not found (install binutils-riscv64-unknown-elf "
                         "or use --assembler toyos)") from None
    if result.returncode != 0:
        raise BuildError(result.stderr.strip() or f"{cmd[0]} failed")


def link_gnu(sources: list[Path], dirs: list[Path], base: int, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        objects = []
        for i, src in enumerate(sources):
            obj = Path(tmp) / f"{i}_{src.stem}.o"
            _run(GNU_AS + [f"-I{d}" for d in dirs] + ["-o", str(obj), str(src)])
            objects.append(str(obj))
        _run(GNU_LD + [f"-Ttext={base:#x}", "-z", "max-page-size=4096", "-z", "noexecstack",
                       "--no-warn-rwx-segments", "-e", "_start", "-o", str(out)] + objects)


def cpio_newc(files: dict[str, bytes]) -> bytes:
    """A cpio "newc" archive of regular files (the Linux initramfs format)."""
    out = bytearray()

    def entry(ino: int, name: str, data: bytes, mode: int) -> None:
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0]
        out.extend(b"070701" + b"".join(f"{v:08X}".encode() for v in fields))
        out.extend(name.encode() + b"\0")
        out.extend(b"\0" * (-len(out) % 4))
        out.extend(data)
        out.extend(b"\0" * (-len(out) % 4))

    for ino, (name, data) in enumerate(files.items(), start=1):
        entry(ino, name, data, 0o100755)
    entry(0, "TRAILER!!!", b"", 0)
    return bytes(out)


def build(output: Path, assembler: str = "toyos", log=print, build_dir: Path | None = None,
          disk: Path | None = None) -> Path:
    """Build the image at `output`; intermediates in `build_dir` (None: a temporary one);
    with `disk`, also make or update that disk image (vm/cli/disk_image.py)."""
    if build_dir is None:
        with tempfile.TemporaryDirectory(prefix="toyos-build-") as tmp:
            return _build(output, assembler, log, Path(tmp), disk)
    return _build(output, assembler, log, build_dir, disk)


def _show(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _build(output: Path, assembler: str, log, build_dir: Path, disk: Path | None = None) -> Path:
    sys.path.insert(0, str(ROOT))
    from kernel import gen_abi
    import tomllib
    for path, text in gen_abi.outputs().items():
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            log(f"  GEN     {path.relative_to(ROOT)}")
    abi = tomllib.loads((ROOT / "kernel" / "abi.toml").read_text())
    user_base = abi["user_map"]["text_base"]
    link = link_gnu if assembler == "gnu" else link_toyos
    output.parent.mkdir(parents=True, exist_ok=True)
    bin_dir = build_dir / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    stamp = build_dir / ASSEMBLER_STAMP          # switching assemblers relinks everything
    _write_if_changed(stamp, assembler.encode())
    files = {}
    for name, sources in user_programs().items():
        elf = bin_dir / f"{name}.elf"
        dirs = include_dirs(sources, [])
        if newer_input(elf, link_inputs(sources, dirs) + [stamp]) is not None:
            link(sources, dirs, user_base, elf)
            log(f"  LD      {_show(elf)}")
        files[name] = elf.read_bytes()
    _write_if_changed(build_dir / "archive.cpio", cpio_newc(files))
    sources = kernel_sources()
    dirs = include_dirs(sources, [build_dir])
    if newer_input(output, link_inputs(sources, dirs) + [stamp]) is not None:
        link(sources, dirs, RAM_BASE, output)
        check_image(output, abi["kernel"]["FRAMES_BASE"])
        log(f"  IMAGE   {_show(output)}")
    if disk is not None:
        _build_disk(disk, bin_dir, log)
    return output


def _build_disk(disk: Path, bin_dir: Path, log) -> None:
    from fat16 import FatError
    from vm.cli.disk_image import update_disk_image
    prog_root = ROOT / "userland" / "programs"
    programs = {name: bin_dir / f"{name}.elf" for name, sources in user_programs().items()
                if sources[0].is_relative_to(prog_root)}
    programs["sh"] = bin_dir / "shell.elf"   # the shell runs scripts: `sh FILE`, #!/bin/sh
    try:
        update_disk_image(disk, programs, lambda text: log(text.replace(str(disk), str(_show(disk)))))
    except FatError as error:
        raise BuildError(f"toyos build: {error}") from None


def check_image(image: Path, frames_base: int) -> None:
    from asm.elfread import parse_elf
    elf = parse_elf(image.read_bytes())
    end = max(seg.vaddr + seg.memsz for seg in elf.load_segments)
    if end > frames_base:
        raise BuildError(f"toyos build: the image ends at {end:#x}, past FRAMES_BASE "
                         f"{frames_base:#x}: raise FRAMES_BASE in kernel/abi.toml")


def execute(args) -> int:
    log = (lambda *a: None) if args.quiet else print
    try:
        build(Path(args.output).resolve(), args.assembler, log, Path(args.build_dir).resolve(),
              Path(args.disk).resolve() if args.disk else None)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0
