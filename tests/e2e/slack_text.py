"""Reading Slack messages the way a learner does, for end-to-end assertions.

The readers live in `testkit.served`, which benches use too; the e2e tests import them here.
"""

from __future__ import annotations

from testkit.served import button
from testkit.served import text_of as block_text

__all__ = ["block_text", "button"]
