# toyos: the two commands a user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.PHONY: venv test run image qemu bench oracles clean

venv: $(STAMP)

# Reinstall only when the package description changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

test: venv
	$(BIN)/pytest -q -n $(JOBS) --dist loadfile

DISK := build/disk.img
# The disk on QEMU 7.2 `virt`: virtio-mmio version 2 (not legacy), the disk its first device (slot 7).
QEMU_DISK := -global virtio-mmio.force-legacy=false \
	-drive file=$(DISK),format=raw,if=none,id=hd0 -device virtio-blk-device,drive=hd0

# The boot image and the FAT16 disk (/bin with the user programs, plus userland/disk/);
# each is rewritten only when its inputs changed, and files left on the disk stay.
image: venv
	$(BIN)/toyos build -o build/toyos.elf --disk $(DISK)

run: image
	$(BIN)/toyos boot build/toyos.elf --disk $(DISK)

qemu: image
	qemu-system-riscv32 -M virt -bios none -nographic -kernel build/toyos.elf $(QEMU_DISK)

bench: venv
	$(BIN)/toyos bench

# External tools the oracle tests compare against (DESIGN.md section 8).
oracles:
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "make oracles: not root, skipping apt-get (oracle tests will skip)"; \
	else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    binutils-riscv64-unknown-elf gcc-riscv64-unknown-elf qemu-system-misc gdb-multiarch mtools dosfstools chromium \
	    iputils-ping netcat-openbsd; \
	fi

clean:
	rm -rf build .pytest_cache
