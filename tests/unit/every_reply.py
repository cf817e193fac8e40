"""Every reply type the tutor gives, built in one language on fakes, and a check that a text
speaks that language: what the Chinese rendering tests of Slack and the console share.

English is allowed in Chinese text only where it is not ours to translate: command output
(every string the engine, `ps` or the guest reported, collected from the reply's data),
code (inline code, typed commands, the `$` line of a listing) and proper names and terms
(`PROPER`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from bot.config import Settings
from bot.core.demo.models import HOST_PS_TITLES
from bot.core.grammar import VERBS, parse
from bot.core.lang import Lang
from bot.core.quiz.commands import QuizCommands
from bot.core.replies import Notice
from bot.core.reply import Reply
from bot.core.shell.models import ShellView
from bot.core.shell.service import ShellService
from bot.core.tasks.service import TaskService
from bot.core.tutor import Tutor
from bot.wiring import answerer_from, course_from
from testkit.fakes import FakeHost
from testkit.quiz_fakes import FakeClock, MemoryStore
from testkit.shell_fakes import FakeShell
from tests.unit.core.vm.test_compare import World

PROPER = frozenset(
    {
        # names of programs, projects and standards
        "docker",
        "nginx",
        "busybox",
        "containerd",
        "shim",
        "runc",
        "runsc",
        "gvisor",
        "qemu",
        "kvm",
        "tcg",
        "debian",
        "linux",
        "podman",
        "kubernetes",
        "oci",
        "lxc",
        "systemd",
        "init",
        "cgroup",
        "cgroups",
        "seccomp",
        "apparmor",
        "selinux",
        "chroot",
        "unshare",
        "nsenter",
        "slack",
        "fsrs",
        "opencc",
        "httpd",
        "sshd",
        "bash",
        "sh",
        "xen",
        "kata",
        "firecracker",
        "hyper-v",
        "vmware",
        "virtualbox",
        "esxi",
        "wsl",
        "windows",
        "macos",
        "mac",
        "arm",
        "x86",
        "amd64",
        "moby",
        "dockerd",
        "cpu",
        "cpus",
        "ram",
        "rss",
        "mb",
        "gb",
        "kib",
        "io",
        "pid",
        "pids",
        "ppid",
        "uid",
        "gid",
        "nspid",
        "procfs",
        "proc",
        "status",
        "uname",
        "ps",
        "aux",
        "pstree",
        "halps",
        "top",
        "exec",
        "sigterm",
        "sigkill",
        "sigquit",
        "sigint",
        "sighup",
        "api",
        "id",
        "ids",
        "os",
        "namespace",
        "vm",
        "vms",
        "etc",
        "passwd",
        "daemon",
        "json",
        "yaml",
        "hh",
        "mm",
        "dm",
        "tty",
        "ns",
        "net",
        "mnt",
        "ipc",
        "uts",
        "user",
        "time",
        "unix",
        "ebpf",
        "kthreadd",
        "cpython",
        "python",
        "ls",
        "cat",
        "sleep",
        "grep",
        "readlink",
        "mount",
        "chown",
        "setuid",
        "setgid",
        "cap",
        "caps",
        "capabilities",
        "root",
        "rootless",
        "overlayfs",
        "overlay",
        "tmpfs",
        "veth",
        "iptables",
        "dns",
        "ip",
        "hypervisor",
        "microvm",
        # nginx's own names for its processes, as its command lines say them
        "master",
        "worker",
        "shell",
        "utc",
        "containerd-shim",
        "container-demo",
        "container-tutor",
        "sentry",
        "type",  # hypervisors are of type 1 or type 2, by name
        "kb",
        "png",
        "svg",
        # a key's label, and a language's own name
        "enter",
        "english",
        "wasm",
        "webassembly",
        "sandbox",
        "ubuntu",
        "alpine",
        "fedora",
    }
)
"""Proper names and terms a Chinese text keeps as they are (compared in lower case)."""
WORD = re.compile(r"(?<![-\w])[A-Za-z][A-Za-z0-9'_-]*")
"""A word; `-r` and `--all` are options of a command, not words."""
CODE_SPAN = re.compile(r"`[^`\n]+`")
SHELL_LINE = re.compile(r"^\$ .*$", re.MULTILINE)
EMOJI = re.compile(r":[a-z0-9_+-]+:")
MENTION = re.compile(r"<@[A-Z0-9]+>")
SLACK_DATE = re.compile(r"<!date\^[^>]*>")
"""Slack writes a date in the reader's own locale and zone; the fallback is never shown."""


def output_words(reply: object) -> set[str]:
    """Every word the engine, the host or the guest reported in this reply's data."""
    words = {w.lower() for title in HOST_PS_TITLES for w in WORD.findall(title)}

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from strings(item)
        elif isinstance(value, int | float):
            yield str(value)

    def visit(value: Any) -> None:
        if isinstance(value, BaseModel) and type(value).__module__.startswith(
            ("bot.core.demo.models", "bot.core.vm.models")
        ):
            for text in strings(value.model_dump()):
                words.update(w.lower() for w in WORD.findall(text))
        elif isinstance(value, ShellView):  # what the learner's own command printed, where
            for text in (value.container, value.run.output, value.run.parent_name):
                words.update(w.lower() for w in WORD.findall(text))
        elif isinstance(value, Notice):  # names and words the learner gave, echoed
            for text in strings(value.params):
                words.update(w.lower() for w in WORD.findall(text))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                visit(getattr(value, field.name))
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)

    visit(reply)
    return words


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The English words of `text` that are neither code, command output nor proper names."""
    text = SHELL_LINE.sub(" ", text)
    text = CODE_SPAN.sub(" ", text)
    text = EMOJI.sub(" ", MENTION.sub(" ", SLACK_DATE.sub(" ", text)))
    ok = allowed | PROPER | set(VERBS)
    found = []
    for match in WORD.finditer(text):
        word = match.group(0).lower().strip("'-")
        cut = text[match.end() : match.end() + 1] == "…"  # the end of a long command, cut
        if word not in ok and not (cut and any(known.startswith(word) for known in ok)):
            found.append(match.group(0))
    return found


def tutor() -> Tutor:
    """Every feature on fakes: demos, the VM comparison, quizzes, answers, `sh` and tasks."""
    world = World()
    course = course_from(Settings())
    store, clock = MemoryStore(), FakeClock()
    shell = ShellService(demos=world.demos, shell=FakeShell())
    tasks = TaskService(
        course=course,
        demos=world.demos,
        sandbox=world.sandbox,
        host=FakeHost(),
        store=store,
        clock=clock,
        shell=shell,
    )
    return Tutor(
        course=course,
        demos=world.demos,
        compare=world.compare,
        quiz=QuizCommands(course=course, store=store, clock=clock),
        answers=answerer_from(Settings(), course),
        shell=shell,
        tasks=tasks,
    )


ASKED = {
    "en": ("why is PID 1 nginx?", "what is the best pizza topping?"),
    "zh": ("為什麼容器裡 PID 1 是 nginx？", "哪一種披薩配料最好吃？"),
}


def every_reply(lang: Lang) -> list[tuple[str, Reply]]:
    """(what was typed, the reply) for every reply type, in the order a learner meets them."""
    tutor_ = tutor()
    typed = [
        "help",
        "tpo",
        "lessons",
        "walk 2",
        "run",
        "walk 2",
        "walk 3",
        "walk 4",
        "walk 9",
        "run --all",
        "sh ps aux",
        "sh",
        "shell",
        "task task-host-pid-of-nginx",
        "check 1",
        "check",
        "task nope",
        "pids",
        "exec",
        "stop",
        "top",
        "clean",
        "clean",
        "vm",
        "compare",
        "quiz",
        "answer 1",
        "next",
        "answer 9",
        "progress",
        "review",
        "review at 09:00",
        "review off",
        f"ask {ASKED[lang][0]}",
        f"ask {ASKED[lang][1]}",
        "ask",
        "x" * 2001,
    ]
    return [(line[:20], tutor_.handle("U1", parse(line), lang=lang)) for line in typed]
