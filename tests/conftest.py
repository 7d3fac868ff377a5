"""Shared pytest setup: the repository root on sys.path and hypothesis profiles."""
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

settings.register_profile("ci", deadline=None, max_examples=200)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def toyos_build(tmp_path_factory) -> tuple[str, Path]:
    """(boot image, folder of the program ELFs): the real build, made once per
    test process by `toyos build`.  The ELFs are the ones the boot archive
    holds; disk fixtures (tests/userland/disks.py) put them in /bin.

    TOYOS_TEST_ASSEMBLER=gnu builds it with GNU binutils instead of ours,
    which tells an assembler bug from a kernel bug."""
    from vm.cli import build as build_cli
    out = tmp_path_factory.mktemp("image") / "toyos.elf"    # alone in its folder (test_boot checks)
    work = tmp_path_factory.mktemp("build")
    assembler = os.environ.get("TOYOS_TEST_ASSEMBLER", "toyos")
    try:
        build_cli.build(Path(out), assembler, log=lambda *a: None, build_dir=work)
    except build_cli.BuildError as exc:
        pytest.fail(f"toyos build failed: {exc}", pytrace=False)
    return str(out), work / "bin"


@pytest.fixture(scope="session")
def toyos_image(toyos_build) -> str:
    """The real boot image (see toyos_build)."""
    return toyos_build[0]
