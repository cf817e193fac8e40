"""What an operator graphs: commands, acks, time to reply, demos, Slack errors, the outbox.

One registry per process (not prometheus_client's global one, so tests can build their own),
served as text on `/metrics` by the HTTP server and by the health server in Socket Mode.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
REPLY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """The tutor's metrics, all named `tutor_…`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.commands = Counter(
            "tutor_commands",
            "Commands handled, by verb and outcome",
            ["verb", "outcome"],
            registry=r,
        )
        self.ack_seconds = Histogram(
            "tutor_ack_seconds",
            "From a request's arrival to its ack",
            buckets=ACK_BUCKETS,
            registry=r,
        )
        self.reply_seconds = Histogram(
            "tutor_reply_seconds",
            "From a command's ack to its final reply, by verb",
            ["verb"],
            buckets=REPLY_BUCKETS,
            registry=r,
        )
        self.demos_live = Gauge("tutor_demos_live", "Demo containers alive", registry=r)
        self.demos_queued = Gauge(
            "tutor_demos_queued", "Demo requests waiting for a slot", registry=r
        )
        self.slack_errors = Counter(
            "tutor_slack_api_errors",
            "Slack Web API calls that failed",
            ["method", "error"],
            registry=r,
        )
        self.slack_retries = Counter(
            "tutor_slack_api_retries", "Slack Web API calls retried", ["method"], registry=r
        )
        self.outbox_depth = Gauge(
            "tutor_outbox_depth", "Replies kept in the outbox", ["state"], registry=r
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
