"""Property test: any Reply (long texts, many fields, rows and buttons, Unicode,
markdown, text people wrote) renders on Slack and on Discord as messages that fit
every documented limit, and nothing of it is lost: every row, field, button, mention
and the footer are somewhere in the parts, in order."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from adapters.discord import embeds
from adapters.discord import limits as discord_limits
from adapters.slack import blocks
from adapters.slack import limits as slack_limits
from bot.chat.ports import Button, Reply, ReplyField
from bot.chat.text import plain, said
from tests.fakes.platform_limits import discord_refusal, slack_refusal

CHARS = st.characters(blacklist_categories=("Cs",))
MARKDOWN = st.sampled_from(
    ["*bold*", "**bold**", "_it_", "`code`", "<@U1>", "<!channel>", "@everyone", "&amp;", "> q", "\n"]
)
WORDS = st.lists(st.one_of(st.text(CHARS, max_size=40), MARKDOWN), max_size=12).map(" ".join)


def _text(max_size: int) -> st.SearchStrategy[str]:
    long = st.tuples(st.sampled_from("ab é😀<&*\n"), st.integers(1, max_size)).map(lambda t: t[0] * t[1])
    piece = st.one_of(WORDS, WORDS.map(said), long, st.text(CHARS, max_size=200))
    return st.lists(piece, max_size=4).map("".join)


REPLIES = st.builds(
    Reply,
    title=_text(400),
    body=_text(9000),
    fields=st.lists(st.builds(ReplyField, name=_text(300), value=_text(2500), inline=st.booleans()), max_size=30),
    buttons=st.lists(
        st.builds(
            Button,
            label=_text(100),
            action=st.sampled_from(["hint", "reveal", "feedback", "another"]),
            value=st.integers(1, 10**9).map(str),
        ),
        max_size=30,
    ),
    footer=_text(3000),
    kind=st.sampled_from(["info", "question", "reveal", "leaderboard"]),
    rows=st.lists(_text(1500), max_size=120),
    mentions=st.lists(
        st.one_of(st.from_regex(r"U[A-Z0-9]{8}", fullmatch=True), st.integers(10**16, 10**18).map(str)), max_size=150
    ),
)
SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", plain(text))


def assert_nothing_lost(reply: Reply, parts: list[Reply]) -> None:
    assert squeeze("".join(r for p in parts for r in p.rows)) == squeeze("".join(reply.rows))
    assert squeeze("".join(p.body for p in parts)) == squeeze(reply.body)
    assert squeeze("".join(f.value for p in parts for f in p.fields)) == squeeze("".join(f.value for f in reply.fields))
    assert [b for p in parts for b in p.buttons] == reply.buttons
    assert [m for p in parts for m in p.mentions] == reply.mentions
    assert squeeze("".join(p.footer for p in parts)) == squeeze(reply.footer)
    if reply.footer.strip():
        assert parts[-1].footer, "the footer ends the last part"


@SLOW
@given(REPLIES)
@example(Reply(footer="****"))  # markup alone renders to an empty text, which Slack refuses
def test_every_slack_part_fits_and_nothing_is_lost(reply: Reply) -> None:
    parts = blocks.pages(reply)
    for part in parts:
        part.key = "reveal-123-45"
        text, rendered = blocks.fallback_text(part), blocks.blocks_for(part)
        assert slack_limits.violations(text, rendered) == []
        assert slack_refusal({"text": text, "blocks": rendered}) is None
    assert_nothing_lost(reply, parts)


@SLOW
@given(REPLIES)
def test_every_discord_part_fits_and_nothing_is_lost(reply: Reply) -> None:
    parts = embeds.pages(reply)
    for i, part in enumerate(parts):
        payload = embeds.payload_for(replace(part, key=f"reveal-1234567-{i + 1}"))
        assert discord_limits.violations(payload) == []
        assert discord_refusal(payload) is None
    assert_nothing_lost(reply, parts)


def test_three_hundred_rows_continue_over_parts_on_both_platforms() -> None:
    rows = [f"{i}. {said('Person ' + str(i) + ' *x* <@U1> @everyone')} — 72% · +12 pts" for i in range(1, 301)]
    reply = Reply(kind="leaderboard", title="Team leaderboard", rows=rows, footer="300 answered.")
    for pages in (blocks.pages, embeds.pages):
        parts = pages(reply)
        assert [r for p in parts for r in p.rows] == rows
        assert parts[-1].footer == "300 answered." and all(not p.footer for p in parts[:-1])
    assert len(embeds.pages(reply)) > 1  # 6,000 characters a message on Discord
