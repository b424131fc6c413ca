"""Leaderboards: the top of the per-member totals (bot/usecases/totals.py) of a period,
with each shown member's average grade and streak, read for those members only.

Ties share a rank (1, 1, 3). A streak counts consecutive daily rounds of a channel
that the member answered on time; rounds exist only on scheduled days, so a weekend
off never breaks a Monday-to-Friday streak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.db.models import Answer, Member, PointTotal, Round, Workspace, table_of
from bot.usecases.totals import bucket_bounds, bucket_start, local_day

PERIOD_TITLES = {"week": "this week", "month": "this month", "season": "this season", "all": "all time"}
STREAK_LOOKBACK_ROUNDS = 400


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    member_id: int
    name: str
    points: int
    answers: int
    average_score: float | None
    streak: int


def period_start(period: str, now: datetime, tz: str, season_start: date | None = None) -> datetime | None:
    """The start of this week (Monday), month or season at 00:00 in the local time zone;
    None for all time. A season runs from the date an admin started it, or else is the
    calendar quarter."""
    local = now.astimezone(ZoneInfo(tz))
    if period == "week":
        day = local.date() - timedelta(days=local.weekday())
    elif period == "month":
        day = local.date().replace(day=1)
    elif period == "season":
        quarter = local.date().replace(month=(local.month - 1) // 3 * 3 + 1, day=1)
        day = season_start if season_start is not None and season_start <= local.date() else quarter
    else:
        return None
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz))


class Board(list[LeaderRow]):
    """The top rows of a leaderboard, plus how many more members share the last rank
    shown (a tie at the cut is counted, never dropped without a word)."""

    more_tied: int = 0


def leaderboard(
    session: Session,
    workspace_id: int,
    period: str,
    *,
    now: datetime,
    channel_id: int | None = None,
    group_id: int | None = None,
    starts: date | None = None,
    limit: int = 10,
) -> Board:
    """The top `limit` of a period (this one, or the bucket beginning on `starts`) for
    the team, a channel or a study group, read from PointTotal through its index: its
    cost does not grow with the workspace's members or history. Everyone who answered
    is on it, with 0 points too (see totals.ANSWERED)."""
    workspace = session.get_one(Workspace, workspace_id)
    if starts is None:
        starts = bucket_start(period, local_day(now, workspace.timezone), workspace.season_start)
    scope, scope_id = ("team", 0) if channel_id is None else ("channel", channel_id)
    if group_id is not None:
        scope, scope_id = "group", group_id
    t = table_of(PointTotal)
    key = [
        t.c.workspace_id == workspace_id,
        t.c.scope == scope,
        t.c.scope_id == scope_id,
        t.c.period == period,
        t.c.starts == starts,
        (t.c.points != 0) | (t.c.answered != 0),
    ]
    by_rank = [t.c.points.desc(), t.c.member_id.desc()]  # the index backwards: no sort, whatever the size
    cut = session.execute(select(t.c.points).where(*key).order_by(*by_rank).offset(limit - 1).limit(1)).scalar()
    query = (
        select(t.c.member_id, col(Member.display_name), t.c.points, t.c.answered)
        .join(Member, col(Member.id) == t.c.member_id)
        .where(*key)
        .order_by(*by_rank)
        .limit(limit)
    )
    top = sorted(session.execute(query).tuples().all(), key=lambda r: (-r[2], r[1], r[0]))
    board = Board()
    if cut is not None:
        tied: int = session.execute(select(func.count()).select_from(t).where(*key, t.c.points == cut)).scalar_one()
        board.more_tied = tied - sum(1 for row in top if row[2] == cut)
    member_ids = [row[0] for row in top]
    since, until = bucket_bounds(period, starts, workspace)
    in_channel = channel_id if scope == "channel" else None
    averages = average_scores(session, workspace_id, member_ids, since, until, in_channel)
    streaks = current_streaks(session, workspace_id, member_ids, in_channel)
    for member_id, name, points, answered in top:
        rank = board[-1].rank if board and board[-1].points == points else len(board) + 1
        average, streak = averages.get(member_id), streaks.get(member_id, 0)
        board.append(LeaderRow(rank, member_id, name, int(points), int(answered), average, streak))
    return board


def average_scores(
    session: Session,
    workspace_id: int,
    member_ids: list[int],
    since: datetime | None,
    until: datetime | None,
    channel_id: int | None,
) -> dict[int, float]:
    if not member_ids:
        return {}
    query = (
        select(Answer.member_id, func.avg(Answer.score))
        .join(Round, col(Round.id) == col(Answer.round_id))
        .where(
            Answer.workspace_id == workspace_id,
            col(Answer.member_id).in_(member_ids),
            col(Answer.score).is_not(None),
        )
        .group_by(col(Answer.member_id))
    )
    query = revealed_between(query, since, until, channel_id)
    return {member_id: float(avg) for member_id, avg in session.exec(query)}


def revealed_between(query: Any, since: datetime | None, until: datetime | None, channel_id: int | None) -> Any:
    """Limit a query over rounds to those revealed in [since, until), in one channel."""
    if since is not None:
        query = query.where(col(Round.revealed_at) >= since)
    if until is not None:
        query = query.where(col(Round.revealed_at) < until)
    if channel_id is not None:
        query = query.where(Round.channel_id == channel_id)
    return query


def current_streaks(
    session: Session, workspace_id: int, member_ids: list[int], channel_id: int | None = None
) -> dict[int, int]:
    """Each member's current streak: the best over the channels in scope."""
    if not member_ids:
        return {}
    query = (
        select(Round.id, Round.channel_id, Round.status)
        .where(Round.workspace_id == workspace_id, Round.kind == "daily", col(Round.status) != "pending")
        .order_by(col(Round.local_date).desc())
        .limit(STREAK_LOOKBACK_ROUNDS)
    )
    if channel_id is not None:
        query = query.where(Round.channel_id == channel_id)
    rounds = session.exec(query).all()
    answered = {
        (member_id, round_id)
        for member_id, round_id in session.exec(
            select(Answer.member_id, Answer.round_id).where(
                col(Answer.member_id).in_(member_ids),
                col(Answer.round_id).in_([r[0] for r in rounds] or [-1]),
                Answer.late == False,  # noqa: E712
            )
        )
    }
    streaks: dict[int, int] = {}
    for member_id in member_ids:
        best = 0
        for channel in {r[1] for r in rounds}:
            best = max(best, _streak([(rid, st) for rid, ch, st in rounds if ch == channel], member_id, answered))
        streaks[member_id] = best
    return streaks


def _streak(rounds: list[tuple[int, str]], member_id: int, answered: set[tuple[int, int]]) -> int:
    """Rounds newest first. An open round not yet answered does not break the streak."""
    count = 0
    for index, (round_id, status) in enumerate(rounds):
        if (member_id, round_id) in answered:
            count += 1
        elif index == 0 and status == "posted":
            continue
        else:
            break
    return count
