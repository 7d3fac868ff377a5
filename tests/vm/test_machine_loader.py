"""The ELF loader: what lands in RAM, the boot ROM, and one-line errors for bad files."""
import pytest

from tests.vm import rv_mini as rv
from vm.loader import ElfError, LoadError
from vm.machine import Machine


def test_boot_rom_jumps_to_the_entry_like_qemu():
    m = Machine(ram_mb=16)
    m.load_elf(rv.elf(rv.power_off(), entry=rv.RAM))
    assert m.pc == 0x1000
    res = m.run(max_insns=6)          # the six reset-vector instructions
    assert res.reason == "max-insns"
    assert m.pc == rv.RAM
    assert m.regs[10] == 0                     # a0 = hart id
    assert m.regs[11] == 0x80000000 + (16 << 20) - 0x200000    # a1 = fdt, 2 MiB below RAM end
    assert m.regs[12] == 0x1028                # a2 = &fw_dynamic_info


def test_segments_are_copied_and_entry_is_honoured():
    code = rv.power_off(7)
    m = Machine(ram_mb=8)
    m.load_elf(rv.elf([0] * 4 + code, entry=rv.RAM + 16, data_at=rv.RAM + 0x1000, data=b"abc"))
    assert m.read_mem(rv.RAM + 0x1000, 3) == b"abc"
    res = m.run(max_insns=1000)
    assert (res.reason, res.exit_code) == ("poweroff", 7)


@pytest.mark.parametrize("blob, message", [
    (b"hello world", "not an ELF"),
    (b"\x7fELF", "truncated"),
])
def test_garbage_is_an_elf_error(blob, message):
    with pytest.raises(ElfError, match=message):
        Machine(ram_mb=8).load_elf(blob)


@pytest.mark.parametrize("kwargs, message", [
    (dict(machine=62), "not a RISC-V"),
    (dict(ident_class=2), "not a 32-bit"),
])
def test_wrong_architecture_is_an_elf_error(kwargs, message):
    with pytest.raises(ElfError, match=message):
        Machine(ram_mb=8).load_elf(rv.elf(rv.power_off(), **kwargs))


@pytest.mark.parametrize("kwargs, message", [
    (dict(elf_type=1), "not an executable"),
    (dict(load_addr=0x40000000, entry=0x40000000), "outside RAM"),
    (dict(entry=0), "no entry point"),
    (dict(entry=rv.RAM + 0x10000), "not inside a loadable segment"),
    (dict(data_at=rv.RAM + (8 << 20) - 2, data=b"abcd"), "outside RAM"),
])
def test_unrunnable_images_are_load_errors(kwargs, message):
    with pytest.raises(LoadError, match=message) as info:
        Machine(ram_mb=8).load_elf(rv.elf(rv.power_off(), **kwargs))
    assert "\n" not in str(info.value)


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(ElfError, match="nope.elf"):
        Machine(ram_mb=8).load_elf(tmp_path / "nope.elf")
