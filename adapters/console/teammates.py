"""`/react EMOJI [NAME]` in local mode: which answer a typed reaction lands on.

On a chat platform a reaction sits on a message; in the terminal there is nothing to
click, so the reaction goes to NAME's latest answer (by default the latest answer
anyone else gave), and every reason it cannot count is said in words (the core's
LocalChannel.kudos_target finds it).
"""

from __future__ import annotations

KUDOS_HELP = "Usage: /react EMOJI [NAME], for example /react 👍 alice (kudos: 👍 👏 ⭐ 🔥)"
EMOJI_NAMES = {"👍": "+1", "👏": "clap", "⭐": "star", "🔥": "fire"}


def kudos_emoji(word: str, allowed: frozenset[str]) -> str | None:
    """The reaction as the core knows it (`👍`, `+1`, `:clap:`), or None if it gives no kudos."""
    word = word.strip().strip(":")
    for candidate in (word, EMOJI_NAMES.get(word, "")):
        if candidate and candidate in allowed:
            return candidate
    return None
