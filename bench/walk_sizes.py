"""What a learner's phone receives: each step of the guided walk against the full reply.

Starts one real nginx demo (the real engine, the host's /proc), renders each step of its
walk (step 1 from `run`'s own reading, the others read afresh, as `walk N` does) and the full
reply (`run --all`) as the Slack messages the bot sends, in English and
Chinese, and prints for each: code lines, the widest code line (display cells), visible
buttons, blocks and the payload's size; then removes the demo. The phone's limits are the
stand-in's (`testkit.standin.limits.check_phone`).

    python -m bench.walk_sizes [--json]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import docker

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.listing import cells
from bot.core.demo.replies import DemoShown, WalkShown
from bot.core.demo.service import DemoService
from bot.core.reply import Reply
from bot.sandbox.host import ProcHost
from bot.sandbox.runner import DockerSandbox
from bot.slack.blocks import dispatch, kit
from bot.wiring import course_from
from testkit.standin import check_phone

OWNER = "bench-walk-sizes"
ORIGIN = kit.Origin(owner="U0123456789", channel="C0123456789", dm="D0123456789")


def measure(reply: Reply) -> dict[str, Any]:
    payload = dispatch.message(reply, ORIGIN).payload()
    code = [
        line
        for block in payload["blocks"]
        if block["type"] == "section"
        for part in block["text"]["text"].split("```")[1::2]
        for line in part.strip("\n").split("\n")
    ]
    buttons = [e for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return {
        "code_lines": len(code),
        "widest": max((cells(line) for line in code), default=0),
        "buttons": sum(1 for e in buttons if e["type"] == "button"),
        "menus": sum(1 for e in buttons if e["type"] != "button"),
        "blocks": len(payload["blocks"]),
        "bytes": len(json.dumps(payload, ensure_ascii=False).encode()),
        "fits_a_phone": check_phone(payload) == [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    course = course_from(Settings())
    demos = DemoService(
        course=course,
        sandbox=DockerSandbox(docker.from_env()),
        host=ProcHost(),
        capacity=Capacity(1),
        ttl_seconds=120,
        queue_wait=0,
    )
    try:
        views = demos.run(OWNER, "nginx")
        demo = demos.demo("nginx")
        rows: dict[str, Any] = {}
        for lang in ("en", "zh"):
            for number in range(1, len(demo.walk) + 1):
                seen = views if number == 1 else demos.views(OWNER)  # `walk N` reads afresh
                rows[f"{lang} step {number}"] = measure(WalkShown(demo, seen, number, lang))
            everything = demos.views(OWNER)
            whole = DemoShown(demo, everything, tuple(demo.views), tuple(demo.next_steps), lang)
            rows[f"{lang} run --all"] = measure(whole)
    finally:
        demos.clean(OWNER)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(
        f"{'reply':<14}{'code lines':>11}{'widest':>8}{'buttons':>9}{'menus':>7}"
        f"{'blocks':>8}{'bytes':>7}  fits a phone"
    )
    for name, row in rows.items():
        print(
            f"{name:<14}{row['code_lines']:>11}{row['widest']:>8}{row['buttons']:>9}"
            f"{row['menus']:>7}{row['blocks']:>8}{row['bytes']:>7}  {row['fits_a_phone']}"
        )


if __name__ == "__main__":
    main()
