"""Ack latency of `/container-demo` at 50 concurrent slash commands: tutor vs. a bare Bolt app.

Both servers run as their own subprocess on 127.0.0.1 and get the same signed requests; a
local Slack stand-in (`testkit.standin`) in this process plays Slack's Web API for both:

- tutor: the real bot, started the way a user starts it,
  `python -m bot serve --host 127.0.0.1 --port P` with SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET
  and SLACK_API_URL pointing at the stand-in, DEMO_MAX_LIVE equal to the number of bench users
  who run demos, and DATABASE_URL on a throwaway SQLite file (the tutor keeps every learner it
  hears from; bench users must not land in a real progress store);
- bare: a minimal slack_bolt AsyncApp with the same signing secret and Web API base URL, one
  `/container-demo` listener that only acks with a short text, served on aiohttp the same way
  (`bench.harness.bare_app`, in its own process).

The load comes from a child process (`bench.harness.load`), so the stand-in answering the
tutor's Web API calls does not slow the clock that times the acks. It signs every request like
Slack (`v0=` HMAC-SHA256 of `v0:timestamp:body`) and opens one connection per request.

Two command mixes, each `--requests` commands per side with `--concurrency` in flight:

- `help`: answered inline in the ack (help blocks), no Docker; from 50 distinct users;
- `run busybox`: acked at once, the demo starts in the background in the learner's DM; from 10
  users, so at most 10 demos live (a second run replaces the user's demo). The ack must not
  wait on Docker, even while the engine is busy starting and removing demos. After the
  tutor's run load, the bare app is measured once more (`bare*`) while the tutor's demos are
  still being started: the same machine load, without the tutor's process.

Order: warm-up (50 `help` per side, not counted), then per mix bare before tutor, so the
tutor's demos never load the bare app's quiet rows.

An ack is an HTTP 200 within Slack's three seconds whose body is JSON with a `text`. Latency
is from sending the request to having read the whole answer. Per side and mix: sent, acked,
p50, p90, p99, max (nearest rank, ms), the server's CPU time per command and how busy the
host's CPUs were. The target: every request acked and tutor p99 / bare p99 <= 1.2 in each mix.
`--repeat N` runs the whole thing N times with fresh servers and reports medians.

At the end both servers get SIGTERM (then SIGKILL after a timeout) and every container
labelled `container-tutor` whose owner is a bench user is removed; the output says how many
were still there (it should be 0).

    python -m bench.slack_ack [--requests N] [--concurrency C] [--repeat N] [--json]

The servers, the load and the sweep are `bench.harness`, which other benches share; this
package holds what is this bench's own: the plan (`plan`), the run (`run`), the numbers
(`stats`) and the table (`report`).
"""
