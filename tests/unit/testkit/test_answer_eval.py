"""The scorer reads any set in the shared format and scores entries, bands and pending ones."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.wiring import answerer_from, course_from
from testkit.answer_eval import load, score

SET = """\
# Who wrote it: this test.
questions:
  - {q: "what is a hypervisor", script: en, kind: paraphrase, expect: [faq-what-is-hypervisor]}
  - {q: "type 1 vs type 2 hypervisor", script: en, kind: paraphrase, expect: [faq-own-kernel]}
  - {q: "什麼是 cgroup", script: hant, kind: mixed, expect: [faq-what-is-cgroup]}
  - {q: "镜像和容器有啥区别", script: hans, kind: near-topic, expect: [faq-not-written-yet]}
  - {q: "how do I bake bread", script: en, kind: off-topic, expect: []}
"""


def test_a_set_in_the_shared_format_is_scored_per_entry_kind_and_band(tmp_path: Path) -> None:
    path = tmp_path / "some-set.yaml"
    path.write_text(SET, encoding="utf-8")
    questions = load(path)
    assert [q.kind for q in questions][-2:] == ["near-topic", "off-topic"]
    settings = Settings()
    answerer = answerer_from(settings, course_from(settings))
    report = score(answerer.answer, questions, known=answerer.entries)
    assert [q.expect for q in report.pending] == [("faq-not-written-yet",)]
    assert (report.by_lang["en"].right, report.by_lang["en"].asked) == (1, 2)  # wrong entry
    assert report.by_script["hant"].rate == 1.0
    assert report.decline_rate == 1.0
    assert report.bands["answer"].replies == 3 and report.bands["decline"].replies == 1
    assert report.bands["answer"].precision == 2 / 3
