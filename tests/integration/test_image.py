"""The bot's own image, built offline by scripts/build-image (what `make image` runs).

Built once per run (cached by tag and by a stamp of the wheels, so a repeat takes
seconds), then run against the host's engine the way docs/deploy.md says: the Docker
socket mounted and the host's PID namespace, as the image's non-root user.

Cold, the build takes about two minutes (a debootstrap of Debian's Python), so it runs
in CI (CI=true) and when asked (CONTAINER_TUTOR_IMAGE_TEST=1), and is skipped otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from testkit.standin import SlackStandIn
from tests.conftest import IN_CI, OURS, RUN_TAG
from tests.e2e.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "container-tutor:latest"
SOCKET = "/var/run/docker.sock"
ASKED = os.environ.get("CONTAINER_TUTOR_IMAGE_TEST") == "1"
OFFLINE = "--network=none"  # the demos and the engine's socket need no network at all
WITH_ENGINE = [
    OFFLINE,
    "--pid=host",
    "-v",
    f"{SOCKET}:{SOCKET}",
    "-e",
    f"CONTAINER_TUTOR_RUN={RUN_TAG}",
]

pytestmark = [
    pytest.mark.image,
    pytest.mark.timeout(900),
    pytest.mark.skipif(
        not (IN_CI or ASKED),
        reason="builds the bot's image (about 2 min the first time): "
        "set CONTAINER_TUTOR_IMAGE_TEST=1 to run it here; CI always does",
    ),
    pytest.mark.usefixtures("images", "leftovers"),
]

LIVE_DEMO = """
import json, sys
from bot.config import load_settings
from bot.wiring import build
parts = build(load_settings())
views = parts.demos.run("image-test", "nginx")
print(json.dumps({"main_pid": views.container.main_pid,
                  "pid_map": [e.model_dump() for e in views.pid_map]}), flush=True)
sys.stdin.readline()
parts.demos.clean("image-test")
print("cleaned", flush=True)
"""

WEAKENED_DEMO = """
from bot.config import load_settings
from bot.core.demo.ports import SandboxError
from bot.sandbox import runner
from bot.wiring import course_from
honest = runner.hardened_config
def leaky(*args, **kwargs):
    config = honest(*args, **kwargs)
    config["volumes"] = {"/var/run/docker.sock": {"bind": "/var/run/docker.sock", "mode": "rw"}}
    return config
runner.hardened_config = leaky
try:
    runner.DockerSandbox().start(course_from(load_settings()).demo("busybox"),
                                 owner="image-test", ttl_seconds=60)
except SandboxError as error:
    print(error)
else:
    print("STARTED")
"""


def docker(*args: str, timeout: float = 120, stdin: str | None = None) -> str:
    result = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, input=stdin
    )
    assert result.returncode == 0, f"docker {' '.join(args)}: {result.stderr[-2000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def image(engine: Any) -> str:
    started = time.monotonic()
    result = subprocess.run(
        [str(ROOT / "scripts" / "build-image")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=840,
        env={**os.environ, "IMAGE": IMAGE},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"image built in {time.monotonic() - started:.0f} s")
    return IMAGE


def test_help_runs_and_the_user_is_not_root(image: str) -> None:
    assert "serve" in docker("run", "--rm", OFFLINE, image, "container-tutor", "--help")
    assert docker("run", "--rm", OFFLINE, image, "id", "-u").strip() != "0"
    config = json.loads(docker("image", "inspect", image))[0]["Config"]
    assert config["User"] not in ("", "0", "root")
    assert config["Cmd"] == ["container-tutor", "serve"]
    assert "bot.healthcheck" in " ".join(config["Healthcheck"]["Test"])
    assert config["StopSignal"] == "SIGTERM"


def test_the_wheel_carries_the_lessons(image: str) -> None:
    shipped = docker(
        "run", "--rm", OFFLINE, image, "python", "-c",
        "from bot.config import DEFAULT_LESSONS_DIR as d; print(d); "
        "print(*sorted(p.name for p in d.iterdir()))",
    ).splitlines()  # fmt: skip
    assert shipped[0].startswith("/opt/venv/share/")
    repo = sorted(p.name for p in (ROOT / "lessons").iterdir() if p.suffix in (".yaml", ".json"))
    assert shipped[1].split() == repo
    assert docker("run", "--rm", OFFLINE, image, "container-tutor", "lessons", "check").startswith(
        "ok:"
    )


def test_demo_json_inside_the_container_prints_the_pid_map(engine: Any, image: str) -> None:
    """The issue's command, plus the run label (for `leftovers`) and no network (none needed)."""
    data = json.loads(
        docker("run", "--rm", *WITH_ENGINE, image, "container-tutor", "demo", "nginx", "--json")
    )
    master = next(e for e in data["pid_map"] if e["cmd"].startswith("nginx: master"))
    assert master["ns_pid"] == 1
    assert master["host_pid"] != 1
    top_pids = [int(row[data["top"]["titles"].index("PID")]) for row in data["top"]["processes"]]
    assert master["host_pid"] in top_pids, "the engine's host PIDs and /proc's must agree"
    assert master["host_pid"] in [p["pid"] for p in data["host_ps"]]
    namespaces = data["namespaces"]
    assert namespaces["container"].startswith("pid:[") and namespaces["host"].startswith("pid:[")
    assert namespaces["container"] != namespaces["host"]
    assert data["kernel"]["container"] == data["kernel"]["host"] == os.uname().release
    assert not engine.containers.list(all=True, filters=OURS)


def test_the_image_draws_a_chinese_picture_of_a_live_demo_in_its_cjk_font(
    engine: Any, image: str
) -> None:
    """`demo nginx --picture` inside the image: its cairo, and its fontconfig's own font."""
    drawn = docker(
        "run", "--rm", *WITH_ENGINE, image, "sh", "-c",
        "container-tutor demo nginx --lang zh --picture /tmp/p.png >/dev/null && "
        "python -c 'from bot.pictures.fonts import font_for; from bot.pictures.canvas import FONT; "
        "print(font_for(FONT).file)' && od -An -tx1 -N24 /tmp/p.png",
        timeout=180,
    ).split("\n", 1)  # fmt: skip
    assert drawn[0].endswith("/wqy-microhei.ttc")
    header = bytes.fromhex("".join(drawn[1].split()))
    assert header.startswith(b"\x89PNG\r\n\x1a\n") and int.from_bytes(header[16:20]) == 1200
    assert not engine.containers.list(all=True, filters=OURS)


def test_a_demo_started_from_the_container_is_a_process_on_this_host(
    engine: Any, image: str
) -> None:
    process = subprocess.Popen(
        ["docker", "run", "--rm", "-i", *WITH_ENGINE, image, "python", "-c", LIVE_DEMO],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        first = process.stdout.readline()
        assert first, process.stderr.read() if process.stderr else ""
        seen = json.loads(first)
        master = seen["main_pid"]
        cmdline = Path(f"/proc/{master}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        assert cmdline.startswith("nginx: master process")
        status = Path(f"/proc/{master}/status").read_text()
        nspid = next(line.split()[1:] for line in status.splitlines() if line.startswith("NSpid"))
        assert nspid[0] == str(master) and nspid[-1] == "1"
        assert {"host_pid": master, "ns_pid": 1} == {
            k: v for k, v in seen["pid_map"][0].items() if k != "cmd"
        }
        process.stdin.write("done\n")
        process.stdin.flush()
        assert process.stdout.readline().strip() == "cleaned"
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert not Path(f"/proc/{master}").exists()
    assert not engine.containers.list(all=True, filters=OURS)


def test_the_sandbox_policy_holds_inside_the_container(engine: Any, image: str) -> None:
    said = docker("run", "--rm", *WITH_ENGINE, image, "python", "-c", WEAKENED_DEMO)
    assert "STARTED" not in said
    assert "Refused to start" in said and "Docker socket must never reach a demo" in said
    assert not engine.containers.list(all=True, filters=OURS)


@pytest.fixture
def served(image: str) -> Iterator[tuple[str, int]]:
    """The image serving HTTP, ready only with its engine, its database and Slack: the
    stand-in on the host's network, the engine's socket mounted. Its name and port."""
    name = f"container-tutor-image-test-{uuid.uuid4().hex[:8]}"
    port = free_port()
    with SlackStandIn(signing_secret="image-test-secret", bot_token="xoxb-image-test") as slack:
        docker(
            "run", "-d", "--name", name, "--network=host", *WITH_ENGINE[1:],
            "-e", "SLACK_BOT_TOKEN=xoxb-image-test", "-e", "SLACK_SIGNING_SECRET=image-test-secret",
            "-e", f"SLACK_API_URL={slack.api_url}", "-e", f"PORT={port}",
            "--health-interval", "1s", "--health-start-period", "1s", "--health-retries", "30",
            image,
        )  # fmt: skip
        try:
            yield name, port
        finally:  # stopped as compose stops it, so it removes its own demos (the warm pool)
            subprocess.run(["docker", "stop", "--time", "15", name], capture_output=True)
            subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)


def healthy(name: str) -> str:
    deadline = time.monotonic() + 60
    health = ""
    while time.monotonic() < deadline:
        health = docker("inspect", "--format", "{{.State.Health.Status}}", name).strip()
        if health in ("healthy", "unhealthy"):
            break
        time.sleep(0.5)
    return health


def test_the_image_serves_the_browser_terminals_assets(served: tuple[str, int]) -> None:
    """xterm.js and its CSS come from the wheel's data files, the page's script from the
    package: the same bytes as the checkout's, over the image's own HTTP server."""
    name, port = served
    assert healthy(name) == "healthy", docker("logs", name)
    xterm = ROOT / "web" / "node_modules" / "@xterm" / "xterm"
    wanted = {
        "xterm.js": xterm / "lib" / "xterm.js",
        "xterm.css": xterm / "css" / "xterm.css",
        "terminal.js": ROOT / "bot" / "web" / "static" / "terminal.js",
    }
    for asset, source in wanted.items():
        url = f"http://127.0.0.1:{port}/terminal/static/{asset}"
        with urllib.request.urlopen(url, timeout=5) as answer:
            assert answer.status == 200
            assert answer.read() == source.read_bytes(), asset


def test_http_mode_turns_healthy_and_stops_on_sigterm(served: tuple[str, int]) -> None:
    name, _port = served
    assert healthy(name) == "healthy", docker("logs", name)
    docker("stop", "--time", "15", name)
    state = json.loads(docker("inspect", name))[0]["State"]
    assert state["ExitCode"] == 0, docker("logs", name)
    assert "xoxb-image-test" not in docker("logs", name)
