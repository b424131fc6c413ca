"""Neutral rich text (bot/chat/text.py) as Discord markdown: the one place Drillbot writes it.

Every piece of text has its markdown and its @everyone/@here/user mentions escaped, so a
name like `*x* @everyone` shows as written and pings nobody; our own styles, mentions
and timestamps (`<t:UNIX:t>`, which each reader sees in their own zone) are produced
after escaping. Who is notified is decided by `allowed_mentions` (adapters/discord/embeds.py).
"""

from __future__ import annotations

import re
from itertools import groupby

import discord

from bot.chat.rich import mark_lines
from bot.chat.text import CodeBlock, Mention, Run, Span, Time, local, parse

SNOWFLAKE = re.compile(r"^\d{1,21}$")


def inert(text: str) -> str:
    """Text that must not format or mention: markdown and mentions escaped."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def mention(user_id: str, name: str = "") -> str:
    return f"<@{user_id}>" if SNOWFLAKE.match(user_id) else inert("@" + (name or user_id))


def _styled(text: str, strong: bool, em: bool) -> str:
    """Marks that touch the words, one line at a time."""
    marks = ("*",) * em + ("**",) * strong
    return mark_lines(text, *marks)


def span(piece: Span, *, timestamps: bool = True) -> str:
    if isinstance(piece, Mention):
        return mention(piece.user_id, piece.name)
    if isinstance(piece, Time):
        if not timestamps:
            return inert(local(piece.at, piece.style, piece.tz, piece.since))
        return f"<t:{int(piece.at.timestamp())}:{piece.style}>"
    if isinstance(piece, CodeBlock):
        return f"```{piece.lang}\n" + piece.text.replace("```", "\u02cb\u02cb\u02cb") + "\n```"
    if piece.code:
        fence = "``" if "`" in piece.text else "`"
        return f"{fence} {piece.text} {fence}" if fence == "``" else f"`{piece.text}`"
    if piece.href is not None:
        return f"[{inert(piece.text)}]({piece.href})"
    return inert(piece.text)


def style(piece: Span) -> tuple[bool, bool]:
    return (piece.strong, piece.em) if isinstance(piece, Run) else (False, False)


def markdown(text: str, *, timestamps: bool = True) -> str:
    """Neutral text as Discord markdown. Discord shows `<t:…>` in descriptions and
    fields but not in titles: there (`timestamps=False`) a time is written in the
    channel's zone. (Footers show no markdown at all: they get plain text.)"""
    groups = groupby(parse(text), style)
    return "".join(_styled("".join(span(p, timestamps=timestamps) for p in group), *key) for key, group in groups)


def mentioned(text: str) -> list[str]:
    """The Discord users a neutral text mentions, in order."""
    return [p.user_id for p in parse(text) if isinstance(p, Mention) and SNOWFLAKE.match(p.user_id)]
