"""Commands and buttons through the core's inbound port, as an adapter calls them."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.chat.text import plain
from bot.db.models import Channel
from tests.helpers import ALICE, BOB, BOSS, CAROL, GENERAL, TENANT, make_channel, post_today, rounds_in, shown

GOOD = "You split into folds, hold out each fold once and average the scores."
GOOD_TOO = "Split the data into folds, hold out each fold once for testing, then average the scores."


async def command(bot, text, user=ALICE):  # type: ignore[no-untyped-def]
    return await bot.handle_command(TENANT, GENERAL, user, text)


async def test_help_lists_every_command(bot) -> None:
    reply = await command(bot, "help")
    assert reply.kind == "usage" and reply.private
    for name in ("ask", "today", "reveal", "leaderboard", "stats", "topics", "schedule", "group"):
        assert f"/drill {name}" in shown(reply)


async def test_a_bad_command_gets_its_usage_not_a_crash(bot) -> None:
    reply = await command(bot, "leaderboard sideways")
    assert reply.kind == "usage"
    usage = "/drill leaderboard [week|month|season|all] [channel | group NAME] [chart] [season PREV|2026-Q3]"
    assert f"Usage: `{usage}`" in reply.body


async def test_topics_counts_the_bank(bot) -> None:
    reply = await command(bot, "topics")
    assert "mlops — MLOps: 1 question\n" in shown(reply)


async def test_ask_posts_a_practice_round_the_asker_may_reveal(bot, port) -> None:
    reply = await command(bot, "ask medical-imaging")
    assert "Practice question posted" in reply.body
    (posted,) = port.of_kind("post")
    assert posted.reply.title == "Practice question"
    assert "Dice" in posted.reply.body
    assert "only the person who asked or an admin" in (await command(bot, "reveal", BOB)).body.lower()
    assert "Revealed" in (await command(bot, "reveal", ALICE)).body
    assert len(port.of_kind("thread")) == 1


async def test_only_admins_reveal_the_daily_round_early(bot, port) -> None:
    channel = make_channel(bot)
    await post_today(bot, channel)
    assert "Only admins" in (await command(bot, "reveal", ALICE)).body
    assert "Revealed" in (await command(bot, "reveal", BOSS)).body
    assert "no open question" in (await command(bot, "reveal", BOSS)).body


async def test_today_shows_the_open_question_privately(bot) -> None:
    channel = make_channel(bot, timezone="Europe/Berlin")
    assert "No question of the day here yet today" in (await command(bot, "today")).body
    await post_today(bot, channel)
    reply = await command(bot, "today")
    assert reply.kind == "question" and reply.private
    assert [b.action for b in reply.buttons] == ["hint"]


async def test_leaderboard_ties_share_a_rank_and_scopes_filter(bot) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.handle_reply(TENANT, thread, BOB, GOOD_TOO, "m2")
    await bot.handle_reply(TENANT, thread, CAROL, "split into folds", "m3")
    await bot.reveal_round(round_.id)
    board = await command(bot, "leaderboard")
    assert board.kind == "leaderboard" and not board.private
    lines = [plain(row) for row in board.rows]
    assert lines[0].startswith("1. alice — 4 pts")
    assert lines[1].startswith("1. bob — 4 pts")
    assert lines[2].startswith("3. carol — 2 pts")
    assert "streak 1" in lines[0]
    await command(bot, "group create pairs", ALICE)
    await command(bot, "group join pairs", CAROL)
    group_board = await command(bot, "leaderboard all group pairs")
    assert [plain(row).split(" — ")[0] for row in group_board.rows] == ["1. alice", "2. carol"]
    other_channel = await bot.handle_command(TENANT, GENERAL.__class__("C2", "random"), ALICE, "leaderboard channel")
    assert "No points yet" in other_channel.body


async def test_stats_for_self_and_a_mentioned_teammate(bot) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, BOB, GOOD, "m1")
    await bot.reveal_round(round_.id)
    mine = await command(bot, "stats", ALICE)
    assert plain(mine.title) == "Stats for alice" and mine.private
    bobs = await command(bot, "stats <@U2>", ALICE)
    values = {f.name: f.value for f in bobs.fields}
    assert values["All time"] == "4 pts" and values["Average grade"] == "100%" and values["Streak"] == "1 day"
    assert "don't know that person" in (await command(bot, "stats @nobody")).body


async def test_schedule_changes_are_for_admins(bot) -> None:
    make_channel(bot)
    assert "Only workspace admins" in (await command(bot, "schedule set 08:00", ALICE)).body
    reply = await command(bot, "schedule set 08:30 America/New_York days mon-fri reveal 16:00", BOSS)
    assert reply.title == "Schedule updated"
    assert "08:30 America/New_York" in reply.body and "reveal at 16:00" in reply.body
    assert "Next question: Mon 23 Nov 08:30 EST (in 6 hours)." in plain(reply.body)  # the channel's zone
    await command(bot, "schedule pause", BOSS)
    paused = (await command(bot, "schedule show")).body
    assert "(paused)" in paused and "Next question" not in paused
    await command(bot, "schedule off", BOSS)
    with bot.session() as session:
        row = session.exec(select(Channel).where(Channel.external_id == "C1")).one()
    assert not row.scheduled and row.timezone == "America/New_York"


async def test_groups(bot) -> None:
    assert "Created study group" in (await command(bot, "group create Radiology", ALICE)).body
    assert "already exists" in (await command(bot, "group create radiology", BOB)).body
    assert "joined" in (await command(bot, "group join radiology", BOB)).body
    assert "already in" in (await command(bot, "group join Radiology", BOB)).body
    assert [plain(r) for r in (await command(bot, "group members Radiology")).rows] == ["alice", "bob"]
    assert "Radiology — 2 members" in shown(await command(bot, "group list"))
    assert "You left" in (await command(bot, "group leave Radiology", BOB)).body
    assert "not in" in (await command(bot, "group leave Radiology", BOB)).body
    assert "no study group called x" in (await command(bot, "group join x")).body.lower()


async def test_buttons(bot, port) -> None:
    channel = make_channel(bot)
    round_, _ = await post_today(bot, channel)
    hint = await bot.handle_button(TENANT, GENERAL, ALICE, "hint", str(round_.id))
    assert hint.title == "Hint" and hint.body.startswith("Hint for test-")
    another = await bot.handle_button(TENANT, GENERAL, ALICE, "another", str(round_.id))
    assert "Practice question posted" in another.body
    assert len(rounds_in(bot, channel)) == 2
    assert "Revealed" in (await bot.handle_button(TENANT, GENERAL, BOSS, "reveal", str(round_.id))).body
    assert "no longer available" in (await bot.handle_button(TENANT, GENERAL, BOSS, "explode", "1")).body
    assert "no longer available" in (await bot.handle_button(TENANT, GENERAL, BOSS, "hint", "abc")).body


async def test_an_internal_error_is_a_polite_message(bot, monkeypatch) -> None:
    import bot.commands.handlers as handlers

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database on fire")

    monkeypatch.setattr(handlers, "leaderboard", broken)
    reply = await command(bot, "leaderboard")
    assert "Something went wrong on our side" in reply.body


async def test_practice_rounds_reveal_after_half_an_hour(bot, clock, port) -> None:
    from bot.scheduling.due import tick

    make_channel(bot, scheduled=False)
    await command(bot, "ask")
    clock.advance(timedelta(minutes=29))
    assert (await tick(bot)).revealed == []
    clock.advance(timedelta(minutes=2))
    assert len((await tick(bot)).revealed) == 1


async def test_reveal_is_not_reported_done_while_its_post_failed(bot, port) -> None:
    """Issue 18: the round closes (graded once), but the reveal's post failed, so the
    admin is told it will appear, not that it is in the thread; the tick posts it."""
    from bot.scheduling.due import tick

    channel = make_channel(bot)
    round_, _ = await post_today(bot, channel)
    port.fail_next(3)  # every try of the reveal's post
    reply = await command(bot, "reveal", BOSS)
    assert "Revealed" not in reply.body
    assert "couldn't post the reveal" in reply.body and "keep trying" in reply.body
    assert port.of_kind("thread") == []
    await tick(bot)
    assert len(port.of_kind("thread")) == 1
    assert "no open question" in (await command(bot, "reveal", BOSS)).body


async def test_reveal_on_a_channel_the_platform_refused_says_why(bot, port) -> None:
    from bot.chat.errors import PermanentSendError

    channel = make_channel(bot)
    await post_today(bot, channel)

    async def refuse(ref, reply):  # type: ignore[no-untyped-def]
        raise PermanentSendError("not_in_channel", "Invite Drillbot to {channel}.")

    port.reply_in_thread = refuse
    reply = await command(bot, "reveal", BOSS)
    assert reply.body.startswith("I can't post here.") and "Invite Drillbot" in reply.body
