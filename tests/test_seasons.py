"""Issue #16, season winners: when a season ends each scheduled channel gets one winners
card (top 3, most improved, longest streak), and past seasons stay on the boards
(`/drill leaderboard season PREV`, `season 2026-Q3`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from bot.chat.ports import ThreadRef
from bot.db.models import SeasonCard
from bot.scheduling.due import tick
from tests.helpers import ALICE, BOB, BOSS, GENERAL, TENANT, make_channel, rounds_in
from tests.helpers import shown as text_of

GOOD = "You split into folds, hold out each fold once and average the scores."
WEAK = "Folds."


async def play_days(bot, clock, channel: int, days: int, answers: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Tick hour by hour for `days`; every posted question gets `answers` (user -> text)."""
    for _ in range(days * 24):
        report = await tick(bot)
        for channel_id in report.posted:
            round_ = rounds_in(bot, channel_id)[-1]
            for user, text in answers.items():
                thread = ThreadRef(GENERAL.id, round_.thread_id)  # type: ignore[arg-type]
                await bot.handle_reply(TENANT, thread, user, text, f"m{round_.id}{user.id}")
        clock.advance(timedelta(hours=1))


async def test_a_season_ends_with_one_winners_card_per_channel(bot, clock, port) -> None:
    clock.advance(datetime(2026, 12, 21, 8, 0, tzinfo=UTC) - clock.now())  # Q4's last weeks
    channel = make_channel(bot, post_time="09:00", reveal_after_minutes=120)
    await play_days(bot, clock, channel, 4, {ALICE: GOOD, BOB: WEAK})
    await play_days(bot, clock, channel, 3, {ALICE: GOOD})
    clock.advance(datetime(2027, 1, 1, 0, 30, tzinfo=UTC) - clock.now())  # Q1 2027 begins
    await tick(bot)
    await tick(bot)  # again, and from a second process's point of view: nothing more
    cards = [s.reply for s in port.of_kind("post") if s.reply.title.startswith("Season")]
    assert len(cards) == 1
    card = text_of(cards[0])
    assert "Season 2026-Q4: the winners" in card
    assert card.index("alice") < card.index("bob")
    assert "Longest streak:" in card and "alice (5 questions of the day in a row)" in card
    with bot.session() as session:
        statuses = dict(session.exec(select(SeasonCard.season_start, SeasonCard.status)).all())
    assert statuses == {date(2026, 7, 1): "empty", date(2026, 10, 1): "posted"}  # Q3 had no points here

    board = text_of(await bot.handle_command(TENANT, GENERAL, BOSS, "leaderboard season prev"))
    assert "Team leaderboard, season 2026-Q4" in board and "alice" in board and "bob" in board
    same = text_of(await bot.handle_command(TENANT, GENERAL, BOSS, "leaderboard season 2026-Q4 channel"))
    assert "This channel leaderboard, season 2026-Q4" in same and "alice" in same
    now = text_of(await bot.handle_command(TENANT, GENERAL, BOSS, "leaderboard season"))
    assert "alice" not in now  # the new season starts empty


async def test_a_season_without_points_posts_no_card(bot, clock, port) -> None:
    make_channel(bot)
    clock.advance(timedelta(days=100))
    await tick(bot)
    assert not [s for s in port.of_kind("post") if s.reply.title.startswith("Season")]


async def test_bad_season_names_get_a_clear_message(bot) -> None:
    make_channel(bot)
    future = await bot.handle_command(TENANT, GENERAL, ALICE, "leaderboard season 2031-Q1")
    assert "has not started yet" in future.body
    current = await bot.handle_command(TENANT, GENERAL, ALICE, "leaderboard season 2026-Q4")
    assert "part of this season" in current.body
    for text, problem in [
        ("leaderboard season 2026-Q7", "not a season"),
        ("leaderboard 2026-Q3", "Say `season 2026-q3`"),
        ("leaderboard season prev season", "Give one period"),
    ]:
        reply = await bot.handle_command(TENANT, GENERAL, ALICE, text)
        assert problem in reply.body, (text, reply.body)


async def test_most_improved_is_the_biggest_rise_of_the_average_grade(bot, clock) -> None:
    from bot.db.models import Answer, Member, Round, Workspace
    from bot.usecases import seasons
    from bot.usecases.totals import Entry, write_points

    channel = make_channel(bot)
    for user in (ALICE, BOB):
        await bot.handle_command(TENANT, GENERAL, user, "stats")  # both are members
    scores = {  # (quarter's day, member) -> grade
        (date(2026, 8, 3), "alice"): 0.2,
        (date(2026, 8, 3), "bob"): 0.7,
        (date(2026, 11, 2), "alice"): 0.9,
        (date(2026, 11, 2), "bob"): 0.8,
    }
    with bot.session() as session:
        members = {m.display_name: m.id for m in session.exec(select(Member))}
        for (day, name), score in scores.items():
            at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            round_ = Round(
                workspace_id=1, channel_id=channel, question_id="test-folds", kind="practice", status="revealed",
                created_at=at, posted_at=at, revealed_at=at,
            )  # fmt: skip
            session.add(round_)
            session.flush()
            member = members[name]
            answer = Answer(workspace_id=1, round_id=round_.id, member_id=member, score=score)  # type: ignore[arg-type]
            answer.created_at = answer.updated_at = at
            session.add(answer)
            write_points(session, [Entry(1, channel, round_.id, members[name], "coverage", round(score * 3), at)])  # type: ignore[arg-type]
    clock.advance(datetime(2027, 1, 2, tzinfo=UTC) - clock.now())
    with bot.session() as session:
        workspace = session.get_one(Workspace, 1)
        found = seasons.winners(session, workspace, channel, date(2026, 10, 1), clock.now())
    assert [row.name for row in found.top] == ["alice", "bob"]
    assert found.improved is not None and found.improved[0] == "alice" and round(found.improved[1], 2) == 0.7
