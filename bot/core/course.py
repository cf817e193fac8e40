"""The course as typed data: the schema every lesson file is validated against.

Lesson files are YAML, but this module knows nothing of YAML: it validates plain
dicts, so the same schema serves the loader, the JSON Schema export and tests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from bot.core.emphasis import CJK
from bot.core.lang import Lang
from bot.core.tasks.names import CHECKERS

FORMAT_VERSION = 1

Ident = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$"),
    Field(description="Lower-case id: letters, digits and dashes, at most 48 characters."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

View = Literal["top", "ps", "tree", "pids"]
"""The four views of a live demo: container top, host ps, ancestry tree, PID map."""

Step = Literal["top", "ps", "tree", "pids", "exec", "stop", "clean", "vm", "compare", "quiz"]
"""What a learner can do next from a demo reply (rendered as buttons)."""


class Strict(BaseModel):
    """Course data: unknown fields are errors, and nothing changes once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """One text in both course languages."""

    en: Text = Field(description="English.")
    zh: Text = Field(description="Chinese (Traditional, like the course).")

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class Phrasings(Strict):
    """Several ways learners ask the same thing, per language."""

    en: list[Text] = Field(min_length=1, description="English phrasings.")
    zh: list[Text] = Field(min_length=1, description="Chinese phrasings (either script).")


class WalkStep(Strict):
    """One step of a demo's guided walk: one view, and what to notice in it.

    Each caption should answer the question the step before raised; the author orders them.
    """

    id: Ident = Field(description="Unique within the demo's walk, e.g. `from-the-host`.")
    view: View = Field(description="The view this step shows: top, ps, tree or pids.")
    label: Localized = Field(
        description="A few words naming the step, read on the button that leads to it: "
        "`Next: see it from the host`."
    )
    caption: Localized = Field(description="One or two sentences shown above the view.")


class Demo(Strict):
    """A live demo: which image runs, what it proves and where the learner goes next."""

    id: Ident = Field(description="Used in `run DEMO`, e.g. `nginx`.")
    title: Localized
    image: Ident = Field(description="Name of an image recipe (`container-tutor images list`).")
    public_image: str | None = Field(
        default=None,
        description="A public image with the same behaviour, for engines that can pull.",
    )
    command: list[Text] | None = Field(
        default=None, description="Main command; the recipe's default when absent."
    )
    ready_processes: int = Field(
        default=1,
        ge=1,
        le=64,
        description="How many processes the demo runs once it has started (nginx: the master "
        "and at least one worker). The first views wait for them, up to a few seconds.",
    )
    exec_command: list[Text] = Field(
        default=["sleep", "30"],
        min_length=1,
        description="What `exec` starts inside, kept alive long enough to see from the host.",
    )
    views: list[View] = Field(
        default=["top", "ps", "tree", "pids"], min_length=1, description="Views shown at start."
    )
    next_steps: list[Step] = Field(
        default=["top", "ps", "tree", "pids", "exec", "stop", "clean"],
        description="Buttons offered under the demo.",
    )
    captions: dict[Step, Localized] = Field(
        default={}, description="A line or two shown with each view: what to notice in it."
    )
    walk: list[WalkStep] = Field(
        default=[],
        description="The guided walk `run` starts: one view per step, in this order. "
        "Without it, `run` shows every view at once.",
    )
    walk_end: list[Step] = Field(
        default=["exec", "stop", "vm", "quiz"],
        max_length=4,
        description="Buttons on the walk's last step, beside Back (a phone shows five).",
    )


class Section(Strict):
    """One teaching point, explained in both languages and tied to the demo that proves it."""

    id: Ident
    title: Localized
    body: Localized = Field(description="The explanation (Slack-flavoured Markdown).")
    demo: Ident | None = Field(default=None, description="Id of the demo that shows it live.")
    see: Step | None = Field(
        default=None, description="The demo command that shows this point, e.g. `pids`."
    )
    keywords: list[Text] = Field(default=[], description="Extra search terms, any language.")
    questions: Phrasings | None = Field(
        default=None,
        description="Ways learners ask for what the whole section explains (not what one of "
        "its FAQ entries answers): questions the section's body is the best answer to.",
    )


class QuizQuestion(Strict):
    """A multiple-choice question; `answer` is the 0-based index of the right choice."""

    id: Ident
    section: Ident = Field(description="Id of the section it tests.")
    question: Localized
    choices: list[Localized] = Field(min_length=2, max_length=5)
    answer: int = Field(ge=0, description="0-based index into `choices`.")
    explanation: Localized

    @field_validator("answer")
    @classmethod
    def _answer_in_range(cls, answer: int, info: ValidationInfo) -> int:
        choices = info.data.get("choices")
        if choices is not None and answer >= len(choices):
            raise ValueError(
                f"quiz answer {answer} is out of range: "
                f"there are {len(choices)} choices (0 to {len(choices) - 1})"
            )
        return answer


class FaqEntry(Strict):
    """A question learners really ask, with the answer the tutor gives."""

    id: Ident
    section: Ident = Field(description="Id of the section the answer comes from.")
    questions: Phrasings
    answer: Localized
    keywords: list[Text] = Field(
        default=[],
        description="Names learners use for the entry's topic (tools, commands, error words), "
        "any language: a question naming one is about the course.",
    )


class Task(Strict):
    """A "try it yourself" task, checked against the learner's live demo by a named checker."""

    id: Ident
    section: Ident = Field(description="Id of the section it practises.")
    demo: Ident = Field(description="Id of the demo it is done in.")
    prompt: Localized = Field(description="What to do, and how to answer.")
    checker: str = Field(description=f"One of: {', '.join(CHECKERS)}.")
    answered: Literal["typed", "state"] = Field(
        default="typed",
        description="`typed`: the learner answers with `check ANSWER`; "
        "`state`: `check` alone reads what they left the demo in.",
    )
    explanation: Localized = Field(description="Shown after the check, right or wrong.")

    @field_validator("checker")
    @classmethod
    def _known_checker(cls, checker: str) -> str:
        if checker not in CHECKERS:
            raise ValueError(f"unknown checker '{checker}' (known: {', '.join(CHECKERS)})")
        return checker


class Lesson(Strict):
    """One lesson file."""

    format_version: Literal[1] = Field(description="Schema version of this file.")
    id: Ident
    order: int = Field(ge=0, description="Position in the course, lowest first.")
    title: Localized
    summary: Localized
    sections: list[Section] = Field(min_length=1)
    demos: list[Demo] = []
    quiz: list[QuizQuestion] = []
    faq: list[FaqEntry] = []
    tasks: list[Task] = Field(default=[], description="Try it yourself: checked live.")


class Problem(Strict):
    """One thing wrong with a lesson file, located for the author."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class Course(Strict):
    """Every lesson, in order, with lookups the tutor needs."""

    lessons: tuple[Lesson, ...]

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def demo(self, demo_id: str) -> Demo | None:
        return next((d for lesson in self.lessons for d in lesson.demos if d.id == demo_id), None)

    @property
    def demos(self) -> list[Demo]:
        return [d for lesson in self.lessons for d in lesson.demos]

    def task(self, task_id: str) -> tuple[Lesson, Task] | None:
        for lesson in self.lessons:
            for task in lesson.tasks:
                if task.id == task_id:
                    return lesson, task
        return None

    def section(self, section_id: str) -> tuple[Lesson, Section] | None:
        for lesson in self.lessons:
            for section in lesson.sections:
                if section.id == section_id:
                    return lesson, section
        return None


MIN_PHRASINGS = 4
"""Question answering matches questions against each FAQ entry's phrasings, per language:
with two or three, questions worded by someone else were mostly missed (bench/README.md)."""
SHARED_IDS = {"quiz": "card", "task": "card"}
"""Kinds whose ids share one namespace: quiz questions and tasks are both rated as cards
keyed by (learner, id), so one id must never name both."""
NAMES = {"quiz": "quiz question", "task": "task"}


def cross_check(
    lessons: list[tuple[Lesson, dict[tuple[str | int, ...], int], str]],
    *,
    known_images: set[str],
) -> list[Problem]:
    """Find problems no single file shows: duplicate ids, broken references, unknown images.

    Each lesson comes with a map from its data path to the line it came from, and its file name.
    """
    problems: list[Problem] = []
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    demo_ids = {d.id for lesson, _, _ in lessons for d in lesson.demos}

    def at(lines: dict[tuple[str | int, ...], int], path: tuple[str | int, ...]) -> int:
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    def claim(kind: str, ident: str, where: str, file: str, line: int) -> None:
        key = (SHARED_IDS.get(kind, kind), ident)
        if key not in seen:
            seen[key] = (kind, where)
            return
        first_kind, first = seen[key]
        message = (
            f"duplicate {kind} id '{ident}' (first defined at {first})"
            if first_kind == kind
            else f"{NAMES[kind]} id '{ident}' is also the id of a {NAMES[first_kind]} "
            f"(at {first}): a learner's progress keeps one record per id for both"
        )
        problems.append(Problem(file=file, line=line, message=message))

    for lesson, lines, file in lessons:
        line = at(lines, ("id",))
        claim("lesson", lesson.id, f"{file}:{line}", file, line)
        section_ids = {s.id for s in lesson.sections}
        groups: tuple[
            tuple[str, str, Sequence[Section | Demo | QuizQuestion | FaqEntry | Task]], ...
        ] = (
            ("section", "sections", lesson.sections),
            ("demo", "demos", lesson.demos),
            ("quiz", "quiz", lesson.quiz),
            ("faq", "faq", lesson.faq),
            ("task", "tasks", lesson.tasks),
        )
        for kind, field, items in groups:
            for index, item in enumerate(items):
                line = at(lines, (field, index, "id"))
                claim(kind, item.id, f"{file}:{line}", file, line)
        for index, section in enumerate(lesson.sections):
            if section.demo is not None and section.demo not in demo_ids:
                problems.append(
                    Problem(
                        file=file,
                        line=at(lines, ("sections", index, "demo")),
                        message=f"section '{section.id}' names unknown demo '{section.demo}'",
                    )
                )
        referencing: tuple[tuple[str, Sequence[QuizQuestion | FaqEntry | Task]], ...] = (
            ("quiz", lesson.quiz),
            ("faq", lesson.faq),
            ("tasks", lesson.tasks),
        )
        for field, entries in referencing:
            for index, entry in enumerate(entries):
                if entry.section not in section_ids:
                    problems.append(
                        Problem(
                            file=file,
                            line=at(lines, (field, index, "section")),
                            message=f"{field} '{entry.id}' names unknown section "
                            f"'{entry.section}' (sections of this lesson: "
                            f"{', '.join(sorted(section_ids))})",
                        )
                    )
        for index, task in enumerate(lesson.tasks):
            if task.demo not in demo_ids:
                problems.append(
                    Problem(
                        file=file,
                        line=at(lines, ("tasks", index, "demo")),
                        message=f"task '{task.id}' names unknown demo '{task.demo}'",
                    )
                )
        for index, entry in enumerate(lesson.faq):
            for lang, asked in (("en", entry.questions.en), ("zh", entry.questions.zh)):
                if len(asked) < MIN_PHRASINGS:
                    problems.append(
                        Problem(
                            file=file,
                            line=at(lines, ("faq", index, "questions", lang)),
                            message=f"faq '{entry.id}' needs at least {MIN_PHRASINGS} {lang} "
                            "phrasings: learners ask in more than one way",
                        )
                    )
        problems += _spacing_problems(lesson, file, functools.partial(at, lines))
        for index, demo in enumerate(lesson.demos):
            problems += _walk_problems(demo, index, file, functools.partial(at, lines))
            if demo.image not in known_images:
                problems.append(
                    Problem(
                        file=file,
                        line=at(lines, ("demos", index, "image")),
                        message=f"demo '{demo.id}' names image '{demo.image}', "
                        f"which no recipe builds (known: "
                        f"{', '.join(sorted(known_images))})",
                    )
                )
    return problems


def _walk_problems(
    demo: Demo, index: int, file: str, at: Callable[[tuple[str | int, ...]], int]
) -> list[Problem]:
    """A walk's step ids are unique within it: buttons and links name steps by them."""
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for number, step in enumerate(demo.walk):
        line = at(("demos", index, "walk", number, "id"))
        if step.id in first:
            problems.append(
                Problem(
                    file=file,
                    line=line,
                    message=f"duplicate walk step id '{step.id}' in demo '{demo.id}' "
                    f"(first defined at {file}:{first[step.id]})",
                )
            )
        else:
            first[step.id] = line
    return problems


_STRAY_SPACE = re.compile(rf"{CJK} +{CJK}")


def _spacing_problems(
    lesson: Lesson, file: str, at: Callable[[tuple[str | int, ...]], int]
) -> list[Problem]:
    """Chinese needs no space between its characters; one there is a slip, often a folded
    YAML line (`>-` turns each line break into a space)."""
    problems: list[Problem] = []

    def visit(value: object, path: tuple[str | int, ...], chinese: bool) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, (*path, key), chinese or key == "zh")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*path, index), chinese)
        elif chinese and isinstance(value, str) and (found := _STRAY_SPACE.search(value)):
            problems.append(
                Problem(
                    file=file,
                    line=at(path),
                    message=f"a space between Chinese characters: '{found.group(0)}' "
                    "(write Chinese without spaces; `>-` folds line breaks into spaces)",
                )
            )

    visit(lesson.model_dump(), (), False)
    return problems
