"""Neutral rich text: what the core writes in a Reply, never a platform's syntax.

A text is a `str` in a small CommonMark-like markup (bot/chat/rich.py reads it):
`**strong**`, `*emphasis*`, `` `code` ``, fenced code, `[label](https://…)`. The
helpers below build the parts that must be explicit:

- `said(text)`: words people wrote (names, answers): shown literally everywhere, never
  formatting, mentioning or linking;
- `mention(user_id, name)`: a person, notified where the platform notifies;
- `time(at, style, tz)`: an instant, shown in each reader's zone where the platform can
  and in the channel's zone `tz` elsewhere;
- `strong`, `em`, `code`, `link`: the markup, with the text inside escaped.

Each adapter renders the spans once (adapters/*/ render modules): Slack mrkdwn with its
escaping, Discord markdown, plain text for the console. `plain` is the readable text
with no markup (for a terminal, a log, a length estimate or a test).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.chat.rich import CLOSE, MARKS, OPEN, CodeBlock, Mention, Run, Span, Time, element, parse, unsafe

__all__ = ["CodeBlock", "Mention", "Run", "Span", "Time", "parse"]
_MARKS = str.maketrans("", "", MARKS)
_ESCAPE = re.compile(r"([\\`*_\[\]])")


def said(text: str) -> str:
    """`text` as people wrote it: shown literally on every platform."""
    cleaned = text.translate(_MARKS)
    return f"{OPEN}{cleaned}{CLOSE}" if cleaned else ""


def mention(user_id: str, name: str = "") -> str:
    return element(Mention(user_id, name))


def time(at: datetime, style: str = "f", tz: str = "UTC", since: datetime | None = None) -> str:
    """An instant; `since` (now, as the core's clock says) lets places that cannot count
    show a relative time ("in 3 hours") as it was when the text was made."""
    return element(Time(at, style, tz, since))


def escape(text: str) -> str:
    """Our own words with markup characters that must show as themselves."""
    return _ESCAPE.sub(r"\\\1", text.translate(_MARKS))


def strong(text: str) -> str:
    return f"**{escape(text)}**" if text.strip() else text


def em(text: str) -> str:
    return f"*{escape(text)}*" if text.strip() else text


def code(text: str) -> str:
    cleaned = text.translate(_MARKS).replace("\n", " ")
    return f"``{cleaned}``" if "`" in cleaned else f"`{cleaned}`"


def link(url: str, label: str = "") -> str:
    return f"[{escape(label or url)}]({url})"


def local(at: datetime, style: str, tz: str, since: datetime | None = None) -> str:
    """An instant as text in zone `tz` (the console, and Slack's fallback): `16:30 CET`,
    `Wed 02 Dec 16:30 CET` (with the year when it is not this year's), `in 3 hours`."""
    if style == "R" and since is not None:
        return relative(at - since)
    when = at.astimezone(ZoneInfo(tz))
    year = f" {when:%Y}" if when.year != datetime.now(when.tzinfo).year else ""
    clock = f"{when:%H:%M} {when.tzname()}"
    if style == "t":
        return clock
    if style == "T":
        return f"{when:%H:%M:%S} {when.tzname()}"
    if style in ("d", "D"):
        return f"{when:%a %d %b}{year}"
    return f"{when:%a %d %b}{year} {clock}"  # f, F, and R (a fixed text cannot count down)


def relative(delta: timedelta) -> str:
    """`in 3 hours`, `5 minutes ago`, rounded as a person says it."""
    seconds = abs(delta.total_seconds())
    if seconds < 60:
        return "now"
    for unit, size, up_to in (("minute", 60, 45 * 60), ("hour", 3600, 22 * 3600), ("day", 86400, None)):
        if up_to is None or seconds < up_to:
            count = round(seconds / size)
            amount = f"{count} {unit}" + ("" if count == 1 else "s")
            return f"in {amount}" if delta.total_seconds() > 0 else f"{amount} ago"
    return ""  # not reached


def plain_span(span: Span) -> str:
    if isinstance(span, Mention):
        return "@" + (span.name or span.user_id)
    if isinstance(span, Time):
        return local(span.at, span.style, span.tz, span.since)
    if isinstance(span, CodeBlock):
        return span.text
    if span.href is not None and span.text != span.href:
        return f"{span.text} ({span.href})"
    return span.text


def plain(text: str) -> str:
    """The text as a person reads it, with no markup."""
    return "".join(plain_span(s) for s in parse(text))


def cut(text: str, at: int) -> tuple[str, str]:
    """Split `text` near index `at` so that both halves read as the whole did: never
    inside an element, a code span, a link or an emphasis when another place will do;
    text people wrote and fenced code are closed and reopened across the cut."""
    stretches = unsafe(text)
    whole = [(start, end) for start, end, what in stretches if what == "whole" and start < at < end]
    if whole:
        start, end = min(s for s, _ in whole), max(e for _, e in whole)
        at = start if start > 0 else end if end < len(text) else at
    head, tail = text[:at], text[at:]
    for start, end, what in stretches:
        if not start < at < end:
            continue
        if what == "said":
            head, tail = head + CLOSE, OPEN + tail
        elif what.startswith("fence:"):
            head, tail = head.rstrip("\n") + "\n```", f"```{what[6:]}\n" + tail.lstrip("\n")
    return head, tail


def lines(text: str) -> list[str]:
    """The text split at line breaks that no span runs across (a fenced block, an
    emphasis over two lines stay together): pieces that render alone as they did."""
    if "\n" not in text:
        return [text]
    joined: set[int] = set()
    for start, end, _ in unsafe(text):
        i = text.find("\n", start + 1, end)
        while i != -1:
            joined.add(i)
            i = text.find("\n", i + 1, end)
    pieces, start = [], 0
    for i, char in enumerate(text):
        if char == "\n" and i not in joined:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return pieces
