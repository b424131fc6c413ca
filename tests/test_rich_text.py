"""Neutral rich text: one markup from the core, rendered once per platform, and Slack's
text read back as people see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.console.render import render_text
from adapters.discord import embeds
from adapters.discord.markdown import markdown
from adapters.slack import blocks
from adapters.slack.inbound import mentioned_users, plain_text, readable
from adapters.slack.mrkdwn import mrkdwn
from bot import render
from bot.chat.paging import paginate
from bot.chat.ports import Reply, ReplyField
from bot.chat.text import (
    CodeBlock,
    Mention,
    Run,
    Time,
    code,
    cut,
    em,
    lines,
    link,
    mention,
    parse,
    plain,
    said,
    strong,
    time,
)
from tests.fakes.platform_limits import slack_escaped, slack_unescaped

AT = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
UNIX = int(AT.timestamp())


def test_the_markup_reads_into_spans() -> None:
    text = f"{strong('Model answer')}: {em('mostly')} {code('x < y')} {link('https://a.example/?q=1&r=2', 'docs')}"
    assert parse(text) == [
        Run("Model answer", strong=True),
        Run(": "),
        Run("mostly", em=True),
        Run(" "),
        Run("x < y", code=True),
        Run(" "),
        Run("docs", href="https://a.example/?q=1&r=2"),
    ]
    assert parse("```python\nx = a*b*c\n```") == [CodeBlock("x = a*b*c", "python")]
    assert parse(mention("U1", "Ana") + time(AT, "t", "Europe/Paris")) == [
        Mention("U1", "Ana"),
        Time(AT, "t", "Europe/Paris"),
    ]


@pytest.mark.parametrize("text", ["2 * 3 * 4", "x*y", "a_b_c", "snake_case_name", "** not bold **", "5 *"])
def test_stray_marks_are_text(text: str) -> None:
    assert plain(text) == text


def test_text_people_wrote_never_becomes_markup() -> None:
    name = "<!channel> *x* <@U1> [a](https://evil.example) `c`"
    assert parse(said(name)) == [Run(name, literal=True)]
    assert plain(f"Stats for {said(name)}") == f"Stats for {name}"
    assert strong("*x*") == r"**\*x\***" and plain(strong("*x*")) == "*x*"


def test_slack_escapes_every_text_and_makes_its_own_tokens_after() -> None:
    text = f"p < 0.05 & q > 1 {strong('Key points')} {said('<@U1> *x*')} {mention('UBOB')} {link('https://a.example/?a=1&b=2')}"
    rendered = mrkdwn(text)
    assert rendered.startswith("p &lt; 0.05 &amp; q &gt; 1 *Key points* &lt;@U1&gt; ∗x∗ <@UBOB> ")
    assert rendered.endswith("<https://a.example/?a=1&amp;b=2|https://a.example/?a=1&amp;b=2>")
    assert slack_unescaped(rendered) is None
    assert mrkdwn(time(AT, "t", "Europe/Paris")) == f"<!date^{UNIX}^{{time}}|17:30 CET>"
    assert mrkdwn(time(AT, "R", "UTC", AT - timedelta(hours=3))) == f"<!date^{UNIX}^{{ago}}|in 3 hours>"
    assert mrkdwn("```python\nif a < b: print('&')\n```") == "```\nif a &lt; b: print('&amp;')\n```"
    assert mrkdwn(em("two\nlines")) == "_two_\n_lines_"  # Slack's marks cannot span lines


def test_discord_escapes_markdown_and_mentions_and_shows_timestamps() -> None:
    text = f"{strong('Model answer')} {said('@everyone *x* <@123456789012345678>')} {mention('42')} 2 * 3"
    assert markdown(text) == ("**Model answer** @\u200beveryone \\*x\\* <@\u200b123456789012345678> <@42> 2 \\* 3")
    assert markdown(time(AT, "t")) == f"<t:{UNIX}:t>"
    assert markdown(time(AT, "R")) == f"<t:{UNIX}:R>"
    assert markdown("```python\nx = 1\n```") == "```python\nx = 1\n```"


def test_discord_notifies_exactly_the_people_mentioned() -> None:
    reply = Reply(title="Pairs", body=f"Over to {mention('42', 'Ana')} and {said('@everyone')}", mentions=["7", "42"])
    kwargs = embeds.message_kwargs(reply)
    assert kwargs["content"] == "<@7> <@42>"
    allowed = kwargs["allowed_mentions"].to_dict()
    assert sorted(int(u) for u in allowed["users"]) == [7, 42] and allowed["parse"] == []
    assert "replied_user" not in allowed or allowed["replied_user"] is False


def test_the_console_shows_names_and_the_channels_zone() -> None:
    reply = Reply(
        title="Question",
        body=f"{strong('Why')} ask {mention('U1', 'Ana')}? {code('p < 0.05')}\n```\ncode()\n```",
        fields=[ReplyField("Reveal", time(AT, "t", "America/New_York"))],
    )
    out = render_text(reply)
    assert "Why ask @Ana? p < 0.05" in out and "    code()" in out and "Reveal: 11:30 EST" in out
    assert "*" not in out and "`" not in out


def test_a_question_card_shows_its_reveal_in_each_readers_zone() -> None:
    asked = AT - timedelta(hours=2)
    value = render.reveal_when(AT, asked, "Europe/Paris")
    assert plain(value) == "17:30 CET (in 2 hours)"
    assert markdown(value) == f"<t:{UNIX}:t> (<t:{UNIX}:R>)"
    assert mrkdwn(value) == f"<!date^{UNIX}^{{time}}|17:30 CET> (<!date^{UNIX}^{{ago}}|in 2 hours>)"


def test_cuts_keep_every_span_whole() -> None:
    text = f"aaaa {strong('bold words here')} bbbb {said('cccc dddd')}"
    for at in range(1, len(text)):
        head, tail = cut(text, at)
        assert plain(head) + plain(tail) == plain(text)
    fence = "```\n" + "\n".join(f"line {i}" for i in range(40)) + "\n```"
    head, tail = cut(fence, len(fence) // 2)
    assert isinstance(parse(head)[0], CodeBlock) and isinstance(parse(tail)[0], CodeBlock)
    two = em("two\nthree")
    assert lines(f"one\n{two}\n{fence}\nlast") == ["one", two, fence, "last"]


def test_a_long_code_block_pages_as_code_blocks() -> None:
    body = "Intro\n```python\n" + "\n".join(f"x_{i} = {i} * 2  # & < >" for i in range(400)) + "\n```\nEnd"
    parts = paginate(Reply(title="Model answer", body=body), blocks.fits)
    assert len(parts) > 1
    for part in parts:
        for block in blocks.blocks_for(part):
            text = (block.get("text") or {}).get("text", "")
            assert text.count("```") % 2 == 0 and slack_unescaped(text) is None


def test_slack_text_is_read_as_people_see_it() -> None:
    sent = slack_escaped("p < 0.05 & q > 1, ask <@UBOB> in <#C1|general> <!here> <https://a.example/?a=1&b=2|the docs>")
    assert sent.startswith("p &lt; 0.05 &amp; q &gt; 1")
    assert mentioned_users(sent) == ["UBOB"]
    assert plain_text(sent, {"UBOB": "Bob"}) == "p < 0.05 & q > 1, ask @Bob in #general @here the docs"
    assert plain_text("&amp;lt; stays") == "&lt; stays"
    assert plain_text("<@UBOB|bob> <!subteam^S1|@team> <!date^1^{date}|Dec 1>") == "@bob @team Dec 1"
    assert plain_text("add <@UBOB> &amp; go", keep_mentions=True) == "add <@UBOB> & go"


async def test_names_are_looked_up_for_mentions_without_one() -> None:
    asked: list[str] = []

    async def name_of(user_id: str) -> str:
        asked.append(user_id)
        return {"UBOB": "Bob"}.get(user_id, "")

    assert await readable("<@UBOB> and <@UBOB> and <@UNOONE>", name_of) == "@Bob and @Bob and @UNOONE"
    assert asked == ["UBOB", "UNOONE"]


PIECES = st.one_of(
    st.sampled_from(["**b**", "*e*", "_u_", " `c` ", "[l](https://x.example)", "\\*", "\n", "\n\n", " "]),
    st.just("\n```\nx\n```\n"),  # a fence is a block of its own
    st.text(st.sampled_from("ab *_[]()<>&\n"), max_size=12),  # backtick runs: see code pieces
    st.text(max_size=8).map(said),
    st.sampled_from([mention("U1", "Ana"), time(AT, "t", "UTC")]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join), st.integers(1, 200))
def test_any_cut_reads_as_the_whole(text: str, at: int) -> None:
    if len(text) < 2:
        return
    head, tail = cut(text, min(at, len(text) - 1))
    assert squeeze(plain(head) + plain(tail)) == squeeze(plain(text))
    assert tail or head == text  # an uncuttable text (one link, one mention) stays whole
    assert squeeze("".join(plain(p) for p in lines(text))) == squeeze(plain(text))


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_discord_footers_are_plain_and_titles_write_times_out() -> None:
    reply = Reply(title=f"Due {time(AT, 't', 'UTC')}", body="b", footer=f"Try `/drill ask` {said('*x*')}")
    embed = embeds.embed_for(reply).to_dict()
    assert embed["title"] == "Due 16:30 UTC"  # Discord shows no <t:…> in a title
    assert embed["footer"]["text"] == "Try /drill ask *x*"  # nor markdown in a footer
