"""The scorer reads any set in the shared format and scores entries, bands and pending ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.answer.replies import Answer, Choice
from bot.wiring import answerer_from, course_from
from testkit.answer_eval import (
    DEVELOPMENT,
    SETS,
    MissingSet,
    Question,
    Report,
    load,
    load_sets,
    score,
)

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


def test_the_held_out_set_is_the_eleventh_and_its_absence_is_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert SETS["heldout"].name == "heldout-11.yaml"
    assert "heldout" not in DEVELOPMENT
    monkeypatch.setitem(SETS, "heldout", tmp_path / "questions" / "heldout-11.yaml")
    with pytest.raises(MissingSet, match=r"held-out set .*heldout-11\.yaml is not there yet"):
        load_sets(["dev", "heldout"])


def test_the_spent_held_out_sets_are_development_data_and_say_so() -> None:
    for name in (f"dev-spent-{n}" for n in range(1, 11)):
        assert name in DEVELOPMENT
        header = SETS[name].read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("# Who wrote it:")
        assert "Held out once" in header and "now development data" in header


def test_a_near_miss_offered_as_did_you_mean_counts_as_offered_not_as_right() -> None:
    question = Question("wat is a hypervisr", "en", "typo", ("faq-what-is-hypervisor",))
    choices = (
        Choice("faq-mini-vm", "vm", "s", "t"),
        Choice("faq-what-is-hypervisor", "vm", "s", "t"),
    )
    unsure = Answer(text="", lang="en", script="en", score=0.3, band="unsure", choices=choices)
    declined = Answer(text="", lang="en", script="en", score=0.1, band="decline")
    report = Report()
    report.add(question, unsure, 0.001)
    report.add(question, declined, 0.001)
    assert report.accuracy("en") == 0.0
    assert (report.offered["en"].right, report.offered["en"].asked) == (1, 2)
    assert report.offered_rate("zh") == 0.0
