"""The VM's sandbox pieces without an engine: qemu's command, the initramfs, the console, policy."""

from __future__ import annotations

import gzip
import stat
from pathlib import Path

from bot.core.course import Demo, Localized
from bot.core.demo.models import ContainerRef
from bot.sandbox.policy import violations
from bot.sandbox.recipes import NGINX, VM
from bot.sandbox.runner import Limits, hardened_config
from bot.sandbox.vm import QemuMachines
from bot.sandbox.vm_console import instant, last_lines, read_console
from bot.sandbox.vm_initramfs import _Entry, cpio_newc
from bot.sandbox.vm_qemu import GUEST_RAM_MB, KVM_DEVICE, kvm_usable, qemu_command

BOOT_LOG = """\
2025-01-02T03:04:05.000000001Z SeaBIOS (version 1.16.2-debian-1.16.2-1)\r
2025-01-02T03:04:06.500000000Z ct:kernel 6.1.0-56-cloud-amd64\r
2025-01-02T03:04:06.510000000Z ct:memtotal_kib 94800\r
2025-01-02T03:04:06.520000000Z ct:ps\r
2025-01-02T03:04:06.530000000Z PID   PPID  USER     COMMAND\r
2025-01-02T03:04:06.540000000Z     1     0 root     init\r
2025-01-02T03:04:06.550000000Z [    3.141592] random: crng init done\r
2025-01-02T03:04:06.560000000Z     2     0 root     [kthreadd]\r
2025-01-02T03:04:06.570000000Z    84     1 root     /bin/httpd -f -p 80 -h /www\r
2025-01-02T03:04:06.580000000Z ct:ps-end\r
"""
READY = "2025-01-02T03:04:06.750000000Z ct:ready\r\n"


def test_the_report_is_read_only_once_the_guest_says_ready() -> None:
    assert read_console(BOOT_LOG) is None
    report = read_console(BOOT_LOG + READY)
    assert report is not None
    assert report.kernel == "6.1.0-56-cloud-amd64"
    assert report.memtotal_kib == 94800
    assert report.ps.titles == ("PID", "PPID", "USER", "COMMAND")
    assert [row[3] for row in report.ps.rows] == [
        "init",
        "[kthreadd]",
        "/bin/httpd -f -p 80 -h /www",
    ]
    assert round(report.ready_at - instant("2025-01-02T03:04:05Z"), 3) == 1.75


def test_engine_times_keep_their_nanoseconds_and_junk_is_zero() -> None:
    assert instant("1970-01-01T00:00:01.250000000Z") == 1.25
    assert instant("not a time") == 0.0
    assert last_lines("t1 one\nt2 two\nt3 three\nt4 four", 2) == "three | four"


def test_qemu_has_no_network_a_small_guest_and_its_own_seccomp() -> None:
    command = qemu_command(accelerator="tcg", ttl_seconds=120)
    assert command[0] == "qemu-system-x86_64"
    assert command[command.index("-nic") + 1] == "none"
    assert "-netdev" not in command and "-device" not in command
    assert command[command.index("-m") + 1] == str(GUEST_RAM_MB) and GUEST_RAM_MB <= 128
    assert "-nodefaults" in command and "-no-reboot" in command
    assert command[command.index("-sandbox") + 1].startswith("on,")
    assert "ct_ttl=120" in command[command.index("-append") + 1]
    assert command[command.index("-accel") + 1].startswith("tcg")
    kvm = qemu_command(accelerator="kvm", ttl_seconds=0)
    assert kvm[kvm.index("-accel") + 1] == "kvm"
    assert "ct_ttl=1" in kvm[kvm.index("-append") + 1]


def test_kvm_needs_a_hardware_module_whatever_dev_kvm_says(tmp_path: Path) -> None:
    assert not kvm_usable(modules=tmp_path)
    (tmp_path / "kvm_intel").mkdir()
    assert not kvm_usable(device=str(tmp_path / "no-such-device"), modules=tmp_path)


def _unpack(archive: bytes) -> dict[str, tuple[int, bytes, tuple[int, int]]]:
    """A minimal newc reader: name → (mode, data, rdev)."""
    found = {}
    offset = 0
    while True:
        header = archive[offset : offset + 110]
        assert header[:6] == b"070701"
        fields = [int(header[6 + 8 * i : 14 + 8 * i], 16) for i in range(13)]
        mode, size, rmajor, rminor, namesize = (
            fields[1],
            fields[6],
            fields[9],
            fields[10],
            fields[11],
        )
        name = archive[offset + 110 : offset + 110 + namesize - 1].decode()
        offset += 110 + namesize
        offset += -offset % 4
        data = archive[offset : offset + size]
        offset += size
        offset += -offset % 4
        if name == "TRAILER!!!":
            return found
        found[name] = (mode, data, (rmajor, rminor))


def test_the_initramfs_archive_is_newc_the_kernel_can_unpack() -> None:
    entries = [
        _Entry("bin", stat.S_IFDIR | 0o755),
        _Entry("bin/busybox", stat.S_IFREG | 0o755, b"\x7fELF..."),
        _Entry("init", stat.S_IFLNK | 0o777, b"bin/busybox"),
        _Entry("dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1)),
    ]
    unpacked = _unpack(gzip.decompress(gzip.compress(cpio_newc(entries))))
    assert unpacked["bin/busybox"] == (stat.S_IFREG | 0o755, b"\x7fELF...", (0, 0))
    assert unpacked["init"][1] == b"bin/busybox" and stat.S_ISLNK(unpacked["init"][0])
    assert stat.S_ISCHR(unpacked["dev/console"][0]) and unpacked["dev/console"][2] == (5, 1)


def _attrs(config: dict[str, object]) -> dict[str, object]:
    """What the engine would report for this config (the fields the policy reads)."""
    memory = int(str(config["mem_limit"]).rstrip("m")) * 2**20
    devices = [
        {
            "PathOnHost": d.split(":")[0],
            "PathInContainer": d.split(":")[1],
            "CgroupPermissions": "rw",
        }
        for d in config["devices"]  # type: ignore[attr-defined]
    ]
    return {
        "HostConfig": {
            "NetworkMode": "none",
            "ReadonlyRootfs": True,
            "Privileged": False,
            "CapDrop": ["ALL"],
            "CapAdd": None,
            "SecurityOpt": ["no-new-privileges:true"],
            "Memory": memory,
            "MemorySwap": memory,
            "NanoCpus": config["nano_cpus"],
            "PidsLimit": 64,
            "RestartPolicy": {"Name": "no"},
            "Devices": devices,
            "Tmpfs": {"/tmp": "rw,noexec,nosuid,nodev,size=1m"},
        },
        "Config": {"Labels": config["labels"], "Image": config["image"], "Env": []},
    }


def test_the_vm_runs_hardened_with_its_own_memory_and_cpu_and_kvm_only_when_asked() -> None:
    demo = Demo(id="vm", title=Localized(en="qemu", zh="qemu"), image="vm")
    limits = Limits(memory_mb=64, cpus=0.5, pids=64)
    plain = hardened_config(VM, demo, instance="i", owner="o", expires=1, limits=limits)
    assert plain["mem_limit"] == "320m" and plain["nano_cpus"] == 1_000_000_000
    assert plain["devices"] == [] and plain["runtime"] is None
    assert plain["network_mode"] == "none" and plain["read_only"] and plain["cap_drop"] == ["ALL"]
    assert violations(_attrs(plain), VM) == []
    kvm = hardened_config(
        VM, demo, instance="i", owner="o", expires=1, limits=limits, devices=(KVM_DEVICE,)
    )
    assert kvm["devices"] == ["/dev/kvm:/dev/kvm:rw"]
    assert violations(_attrs(kvm), VM) == []
    assert any("device /dev/kvm" in v for v in violations(_attrs(kvm), NGINX))
    smaller = {**plain, "mem_limit": "64m"}
    assert any("memory must be 320 MB" in v for v in violations(_attrs(smaller), VM))
    nginx = hardened_config(NGINX, demo, instance="i", owner="o", expires=1, limits=limits)
    assert nginx["mem_limit"] == "64m" and nginx["devices"] == []
    sneaked = hardened_config(
        NGINX, demo, instance="i", owner="o", expires=1, limits=limits, devices=(KVM_DEVICE,)
    )
    assert sneaked["devices"] == []  # a device the recipe does not name is never passed


class _Api:
    """The two engine calls QemuMachines makes, answered from what the fake engine started."""

    def __init__(self, engine: _Engine) -> None:
        self.engine = engine

    def inspect_container(self, container_id: str) -> dict[str, object]:
        command = self.engine.commands[container_id]
        return {
            "Created": "2025-01-02T03:04:05Z",
            "State": {"Status": "running", "ExitCode": 0},
            "Config": {"Cmd": list(command)},
        }

    def logs(self, container_id: str, **_options: object) -> bytes:
        accel = self.engine.commands[container_id]
        hangs = "kvm" in accel  # like a nested host's KVM: the guest never reports
        return b"" if hangs else (BOOT_LOG + READY).encode()


class _Engine:
    """A DockerSandbox stand-in: records what was started, with which devices, and removals."""

    def __init__(self) -> None:
        self.commands: dict[str, tuple[str, ...]] = {}
        self.devices: dict[str, tuple[str, ...]] = {}
        self.removed: list[str] = []
        self.client = type("Client", (), {"api": _Api(self)})()

    def start(
        self, demo: Demo, *, owner: str, ttl_seconds: float, devices: tuple[str, ...] = ()
    ) -> ContainerRef:
        ref = ContainerRef(
            id=f"c{len(self.commands)}",
            name=f"vm-{len(self.commands)}",
            image=demo.image,
            state="running",
            owner=owner,
            demo=demo.id,
            expires=ttl_seconds,
        )
        self.commands[ref.id] = tuple(demo.command or ())
        self.devices[ref.id] = devices
        return ref

    def remove(self, container_id: str) -> None:
        self.removed.append(container_id)


def test_a_kvm_that_hangs_is_dropped_for_tcg_once_and_for_all() -> None:
    engine = _Engine()
    machines = QemuMachines(engine, kvm_timeout=0.3, kvm_check=lambda: True)  # type: ignore[arg-type]
    assert machines.accelerator() == "kvm"
    said: list[str] = []
    ref, report = machines.boot(
        owner="u", ttl_seconds=60, notify=lambda key, _params: said.append(key)
    )
    assert said == ["progress_vm_boot_kvm", "progress_vm_kvm_failed"]
    assert engine.devices == {"c0": (KVM_DEVICE,), "c1": ()}
    assert engine.removed == ["c0"]  # the hung KVM guest is gone
    assert (ref.id, report.accelerator, report.boot_s) == ("c1", "tcg", 1.75)
    assert report.guest_ram_mb == GUEST_RAM_MB
    assert machines.accelerator() == "tcg"
    forced = QemuMachines(engine, accelerator="tcg", kvm_check=lambda: True)  # type: ignore[arg-type]
    assert forced.accelerator() == "tcg"
