"""A demo's views and a comparison as the live demos produce them, for pictures on fakes.

Unit tests and `bench/pictures.py` draw these; the integration tests draw the real ones.
"""

from __future__ import annotations

from bot.core.demo.models import (
    ContainerRef,
    DemoViews,
    Kernel,
    Namespaces,
    PidMapEntry,
    ProcNode,
    Table,
)
from bot.core.vm.models import Comparison, HostSeen, HostTask, Side

HOST_KERNEL = "6.1.0-28-amd64"
SHIM_PID = 27875
MASTER = "nginx: master process nginx -g daemon off;"
WORKER = "nginx: worker process"
GUEST_KERNEL = "6.1.0-56-cloud-amd64"


def views(*, workers: int = 2, exec_pid: int | None = None) -> DemoViews:
    """nginx's master and workers; with `exec_pid`, a `sleep` started by `docker exec` too."""
    master = 27895
    entries = [PidMapEntry(host_pid=master, ns_pid=1, cmd=MASTER)]
    entries += [
        PidMapEntry(host_pid=master + 28 + n, ns_pid=7 + n, cmd=WORKER) for n in range(workers)
    ]
    kids = [ProcNode(pid=e.host_pid, name="nginx", args=e.cmd) for e in entries[1:]]
    main = ProcNode(pid=master, name="nginx", args=MASTER, children=tuple(kids))
    beside = []
    if exec_pid is not None:
        entries.append(PidMapEntry(host_pid=exec_pid, ns_pid=7 + workers, cmd="sleep 300"))
        beside.append(ProcNode(pid=exec_pid, name="sleep", args="sleep 300"))
    shim = ProcNode(
        pid=SHIM_PID,
        name="containerd-shim-runc-v2",
        args="-namespace moby -id e452f1",
        children=(main, *beside),
    )
    ref = ContainerRef(
        id="e452f1",
        name="container-tutor-nginx-3f2a91c0",
        image="container-tutor/nginx:1",
        state="running",
        owner="U1",
        demo="nginx",
        expires=0,
        main_pid=master,
    )
    empty = Table(titles=(), rows=())
    return DemoViews(
        container=ref,
        top=empty,
        top_aux=empty,
        host_ps=(),
        tree=ProcNode(pid=1, name="systemd", args="", children=(shim,)),
        pid_map=tuple(entries),
        namespaces=Namespaces(container="pid:[4026532181]", host="pid:[4026531836]"),
        kernel=Kernel(host=HOST_KERNEL, container=HOST_KERNEL),
    )


PS_TITLES = ("PID", "PPID", "USER", "COMMAND")
NGINX_PS = Table(
    titles=PS_TITLES,
    rows=(("1", "0", "root", MASTER), ("7", "1", "www-data", WORKER)),
)
GUEST_PS = Table(
    titles=PS_TITLES,
    rows=(
        ("1", "0", "0", "init"),
        ("2", "0", "0", "[kthreadd]"),
        *((str(n), "2", "0", f"[kworker/0:{n}]") for n in range(3, 46)),
        ("61", "1", "0", "httpd -p 80 -h /www"),
        ("70", "1", "0", "ps"),
    ),
)


def _seen(shim: int, *tasks: tuple[int, str, int, int]) -> HostSeen:
    return HostSeen(
        shim_pid=shim,
        shim_name="containerd-shim-runc-v2",
        tasks=tuple(
            HostTask(
                pid=pid, ppid=shim, name=name.split(":")[0], command=name, threads=t, rss_kib=r
            )
            for pid, name, t, r in tasks
        ),
    )


def comparison(*, gvisor: bool = False) -> Comparison:
    sides = [
        Side(
            kind="container",
            name="container-tutor-nginx-3f2a91c0",
            host=_seen(SHIM_PID, (27895, MASTER, 1, 6400), (27923, WORKER, 1, 3200)),
            kernel=HOST_KERNEL,
            inside=NGINX_PS,
            memory_kib=9600,
            start_s=0.24,
        ),
        Side(
            kind="vm",
            name="container-tutor-vm-77aa",
            host=_seen(31200, (31234, "qemu-system-x86_64", 3, 206_848)),
            kernel=GUEST_KERNEL,
            inside=GUEST_PS,
            memory_kib=128 * 1024,
            start_s=4.07,
            accelerator="tcg",
        ),
    ]
    if gvisor:
        sides.append(
            Side(
                kind="gvisor",
                name="container-tutor-nginx-9c1d",
                host=_seen(
                    32000,
                    (32010, "runsc-sandbox", 14, 40_000),
                    (32011, "runsc-gofer", 5, 12_000),
                    (32020, "exe", 1, 8_000),
                ),
                kernel="4.4.0",
                inside=NGINX_PS,
                memory_kib=60_000,
                start_s=0.31,
            )
        )
    return Comparison(
        host_kernel=HOST_KERNEL,
        sides=tuple(sides),
        gvisor="shown" if gvisor else "absent",
    )
