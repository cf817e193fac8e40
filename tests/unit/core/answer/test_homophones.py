"""Chinese typed with the wrong character of the right sound is read as the course's word."""

from __future__ import annotations

from bot.core.answer.homophones import Homophones

READINGS = {
    "内": "nei",
    "核": "he",
    "和": "he",
    "索": "suo",
    "引": "yin",
    "因": "yin",
    "为": "wei",
    "北": "bei",
    "京": "jing",
    "背": "bei",
    "景": "jing",
    "的": "de",
}
WORDS = {"内核", "索引", "因为", "北京", "背景"}


class Sounds:
    def reading(self, text: str) -> str:
        return " ".join(READINGS.get(char, char) for char in text)

    def is_word(self, pair: str) -> bool:
        return pair in WORDS


COURSE = [
    "容器共用主机的内核。",
    "内核只有一个。",
    "因为 PID 不同。",
    "因为它是进程。",
    "后台背景进程",
    "背景",
]


def homophones() -> Homophones:
    return Homophones(COURSE, sounds=Sounds(), fold=lambda text: text)


def test_a_pair_the_course_never_uses_becomes_the_course_word_of_the_same_sound() -> None:
    assert homophones().correct("容器有自己的内和吗") == "容器有自己的内核吗"


def test_a_real_word_is_never_taken_for_a_slip() -> None:
    assert homophones().correct("北京的天气") == "北京的天气"  # 北京 sounds like 背景


def test_a_pair_whose_neighbour_makes_a_word_with_it_is_left_alone() -> None:
    # 引为 sounds like 因为, but 索引 is a word: the learner wrote 索引 + 为
    assert homophones().correct("索引为啥没用") == "索引为啥没用"


def test_english_and_text_without_slips_come_back_unchanged() -> None:
    assert homophones().correct("why is nginx PID 1") == "why is nginx PID 1"
    assert homophones().correct("内核是共用的") == "内核是共用的"
