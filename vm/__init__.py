"""vm: the emulated machine (Numba CPU core, MMU, devices, run loop), its
loader, tracer (vm/trace) and GDB stub (vm/gdb).  The `toyos` command line,
the image build and the benchmarks that drive it live in vm/cli.

It runs guest code; it never assembles it (that is asm/).
"""
