"""The topics beyond the course are checked like the glossary, and keep the tutor honest:
a question about one of them is declined, the course's own question on the same word is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import Settings
from bot.content.beyond import check_beyond_file, load_beyond
from bot.content.loader import check_directory, lesson_files
from bot.content.yaml_source import LessonError
from bot.core.answer.service import Answerer
from bot.core.beyond import Beyond
from bot.sandbox.recipes import RECIPES
from bot.wiring import answerer_from, course_from

ROOT = Path(__file__).resolve().parents[3]

GOOD = """\
format_version: 1
kind: beyond
topics:
  - id: programming-namespaces
    questions:
      en: ["what is a namespace in python"]
      zh: ["Python 的命名空间是什么"]
  - id: video-calls
    questions:
      en: ["how do i set a virtual background in zoom"]
      zh: ["視訊會議的虛擬背景怎麼設"]
"""


def write(folder: Path, text: str) -> Path:
    path = folder / "beyond.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    settings = Settings()
    return answerer_from(settings, course_from(settings))


def test_good_topics_load_and_are_not_taken_for_a_lesson(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    beyond = load_beyond(tmp_path)
    assert beyond is not None and [t.id for t in beyond.topics] == [
        "programming-namespaces",
        "video-calls",
    ]
    assert lesson_files(ROOT / "lessons") == sorted((ROOT / "lessons").glob("0*.yaml"))


def test_no_file_is_no_problem(tmp_path: Path) -> None:
    assert load_beyond(tmp_path) is None


def test_a_duplicate_topic_and_a_missing_language_are_reported_at_their_lines(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, GOOD.replace("id: video-calls", "id: programming-namespaces"))
    _, problems = check_beyond_file(path)
    assert [str(p) for p in problems] == [
        f"{path}:8: duplicate topic id 'programming-namespaces' (first at line 4)"
    ]
    with pytest.raises(LessonError, match="duplicate topic id"):
        load_beyond(tmp_path)
    path = write(tmp_path, GOOD.replace('      zh: ["Python 的命名空间是什么"]\n', ""))
    (problem,) = check_beyond_file(path)[1]
    assert str(problem) == f"{path}:5: topics.0.questions.zh: missing translation (Chinese, 'zh')"


def test_lessons_check_reports_the_file_beside_the_lessons(tmp_path: Path) -> None:
    for lesson in sorted((ROOT / "lessons").glob("0*.yaml")):
        (tmp_path / lesson.name).write_bytes(lesson.read_bytes())
    path = write(tmp_path, "- just a list\n")
    lessons, problems = check_directory(tmp_path, known_images=RECIPES)
    assert lessons
    assert [str(p) for p in problems] == [f"{path}:1: the file must be a mapping"]


def test_the_published_schema_is_current() -> None:
    published = ROOT / "lessons" / "beyond.schema.json"
    assert json.loads(published.read_text()) == Beyond.model_json_schema(), (
        "run: container-tutor lessons schema --beyond > lessons/beyond.schema.json"
    )


@pytest.mark.parametrize(
    "question",
    [
        "how do i see my container logs",
        "kubernetes pod 里可以放几个容器",
        "how do i take a vm snapshot in virtualbox",
        "Linux 内核怎么编译",
    ],
)
def test_a_question_about_a_topic_beyond_the_course_is_declined(
    answerer: Answerer, question: str
) -> None:
    corrected = answerer.correct(question)
    (best,) = answerer.candidates(corrected)[:1]
    assert best.confidence >= answerer.bands.answer_at  # sure enough to answer, by score alone
    assert answerer.beyond_the_course(corrected, best.passage)
    assert answerer.answer(question).band == "decline"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("what is a namespace in linux", "faq-what-is-namespace"),
        ("容器的 PID 命名空间是什么", "faq-why-pid-1"),
        ("can i see a container's processes in the host's ps", "faq-see-from-host"),
    ],
)
def test_the_course_s_own_questions_on_the_same_words_are_still_answered(
    answerer: Answerer, question: str, entry: str
) -> None:
    answer = answerer.answer(question)
    assert answer.band == "answer"
    assert answer.entry is not None
    assert not answerer.beyond_the_course(
        answerer.correct(question), answerer.entries.index(answer.entry)
    )
