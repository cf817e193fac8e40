"""The two languages the tutor speaks: one name for them, used by every feature."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]
