"""Honest uncertainty: answer when sure, offer two entries when not, decline below that."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core.answer.bands import Bands, opens_with_verdict
from bot.core.answer.service import Answerer
from bot.wiring import answerer_from, course_from


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    settings = Settings()
    return answerer_from(settings, course_from(settings))


@pytest.mark.parametrize(
    "text",
    ["No. Every one…", "Yes, on Linux.", "Not by default.", "沒有。同一台", "不是，差", "是的"],
)
def test_answers_that_open_with_yes_or_no_are_verdicts(text: str) -> None:
    assert opens_with_verdict(text)


@pytest.mark.parametrize(
    "text", ["A namespace is…", "Nothing boots.", "Notably,", "在 Linux 上可以。", "有兩個指令"]
)
def test_other_answers_are_not(text: str) -> None:
    assert not opens_with_verdict(text)


def test_the_bands_cut_confidence_in_three() -> None:
    bands = Bands(answer_at=0.5, unsure_at=0.3, verdict_match=0.6)
    assert bands.band(0.7, verdict=False, own_match=0.0) == "answer"
    assert bands.band(0.4, verdict=False, own_match=1.0) == "unsure"
    assert bands.band(0.2, verdict=False, own_match=1.0) == "decline"
    assert bands.band(0.9, verdict=True, own_match=0.3) == "unsure"
    assert bands.band(0.9, verdict=True, own_match=0.8) == "answer"


def test_a_yes_no_entry_needs_its_own_question_or_a_clear_lead_over_every_other() -> None:
    bands = Bands(
        answer_at=0.5, unsure_at=0.3, verdict_match=0.6, verdict_floor=0.4, verdict_lead=0.2
    )
    assert bands.band(0.9, verdict=True, own_match=0.45, lead=0.25) == "answer"
    assert bands.band(0.9, verdict=True, own_match=0.45, lead=0.1) == "unsure"
    assert bands.band(0.9, verdict=True, own_match=0.35, lead=0.35) == "unsure"
    assert bands.band(0.4, verdict=True, own_match=0.9, lead=0.9) == "unsure"


def test_a_yes_no_entry_is_also_answered_for_its_own_question_put_in_other_words() -> None:
    bands = Bands(answer_at=0.5, unsure_at=0.48, verdict_match=0.5, verdict_meaning=0.8)
    other_words = {"verdict": True, "own_match": 0.2}
    assert bands.band(0.7, **other_words, meaning_match=0.85) == "answer"
    assert bands.band(0.7, **other_words, meaning_match=0.6) == "unsure"
    assert (
        Bands(answer_at=0.5, unsure_at=0.48, verdict_match=0.5).band(
            0.7, **other_words, meaning_match=0.99
        )
        == "unsure"
    )  # a method without meaning never answers by it


def test_a_section_on_top_gives_way_to_a_close_entry_of_its_own(answerer: Answerer) -> None:
    question = "how do namespaces show up in /proc"
    hits = answerer.retriever.rank(question, limit=20)
    top = answerer.passages[hits[0].passage]
    assert top.faq is None and top.section == "namespaces-in-proc"
    answer = answerer.answer(question)
    assert (answer.band, answer.section, answer.faq) == ("answer", top.section, "faq-proc-ns")


def test_a_yes_no_entry_answers_its_own_question(answerer: Answerer) -> None:
    answer = answerer.answer("does a container have its own kernel?")
    assert answer.band == "answer" and answer.entry == "faq-own-kernel"
    assert answer.text.startswith("No.")


def test_a_yes_no_entry_never_answers_someone_else_s_question(answerer: Answerer) -> None:
    answer = answerer.answer("is a container really just a process?")
    assert not answer.text.startswith(("No", "Yes"))
    if answer.band == "answer":
        assert answer.entry == "containers-and-vms/container-is-a-process"


def test_an_unsure_reply_offers_two_entries_that_each_answer_when_chosen(
    answerer: Answerer,
) -> None:
    answer = answerer.answer("容器里面的内核版本能改吗")
    assert answer.band == "unsure" and answer.declined
    assert answer.text == "我不太确定；你是想问下面哪一个？"
    assert len(answer.choices) == 2
    assert answer.choices[0].entry == "faq-own-kernel"
    assert answer.choices[0].title == "容器有自己的内核吗"
    chosen = answerer.entry(answer.choices[0].entry, script=answer.script)
    assert chosen is not None and chosen.band == "answer"
    assert chosen.entry == "faq-own-kernel" and chosen.text.startswith("没有。")


def test_a_wrong_yes_no_entry_gives_way_to_the_next_one_when_it_is_close(
    answerer: Answerer,
) -> None:
    answer = answerer.answer("is a container really just a process?")
    assert answer.band == "answer"
    assert answer.entry == "containers-and-vms/container-is-a-process"


def test_choices_are_titled_in_the_asker_s_script(answerer: Answerer) -> None:
    chosen = answerer.entry("faq-own-kernel", script="zh-Hans")
    assert chosen is not None and chosen.text.startswith("没有。")
    assert answerer.entry("faq-nothing-like-this", script="en") is None
