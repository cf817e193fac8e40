"""Answers come from the lessons, in the asker's language and script, or not at all."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from bot.cli import app
from bot.config import Settings
from bot.console.ask import AskRefused, answer_json, ask
from bot.console.render import render
from bot.content.glossary import load_glossary
from bot.core.answer.service import Answerer
from bot.core.answer.text import CONCEPT, Analyzer
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.grammar import MAX_INPUT, Command, parse
from bot.core.replies import Notice
from bot.core.tutor import Tutor
from bot.search.chinese import OpenccScripts
from bot.slack.blocks import dispatch, kit
from bot.wiring import answerer_from, course_from
from testkit.fakes import FakeHost, FakeSandbox
from testkit.standin.limits import check_message


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    settings = Settings()
    return answerer_from(settings, course_from(settings))


def test_every_way_of_writing_process_becomes_one_concept() -> None:
    analyzer = Analyzer(fold=OpenccScripts().fold, glossary=load_glossary(Settings().lessons_dir))
    for word in ("进程", "進程", "行程", "process", "processes"):
        assert CONCEPT + "process" in analyzer.terms(f"a {word} here"), word
    assert analyzer.terms("記憶體") != analyzer.terms("内存")
    assert CONCEPT + "memory" in analyzer.terms("記憶體")
    assert CONCEPT + "memory" in analyzer.terms("内存")
    assert analyzer.terms("virtual machine") == [CONCEPT + "vm"]


def test_an_answer_names_its_section_and_the_demo_that_proves_it(answerer: Answerer) -> None:
    answer = answerer.answer("what is containerd-shim?")
    assert (answer.lesson, answer.section, answer.faq) == (
        "containers-and-vms",
        "pstree-ancestry",
        "faq-containerd-shim",
    )
    course = answerer.course
    faq = next(f for lesson in course.lessons for f in lesson.faq if f.id == answer.faq)
    assert answer.text == faq.answer.en  # the lesson's words, nothing added
    assert answer.source == (
        "From the lesson *Containers and virtual machines*, section "
        "*pstree: where the container sits in the process tree*."
    )
    assert answer.see == "tree" and answer.demo == "nginx"
    assert answer.hint == ""  # the FAQ answer already says where to see it
    assert answer.live_label == "See it live: run nginx"


def test_a_section_answer_gets_the_see_it_live_hint(answerer: Answerer) -> None:
    answer = answerer.answer("show the process tree of a container")
    assert (answer.section, answer.faq) == ("pstree-ancestry", None)
    section = answerer.course.section("pstree-ancestry")
    assert section is not None and answer.text == section[1].body.en
    assert answer.hint == "See it live: `/container-demo tree`"


@pytest.mark.parametrize(
    ("question", "script", "word"),
    [
        ("why is nginx PID 1 in the container?", "en", "namespace"),
        ("為什麼容器裡 nginx 是 PID 1？", "zh-Hant", "命名空間"),
        ("为什么容器里 nginx 是 PID 1？", "zh-Hans", "命名空间"),
    ],
)
def test_the_answer_is_in_the_question_s_language_and_script(
    answerer: Answerer, question: str, script: str, word: str
) -> None:
    answer = answerer.answer(question)
    assert answer.script == script
    assert answer.section == "pid-namespace-mapping"
    assert word in answer.text
    assert ("容器和虚拟机" in answer.source) is (script == "zh-Hans")


def test_off_topic_questions_are_declined_with_topics_not_answers(answerer: Answerer) -> None:
    rice = answerer.answer("how do I cook rice")
    assert rice.declined and rice.lesson is None and rice.section is None
    assert "I don't know" in rice.text
    lessons = [lesson.id for lesson in answerer.course.lessons]
    assert [(t.lesson, t.section) for t in rice.topics] == [(x, None) for x in lessons]
    near = answerer.answer("docker volume 是什麼")
    assert near.declined and near.lang == "zh"
    assert "這個我不知道" in near.text
    assert 1 <= len(near.topics) <= 3 and all(t.section for t in near.topics)
    assert all(t.title in near.topics_text for t in near.topics)


def test_the_tutor_answers_ask_and_refuses_an_empty_one(answerer: Answerer) -> None:
    course = answerer.course
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(1),
        ttl_seconds=60,
        queue_wait=0,
    )
    tutor = Tutor(course=course, demos=demos, answers=answerer)
    answer = tutor.handle("u", parse("ask what is seccomp?"), lang="zh")
    assert getattr(answer, "section", None) == "extra-hardening"
    assert getattr(answer, "lang", None) == "en"  # the question's language, not the locale
    assert tutor.handle("u", parse("ask")) == Notice("ask_empty")
    too_long = tutor.handle("u", parse("ask " + "x" * MAX_INPUT))
    assert isinstance(too_long, Notice) and too_long.key == "too_long"


def test_slack_blocks_fit_and_the_button_runs_the_demo_for_the_asker(answerer: Answerer) -> None:
    answer = answerer.answer("why does docker stop take 10 seconds?")
    message = dispatch.message(answer, kit.Origin(owner="U7", channel="C1"))
    payload = {"channel": "C1", **message.payload()}
    assert check_message(payload).ok
    button, helpful, not_helpful = [
        e for b in message.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert button["action_id"] == "ct:run:nginx"
    assert (helpful["action_id"], not_helpful["action_id"]) == ("cf:helpful", "cf:not_helpful")
    verdict = kit.read_value(not_helpful["value"])
    assert verdict.command is None
    assert verdict.extra == {
        "e": "faq-stop-takes-10s",
        "u": "why does docker stop take 10 seconds?",
        "s": "en",
    }
    click = kit.read_value(button["value"])
    assert (click.origin.owner, click.origin.channel) == ("U7", "C1")
    assert click.command == Command("run", "nginx")
    declined = dispatch.message(answerer.answer("今天天氣如何"), kit.Origin(owner="U7"))
    assert check_message({"channel": "C1", **declined.payload()}).ok
    assert not [b for b in declined.blocks if b["type"] == "actions"]


def test_the_console_shows_answer_source_and_demo(answerer: Answerer) -> None:
    buffer = io.StringIO()
    Console(file=buffer, width=100).print(render(answerer.answer("what is a hypervisor?")))
    shown = buffer.getvalue()
    assert "hypervisor" in shown and "From the lesson" in shown


def test_json_and_the_cli(answerer: Answerer) -> None:
    answer = answer_json(ask(answerer, "  what does exit code 137 mean  "))
    assert {"answer", "lesson", "section", "score", "lang"} <= answer.keys()
    assert answer["section"] == "exits-with-main-process" and answer["lang"] == "en"
    with pytest.raises(AskRefused):
        ask(answerer, " \t ")
    result = CliRunner().invoke(app, ["ask", "--json", "今天天氣如何"])
    assert result.exit_code == 0, result.output
    declined = json.loads(result.output)
    assert declined["lesson"] is None and declined["section"] is None
    assert declined["lang"] == "zh-Hant"
    empty = CliRunner().invoke(app, ["ask", ""])
    assert empty.exit_code == 2


def test_the_glossary_is_checked_with_lessons_not_loaded_as_one(tmp_path: Path) -> None:
    from bot.content.loader import check_directory
    from bot.sandbox.recipes import RECIPES

    lessons = [p for p in Settings().lessons_dir.glob("*.yaml") if p.name.startswith("0")]
    for lesson in lessons:
        (tmp_path / lesson.name).write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(
        "format_version: 1\nkind: glossary\nterms:\n"
        "  - {id: process, en: [process], zh: [进程]}\n"
        "  - id: program\n    en: [program]\n    zh:\n      - 程序\n      - 进程\n",
        encoding="utf-8",
    )
    loaded, problems = check_directory(tmp_path, known_images=RECIPES)
    assert len(loaded) == len(lessons)
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'glossary.yaml'}:9: '进程' is listed under both 'process' and 'program'"
    ]
    (tmp_path / "glossary.yaml").write_text("format_version: 1\nterms: []\n", encoding="utf-8")
    _, problems = check_directory(tmp_path, known_images=RECIPES)
    assert {p.message for p in problems} == {
        "kind: required key is missing",
        "terms: List should have at least 1 item after validation, not 0",
    }


def test_the_published_glossary_schema_is_current() -> None:
    from bot.core.glossary import Glossary

    published = Settings().lessons_dir / "glossary.schema.json"
    assert json.loads(published.read_text()) == Glossary.model_json_schema(), (
        "run: container-tutor lessons schema --glossary > lessons/glossary.schema.json"
    )


def test_a_name_only_a_faq_entry_s_keywords_give_opens_the_gate(answerer: Answerer) -> None:
    sections = [s for lesson in answerer.course.lessons for s in lesson.sections]
    named = " ".join(t for s in sections for t in (s.title.en, s.title.zh, *s.keywords))
    assert "firecracker" not in named.casefold()
    answer = answerer.answer("Firecracker 是什麼")
    assert (answer.band, answer.entry) == ("answer", "faq-hv-microvm")


def test_closeness_tells_a_copied_phrasing_from_a_fresh_question(answerer: Answerer) -> None:
    assert answerer.closeness("does a container have its own kernel", "faq-own-kernel") > 0.95
    assert answerer.closeness("does a contianer have its own kernal", "faq-own-kernel") > 0.95
    assert answerer.closeness("how do I bake bread", "faq-own-kernel") < 0.2
    assert answerer.closeness("does a container have its own kernel", "faq-nope") == 0.0


def test_a_section_is_found_by_its_own_phrasings_not_only_its_title(answerer: Answerer) -> None:
    # a question about what the whole section explains, in other words than its FAQ entries'
    reply = answerer.answer("could you run through each namespace type and what it actually hides?")
    assert (reply.band, reply.entry) == ("answer", "namespaces-and-cgroups/namespaces")
