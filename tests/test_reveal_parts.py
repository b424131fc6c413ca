"""A reveal in several parts, each a keyed send: a crash between parts resumes at the
missing part; local mode prints any size whole; every list card (leaderboard,
summary, groups, members, help, topics) continues over parts on Slack and Discord
with 300 rows, within the limits the fakes enforce."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.console.port import ConsolePort
from adapters.discord import embeds
from adapters.slack import blocks
from bot import render
from bot.chat.ports import MessageRef, Reply
from bot.chat.text import plain, said
from bot.scheduling.due import tick
from bot.usecases.leaderboard import LeaderRow
from bot.usecases.leases import LEASE
from bot.usecases.stats import MemberStats
from bot.usecases.summary import WeekData
from tests.fakes.chat import Crash, RecordingPort
from tests.fakes.platform_limits import discord_refusal, slack_refusal
from tests.helpers import TENANT, make_channel, post_today, rounds_in
from tests.reveal_helpers import answer_many, name_of


@dataclass
class CrashOnSecondPart(RecordingPort):
    """Delivers the reveal's second part, then dies before the core records anything."""

    crashed: bool = False

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        sent = await super().reply_in_thread(ref, reply)
        if not self.crashed and reply.key.endswith("-2"):
            self.crashed = True
            raise Crash("killed between two parts of the reveal")
        return sent


async def test_a_crash_between_parts_resumes_at_the_missing_part(bot, clock) -> None:  # type: ignore[no-untyped-def]
    port = CrashOnSecondPart(rows_per_page=5)
    bot.ports = {"test": port}
    channel = make_channel(bot, timezone="UTC", post_time="08:00", reveal_after_minutes=60)
    round_, thread = await post_today(bot, channel)
    await answer_many(bot, TENANT, thread, 12, lambda i: f"U{i}")
    clock.advance(timedelta(hours=1))
    with pytest.raises(Crash):
        await tick(bot)
    assert [s.reply.key for s in port.of_kind("thread")] == [f"reveal-{round_.id}", f"reveal-{round_.id}-2"]

    clock.advance(LEASE + timedelta(seconds=1))
    await tick(bot)
    keys = [s.reply.key for s in port.of_kind("thread")]
    assert keys == [f"reveal-{round_.id}", f"reveal-{round_.id}-2", f"reveal-{round_.id}-3"]
    rows = [plain(r) for s in port.of_kind("thread") for r in s.reply.rows]
    assert sorted(r.split(". ", 1)[1].split(" —")[0] for r in rows) == [name_of(i) for i in range(1, 13)]
    assert port.of_kind("thread")[-1].reply.footer.startswith("12 answered.")
    assert rounds_in(bot, channel)[0].reveal_posted_at is not None


@pytest.mark.parametrize("answers", [1, 20, 60, 300])
async def test_local_mode_prints_a_reveal_of_any_size_whole(bot, answers: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    bot.ports = {"test": ConsolePort(out, lambda: "now", tmp_path)}
    channel = make_channel(bot, timezone="UTC", post_time="08:00", reveal_after_minutes=60)
    round_, thread = await post_today(bot, channel)
    await answer_many(bot, TENANT, thread, answers, lambda i: f"U{i}")
    assert await bot.reveal_round(round_.id)
    printed = out.getvalue()
    for i in range(1, answers + 1):
        assert len(re.findall(re.escape(name_of(i)) + " —", printed)) == 1
    assert f"{answers} answered." in printed and "/feedback (my feedback)" in printed


def rows_of(n: int) -> list[LeaderRow]:
    name = "<!channel> *x* @everyone"
    return [LeaderRow(i, i, f"{name} {i:03d}", 1000 - i, 3, 0.5, 2) for i in range(1, n + 1)]


def list_cards() -> list[Reply]:
    people = [said(f"Person {i:03d} **bold** <@U1>") for i in range(1, 301)]
    week = WeekData(rows=rows_of(300), coverage={"evaluation": 0.5, "mlops": 0.2})
    return [
        render.leaderboard_card("Team leaderboard, all time", rows_of(300)),
        render.summary_card("Week of 23 Nov", week),
        render.list_card("Study groups", [f"{p} — 4 members" for p in people]),
        render.list_card("pairs members", people),
        render.list_card("Review queue", [f"{p} — due Mon 30 Nov" for p in people]),
        render.help_card(),
        render.topics_card({}),
    ]


@pytest.mark.parametrize("platform", ["slack", "discord"])
def test_every_list_card_continues_over_parts_within_the_limits(platform: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(render, "leaderboard_chart", lambda *args: b"PNG")  # the chart is tested elsewhere
    for card in list_cards():
        card.image = None  # the chart is uploaded apart
        parts = (blocks.pages if platform == "slack" else embeds.pages)(card)
        assert [r for p in parts for r in p.rows] == card.rows, card.title
        assert "".join(p.footer for p in parts) == card.footer
        for i, part in enumerate(parts):
            part = replace(part, key=f"list-{i}")
            if platform == "slack":
                assert slack_refusal({"text": blocks.fallback_text(part), "blocks": blocks.blocks_for(part)}) is None
                assert "<!channel>" not in str(blocks.blocks_for(part))
            else:
                assert discord_refusal(embeds.payload_for(part)) is None
                assert "@everyone" not in str(embeds.payload_for(part))  # escaped: @\u200beveryone
        if len(card.rows) == 300 and platform == "discord":
            assert len(parts) > 1


def test_stats_and_home_names_are_inert() -> None:
    stats = MemberStats("<@123456789012345678> *x* @everyone", 3, 10, 4, 0.5, 2, {"evaluation": 0.8, "mlops": 0.3})
    for card in (render.stats_card(stats), render.home_card(stats, datetime(2026, 12, 1, tzinfo=UTC), "UTC")):
        header = blocks.blocks_for(card)[0]["text"]
        assert header["type"] == "plain_text"  # Slack never formats or mentions in plain_text
        assert "&lt;@123456789012345678&gt; ∗x∗ @everyone" in blocks.fallback_text(card)
        assert "<@\u200b123456789012345678> \\*x\\* @\u200beveryone" in embeds.embed_for(card).title  # type: ignore[operator]


async def test_details_setting_is_for_admins_and_shows_points_in_the_reveal(bot, port) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import ALICE, BOSS, GENERAL, shown

    channel = make_channel(bot, timezone="UTC", post_time="08:00", reveal_after_minutes=60)
    assert "Only workspace admins" in shown(await bot.handle_command(TENANT, GENERAL, ALICE, "schedule details public"))
    bad = await bot.handle_command(TENANT, GENERAL, BOSS, "schedule details loud")
    assert bad.kind == "usage" and "details public" in bad.body
    assert "privately" in shown(await bot.handle_command(TENANT, GENERAL, ALICE, "schedule show"))
    done = await bot.handle_command(TENANT, GENERAL, BOSS, "schedule details public")
    assert not done.private and "covered and missed points" in shown(done)
    round_, thread = await post_today(bot, channel)
    await answer_many(bot, TENANT, thread, 2, lambda i: f"U{i}")
    assert await bot.reveal_round(round_.id)
    (reveal,) = port.of_kind("thread")
    assert all(re.search(r"\n    (✓ covered|◐ partly|✗ missed|⚠ contradicted) — ", r) for r in reveal.reply.rows)


async def test_feedback_command_input_is_checked(bot) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import ALICE, GENERAL, shown

    make_channel(bot)
    assert (await bot.handle_command(TENANT, GENERAL, ALICE, "feedback ²")).kind == "usage"
    assert (await bot.handle_command(TENANT, GENERAL, ALICE, "feedback 1 2")).kind == "usage"
    assert "no question 999" in shown(await bot.handle_command(TENANT, GENERAL, ALICE, "feedback 999")).lower()
    assert "That button is no longer available" in shown(
        await bot.handle_button(TENANT, GENERAL, ALICE, "feedback", "x")
    )
