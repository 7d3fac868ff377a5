"""vm/jit_cache.py drops the cached machine code of every core module when a core source changes.

Each module's cache must be looked for where Numba writes it: beside the
module that defines the jitted functions.  vm.trace.record imports
take_trap; looking in the importer's place for the importer's files found
nothing, and its stale copy of the trap path survived every change
(issue 12).
"""
from __future__ import annotations

import os

from vm import jit_cache


def test_each_core_module_cache_dir_is_its_own():
    checked = 0
    for module in jit_cache._core_modules():
        path = jit_cache._cache_dir(module)
        if path is None:
            continue
        checked += 1
        here = os.path.realpath(os.path.dirname(module.__file__))
        if not os.environ.get("NUMBA_CACHE_DIR"):
            assert os.path.realpath(os.path.dirname(path)) == here, module.__name__
    names = {m.__name__ for m in jit_cache._core_modules() if jit_cache._cache_dir(m)}
    assert {"vm.cpu", "vm.traps", "vm.mmu", "vm.trace.record"} <= names
    assert checked >= 4
