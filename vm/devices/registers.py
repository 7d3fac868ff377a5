"""The device registers the guest programs against: offsets from a device's base, and bits.

One definition for both sides: the device models in vm/devices/ use these
names, and kernel/gen_abi.py copies the ones listed in kernel/abi.toml
([board] from_registers) into kernel/include/abi.inc for the kernel, the
servers and the drivers.  Values are QEMU `virt`'s (the board we copy).
Addresses of the devices themselves are in vm/memmap.py; this file is
plain Python (no Numba) so the ABI generator can import it cheaply.
"""

# ---- sifive_test: the value written at offset 0 -----------------------------------
FINISHER_FAIL = 0x3333            # (code << 16) | FINISHER_FAIL: exit with `code`
FINISHER_PASS = 0x5555            # power off, status 0
FINISHER_RESET = 0x7777

# ---- CLINT (hart 0) -------------------------------------------------------------------
CLINT_MSIP = 0x0000
CLINT_MTIMECMP = 0x4000           # 64-bit, low word first
CLINT_MTIME = 0xBFF8              # 64-bit, low word first

# ---- PLIC: hart 0 has context 0 (M-mode) and context 1 (S-mode) ------------------------
PLIC_NUM_SOURCES = 96             # sources 1..95; source 0 does not exist
PLIC_PRIORITY = 0x0000            # + 4 * source
PLIC_PENDING = 0x1000             # bit per source
PLIC_ENABLE = 0x2000              # + PLIC_ENABLE_STRIDE * context, bit per source
PLIC_ENABLE_STRIDE = 0x80
PLIC_CONTEXT = 0x20_0000          # + PLIC_CONTEXT_STRIDE * context: the registers below
PLIC_CONTEXT_STRIDE = 0x1000
PLIC_THRESHOLD = 0                # in a context
PLIC_CLAIM = 4                    # in a context: read claims, write completes
PLIC_CONTEXT_M = 0
PLIC_CONTEXT_S = 1
PLIC_NUM_CONTEXTS = 2
PLIC_PRIORITY_MASK = 7

# ---- UART 16550A: byte registers ----------------------------------------------------------
UART_RBR = 0                      # receive buffer (read, DLAB=0)
UART_THR = 0                      # transmit holding (write, DLAB=0)
UART_DLL = 0                      # divisor latch low (DLAB=1)
UART_IER = 1                      # interrupt enable (DLAB=0)
UART_DLM = 1                      # divisor latch high (DLAB=1)
UART_IIR = 2                      # interrupt identification (read)
UART_FCR = 2                      # FIFO control (write)
UART_LCR = 3                      # line control
UART_MCR = 4                      # modem control
UART_LSR = 5                      # line status
UART_MSR = 6                      # modem status
UART_SCR = 7                      # scratch
UART_NUM_REGS = 8
UART_IER_RX = 0x01                # interrupt when a byte was received
UART_IER_TX = 0x02                # interrupt when THR is empty
UART_IER_MASK = 0x0F              # the writable IER bits
UART_IIR_NONE = 0x01              # no interrupt pending
UART_IIR_THRE = 0x02              # THR empty
UART_IIR_RDA = 0x04               # received data available
UART_IIR_FIFO = 0xC0              # FIFOs enabled
UART_IIR_ID_MASK = 0x0F           # the interrupt-identification bits
UART_FCR_ENABLE = 0x01
UART_FCR_CLEAR_RX = 0x02
UART_TX_FIFO = 16                 # bytes the transmit FIFO holds (FIFOs on): THRE means all are free
UART_LCR_8N1 = 0x03               # 8 data bits, no parity, 1 stop bit
UART_LCR_DLAB = 0x80              # divisor latch access
UART_MCR_DTR = 0x01
UART_MCR_RTS = 0x02
UART_MCR_OUT2 = 0x08              # gates the IRQ line on a PC; QEMU ignores it
UART_MCR_MASK = 0x1F
UART_LSR_DR = 0x01                # a byte waits in RBR
UART_LSR_THRE = 0x20              # THR can take a byte
UART_LSR_TEMT = 0x40              # transmitter empty

# ---- virtio-mmio, version 2 (virtio 1.x, section 4.2.2) --------------------------------------
VIRTIO_MMIO_MAGIC_VALUE = 0x000
VIRTIO_MMIO_VERSION = 0x004
VIRTIO_MMIO_DEVICE_ID = 0x008
VIRTIO_MMIO_VENDOR_ID = 0x00C
VIRTIO_MMIO_DEVICE_FEATURES = 0x010
VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014
VIRTIO_MMIO_DRIVER_FEATURES = 0x020
VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024
VIRTIO_MMIO_QUEUE_SEL = 0x030
VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034
VIRTIO_MMIO_QUEUE_NUM = 0x038
VIRTIO_MMIO_QUEUE_READY = 0x044
VIRTIO_MMIO_QUEUE_NOTIFY = 0x050
VIRTIO_MMIO_INTERRUPT_STATUS = 0x060
VIRTIO_MMIO_INTERRUPT_ACK = 0x064
VIRTIO_MMIO_STATUS = 0x070
VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080
VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084
VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090      # the available ring
VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094
VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0A0      # the used ring
VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0A4
VIRTIO_MMIO_CONFIG_GENERATION = 0x0FC
VIRTIO_MMIO_CONFIG = 0x100                # device-specific configuration space
VIRTIO_MMIO_MAGIC = 0x74726976            # "virt", little-endian
VIRTIO_MMIO_VERSION_2 = 2                 # virtio 1.x (version 1 is the legacy interface)
VIRTIO_VENDOR_QEMU = 0x554D4551           # "QEMU": the vendor QEMU's transport reports
VIRTIO_INT_USED_BUFFER = 1                # InterruptStatus bits
VIRTIO_INT_CONFIG_CHANGE = 2
VIRTIO_STATUS_ACKNOWLEDGE = 1             # Status bits
VIRTIO_STATUS_DRIVER = 2
VIRTIO_STATUS_DRIVER_OK = 4
VIRTIO_STATUS_FEATURES_OK = 8
VIRTIO_STATUS_NEEDS_RESET = 0x40
VIRTIO_STATUS_FAILED = 0x80
VIRTIO_F_VERSION_1 = 32                   # feature bit: virtio 1.x (bit 0 of feature word 1)
VIRTIO_ID_NONE = 0                        # DeviceID of an empty slot
VIRTIO_ID_NET = 1
VIRTIO_ID_BLOCK = 2
VIRTIO_ID_RNG = 4
# virtio-blk (virtio 1.x, section 5.2): config space, features, requests
VIRTIO_BLK_CFG_CAPACITY = 0               # config space: 64-bit capacity in 512-byte sectors
VIRTIO_BLK_F_RO = 5                       # feature bit: the disk is read-only
VIRTIO_BLK_F_FLUSH = 9                    # feature bit: VIRTIO_BLK_T_FLUSH works
VIRTIO_BLK_SECTOR_SIZE = 512
VIRTIO_BLK_REQ_TYPE = 0                   # request header: type (4), reserved (4), sector (8)
VIRTIO_BLK_REQ_SECTOR = 8
VIRTIO_BLK_REQ_HEADER_SIZE = 16
VIRTIO_BLK_T_IN = 0                       # read sectors
VIRTIO_BLK_T_OUT = 1                      # write sectors
VIRTIO_BLK_T_FLUSH = 4
VIRTIO_BLK_T_GET_ID = 8                   # the device's id string, up to VIRTIO_BLK_ID_BYTES
VIRTIO_BLK_ID_BYTES = 20
VIRTIO_BLK_S_OK = 0                       # the status byte the device writes last
VIRTIO_BLK_S_IOERR = 1
VIRTIO_BLK_S_UNSUPP = 2
# virtio-net (virtio 1.x, section 5.1): features, config space, queues, the per-frame header
VIRTIO_NET_F_MAC = 5                      # feature bit: the MAC address is in config space
VIRTIO_NET_F_STATUS = 16                  # feature bit: the link status is in config space
VIRTIO_NET_CFG_MAC = 0                    # config space: 6 bytes of MAC address
VIRTIO_NET_CFG_STATUS = 6                 # config space: 16-bit link status
VIRTIO_NET_MAC_BYTES = 6
VIRTIO_NET_S_LINK_UP = 1                  # status bit: the link is up
VIRTIO_NET_RX_QUEUE = 0                   # receiveq1: buffers the device fills with frames
VIRTIO_NET_TX_QUEUE = 1                   # transmitq1: frames the driver sends
VIRTIO_NET_HDR_SIZE = 12                  # the header before every frame (VIRTIO_F_VERSION_1)
VIRTIO_NET_HDR_FLAGS = 0                  # header: flags (1), gso_type (1), hdr_len (2), gso_size (2),
VIRTIO_NET_HDR_GSO_TYPE = 1               #   csum_start (2), csum_offset (2), num_buffers (2)
VIRTIO_NET_HDR_NUM_BUFFERS = 10
VIRTIO_NET_HDR_GSO_NONE = 0
VIRTIO_NET_FRAME_MAX = 1514               # an Ethernet frame without FCS or VLAN tag: a full buffer's frame
# split virtqueues in guest RAM (virtio 1.x, section 2.7)
VIRTQ_DESC_SIZE = 16                      # addr (8), len (4), flags (2), next (2)
VIRTQ_DESC_ADDR = 0
VIRTQ_DESC_LEN = 8
VIRTQ_DESC_FLAGS = 12
VIRTQ_DESC_NEXT = 14
VIRTQ_DESC_F_NEXT = 1
VIRTQ_DESC_F_WRITE = 2                    # the device writes this buffer
VIRTQ_DESC_F_INDIRECT = 4
VIRTQ_AVAIL_FLAGS = 0                     # then idx, then ring[num] of 2-byte heads
VIRTQ_AVAIL_IDX = 2
VIRTQ_AVAIL_RING = 4
VIRTQ_AVAIL_F_NO_INTERRUPT = 1
VIRTQ_USED_FLAGS = 0                      # then idx, then ring[num] of (id, len) pairs
VIRTQ_USED_IDX = 2
VIRTQ_USED_RING = 4
VIRTQ_USED_ELEM_SIZE = 8
VIRTQ_USED_ELEM_ID = 0
VIRTQ_USED_ELEM_LEN = 4
