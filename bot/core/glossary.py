"""The course glossary: one concept, every way learners write it.

Learners in Taiwan write 行程 or 記憶體, learners on the mainland 进程 or 内存, and many
write `process` or `memory` in the middle of a Chinese sentence. Folding Traditional to
Simplified characters cannot join 記憶體 and 内存; this list does. It is course data
(`lessons/glossary.yaml`), validated here like a lesson, and used by question answering.
It also says how the mainland writes a term (`hans`, `replaces`): character conversion
turns 映像 into 映像, but a mainland reader writes 镜像.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.core.course import Ident, Problem, Strict, Text

GLOSSARY_FILE = "glossary.yaml"


class Term(Strict):
    """One concept and its surface forms; a question naming any of them names the concept."""

    id: Ident = Field(description="The concept, e.g. `process`.")
    en: list[Text] = Field(min_length=1, description="English forms (words or phrases).")
    zh: list[Text] = Field(
        min_length=1, description="Chinese forms, Traditional and Simplified, every region."
    )
    hans: Text | None = Field(
        default=None,
        description="How mainland Simplified Chinese writes the term, e.g. 镜像; Simplified "
        "answers write it in place of the forms listed in `replaces`.",
    )
    replaces: list[Text] = Field(
        default=[],
        description="Taiwan forms (each one of `zh`) that character conversion keeps but a "
        "mainland reader would not write, e.g. 映像; replaced by `hans` in Simplified answers.",
    )


class Glossary(Strict):
    """The whole glossary file."""

    format_version: Literal[1] = Field(description="Schema version of this file.")
    kind: Literal["glossary"] = Field(description="Tells the glossary from a lesson file.")
    terms: list[Term] = Field(min_length=1)


LinePath = tuple[str | int, ...]


def check_glossary(glossary: Glossary, lines: dict[LinePath, int], file: str) -> list[Problem]:
    """Find duplicate ids, and forms naming two concepts (matching would depend on order)."""
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    owner: dict[str, str] = {}

    def at(path: LinePath) -> int:
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    for index, term in enumerate(glossary.terms):
        line = at(("terms", index, "id"))
        if term.id in ids:
            message = f"duplicate term id '{term.id}' (first at line {ids[term.id]})"
            problems.append(Problem(file=file, line=line, message=message))
        ids.setdefault(term.id, line)
        for field, forms in (("en", term.en), ("zh", term.zh)):
            for position, form in enumerate(forms):
                key = form.casefold()
                if owner.setdefault(key, term.id) != term.id:
                    problems.append(
                        Problem(
                            file=file,
                            line=at(("terms", index, field, position)),
                            message=f"'{form}' is listed under both '{owner[key]}' and '{term.id}'",
                        )
                    )
        problems += _mainland_problems(term, file, line)
    return problems


def _mainland_problems(term: Term, file: str, line: int) -> list[Problem]:
    """`replaces` needs `hans`, and names only the term's own forms."""
    found = []
    if term.replaces and not term.hans:
        found.append(Problem(file=file, line=line, message=f"'{term.id}' replaces without hans"))
    for form in term.replaces:
        if form not in term.zh:
            message = f"'{term.id}' replaces '{form}', which is not one of its zh forms"
            found.append(Problem(file=file, line=line, message=message))
    return found
