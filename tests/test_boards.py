"""Leaderboards from per-member totals: who is on them, "answered", ties at the cut,
the rebuild command and the migration's backfill."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from bot import render
from bot.chat.ports import UserRef
from bot.chat.text import plain
from bot.db import migrate
from bot.db.engine import make_engine
from bot.db.models import PointTotal, ScoreEvent, Workspace
from bot.usecases.directory import ensure_member
from bot.usecases.leaderboard import leaderboard
from bot.usecases.totals import Entry, write_points
from tests.helpers import ALICE, BOB, CAROL, TENANT, drillbot, make_channel, post_today
from tests.test_migrations import scratch_url  # noqa: F401  (the fixture)

GOOD = "You split into folds, hold out each fold once and average the scores."


def board_text(reply) -> str:  # type: ignore[no-untyped-def]
    """A leaderboard card's lines, as plain text."""
    return plain("\n".join(reply.rows))


async def command(bot, text: str, user: UserRef = ALICE):  # type: ignore[no-untyped-def]
    from tests.helpers import GENERAL

    return await bot.handle_command(TENANT, GENERAL, user, text)


async def test_everyone_who_answered_before_the_reveal_is_on_the_board_even_with_zero_points(bot) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.handle_reply(TENANT, thread, BOB, GOOD.upper(), "m2")  # a copy of alice's reply: 0 points
    await bot.reveal_round(round_.id)
    await bot.handle_reply(TENANT, thread, CAROL, GOOD, "m3")  # late: kept, earns nothing, not answered
    body = board_text(await command(bot, "leaderboard"))
    lines = body.splitlines()
    assert lines[0].startswith("1. alice — 4 pts · 1 answered · avg")
    assert lines[1].startswith("2. bob — 0 pts · 1 answered · avg 0%")
    assert "carol" not in body


async def test_zero_points_for_answering_still_counts_the_answer(bot) -> None:
    from tests.helpers import BOSS

    channel = make_channel(bot, topics="evaluation")
    await command(bot, "points set answer 0", BOSS)
    await command(bot, "points set coverage 0", BOSS)
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.reveal_round(round_.id)
    assert board_text(await command(bot, "leaderboard")).startswith("1. alice — 0 pts · 1 answered")


def _members_with_points(bot, points: list[int]) -> int:  # type: ignore[no-untyped-def]
    """Members user0, user1, ... with the given points this week, written as the reveal does."""
    channel_id = make_channel(bot)
    now = bot.clock.now()
    with bot.session() as session:
        workspace = session.exec(select(Workspace)).one()
        _round_for(session, workspace.id, channel_id, now)  # type: ignore[arg-type]
        entries = []
        for index, value in enumerate(points):
            member = ensure_member(session, workspace, UserRef(f"U{100 + index}", f"user{index:02}"), now)
            entries.append(Entry(workspace.id, channel_id, 1, member.id, "answer", value, now))  # type: ignore[arg-type]
        write_points(session, entries)
        return workspace.id  # type: ignore[return-value]


def _round_for(session: Session, workspace_id: int, channel_id: int, now: datetime) -> None:
    session.execute(
        sa.text(
            "INSERT INTO round (id, workspace_id, channel_id, question_id, kind, status, created_at, attempts) "
            "VALUES (1, :w, :c, (SELECT min(id) FROM question), 'practice', 'revealed', :now, 0)"
        ),
        {"w": workspace_id, "c": channel_id, "now": now.replace(tzinfo=None)},
    )


async def test_a_tie_at_the_cut_is_counted_not_dropped(bot) -> None:
    workspace_id = _members_with_points(bot, [9, 8, 7, 6, 5, 4, 3, 3, 3, 3, 3, 3])
    with bot.session() as session:
        board = leaderboard(session, workspace_id, "week", now=bot.clock.now())
    assert len(board) == 10 and board.more_tied == 2
    assert [row.rank for row in board] == [1, 2, 3, 4, 5, 6, 7, 7, 7, 7]
    card = render.leaderboard_card("Team", board)
    assert board_text(card).splitlines()[-1] == "+2 tied at 3 pts"
    assert "+2 tied" in board_text(await command(bot, "leaderboard"))


async def test_no_tie_at_the_cut_says_nothing(bot) -> None:
    workspace_id = _members_with_points(bot, [9, 8, 7, 6, 5, 4, 3, 2, 1, 1])
    with bot.session() as session:
        board = leaderboard(session, workspace_id, "week", now=bot.clock.now())
    assert board.more_tied == 0 and "tied" not in board_text(render.leaderboard_card("Team", board))


async def test_rebuild_command_repairs_the_totals_and_says_what_it_changed(bot, database_url) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.handle_reply(TENANT, thread, BOB, "split into folds", "m2")
    await bot.reveal_round(round_.id)
    with bot.session() as session:
        workspace_id = session.exec(select(Workspace.id)).one()
        rows = session.exec(select(PointTotal).where(PointTotal.period == "all", PointTotal.scope == "team")).all()
        rows[0].points += 5  # drifted
        session.add(rows[0])
        session.delete(rows[1])  # lost
        session.add(PointTotal(**{**rows[0].model_dump(), "period": "month", "starts": date(1999, 1, 1)}))  # stray
    env = {"DATABASE_URL": database_url}
    first = drillbot("leaderboard", "rebuild", "--workspace", str(workspace_id), env=env)
    assert first.returncode == 0, first.stderr
    assert f"workspace {workspace_id} (test T1): 1 added, 1 corrected, 1 removed" in first.stdout
    again = drillbot("leaderboard", "rebuild", env=env)
    assert again.returncode == 0 and "1 workspace(s) checked, 0 had totals that differed" in again.stdout
    missing = drillbot("leaderboard", "rebuild", "--workspace", "999", env=env)
    assert missing.returncode == 2 and "there is no workspace 999" in missing.stdout
    assert board_text(await command(bot, "leaderboard all")).startswith("1. alice — 4 pts")


def test_the_migration_backfills_totals_from_an_existing_ledger(scratch_url) -> None:  # noqa: F811
    migrate.upgrade(scratch_url, "0004")
    engine = make_engine(scratch_url)
    at = datetime(2026, 11, 24, 17, 0)  # naive UTC, as stored
    with engine.begin() as conn:
        run = conn.execute
        run(
            sa.text(
                "INSERT INTO workspace (id, platform, external_id, name, timezone, created_at) "
                "VALUES (1, 'test', 'T1', '', 'Europe/Berlin', :at)"
            ),
            {"at": at},
        )
        run(
            sa.text(
                "INSERT INTO channel (id, workspace_id, external_id, name, scheduled, paused, timezone, post_time, "
                "weekdays, reveal_after_minutes, topics, difficulties, created_at) VALUES "
                "(1, 1, 'C1', '', true, false, 'UTC', '09:00', 'mon', 480, '', '', :at)"
            ),
            {"at": at},
        )
        for member in (1, 2):
            run(
                sa.text(
                    "INSERT INTO member (id, workspace_id, external_id, display_name, created_at) "
                    "VALUES (:m, 1, :e, :n, :at)"
                ),
                {"m": member, "e": f"U{member}", "n": f"u{member}", "at": at},
            )
        run(
            sa.text(
                "INSERT INTO question (id, topic, difficulty, kind, prompt, answer, key_points, tags, sources, "
                "origin, content_hash, active, updated_at) VALUES "
                "('q', 'evaluation', 1, 'concept', 'p', 'a', '[]', '[]', '[]', '', '', true, :at)"
            ),
            {"at": at},
        )
        run(
            sa.text(
                "INSERT INTO round (id, workspace_id, channel_id, question_id, kind, status, created_at, "
                "revealed_at, attempts) VALUES (1, 1, 1, 'q', 'daily', 'revealed', :at, :at, 0)"
            ),
            {"at": at},
        )
        for member, score in ((1, 0.9), (2, 0.0)):
            run(
                sa.text(
                    "INSERT INTO answer (id, workspace_id, round_id, member_id, late, score, covered, missed, "
                    "feedback, created_at, updated_at) VALUES (:m, 1, 1, :m, false, :s, '[]', '[]', '', :at, :at)"
                ),
                {"m": member, "s": score, "at": at},
            )
        for reason, points in (("answer", 1), ("coverage", 3)):  # member 2 copied: no ledger rows at all
            run(
                sa.text(
                    "INSERT INTO scoreevent (workspace_id, channel_id, round_id, member_id, reason, points, "
                    "created_at) VALUES (1, 1, 1, 1, :r, :p, :at)"
                ),
                {"r": reason, "p": points, "at": at},
            )
    migrate.upgrade(scratch_url)
    migrate.upgrade(scratch_url)  # a second run is a no-op
    with Session(engine) as session:
        zero = session.exec(select(ScoreEvent).where(ScoreEvent.member_id == 2)).one()
        assert (zero.reason, zero.points) == ("answer", 0)
        team = {
            (t.period, t.starts, t.member_id): (t.points, t.answered)
            for t in session.exec(select(PointTotal).where(PointTotal.scope == "team"))
        }
        assert team == {
            ("week", date(2026, 11, 23), 1): (4, 1),
            ("month", date(2026, 11, 1), 1): (4, 1),
            ("season", date(2026, 10, 1), 1): (4, 1),
            ("all", date(2000, 1, 1), 1): (4, 1),
            ("week", date(2026, 11, 23), 2): (0, 1),
            ("month", date(2026, 11, 1), 2): (0, 1),
            ("season", date(2026, 10, 1), 2): (0, 1),
            ("all", date(2000, 1, 1), 2): (0, 1),
        }
        channel_rows = session.exec(select(PointTotal).where(PointTotal.scope == "channel")).all()
        assert len(channel_rows) == 8 and {t.scope_id for t in channel_rows} == {1}
        board = leaderboard(session, 1, "all", now=datetime(2026, 11, 25, tzinfo=UTC))
        assert [(r.name, r.points, r.answers) for r in board] == [("u1", 4, 1), ("u2", 0, 1)]
    engine.dispose()
