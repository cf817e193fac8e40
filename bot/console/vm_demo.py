"""`container-tutor demo vm`: boot the VM, print what the host and the guest see, remove it."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from bot.console.render import render
from bot.core.demo.ports import SandboxError
from bot.core.demo.service import DemoError
from bot.core.messages import say
from bot.core.vm.models import VmView
from bot.core.vm.replies import VmShown
from bot.core.vm.service import CompareService

OWNER = "cli"


def vm_demo(compare: CompareService, *, as_json: bool, console: Console) -> str | None:
    """Run the VM demo start to finish; return what went wrong, or None. Nothing is left."""
    try:
        view = compare.vm(OWNER)
        if as_json:
            print(json.dumps(vm_json(view), indent=2, ensure_ascii=False))
        else:
            console.print(render(VmShown(view, "en", steps=())))
    except DemoError as error:
        return say(error.key, "en", **error.params)
    except SandboxError as error:
        return str(error)
    finally:
        try:
            compare.clean(OWNER)
        except SandboxError:
            pass
    return None


def vm_json(view: VmView) -> dict[str, Any]:
    ref = view.container
    return {
        "container": {"id": ref.id, "name": ref.name, "image": ref.image, "state": ref.state},
        "kernel": {"host": view.host_kernel, "guest": view.guest.kernel},
        "shim": {"pid": view.host.shim_pid, "name": view.host.shim_name},
        "host_processes": [task.model_dump() for task in view.host.tasks],
        "guest_ps": {
            "titles": list(view.guest.ps.titles),
            "processes": [list(row) for row in view.guest.ps.rows],
        },
        "boot_s": view.guest.boot_s,
        "accelerator": view.guest.accelerator,
        "guest_ram_mb": view.guest.guest_ram_mb,
        "guest_memtotal_kib": view.guest.memtotal_kib,
    }
