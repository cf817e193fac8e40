"""How much words the lessons never use count against a question's confidence."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core.answer.index import STRADDLING, NewTerms
from bot.core.answer.service import Answerer
from bot.wiring import answerer_from, course_from


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    settings = Settings()
    return answerer_from(settings, course_from(settings))


def test_a_new_pair_of_known_characters_straddles_two_words_and_weighs_less() -> None:
    new = NewTerms(["容器", "跑步", "~container", "kernel"])
    assert new.weight("器跑") == STRADDLING < 1.0
    assert new.weight("编译") == 1.0  # characters the lessons never use: a new word
    assert new.weight("compile") == 1.0


def test_chat_fillers_do_not_lower_the_confidence(answerer: Answerer) -> None:
    plain = answerer.answer("what is a hypervisor")
    chatty = answerer.answer("ok so lol what is a hypervisor, wtf")
    assert chatty.entry == plain.entry == "faq-what-is-hypervisor"
    assert chatty.score == pytest.approx(plain.score, abs=0.05)


def test_a_straddling_pair_does_not_pull_a_chinese_question_under_the_cut(
    answerer: Answerer,
) -> None:
    answer = answerer.answer("虛擬機和容器最大的差別是什麼")  # 器最: at full weight, declined
    assert (answer.band, answer.entry) == ("answer", "faq-container-vs-vm")
