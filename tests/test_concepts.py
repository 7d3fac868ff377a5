"""docs/concepts.md works as written (issue 14).

Every `toyos$ COMMAND` line of the guide's ```toyos blocks is typed, in the
guide's order, into one toyos booted in deterministic time with the disk
`make image` makes; each must print something and no error, or, when the
line ends in `# expect: WORDS`, print those words.  Every ```sh block is
run on the host in a fresh folder (its `.venv/bin/toyos` runs this
checkout, its build/toyos.elf is the test build) and must exit 0.  The
README links to the guide.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.userland.conftest import boot_shell

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "concepts.md"
# what a command prints when it failed (the shell's and the tools' words)
ERRORS = re.compile(r"exit status [1-9]|command not found|usage:|: no such|error|killed|"
                    r"fault\[|server is dead|try again|not a |cannot|denied|invalid", re.I)
EXPECT = re.compile(r"^(.*?)\s+# expect: (.+)$")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", GUIDE.read_text(), re.M | re.S)


def guide_commands() -> list[tuple[str, str | None]]:
    """(command line, expected words or None), in the guide's order."""
    lines = []
    for block in blocks("toyos"):
        for line in block.splitlines():
            assert line.startswith("toyos$ "), f"docs/concepts.md: not a command: {line!r}"
            command = line[len("toyos$ "):]
            m = EXPECT.match(command)
            lines.append((m.group(1), m.group(2)) if m else (command, None))
    return lines


def test_the_readme_links_the_guide_and_it_has_commands():
    assert "(docs/concepts.md)" in (ROOT / "README.md").read_text()
    assert len(guide_commands()) >= 40 and blocks("sh")


def test_every_command_of_the_guide_runs_without_error(tmp_path, toyos_build):
    from vm.cli.disk_image import update_disk_image
    image, bin_dir = toyos_build
    disk = tmp_path / "disk.img"
    update_disk_image(disk, {elf.stem: elf for elf in Path(bin_dir).glob("*.elf")}, log=lambda *a: None)
    shell = boot_shell("toyos", image, disk=disk, max_insns=6_000_000_000)
    try:
        for command, expected in guide_commands():
            out = shell.run(command)
            if expected is not None:
                assert expected in out, f"{command!r} printed {out!r}, not {expected!r}"
            else:
                assert out.strip(), f"{command!r} printed nothing"
                assert not ERRORS.search(out), f"{command!r} printed an error: {out!r}"
        assert shell.shutdown() == 0
    finally:
        shell.session.close()


@pytest.mark.parametrize("index", range(len(blocks("sh"))))
def test_every_host_command_of_the_guide_runs(index, tmp_path, toyos_image):
    toyos = tmp_path / ".venv" / "bin" / "toyos"
    toyos.parent.mkdir(parents=True)
    toyos.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m vm.cli "$@"\n')
    toyos.chmod(0o755)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "toyos.elf").symlink_to(toyos_image)
    result = subprocess.run(["bash", "-e", "-c", blocks("sh")[index]], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    if "--trace switches" in blocks("sh")[index]:      # the scheduler's decisions on the timeline
        assert re.search(r"--- switch .* -> \d+ burn \(", result.stdout + result.stderr), result.stderr
