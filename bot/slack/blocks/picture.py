"""The *Show as a picture* button, on the PID-map and compare replies.

Its action id has a prefix of its own, so the picture listener alone receives it; its
value names the learner whose reply it is, like every button's.
"""

from __future__ import annotations

from bot.core.lang import Lang
from bot.core.messages import button as label
from bot.slack.blocks.kit import Block, Origin, button, button_value

PICTURE_PREFIX = "pic:"
PICTURE_ACTION = f"{PICTURE_PREFIX}show"


def picture_button(origin: Origin, lang: Lang) -> Block:
    value = button_value(origin, a="picture")
    return button(label("picture", lang), "show", value, prefix=PICTURE_PREFIX)
