"""`container-tutor demo vm`: boot the VM, print what the host and the guest see, remove it.

With `--picture FILE` it compares the VM with a container (as `compare` does) and draws
the two stacks into FILE, then removes both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console

from bot.console.picture_file import draw
from bot.console.render import render
from bot.core.demo.ports import SandboxError
from bot.core.demo.service import DemoError, DemoService
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.vm.models import VmView
from bot.core.vm.replies import CompareShown, VmShown
from bot.core.vm.service import CompareService

OWNER = "cli"


def vm_demo(
    compare: CompareService,
    *,
    as_json: bool,
    console: Console,
    picture: Path | None = None,
    demos: DemoService | None = None,
    lang: Lang = "en",
) -> str | None:
    """Run the VM demo start to finish; return what went wrong, or None. Nothing is left."""
    try:
        view = compare.vm(OWNER)
        if as_json:
            print(json.dumps(vm_json(view), indent=2, ensure_ascii=False))
        else:
            console.print(render(VmShown(view, lang, steps=())))
        if picture is not None:
            shown = CompareShown(compare.compare(OWNER), lang, steps=())
            drawn = draw(shown, str(picture), lang)
            if drawn is None or not drawn.written:
                return drawn.message if drawn is not None else "no picture"
            console.print(drawn.message, highlight=False, markup=False, soft_wrap=True)
    except DemoError as error:
        return say(error.key, lang, **error.params)
    except SandboxError as error:
        return str(error)
    finally:
        try:
            compare.clean(OWNER)
            if demos is not None:  # the container the comparison started
                demos.clean(OWNER)
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
