"""Fixtures for the kernel's boot tests: the real image, built once."""
from __future__ import annotations


import pytest


@pytest.fixture(scope="session")
def kernel_image(toyos_image) -> str:
    """The real image (tests/conftest.py builds it once)."""
    return toyos_image
