"""A misspelt course word in a question is read as the course's word; other words are not."""

from __future__ import annotations

import pytest

from bot.core.answer.spelling import Speller

COURSE = (
    "A hypervisor runs virtual machines. A container shares the host's kernel. "
    "seccomp filters system calls; nginx runs as PID 1; run the command; square brackets; "
    "virtualization; the routes of the network; compare the memory; enter a container"
)


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller([COURSE], keep={"about", "which"})


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("what is a hypervsior", "what is a hypervisor"),
        ("does a contianer have its own kernal", "does a container have its own kernel"),
        ("what is seccmop", "what is seccomp"),
        ("why is ngnix pid 1", "why is nginx pid 1"),
        ("pstree comand not found", "pstree command not found"),
        ("type 2 hypervisr", "type 2 hypervisor"),
        ("virtualizaton", "virtualization"),
    ],
)
def test_typos_of_course_words_are_corrected(speller: Speller, typed: str, meant: str) -> None:
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(
    "question",
    [
        "how do i reset my router",  # routes: another word
        "how do i center a div",  # not "enter": a typo keeps the first letter
        "compared to a vm",  # an inflection, not a typo
        "how much ram",  # short words stay
        "容器有沒有自己的核心",
    ],
)
def test_other_words_are_left_alone(speller: Speller, question: str) -> None:
    assert speller.correct(question) == question.casefold()


def test_a_course_word_with_its_last_letter_dropped_is_read_as_it_when_asked() -> None:
    cut = Speller([COURSE], keep={"about", "which"}, cut_short=True)
    assert cut.correct("comman not found, what kerne") == "command not found, what kernel"
    assert cut.correct("compared to a vm") == "compared to a vm"
    assert Speller([COURSE]).correct("kerne") == "kerne"


def test_four_letter_swaps_are_read_as_course_or_stop_words_only_when_asked() -> None:
    swaps = Speller([COURSE], keep={"what", "which"}, swaps=True)
    assert swaps.correct("waht is a ngnix") == "what is a nginx"
    assert swaps.correct("wtah ram") == "wtah ram"
    assert Speller([COURSE], keep={"what"}).correct("waht") == "waht"


def test_a_misspelt_stop_word_becomes_the_stop_word_so_it_no_longer_counts_as_unknown() -> None:
    keep = {"difference", "between", "actually", "which"}
    speller = Speller([COURSE], keep=keep, stop_words=True)
    typed = "whats the diffrence betwen a contianer and a vm, actualy"
    assert speller.correct(typed) == "whats the difference between a container and a vm, actually"
    assert speller.correct("which container") == "which container"  # typed right: left alone
    before = Speller([COURSE], keep=keep)  # without: the slips stay, as words never seen
    assert before.correct(typed) == "whats the diffrence betwen a container and a vm, actualy"
