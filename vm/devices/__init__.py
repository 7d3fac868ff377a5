"""One module per device of the QEMU-virt-like board; the memory map lives in vm/memmap.py."""
