"""Text people wrote, marked so that every adapter can escape it for its platform.

The core builds a card's text from its own words (which may use *bold*) and from
words people wrote (display names, group names, quoted answers), which must never
mention anyone or format. `said(text)` wraps the latter in two private-use characters;
each adapter's renderer splits a text with `segments` and escapes only those parts
(Slack: `& < >` and formatting marks; Discord: markdown and mentions), while the
console simply drops the marks with `plain`.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\ue000", "\ue001"
_MARKS = str.maketrans("", "", OPEN + CLOSE)
_SPLIT = re.compile(f"([{OPEN}{CLOSE}])")


def said(text: str) -> str:
    """`text` as people wrote it: shown literally on every platform."""
    cleaned = text.translate(_MARKS)
    return f"{OPEN}{cleaned}{CLOSE}" if cleaned else ""


def plain(text: str) -> str:
    """The text without the marks (for a terminal, a log, a length estimate)."""
    return text.translate(_MARKS)


def segments(text: str) -> list[tuple[str, bool]]:
    """(piece, written_by_people) in order. An OPEN without CLOSE runs to the end (a
    text cut in two keeps its second half escaped, see `cut`)."""
    if OPEN not in text and CLOSE not in text:
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    user = False
    for piece in _SPLIT.split(text):
        if piece in (OPEN, CLOSE):
            user = piece == OPEN
        elif piece:
            out.append((piece, user))
    return out


def cut(text: str, at: int) -> tuple[str, str]:
    """Split `text` at index `at` (of the marked text), closing a user span that runs
    across the cut and reopening it in the second half, so both halves stay escaped."""
    head, tail = text[:at], text[at:]
    if head.rfind(OPEN) > head.rfind(CLOSE):
        head, tail = head + CLOSE, OPEN + tail
    return head, tail
