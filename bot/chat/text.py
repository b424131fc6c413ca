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
    return _marked("**", text)


def em(text: str) -> str:
    return _marked("*", text)


def _marked(mark: str, text: str) -> str:
    """The marks touch the words (CommonMark's rule), the spaces around stay outside."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{mark}{escape(core)}{mark}{trail}"


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
    """Split `text` near index `at` so that both halves read as the whole did: outside
    any span when one can be found, else inside the span that holds all of the text
    (an emphasis or code closed and reopened); text people wrote and fenced code are
    closed and reopened across the cut. Where markup is too tangled for that (or the
    text is one link or element), it is cut as plain words: nothing is ever lost."""
    head, tail = _cut(text, at)
    if tail and _words(plain(head) + plain(tail)) == _words(plain(text)):
        return head, tail
    words = plain(text)
    if len(words) < 2:
        return text, ""
    return _cut(said(words), min(max(at, 1), len(words) - 1) + 1)


def _words(text: str) -> str:
    return "".join(text.split())


def _cut(text: str, at: int) -> tuple[str, str]:
    stretches = unsafe(text)
    for start, end, what in stretches:
        if what.startswith("fence:") and start < at < end:
            at = _into_fence(text, at, start, end)
            if at < 0:
                return text, ""
    holding = [(s, e, what) for s, e, what in stretches if s < at < e and what != "said" and what[:6] != "fence:"]
    if holding:
        start, end = min(s for s, _, _ in holding), max(e for _, e, _ in holding)
        if start > 0:
            at = start
        elif end < len(text):
            at = end
        else:
            return _cut_inside(text, at, next(what for s, e, what in holding if (s, e) == (start, end)))
    head, tail = text[:at], text[at:]
    for start, end, what in stretches:
        if not start < at < end:
            continue
        if what == "said":
            head, tail = head + CLOSE, OPEN + tail
        elif what.startswith("fence:"):
            head, tail = head.rstrip("\n") + "\n```", f"```{what[6:]}\n" + tail.lstrip("\n")
    return head, tail


def _into_fence(text: str, at: int, start: int, end: int) -> int:
    """A cut in a fenced block falls in its code, never in its ``` lines (outside the
    block instead when there is room; the block's code otherwise)."""
    first = text.find("\n", start, end) + 1  # where the code begins
    last = text.rfind("\n```", first - 1, end)
    last = end if last < first else last  # an unclosed block runs to the end
    if first < at < last:
        return at
    if start > 0:
        return start
    if end < len(text):
        return end
    return min(max(at, first + 1), last - 1) if last - first > 1 else -1


def _cut_inside(text: str, at: int, what: str) -> tuple[str, str]:
    """`text` is one emphasis or code span: cut its inside, and close and reopen it."""
    kind, _, mark = what.partition(":")
    if kind not in ("pair", "code"):
        return text, ""
    inner = text[len(mark) : len(text) - len(mark)]
    at = min(max(at - len(mark), 1), len(inner) - 1)
    if kind == "pair":
        head, tail = _cut(inner, at) if len(inner) > 1 else (inner, "")
    else:
        head, tail = inner[:at], inner[at:]
    if not head.strip() or not tail.strip():
        return text, ""
    lead, trail = tail[: len(tail) - len(tail.lstrip())], head[len(head.rstrip()) :]
    return f"{mark}{head.rstrip()}{mark}{trail}", f"{lead}{mark}{tail.lstrip()}{mark}"


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
