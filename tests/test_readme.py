"""The README's "Write, assemble, run and disassemble a program" section works
as written: its commands are read from README.md and run in a fresh folder,
so the test fails as soon as the README and the tools drift apart.

`.venv/bin/toyos` there is a stand-in that runs this checkout's `toyos`.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Write, assemble, run and disassemble a program"


def section_blocks() -> list[tuple[str, str]]:
    """(language, text) of each fenced block of the section."""
    readme = (ROOT / "README.md").read_text()
    assert SECTION in readme, f"README.md has no section {SECTION!r}"
    body = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```(\w*)\n(.*?)^```$", body, re.MULTILINE | re.DOTALL)


def fresh_folder(tmp_path: Path) -> Path:
    toyos = tmp_path / ".venv" / "bin" / "toyos"
    toyos.parent.mkdir(parents=True, exist_ok=True)
    toyos.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m vm.cli "$@"\n')
    toyos.chmod(0o755)
    return tmp_path


def bash(script: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def test_the_example_program_assembles_runs_and_disassembles(tmp_path):
    (lang, script), *_ = section_blocks()
    assert lang == "sh"
    result = bash(script, fresh_folder(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    message = re.search(r'\.asciz "(.*)"', script).group(1).replace("\\n", "\n")
    assert result.stdout.startswith(message), result.stdout      # `toyos run` printed it, then powered off
    assert "<_start>:" in result.stdout and (tmp_path / "hello.lst").is_file()


def test_the_error_example_prints_what_the_readme_shows(tmp_path):
    """The transcript block: `$ command`, then exactly what it prints; exit status 1."""
    transcripts = [text for lang, text in section_blocks() if text.startswith("$ ")]
    assert transcripts, "the section has no `$ command` transcript"
    for text in transcripts:
        command, expected = text[2:].split("\n", 1)
        result = bash(command, fresh_folder(tmp_path))
        assert result.returncode == 1
        assert result.stdout + result.stderr == expected
