"""`toyos build` links only what changed; `toyos boot` says when its default
image is older than the sources.

Builds go to a temporary folder. "A source changed" is played by setting an
output's time back (os.utime), which is what an edit looks like to the
build, without touching the repository's files.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from vm.cli import build as build_cli
from vm.cli.boot import DEFAULT_IMAGE

ROOT = Path(__file__).resolve().parents[2]
LONG_AGO = (0, 0)


def toyos(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vm.cli", *argv], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})


def linked(tmp_path: Path) -> list[str]:
    """Build into tmp_path; the names of the files it linked (LD and IMAGE lines)."""
    result = toyos("build", "-o", str(tmp_path / "toyos.elf"), "--build-dir", str(tmp_path / "b"))
    assert result.returncode == 0, result.stderr
    return [Path(line.split()[-1]).name for line in result.stdout.splitlines()
            if line.split()[0] in ("LD", "IMAGE")]


def test_a_build_links_only_what_changed(tmp_path):
    programs = {f"{name}.elf" for name in build_cli.user_programs()}
    assert set(linked(tmp_path)) == programs | {"toyos.elf"}
    image = (tmp_path / "toyos.elf").read_bytes()
    archive = tmp_path / "b" / "archive.cpio"
    archive_time = archive.stat().st_mtime_ns
    assert linked(tmp_path) == []                     # nothing changed: nothing linked
    os.utime(tmp_path / "b" / "bin" / "hello.elf", LONG_AGO)   # as if hello.s were edited
    assert linked(tmp_path) == ["hello.elf"]          # same bytes: archive and kernel stay
    assert archive.stat().st_mtime_ns == archive_time
    os.utime(tmp_path / "toyos.elf", LONG_AGO)        # as if a kernel source were edited
    assert linked(tmp_path) == ["toyos.elf"]
    assert (tmp_path / "toyos.elf").read_bytes() == image


def test_a_link_depends_on_what_it_includes_and_on_the_assembler():
    sources = build_cli.user_programs()["hello"]
    inputs = build_cli.link_inputs(sources, build_cli.include_dirs(sources, []))
    for needed in ("kernel/include/abi.inc", "kernel/include/frame.inc", "asm/encode.py",
                   "asm/grammar.lark", "userland/programs/hello.s"):
        assert ROOT / needed in inputs, needed
    kernel = build_cli.kernel_sources()
    assert ROOT / "kernel" / "abi.toml" in build_cli.image_inputs()
    assert set(kernel) <= set(build_cli.image_inputs())


def test_boot_says_when_the_default_image_is_older_than_its_sources(tmp_path, toyos_image):
    image = tmp_path / DEFAULT_IMAGE
    image.parent.mkdir()
    shutil.copy(toyos_image, image)
    script = ("boot", "--deterministic", "--input-text", "shutdown\\n")
    os.utime(image, LONG_AGO)
    stale = toyos(*script, cwd=tmp_path)
    assert stale.returncode == 0, stale.stderr
    notice = [line for line in stale.stderr.splitlines() if "is older than" in line]
    assert len(notice) == 1 and notice[0].startswith(f"toyos boot: {DEFAULT_IMAGE} is older than ")
    os.utime(image)                                   # built now: nothing to say
    fresh = toyos(*script, cwd=tmp_path)
    assert fresh.returncode == 0 and "older than" not in fresh.stderr, fresh.stderr
