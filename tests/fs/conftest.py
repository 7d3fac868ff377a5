"""Fixtures of the fs server's tests: the real image (built once, tests/conftest.py)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def image(toyos_image) -> str:
    return toyos_image
