"""What the ack bench measures: the two command mixes, the two sides, the users, the target."""

from __future__ import annotations

from typing import Final

from bench.harness.serving import Side

MIXES: Final = {"help": "help", "run": "run busybox"}
SIDES: Final[tuple[Side, ...]] = ("bare", "tutor")
HELP_USERS: Final = tuple(f"UBENCHACKH{index:02d}" for index in range(50))
RUN_USERS: Final = tuple(f"UBENCHACKR{index:02d}" for index in range(10))
MAX_RATIO: Final = 1.2
"""The target: tutor p99 at most this many times the bare app's, in each mix."""
SETTLE_SECONDS: Final = 1.0
MAX_REQUESTS: Final = 100_000
MAX_CONCURRENCY: Final = 500
MAX_REPEAT: Final = 50
ROW_LABELS: Final = {"bare": "bare", "tutor": "tutor", "bare_busy": "bare*"}
"""The rows of a mix; `bare_busy` is the bare app again while the tutor's demos go on."""
