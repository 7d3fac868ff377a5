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

image: venv
	$(BIN)/toyos build -o build/toyos.elf

run: image
	$(BIN)/toyos boot build/toyos.elf

qemu: image
	qemu-system-riscv32 -M virt -bios none -nographic -kernel build/toyos.elf

bench: venv
	$(BIN)/toyos bench

# External tools the oracle tests compare against (DESIGN.md section 8).
oracles:
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "make oracles: not root, skipping apt-get (oracle tests will skip)"; \
	else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    binutils-riscv64-unknown-elf gcc-riscv64-unknown-elf qemu-system-misc gdb-multiarch mtools dosfstools chromium; \
	fi

clean:
	rm -rf build .pytest_cache
