"""One command grammar for every adapter: `/container-demo run`, the console, the CLI."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

Verb = Literal[
    "help",
    "lessons",
    "run",
    "top",
    "ps",
    "tree",
    "pids",
    "walk",
    "exec",
    "stop",
    "clean",
    "quiz",
    "progress",
    "ask",
    "vm",
    "compare",
    "answer",
    "next",
    "review",
    "lang",
    "sh",
    "task",
    "check",
    "shell",
]

VERBS: tuple[Verb, ...] = get_args(Verb)
"""Every verb, in the order help lists them; read from `Verb`, so it is written once."""

ViewVerb = Literal["top", "ps", "tree", "pids"]
VIEW_VERBS: tuple[ViewVerb, ...] = get_args(ViewVerb)
"""Verbs that show one view of the learner's running demo."""
QUIZ_VERBS: frozenset[Verb] = frozenset({"quiz", "answer", "next", "progress", "review", "lang"})
"""Verbs the quiz feature answers (`lang` included: it is a learner setting kept there)."""
SHELL_VERBS: frozenset[Verb] = frozenset({"sh"})
"""The learner's own command, run in their demo (up to 10 s): on the engine, like a view."""
TASK_VERBS: frozenset[Verb] = frozenset({"task", "check"})
"""Verbs the tasks feature answers: offer a task, check it against the live demo."""
TERMINAL_VERBS: frozenset[Verb] = frozenset({"shell"})
"""Verbs that open a real terminal (as does `run -it`): the terminal tutor's only."""
ENGINE_VERBS: frozenset[Verb] = frozenset(
    {
        "run",
        *VIEW_VERBS,
        "walk",
        "exec",
        "stop",
        "clean",
        "vm",
        "compare",
        *SHELL_VERBS,
        *TASK_VERBS,
    }
)
"""Verbs that touch the container engine: adapters run them away from the ack, in order."""
RUN_IT_FLAGS = ("-it", "-ti", "-i")
"""`run -it` (or `-ti`, `-i -t`): a fresh container whose main process is a shell."""
ALIASES: dict[str, Verb] = {
    "start": "run",
    "demo": "run",
    "pstree": "tree",
    "ns": "pids",
    "pid": "pids",
    "kill": "stop",
    "cleanup": "clean",
    "rm": "clean",
    "?": "help",
    "h": "help",
}
ALL_WORDS = frozenset({"all", "--all", "-a"})
"""`run --all` and `walk all`: every view at once, as before the walk."""
MAX_INPUT = 2000
"""Longer input is refused before it is parsed: no command needs more."""
PICTURE_VERBS: tuple[Verb, ...] = ("pids", "compare")
PICTURE_OPTION = "--picture"
"""`pids --picture FILE`: the terminal also draws the reply into FILE (Slack has a button)."""


@dataclass(frozen=True)
class Command:
    """What a learner asked for, typed or clicked: adapters build it once, the core reads it."""

    verb: Verb
    argument: str = ""
    about: tuple[str, str] | None = None
    """For a quiz button: the (attempt, question) it was made for; typed: the current one."""
    picture: str | None = None
    """Where the terminal should draw the reply: a path, "" when the option had none."""


@dataclass(frozen=True)
class Unknown:
    word: str
    closest: str | None


@dataclass(frozen=True)
class TooLong:
    length: int


Parsed = Command | Unknown | TooLong


def clean_text(text: str) -> str:
    """Normalise what a learner typed: NFKC, no control characters, single spaces."""
    if text.isascii() and text.isprintable():  # NFKC and the filter change nothing here
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())


def parse(text: str) -> Parsed:
    if len(text) > MAX_INPUT:
        return TooLong(len(text))
    text = clean_text(text)
    if not text:
        return Command("help")
    word, _, rest = text.partition(" ")
    key = word.lower()
    verb = ALIASES.get(key, key)
    if verb in PICTURE_VERBS and PICTURE_OPTION in rest.split():
        before, _, path = rest.partition(PICTURE_OPTION)
        return Command(verb, before.strip(), picture=path.strip())
    if verb in VERBS:
        return Command(verb, rest.strip())
    matches = difflib.get_close_matches(key, [*VERBS, *ALIASES], n=1, cutoff=0.6)
    closest = ALIASES.get(matches[0], matches[0]) if matches else None
    return Unknown(word=word[:40], closest=closest)


def run_argument(argument: str) -> tuple[str | None, bool]:
    """`run [DEMO] [--all]` → the demo's id (None for the default) and whether to show all."""
    flags = ALL_WORDS - {"all"}
    words = argument.split()
    rest = [word for word in words if word.lower() not in flags]
    return (rest[0] if rest else None), len(rest) < len(words)


def is_run_it(command: Command) -> bool:
    """`run -it` (or `-ti`, `-i -t`): a fresh container whose main process is a shell."""
    flags = command.argument.split()
    return command.verb == "run" and bool(flags) and flags[0] in RUN_IT_FLAGS


def wants_terminal(command: Command) -> bool:
    """`shell` or `run -it`: a real terminal, which only the terminal tutor opens."""
    return command.verb in TERMINAL_VERBS or is_run_it(command)
