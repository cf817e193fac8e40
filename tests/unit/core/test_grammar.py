"""The command grammar: every word a learner may type, and what happens to the rest."""

from __future__ import annotations

from typing import get_args

import pytest

from bot.core.grammar import (
    ENGINE_VERBS,
    MAX_INPUT,
    QUIZ_VERBS,
    VERBS,
    VIEW_VERBS,
    Command,
    TooLong,
    Unknown,
    Verb,
    clean_text,
    parse,
)


@pytest.mark.parametrize(
    ("text", "verb", "argument"),
    [
        ("run", "run", ""),
        ("run busybox", "run", "busybox"),
        ("  RUN   nginx ", "run", "nginx"),
        ("pstree", "tree", ""),
        ("ask why is PID 1 nginx?", "ask", "why is PID 1 nginx?"),
        ("", "help", ""),
        ("ｒｕｎ", "run", ""),  # full-width letters, as typed with a Chinese input method
    ],
)
def test_known_words(text: str, verb: str, argument: str) -> None:
    assert parse(text) == Command(verb, argument)  # type: ignore[arg-type]


def test_an_unknown_word_gets_the_closest_match() -> None:
    assert parse("exce") == Unknown(word="exce", closest="exec")
    assert parse("stpo now") == Unknown(word="stpo", closest="stop")


def test_nonsense_has_no_closest_match() -> None:
    result = parse("🐳🐳🐳")
    assert isinstance(result, Unknown)
    assert result.closest is None


def test_control_characters_and_zero_width_text_are_cleaned() -> None:
    assert clean_text("run\x00\x1b[31m nginx\u200b") == "run [31m nginx"
    assert parse("\u200b\u200b") == Command("help")


def test_huge_text_is_refused_before_parsing() -> None:
    assert parse("run " + "x" * MAX_INPUT) == TooLong(MAX_INPUT + 4)


def test_an_unknown_word_is_cut_to_a_readable_length() -> None:
    result = parse("y" * 500)
    assert isinstance(result, Unknown)
    assert len(result.word) == 40


@pytest.mark.parametrize("text", ["run\tbusybox", "run\x7fbusybox", "  run   busybox  "])
def test_plain_ascii_with_tabs_or_control_characters_still_parses(text: str) -> None:
    assert parse(text) == Command("run", "busybox")


def test_every_verb_is_written_once_in_the_verb_type() -> None:
    assert get_args(Verb) == VERBS
    assert len(set(VERBS)) == len(VERBS)


def test_every_verb_group_holds_known_verbs_only() -> None:
    for group in (VIEW_VERBS, QUIZ_VERBS, ENGINE_VERBS):
        assert set(group) <= set(VERBS)
    assert set(VIEW_VERBS) <= ENGINE_VERBS
    assert not QUIZ_VERBS & ENGINE_VERBS


@pytest.mark.parametrize("alias", ["start", "demo"])
def test_the_aliases_of_run_are_run(alias: str) -> None:
    assert parse(f"{alias} nginx") == Command("run", "nginx")


def test_pids_and_compare_take_a_picture_file_as_data() -> None:
    assert parse("pids --picture out.png") == Command("pids", "", picture="out.png")
    assert parse("compare --picture ~/pictures/vm.png") == Command(
        "compare", "", picture="~/pictures/vm.png"
    )
    assert parse("pids --picture") == Command("pids", "", picture="")
    assert parse("pids") == Command("pids")


def test_other_verbs_keep_picture_as_their_argument() -> None:
    assert parse("run --picture x.png") == Command("run", "--picture x.png")
