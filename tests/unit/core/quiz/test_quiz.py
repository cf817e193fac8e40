"""The quiz flow, progress and spaced review on an in-memory store and a hand-moved clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.console.quiz_input import QuizInput, lang_after
from bot.core.capacity import Capacity
from bot.core.course import Course
from bot.core.demo.service import DemoService
from bot.core.grammar import Command, parse
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.ports import ProgressUnit, StoreError
from bot.core.quiz.replies import AnswerShown, ProgressShown, QuestionShown
from bot.core.quiz.review import next_occurrence, parse_time
from bot.core.quiz.service import QuizError, QuizService
from bot.core.replies import Notice
from bot.core.tutor import Tutor
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox
from testkit.quiz_fakes import FakeClock, MemoryStore

LESSON = "containers-and-vms"


@pytest.fixture(scope="module")
def course() -> Course:
    return course_from(Settings())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def quizzes(course: Course, store: MemoryStore, clock: FakeClock) -> QuizCommands:
    return QuizCommands(course=course, store=store, clock=clock)


@pytest.fixture
def service(quizzes: QuizCommands) -> QuizService:
    return quizzes.service


def right(shown: QuestionShown) -> int:
    return shown.question.answer


def wrong(shown: QuestionShown) -> int:
    return (shown.question.answer + 1) % len(shown.question.choices)


def take(service: QuizService, learner: str, pattern: str, lesson: str = LESSON) -> AnswerShown:
    """Answer a whole quiz: `pattern` is one letter per question, r(ight) or w(rong)."""
    shown: QuestionShown | None = service.start(learner, lesson)
    last = None
    for letter in pattern:
        assert shown is not None
        choice = right(shown) if letter == "r" else wrong(shown)
        last = service.answer(learner, shown.head.attempt, shown.question.id, choice)
        if last.finished is None:
            shown = service.next(learner, shown.head.attempt, shown.question.id)
    assert last is not None
    return last


# ---------------------------------------------------------------- the flow


def test_a_quiz_asks_one_question_at_a_time_and_explains_each_answer(
    service: QuizService, course: Course
) -> None:
    shown = service.start("u1", "")
    lesson = course.lesson(LESSON)
    assert lesson is not None
    assert shown.head.lesson == lesson
    assert (shown.head.number, shown.head.total) == (1, 5)
    assert shown.question.id == lesson.quiz[0].id
    feedback = service.answer("u1", shown.head.attempt, shown.question.id, right(shown))
    assert feedback.correct
    assert not feedback.moved_on and feedback.finished is None
    section = course.section(shown.question.section)
    assert section is not None
    assert feedback.see is not None
    assert (feedback.see.demo, feedback.see.step) == (section[1].demo, section[1].see)
    upcoming = service.next("u1", shown.head.attempt, shown.question.id)
    assert upcoming is not None
    assert upcoming.head.number == 2
    assert upcoming.question.id == lesson.quiz[1].id


def test_a_wrong_answer_says_so_and_the_final_score_counts_right_answers(
    service: QuizService, clock: FakeClock
) -> None:
    last = take(service, "u1", "rwrrw")
    assert last.finished is not None
    assert (last.finished.right, last.finished.total, last.finished.missed) == (3, 5, 2)
    assert last.finished.next_due == clock.now() + timedelta(days=1)
    assert not last.correct
    assert last.moved_on  # no "next" after the last question


def test_a_double_click_counts_once(service: QuizService, store: MemoryStore) -> None:
    shown = service.start("u1", LESSON)
    first = service.answer("u1", shown.head.attempt, shown.question.id, right(shown))
    again = service.answer("u1", shown.head.attempt, shown.question.id, wrong(shown))
    assert again.correct and again.choice == first.choice
    assert len(store.state.answers) == 1
    assert store.state.cards[("u1", shown.question.id)].reviews == 1
    upcoming = service.next("u1", shown.head.attempt, shown.question.id)
    assert upcoming is not None
    assert service.next("u1", shown.head.attempt, shown.question.id) is None


def test_concurrent_double_clicks_record_one_answer(
    service: QuizService, store: MemoryStore
) -> None:
    shown = service.start("u1", LESSON)
    results: list[AnswerShown] = []

    def click() -> None:
        results.append(service.answer("u1", shown.head.attempt, shown.question.id, 0))

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert len(store.state.answers) == 1
    assert {r.choice for r in results} == {0}


def test_someone_elses_click_is_refused_and_changes_nothing(
    service: QuizService, store: MemoryStore
) -> None:
    shown = service.start("u1", LESSON)
    with pytest.raises(QuizError) as refused:
        service.answer("u2", shown.head.attempt, shown.question.id, 0)
    assert refused.value.key == "quiz_not_yours"
    assert refused.value.params == {"owner": "u1"}
    with pytest.raises(QuizError):
        service.next("u2", shown.head.attempt, shown.question.id)
    assert store.state.answers == {}


def test_stale_clicks_are_refused(service: QuizService, store: MemoryStore) -> None:
    old = service.start("u1", LESSON)
    nxt = old.head.attempt
    lesson_second = "q-it-flags"
    with pytest.raises(QuizError) as ahead:
        service.answer("u1", nxt, lesson_second, 1)  # not the current question yet
    assert ahead.value.key == "quiz_stale"
    with pytest.raises(QuizError) as early:
        service.next("u1", nxt, old.question.id)  # not answered yet
    assert early.value.key == "quiz_answer_first"
    service.start("u1", LESSON)  # a new quiz ends the old one
    with pytest.raises(QuizError) as ended:
        service.answer("u1", nxt, old.question.id, 0)
    assert ended.value.key == "quiz_stale"
    for attempt, question in (("nope", old.question.id), (nxt, "q-not-in-this-quiz")):
        with pytest.raises(QuizError):
            service.answer("u1", attempt, question, 0)
    assert store.state.answers == {}


def test_a_choice_out_of_range_is_refused(service: QuizService) -> None:
    shown = service.start("u1", LESSON)
    with pytest.raises(QuizError) as bad:
        service.answer("u1", shown.head.attempt, shown.question.id, 9)
    assert bad.value.key == "quiz_bad_choice"


@pytest.mark.parametrize("value", ["two", "9", "⁹", "½"])
def test_a_button_carrying_no_choice_is_refused_as_typed_text_is(
    quizzes: QuizCommands, service: QuizService, store: MemoryStore, value: str
) -> None:
    shown = service.start("u1", LESSON)
    about = (shown.head.attempt, shown.question.id)
    clicked = quizzes.handle("u1", Command("answer", value, about=about), "en")
    typed = quizzes.handle("u1", parse(f"answer {value}"), "en")
    assert isinstance(clicked, Notice) and isinstance(typed, Notice)
    assert clicked == typed and clicked.key == "quiz_bad_choice"
    assert store.state.answers == {}


def test_a_unicode_digit_means_the_same_from_a_button_and_from_text(
    quizzes: QuizCommands, service: QuizService
) -> None:
    for command in (parse("answer ²"), None):
        shown = service.start("u1", LESSON)
        if command is None:
            command = Command("answer", "²", about=(shown.head.attempt, shown.question.id))
        answered = quizzes.handle("u1", command, "en")
        assert isinstance(answered, AnswerShown) and answered.choice == 1


# ---------------------------------------------------------------- choosing questions


def test_lessons_are_chosen_by_id_or_number_and_unknown_ones_explained(
    quizzes: QuizCommands,
) -> None:
    by_number = quizzes.handle("u1", parse("quiz 2"), "en")
    assert isinstance(by_number, QuestionShown)
    assert by_number.head.lesson is not None
    assert by_number.head.lesson.id == "namespaces-and-cgroups"
    unknown = quizzes.handle("u1", parse("quiz <!channel>"), "en")
    assert isinstance(unknown, Notice) and unknown.error
    assert unknown.key == "quiz_unknown_lesson"
    assert "<" not in unknown.text and "containers-and-vms" in unknown.text


def test_missed_questions_come_first_in_the_next_quiz(service: QuizService) -> None:
    first = service.start("u1", LESSON)
    missed = first.question.id
    service.answer("u1", first.head.attempt, missed, wrong(first))
    again = service.start("u1", LESSON)
    assert again.question.id == missed


def test_a_mastered_lesson_is_skipped_when_no_lesson_is_named(
    service: QuizService, course: Course
) -> None:
    lesson = course.lesson(LESSON)
    assert lesson is not None
    for _ in range(-(-len(lesson.quiz) // 5)):  # 5 questions per quiz
        take(service, "u1", "rrrrr")
    shown = service.start("u1")
    assert shown.head.lesson is not None
    assert shown.head.lesson.id == "namespaces-and-cgroups"


# ---------------------------------------------------------------- spaced review


def test_missed_questions_come_back_a_day_later_right_ones_later_still(
    quizzes: QuizCommands, clock: FakeClock
) -> None:
    take(quizzes.service, "u1", "wrrrr")
    nothing = quizzes.handle("u1", parse("review"), "en")
    assert isinstance(nothing, Notice) and nothing.key == "review_nothing_due"
    assert not nothing.error
    clock.advance(days=1)
    review = quizzes.handle("u1", parse("review"), "en")
    assert isinstance(review, QuestionShown)
    assert review.head.kind == "review" and review.head.total == 1
    feedback = quizzes.service.answer("u1", review.head.attempt, review.question.id, right(review))
    assert feedback.finished is not None and feedback.finished.right == 1
    clock.advance(days=1)
    later = quizzes.handle("u1", parse("review"), "en")
    assert isinstance(later, QuestionShown)
    assert later.head.total == 4  # the four known ones, due two days after the quiz


def test_progress_shows_mastery_per_lesson_and_what_is_due(
    quizzes: QuizCommands, clock: FakeClock, course: Course
) -> None:
    empty = quizzes.handle("u1", parse("progress"), "en")
    assert isinstance(empty, ProgressShown)
    assert [m.untried for m in empty.lessons] == [
        len(x.quiz) + len(x.tasks)
        for x in course.lessons
        if x.quiz  # tasks count too
    ]
    assert empty.due_now == 0 and empty.next_due is None
    take(quizzes.service, "u1", "rrwrr")
    now = quizzes.progress("u1", "en")
    first = now.lessons[0]
    total = len(first.lesson.quiz) + len(first.lesson.tasks)
    assert (first.mastered, first.to_review, first.untried, first.total) == (4, 1, total - 5, total)
    assert now.next_due == clock.now() + timedelta(days=1)
    clock.advance(days=3)
    later = quizzes.progress("u1", "en")
    assert later.lessons[0].mastered == 0 and later.lessons[0].to_review == 5
    assert later.due_now == 5


# ---------------------------------------------------------------- settings


def test_language_choice_is_remembered_and_bad_input_changes_nothing(quizzes: QuizCommands) -> None:
    bad = quizzes.handle("u1", parse("lang fr"), "en")
    assert isinstance(bad, Notice) and bad.error and bad.key == "lang_usage"
    assert quizzes.chosen_lang("u1") is None
    done = quizzes.handle("u1", parse("lang zh"), "en")
    assert isinstance(done, Notice) and done.lang == "zh" and "中文" in done.text
    assert quizzes.chosen_lang("u1") == "zh"
    quizzes.remember("u1", locale_lang="en", tz="Asia/Taipei")
    assert quizzes.chosen_lang("u1") == "zh"  # Slack's locale never overrides a choice


@pytest.mark.parametrize(
    ("text", "hhmm"),
    [("09:00", "09:00"), ("at 9:30", "09:30"), ("21.05", "21:05"), ("AT 7h15", "07:15")],
)
def test_review_times_are_read_in_24_hour_form(text: str, hhmm: str) -> None:
    assert parse_time(text) == hhmm


@pytest.mark.parametrize("text", ["25:00", "9", "noon", "09:60", "at", "9:00; rm -rf /"])
def test_review_times_that_make_no_sense_are_refused(text: str) -> None:
    assert parse_time(text) is None


def test_a_bad_review_time_gets_a_clear_message_and_changes_nothing(
    quizzes: QuizCommands, store: MemoryStore
) -> None:
    reply = quizzes.handle("u1", parse("review at 9pm"), "en")
    assert isinstance(reply, Notice) and reply.error and reply.key == "review_bad_time"
    assert store.state.slots == {} and "u1" not in store.state.learners


def test_next_occurrence_is_on_the_learners_wall_clock_across_dst() -> None:
    before_dst = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # London switches on the 29th
    first = next_occurrence("09:00", "Europe/London", before_dst)
    assert first == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 BST
    assert next_occurrence("09:00", "Asia/Taipei", before_dst) == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )
    assert next_occurrence("09:00", "Not/AZone", before_dst) == datetime(
        2026, 3, 29, 9, 0, tzinfo=UTC
    )


# ---------------------------------------------------------------- the daily review DM


def test_the_daily_review_is_claimed_once_at_its_time_and_the_next_day_is_planned(
    quizzes: QuizCommands, clock: FakeClock, store: MemoryStore
) -> None:
    quizzes.remember("u1", locale_lang="zh", tz="Asia/Taipei")  # 08:00 UTC is 16:00 there
    take(quizzes.service, "u1", "wwrrr")
    reply = quizzes.handle("u1", parse("review at 09:00"), "en")
    assert isinstance(reply, Notice) and "Asia/Taipei" in reply.text
    planner = quizzes.planner
    assert planner.claim() == []
    clock.at = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # 09:00 in Taipei, a day later
    due = planner.claim()
    assert len(due) == 1
    review = due[0]
    assert review.learner == "u1" and review.shown.lang == "zh"
    assert review.shown.head.kind == "review" and review.shown.head.total == 2
    assert "2" in review.shown.intro
    assert planner.claim() == []  # never the same review twice
    planner.sent(review.slot, ok=True)
    pending = [s.slot.due_at for s in store.state.slots.values() if s.claimed_at is None]
    assert pending == [datetime(2026, 3, 4, 1, 0, tzinfo=UTC)]


def test_no_review_is_sent_when_nothing_is_due_or_when_too_late(
    quizzes: QuizCommands, clock: FakeClock, store: MemoryStore
) -> None:
    quizzes.handle("u1", parse("review at 09:00"), "en")  # UTC: nothing answered yet
    clock.at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert quizzes.planner.claim() == []
    assert [s.status for s in store.state.slots.values() if s.claimed_at] == ["empty"]
    take(quizzes.service, "u1", "wrrrr")
    clock.at = datetime(2026, 3, 4, 22, 0, tzinfo=UTC)  # the tutor was down all day
    assert quizzes.planner.claim() == []
    statuses = [s.status for s in store.state.slots.values() if s.claimed_at]
    assert statuses == ["empty", "missed"]
    clock.at = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    assert len(quizzes.planner.claim()) == 1


def test_review_off_stops_the_daily_review(quizzes: QuizCommands, store: MemoryStore) -> None:
    quizzes.handle("u1", parse("review at 09:00"), "en")
    off = quizzes.handle("u1", parse("review off"), "en")
    assert isinstance(off, Notice) and off.key == "review_off"
    assert store.state.slots == {}
    again = quizzes.handle("u1", parse("review off"), "en")
    assert isinstance(again, Notice) and again.key == "review_was_off"
    progress = quizzes.progress("u1", "en")
    assert progress.review_at is None


def test_two_senders_never_send_the_same_review(
    quizzes: QuizCommands, clock: FakeClock, course: Course, store: MemoryStore
) -> None:
    other_replica = QuizCommands(course=course, store=store, clock=clock)
    for learner in ("u1", "u2", "u3"):
        take(quizzes.service, learner, "wrrrr")
        quizzes.handle(learner, parse("review at 07:00"), "en")
    clock.at = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    claimed: list[str] = []

    def sender(q: QuizCommands) -> None:
        claimed.extend(r.learner for r in q.planner.claim())

    threads = [threading.Thread(target=sender, args=(q,)) for q in (quizzes, other_replica) * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == ["u1", "u2", "u3"]


# ---------------------------------------------------------------- through the tutor


@pytest.fixture
def tutor(course: Course, quizzes: QuizCommands) -> Tutor:
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(1),
        ttl_seconds=600,
        queue_wait=0,
    )
    return Tutor(course=course, demos=demos, quiz=quizzes)


def test_typed_answers_drive_the_quiz_as_the_console_does(tutor: Tutor) -> None:
    typed = QuizInput()
    assert typed.line("quiz") == Command("quiz")
    first = tutor.handle("c", typed.line("quiz"))
    assert isinstance(first, QuestionShown)
    too_early = tutor.handle("c", parse("next"))
    assert isinstance(too_early, QuestionShown) and too_early.question == first.question
    bad = tutor.handle("c", typed.line("7"))
    assert isinstance(bad, Notice) and bad.key == "quiz_bad_choice"
    answered = tutor.handle("c", typed.line(str(first.question.answer + 1)))
    assert isinstance(answered, AnswerShown) and answered.correct
    typed.saw(answered)
    assert typed.line("") == Command("next")
    second = tutor.handle("c", typed.line(""))
    assert isinstance(second, QuestionShown) and second.head.number == 2
    typed.saw(second)
    assert typed.line("") == Command("help")


def test_lang_changes_the_language_the_console_goes_on_in(tutor: Tutor) -> None:
    reply = tutor.handle("c", parse("lang zh"))
    assert lang_after(reply, "en") == "zh"
    assert lang_after(tutor.handle("c", parse("help")), "zh") == "zh"


def test_with_nothing_open_answer_and_next_say_how_to_start(tutor: Tutor) -> None:
    for text in ("answer 1", "next"):
        reply = tutor.handle("c", parse(text))
        assert isinstance(reply, Notice) and reply.key == "quiz_none_open"


class DownStore:
    @contextmanager
    def unit(self) -> Iterator[ProgressUnit]:
        raise StoreError("connection refused")
        yield  # pragma: no cover


def test_a_store_that_is_down_gets_a_friendly_notice(course: Course, clock: FakeClock) -> None:
    down = QuizCommands(course=course, store=DownStore(), clock=clock)
    for text in ("quiz", "progress", "review at 09:00", "lang zh", "answer 1"):
        reply = down.handle("u1", parse(text), "en")
        assert isinstance(reply, Notice) and reply.key == "store_down", text
