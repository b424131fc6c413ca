"""Neutral rich text (bot/chat/text.py) as Slack mrkdwn: the one place Drillbot writes it.

Every piece of text gets Slack's documented escaping (`&` `<` `>`), so `p < 0.05`
shows as written and no text can become a mention, a link or a command; our own
mentions, links and dates are produced after escaping. Slack's mrkdwn has no escape
for its formatting marks, so in text people wrote they are swapped for look-alikes.
"""

from __future__ import annotations

import re
from itertools import groupby

from bot.chat.rich import mark_lines
from bot.chat.text import CodeBlock, Mention, Run, Span, Time, local, parse, plain, said

USER_ID = re.compile(r"^[UW][A-Z0-9]{1,30}$")
INERT = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})
# Slack's date tokens for each neutral style (https://api.slack.com/reference/surfaces/formatting#date-formatting)
DATE_TOKENS = {
    "t": "{time}",
    "T": "{time_secs}",
    "d": "{date_num}",
    "D": "{date_long}",
    "f": "{date_short_pretty} {time}",
    "F": "{date_long_pretty} {time}",
    "R": "{ago}",
}


def escape(text: str) -> str:
    """Slack's three control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str, name: str = "") -> str:
    """A mention that notifies; anything that is not a Slack user id shows as text."""
    return f"<@{user_id}>" if USER_ID.match(user_id) else escape("@" + (name or user_id)).translate(INERT)


def date(span: Time) -> str:
    """`<!date^UNIX^{time}|16:30 CET>`: each reader's zone, the channel's as fallback."""
    fallback = escape(local(span.at, span.style, span.tz, span.since)).replace("|", "/")
    return f"<!date^{int(span.at.timestamp())}^{DATE_TOKENS.get(span.style, DATE_TOKENS['f'])}|{fallback}>"


def _styled(text: str, strong: bool, em: bool) -> str:
    """Slack's marks must touch the words and cannot span lines: each line wrapped."""
    marks = ("_",) * em + ("*",) * strong
    return mark_lines(text, *marks)


def span(piece: Span) -> str:
    if isinstance(piece, Mention):
        return mention(piece.user_id, piece.name)
    if isinstance(piece, Time):
        return date(piece)
    if isinstance(piece, CodeBlock):
        return "```\n" + escape(piece.text).replace("```", "\u02cb\u02cb\u02cb") + "\n```"
    return run(piece)


def run(piece: Run) -> str:
    if piece.code:
        return f"`{escape(piece.text).replace('`', chr(0x2CB))}`"
    text = escape(piece.text)
    if piece.href is not None:
        url = escape(piece.href).replace("|", "%7C")
        return f"<{url}|{text.translate(INERT)}>"
    return text.translate(INERT) if piece.literal else text


def style(piece: Span) -> tuple[bool, bool]:
    return (piece.strong, piece.em) if isinstance(piece, Run) else (False, False)


def mrkdwn(text: str) -> str:
    """Neutral text as Slack mrkdwn: neighbouring pieces of one style marked once."""
    return "".join(_styled("".join(span(p) for p in group), *key) for key, group in groupby(parse(text), style))


def bold(text: str, limit: int) -> str:
    """A label of ours (a field's name) in bold, shortened (shown literally) to `limit`
    should it ever be that long."""
    rendered, words, size = _styled(mrkdwn(text), True, False), plain(text), limit
    while len(rendered) > limit and size > 0:
        size = size * 3 // 4
        rendered = _styled(mrkdwn(said(words[:size].strip())), True, False) + "…"
    return rendered
