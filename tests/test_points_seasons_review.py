"""Issue #8's rules: per-workspace points, streak bonus across weekends and a
daylight-saving change, seasons, FSRS review, group practice rounds, charts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from bot.chat.text import plain
from bot.core import Drillbot
from bot.db.models import ReviewCard, ScoreEvent
from bot.scheduling.due import tick
from tests.helpers import ALICE, BOB, BOSS, CAROL, GENERAL, TENANT, make_channel, rounds_in
from tests.helpers import shown as text_of

GOOD = "You split into folds, hold out each fold once and average the scores."
PNG = b"\x89PNG\r\n\x1a\n"


async def command(bot: Drillbot, text: str, user=ALICE):  # type: ignore[no-untyped-def]
    return await bot.handle_command(TENANT, GENERAL, user, text)


def move_to(clock, at: datetime) -> None:  # type: ignore[no-untyped-def]
    clock.advance(at - clock.now())


def ledger(bot: Drillbot) -> list[tuple[str, str, int]]:
    from bot.db.models import Member

    with bot.session() as session:
        rows = session.exec(
            select(Member.display_name, ScoreEvent.reason, ScoreEvent.points)
            .join(Member, Member.id == ScoreEvent.member_id)
            .order_by(ScoreEvent.id)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


async def answer_each_day(bot: Drillbot, clock, channel: int, days: int, who=ALICE) -> list[date]:  # type: ignore[no-untyped-def]
    """Tick hour by hour; answer every question of the day as it is posted, and let the
    scheduler reveal it. Returns the local dates answered."""
    answered = []
    for _ in range(days * 24):
        report = await tick(bot)
        for channel_id in report.posted:
            round_ = rounds_in(bot, channel_id)[-1]
            from bot.chat.ports import ThreadRef

            await bot.handle_reply(TENANT, ThreadRef(GENERAL.id, round_.thread_id), who, GOOD, f"m{round_.id}")
            answered.append(round_.local_date)
        clock.advance(timedelta(hours=1))
    return answered


async def test_admins_set_point_rules_per_workspace(bot, clock) -> None:
    denied = await command(bot, "points set coverage 5")
    assert "Only workspace admins" in denied.body
    shown = await command(bot, "points set coverage 5", BOSS)
    assert "up to 5" in shown.body and not shown.private
    assert "up to 21" not in (await command(bot, "points set coverage 21", BOSS)).body
    await command(bot, "points set kudos-cap 1", BOSS)
    channel = make_channel(bot, topics="evaluation")
    assert await bot.post_daily(channel, date(2026, 11, 23))
    (round_,) = rounds_in(bot, channel)
    from bot.chat.ports import ThreadRef

    await bot.handle_reply(TENANT, ThreadRef("C1", round_.thread_id), ALICE, GOOD, "m1")
    await bot.handle_reaction(TENANT, "C1", "m1", BOB, "+1", True)
    await bot.handle_reaction(TENANT, "C1", "m1", CAROL, "+1", True)
    await bot.reveal_round(round_.id)
    assert ledger(bot) == [("alice", "answer", 1), ("alice", "coverage", 5), ("alice", "kudos", 1)]
    reset = await command(bot, "points reset", BOSS)
    assert "up to 3" in reset.body and "up to 3 per answer" in reset.body


async def test_a_streak_bonus_survives_the_weekend(bot, clock) -> None:
    """Mon-Fri schedule: Thu, Fri, then Monday is a three-day streak."""
    move_to(clock, datetime(2026, 11, 26, 0, 0, tzinfo=UTC))  # Thursday
    channel = make_channel(bot, timezone="UTC", post_time="09:00", weekdays="mon,tue,wed,thu,fri", topics="evaluation")
    answered = await answer_each_day(bot, clock, channel, days=5)
    assert [d.strftime("%a") for d in answered] == ["Thu", "Fri", "Mon"]
    bonuses = [row for row in ledger(bot) if row[1] == "streak"]
    assert bonuses == [("alice", "streak", 1)]  # on Monday, the third day
    board = await command(bot, "leaderboard all")
    assert "streak 3" in text_of(board)


async def test_a_streak_counts_across_a_daylight_saving_change(bot, clock) -> None:
    """Berlin leaves summer time on Sunday 2026-10-25; a 09:00 schedule keeps its
    local time on both sides and the streak runs on."""
    move_to(clock, datetime(2026, 10, 23, 0, 0, tzinfo=UTC))  # Friday
    channel = make_channel(bot, timezone="Europe/Berlin", post_time="09:00", topics="evaluation")
    answered = await answer_each_day(bot, clock, channel, days=5)
    assert [d.isoformat() for d in answered] == ["2026-10-23", "2026-10-26", "2026-10-27"]
    posted_hours = [r.posted_at.hour for r in rounds_in(bot, channel)]
    assert posted_hours == [7, 8, 8]  # 09:00 CEST, then 09:00 CET
    assert [row for row in ledger(bot) if row[1] == "streak"] == [("alice", "streak", 1)]


async def test_a_missed_day_breaks_the_streak(bot, clock) -> None:
    channel = make_channel(bot, timezone="UTC", post_time="09:00", topics="evaluation")
    await answer_each_day(bot, clock, channel, days=2)
    for _ in range(24):  # Wednesday's question is posted and revealed; nobody answers
        await tick(bot)
        clock.advance(timedelta(hours=1))
    await answer_each_day(bot, clock, channel, days=1)
    board = await command(bot, "leaderboard all")
    assert "streak 1" in text_of(board)


async def test_seasons_start_on_a_quarter_or_when_an_admin_says(bot, clock) -> None:
    shown = await command(bot, "season")
    assert "Thu 01 Oct 2026 (calendar quarter)" in shown.body
    assert "Only workspace admins" in (await command(bot, "season start")).body
    assert "not in the future" in (await command(bot, "season start 2027-01-01", BOSS)).body
    channel = make_channel(bot, topics="evaluation")
    await answer_each_day(bot, clock, channel, days=1)
    started = await command(bot, "season start", BOSS)
    assert "Tue 24 Nov 2026 (set by an admin)" in started.body  # the clock moved a day
    assert "No points yet" in (await command(bot, "leaderboard season")).body
    assert "alice" in text_of(await command(bot, "leaderboard all"))
    await command(bot, "season quarters", BOSS)
    assert "alice" in text_of(await command(bot, "leaderboard season"))


async def test_review_sends_the_most_overdue_question_and_schedules_the_next(bot, clock) -> None:
    assert "Nothing to review yet" in (await command(bot, "review")).body
    channel = make_channel(bot, topics="evaluation")
    await answer_each_day(bot, clock, channel, days=1)
    with bot.session() as session:
        (card,) = session.exec(select(ReviewCard)).all()
    assert card.due > clock.now()
    assert "Nothing is due" in (await command(bot, "review")).body
    assert "no review question waiting" in (await command(bot, "answer folds")).body

    move_to(clock, card.due + timedelta(minutes=1))
    asked = await command(bot, "review")
    assert asked.kind == "review" and asked.private and "/drill answer" in asked.footer
    graded = await command(bot, "answer it's about folds: hold each fold out once, train on the rest, average")
    assert graded.kind == "review" and graded.private
    fields = {f.name: f.value for f in graded.fields}
    assert fields["Grade"].endswith("%") and "Next review" in fields
    with bot.session() as session:
        again = session.exec(select(ReviewCard)).one()
    assert again.due > card.due and again.asked_at is None and again.last_review == clock.now()


async def test_a_practice_round_aimed_at_a_group_mentions_its_members(bot, port) -> None:
    await command(bot, "group create pairs", ALICE)
    await command(bot, "group join pairs", BOB)
    reply = await command(bot, "ask evaluation group pairs", CAROL)
    assert "Practice question posted" in reply.body
    (post,) = port.of_kind("post")
    assert plain(post.reply.title) == "Practice question for pairs"
    assert post.reply.mentions == ["U1", "U2"]  # adapters put them where mentions notify
    assert "no study group called nobody" in (await command(bot, "ask group nobody")).body


async def test_leaderboard_chart_is_a_png_for_the_channel(bot, clock) -> None:
    channel = make_channel(bot, topics="evaluation")
    await answer_each_day(bot, clock, channel, days=1)
    chart = await command(bot, "leaderboard week chart")
    assert chart.image is not None and chart.image.startswith(PNG)
    assert not chart.private and "alice" in text_of(chart)


async def test_the_weekly_summary_is_posted_once_on_monday_with_a_chart(bot, clock, port) -> None:
    make_channel(bot, timezone="Europe/Berlin", post_time="09:00", topics="evaluation")
    await answer_each_day(bot, clock, 1, days=7)  # Mon 23 to Sun 29 Nov
    summaries = [s for s in port.of_kind("post") if s.reply.kind == "summary"]
    assert summaries == []
    await answer_each_day(bot, clock, 1, days=1)  # Monday 30 Nov, 09:00 Berlin
    (summary,) = [s for s in port.of_kind("post") if s.reply.kind == "summary"]
    assert summary.reply.image.startswith(PNG)
    assert "Week of 23 Nov" in summary.reply.title and "1. alice" in text_of(summary.reply)
    await answer_each_day(bot, clock, 1, days=1)
    assert len([s for s in port.of_kind("post") if s.reply.kind == "summary"]) == 1


async def test_a_quiet_week_gets_no_summary(bot, clock, port) -> None:
    make_channel(bot, timezone="UTC", post_time="09:00", paused=True)
    move_to(clock, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    await tick(bot)
    assert port.of_kind("post") == []
