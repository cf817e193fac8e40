"""The demo as one JSON object, for scripts, CI and `container-tutor demo --json`."""

from __future__ import annotations

from typing import Any

from bot.core.demo.models import DemoViews, ProcNode


def demo_json(views: DemoViews) -> dict[str, Any]:
    ref = views.container
    return {
        "container": {"id": ref.id, "name": ref.name, "image": ref.image, "state": ref.state},
        "top": {"titles": list(views.top.titles), "processes": [list(r) for r in views.top.rows]},
        "top_aux": {
            "titles": list(views.top_aux.titles),
            "processes": [list(r) for r in views.top_aux.rows],
        },
        "host_ps": [p.model_dump() for p in views.host_ps],
        "tree": _tree(views.tree),
        "pid_map": [e.model_dump() for e in views.pid_map],
        "namespaces": views.namespaces.model_dump(),
        "kernel": views.kernel.model_dump(),
        "seconds": views.seconds,
    }


def _tree(node: ProcNode) -> dict[str, Any]:
    return {
        "pid": node.pid,
        "name": node.name,
        "args": node.args,
        "children": [_tree(child) for child in node.children],
    }
