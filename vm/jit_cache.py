"""Numba's cache for the jitted core, kept honest: compile once, recompile when any core source changes.

    from vm.jit_cache import load_core
    cpu = load_core()        # vm.cpu, compiled (or loaded from Numba's cache)

Numba's cache does not notice when a *called* jitted function changes, so the
cache is keyed here on a hash of every module the core is built from (written
beside Numba's cache files as toyos-cpu.hash); on a mismatch the cached
machine code of every core module is deleted and rebuilt, and the user is told
once that the CPU is being compiled.
"""
from __future__ import annotations

import os
import sys
import time

_compiled = False


def load_core():
    """Import the jitted core (vm.cpu), saying once when Numba has to compile it."""
    global _compiled
    from vm import cpu
    if not _compiled:
        _compiled = True
        if not _cache_is_fresh(cpu):
            print("compiling the CPU (first run only)...", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            from vm.machine import Machine
            Machine._warm_up(cpu)
            _mark_cache_fresh(cpu)
            print(f"compiled in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return cpu


def _core_modules():
    """Every vm/asm module the jitted core is built from: vm.cpu and what it reaches."""
    import types
    from vm import cpu
    seen = {}
    todo = [cpu]
    while todo:
        module = todo.pop()
        if module.__name__ in seen:
            continue
        seen[module.__name__] = module
        for value in vars(module).values():
            if isinstance(value, types.ModuleType):
                found = value
            else:
                found = sys.modules.get(getattr(value, "__module__", None) or "")
            if found is not None and found.__name__.split(".")[0] in ("vm", "asm") \
                    and getattr(found, "__file__", None) and found.__name__ not in seen:
                todo.append(found)
    # modules whose constants (not functions) the core bakes in
    import importlib
    for name in ("asm.csrs", "vm.trace.events"):
        try:
            seen.setdefault(name, importlib.import_module(name))
        except ImportError:
            pass
    return [seen[name] for name in sorted(seen)]


def _source_hash() -> str:
    import hashlib
    digest = hashlib.sha256()
    for module in _core_modules():
        with open(module.__file__, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()


def _marker(cpu) -> str:
    return os.path.join(cpu.run._cache._cache_path, "toyos-cpu.hash")


def _cache_is_fresh(cpu) -> bool:
    try:
        with open(_marker(cpu)) as f:
            if f.read().strip() == _source_hash():
                return True
    except OSError:
        pass
    # stale or missing: drop every cached function of the core so none is reused
    import glob
    for module in _core_modules():
        path = _cache_dir(module)
        if path:
            stem = os.path.splitext(os.path.basename(module.__file__))[0]
            for name in glob.glob(os.path.join(path, f"{stem}.*.nb[ic]")):
                try:
                    os.remove(name)
                except OSError:
                    pass
    return False


def _cache_dir(module):
    """Where Numba caches the jitted functions defined in `module` (None: it defines none).

    Taken from a function of this module, not one it imports: an imported
    function's cache directory is its own module's, and a module that
    imports jitted functions (vm.trace.record) kept its stale code."""
    for value in vars(module).values():
        if getattr(getattr(value, "py_func", None), "__module__", None) != module.__name__:
            continue
        path = getattr(getattr(value, "_cache", None), "_cache_path", None)
        if path:
            return path
    return None


def _mark_cache_fresh(cpu) -> None:
    try:
        with open(_marker(cpu), "w") as f:
            f.write(_source_hash() + "\n")
    except OSError:
        pass
