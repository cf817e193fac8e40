"""Honest uncertainty: answer when sure, offer two entries when not, decline below that."""

from __future__ import annotations

import shutil

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
    first = answerer.passages[answerer.candidates(question)[0].passage]
    assert (first.section, first.faq) == (top.section, "faq-proc-ns")
    assert answerer.candidates(question)[0].confidence == hits[0].confidence


@pytest.fixture(scope="module")
def with_a_verdict(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    """The lessons with one entry opening with No., as the course's own entries once did."""
    lessons = tmp_path_factory.mktemp("lessons")
    shutil.copytree(Settings().lessons_dir, lessons, dirs_exist_ok=True)
    first = lessons / "01-containers-and-vms.yaml"
    text = first.read_text(encoding="utf-8")
    for old, new in VERDICT.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    first.write_text(text, encoding="utf-8")
    settings = Settings(lessons_dir=lessons)
    return answerer_from(settings, course_from(settings))


VERDICT = {
    "It uses the host's. Every container": "No. Every container",
    "用的是主機的。同一台機器上的容器": "沒有。同一台機器上的容器",
}


def test_the_course_s_own_entries_say_what_is_true_instead_of_yes_or_no(
    answerer: Answerer,
) -> None:
    assert not any(opens_with_verdict(*p.texts) for p in answerer.passages)


def test_a_yes_no_entry_answers_its_own_question(with_a_verdict: Answerer) -> None:
    answer = with_a_verdict.answer("does a container have its own kernel?")
    assert answer.band == "answer" and answer.entry == "faq-own-kernel"
    assert answer.text.startswith("No.")


def test_a_yes_no_entry_never_answers_someone_else_s_question(with_a_verdict: Answerer) -> None:
    answer = with_a_verdict.answer("is a container really just a process?")
    assert not answer.text.startswith(("No", "Yes"))
    if answer.band == "answer":
        assert answer.entry == "containers-and-vms/container-is-a-process"


def test_an_unsure_reply_offers_two_entries_that_each_answer_when_chosen(
    answerer: Answerer,
) -> None:
    answer = answerer.answer(UNSURE)
    assert answer.band == "unsure" and answer.declined
    assert answer.text == "我不太确定；你是想问下面哪一个？"
    assert [c.entry for c in answer.choices] == ["faq-image-vs-container", "faq-container-vs-vm"]
    assert answer.choices[0].title == "镜像和容器有啥区别"
    chosen = answerer.entry(answer.choices[0].entry, script=answer.script)
    assert chosen is not None and chosen.band == "answer"
    assert chosen.entry == "faq-image-vs-container" and "镜像" in chosen.text


UNSURE = "镜象和容器有啥区别"


def test_a_wrong_yes_no_entry_gives_way_to_the_next_one_when_it_is_close(
    with_a_verdict: Answerer,
) -> None:
    text = "gVisor 容器里 uname -r 为啥显示 4.4.0，宿主机明明是 6.x"
    first = with_a_verdict.retriever.rank(text, limit=1)[0]
    assert with_a_verdict.entries[first.passage] == "faq-own-kernel"  # "沒有。" would be wrong
    answer = with_a_verdict.answer(text)
    assert (answer.band, answer.entry) == ("answer", "faq-hv-what-is-gvisor")


def test_choices_are_titled_in_the_asker_s_script(answerer: Answerer) -> None:
    chosen = answerer.entry("faq-own-kernel", script="zh-Hans")
    assert chosen is not None and chosen.text.startswith("用的是主机的。")
    assert answerer.entry("faq-nothing-like-this", script="en") is None
