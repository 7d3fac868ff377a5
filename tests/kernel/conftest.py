"""Fixtures for the kernel's boot tests: the real image, built once."""
from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def kernel_image(tmp_path_factory) -> str:
    """build/toyos.elf made by `toyos build` into a temporary folder."""
    from vm import build_cli
    out = tmp_path_factory.mktemp("kimage") / "toyos.elf"
    assembler = os.environ.get("TOYOS_TEST_ASSEMBLER", "toyos")
    try:
        build_cli.build(Path(out), assembler, log=lambda *a: None)
    except build_cli.BuildError as exc:
        pytest.fail(f"toyos build failed: {exc}", pytrace=False)
    return str(out)
