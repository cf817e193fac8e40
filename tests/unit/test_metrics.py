"""The metrics an operator graphs come out in Prometheus' text format, named tutor_…."""

from __future__ import annotations

from bot.metrics import Metrics


def test_each_metric_is_exposed_with_its_labels() -> None:
    metrics = Metrics()
    metrics.commands.labels(verb="run", outcome="ok").inc()
    metrics.ack_seconds.observe(0.012)
    metrics.reply_seconds.labels(verb="run").observe(1.4)
    metrics.demos_live.set(3)
    metrics.demos_queued.set(2)
    metrics.slack_errors.labels(method="chat.update", error="internal_error").inc()
    metrics.slack_retries.labels(method="chat.update").inc()
    metrics.outbox_depth.labels(state="pending").set(1)
    text = metrics.render().decode()
    assert 'tutor_commands_total{outcome="ok",verb="run"} 1.0' in text
    assert "tutor_ack_seconds_bucket" in text
    assert 'tutor_reply_seconds_count{verb="run"} 1.0' in text
    assert "tutor_demos_live 3.0" in text and "tutor_demos_queued 2.0" in text
    assert 'tutor_slack_api_errors_total{error="internal_error",method="chat.update"} 1.0' in text
    assert 'tutor_outbox_depth{state="pending"} 1.0' in text


def test_two_processes_worth_of_metrics_do_not_share_a_registry() -> None:
    first, second = Metrics(), Metrics()
    first.demos_live.set(5)
    assert "tutor_demos_live 0.0" in second.render().decode()
