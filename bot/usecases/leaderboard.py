"""Leaderboards are sums over the ScoreEvent ledger for a period and a set of members.

Ties share a rank (1, 1, 3). A streak counts consecutive daily rounds of a channel
that the member answered on time; rounds exist only on scheduled days, so a weekend
off never breaks a Monday-to-Friday streak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from bot.db.models import Answer, GroupMember, Member, Round, ScoreEvent

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


def leaderboard(
    session: Session,
    workspace_id: int,
    since: datetime | None,
    *,
    until: datetime | None = None,
    channel_id: int | None = None,
    group_id: int | None = None,
    limit: int = 10,
) -> list[LeaderRow]:
    total = func.sum(ScoreEvent.points).label("total")
    answers = func.sum(case((col(ScoreEvent.reason) == "answer", 1), else_=0)).label("answers")
    query = (
        select(ScoreEvent.member_id, Member.display_name, total, answers)
        .join(Member, col(Member.id) == col(ScoreEvent.member_id))
        .where(ScoreEvent.workspace_id == workspace_id)
        .group_by(col(ScoreEvent.member_id), col(Member.display_name))
        .order_by(total.desc(), col(Member.display_name))
        .limit(limit)
    )
    if since is not None:
        query = query.where(ScoreEvent.created_at >= since)
    if until is not None:
        query = query.where(ScoreEvent.created_at < until)
    if channel_id is not None:
        query = query.where(ScoreEvent.channel_id == channel_id)
    if group_id is not None:
        query = query.join(GroupMember, col(GroupMember.member_id) == col(ScoreEvent.member_id)).where(
            GroupMember.group_id == group_id
        )
    top = session.exec(query).all()
    member_ids = [row[0] for row in top]
    averages = average_scores(session, workspace_id, member_ids, since, until, channel_id)
    streaks = current_streaks(session, workspace_id, member_ids, channel_id)
    rows: list[LeaderRow] = []
    for member_id, name, points, answer_count in top:
        rank = rows[-1].rank if rows and rows[-1].points == points else len(rows) + 1
        rows.append(
            LeaderRow(
                rank,
                member_id,
                name,
                int(points),
                int(answer_count),
                averages.get(member_id),
                streaks.get(member_id, 0),
            )
        )
    return rows


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
