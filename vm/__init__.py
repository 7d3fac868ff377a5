"""vm: the emulated machine (Numba CPU core, MMU, devices, run loop), its
loader, tracer, GDB stub and the `toyos` command line.

It runs guest code; it never assembles it (that is asm/).
"""
