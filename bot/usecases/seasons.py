"""Past seasons: which season a `/drill leaderboard season PREV|2026-Q3` means, and each
channel's winners when a season ends (top 3, most improved, longest streak).

A season's board is its PointTotal bucket (kept for good: the ledger never shrinks and
rebuilds recompute the same buckets); the winners card is recorded before it is posted,
unique per channel and season, so it is posted once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from bot.db.engine import insert_once
from bot.db.models import Answer, Channel, Member, Round, SeasonCard, Workspace
from bot.usecases.leaderboard import LeaderRow, leaderboard
from bot.usecases.totals import bucket_bounds, bucket_start, local_day, next_bucket

QUARTER = re.compile(r"^(\d{4})-q([1-4])$", re.IGNORECASE)


class NoSeason(Exception):
    """A season that cannot be shown; the message says why."""


def current_start(workspace: Workspace, now: datetime) -> date:
    return bucket_start("season", local_day(now, workspace.timezone), workspace.season_start)


def previous_start(workspace: Workspace, now: datetime) -> date:
    """The first day of the season before the current one."""
    return bucket_start("season", current_start(workspace, now) - timedelta(days=1), workspace.season_start)


def season_named(workspace: Workspace, now: datetime, name: str) -> date:
    """`prev` or `2026-Q3` as the first day of that season's bucket."""
    if name.lower() == "prev":
        return previous_start(workspace, now)
    found = QUARTER.match(name)
    if found is None:
        raise NoSeason(f"`{name}` is not a season: say `prev` or a quarter such as 2026-Q3.")
    first = date(int(found.group(1)), (int(found.group(2)) - 1) * 3 + 1, 1)
    current = current_start(workspace, now)
    if first > local_day(now, workspace.timezone):
        raise NoSeason(f"{name.upper()} has not started yet.")
    if first >= current:
        raise NoSeason(f"{name.upper()} is part of this season: `/drill leaderboard season` shows it.")
    return first


def label(workspace: Workspace, starts: date) -> str:
    """`2026-Q3` for a calendar quarter, else the season's dates."""
    after = next_bucket("season", starts, workspace.season_start)
    if (
        starts.day == 1
        and starts.month % 3 == 1
        and after == date(starts.year + starts.month // 10, (starts.month + 2) % 12 + 1, 1)
    ):
        return f"{starts.year}-Q{(starts.month - 1) // 3 + 1}"
    end = f" to {after - timedelta(days=1):%d %b %Y}" if after else ""
    return f"{starts:%d %b %Y}{end}"


@dataclass(frozen=True)
class Winners:
    top: list[LeaderRow]
    improved: tuple[str, float] | None  # name, rise of the average grade
    streak: tuple[str, int] | None  # name, rounds in a row


def winners(session: Session, workspace: Workspace, channel_id: int, starts: date, now: datetime) -> Winners:
    top = leaderboard(session, workspace.id, "season", now=now, channel_id=channel_id, starts=starts, limit=3)
    since, until = bucket_bounds("season", starts, workspace)
    before = bucket_start("season", starts - timedelta(days=1), workspace.season_start)
    earlier, _ = bucket_bounds("season", before, workspace)
    now_avg = _averages(session, channel_id, since, until)
    then_avg = _averages(session, channel_id, earlier, since)
    rises = {m: now_avg[m] - then_avg[m] for m in now_avg.keys() & then_avg.keys() if now_avg[m] > then_avg[m]}
    improved = None
    if rises:
        best = max(sorted(rises), key=lambda m: rises[m])
        improved = (_name(session, best), rises[best])
    return Winners(list(top), improved, _longest_streak(session, channel_id, since, until))


def _averages(session: Session, channel_id: int, since: datetime | None, until: datetime | None) -> dict[int, float]:
    query = (
        select(Answer.member_id, func.avg(Answer.score))
        .join(Round, col(Round.id) == col(Answer.round_id))
        .where(Round.channel_id == channel_id, col(Answer.score).is_not(None), Answer.late == False)  # noqa: E712
        .group_by(col(Answer.member_id))
    )
    if since is not None:
        query = query.where(col(Round.revealed_at) >= since)
    if until is not None:
        query = query.where(col(Round.revealed_at) < until)
    return {member_id: float(avg) for member_id, avg in session.exec(query)}


def _longest_streak(
    session: Session, channel_id: int, since: datetime | None, until: datetime | None
) -> tuple[str, int] | None:
    """The longest run of the channel's daily rounds in a row that one member answered in time."""
    query = select(Round.id).where(Round.channel_id == channel_id, Round.kind == "daily", Round.status == "revealed")
    if since is not None:
        query = query.where(col(Round.revealed_at) >= since)
    if until is not None:
        query = query.where(col(Round.revealed_at) < until)
    order = [r for r in session.exec(query.order_by(col(Round.local_date)))]
    answered: dict[int, set[int]] = {}
    for member_id, round_id in session.exec(
        select(Answer.member_id, Answer.round_id).where(col(Answer.round_id).in_(order or [-1]), Answer.late == False)  # noqa: E712
    ):
        answered.setdefault(member_id, set()).add(round_id)
    best: tuple[int, int] | None = None
    for member_id in sorted(answered):
        run = longest = 0
        for round_id in order:
            run = run + 1 if round_id in answered[member_id] else 0
            longest = max(longest, run)
        if best is None or longest > best[1]:
            best = (member_id, longest)
    return None if best is None or best[1] < 2 else (_name(session, best[0]), best[1])


def _name(session: Session, member_id: int) -> str:
    return session.get_one(Member, member_id).display_name


def open_due_cards(session: Session, workspace: Workspace, now: datetime) -> list[int]:
    """Record the winners card of the season that ended for each scheduled channel that
    lacks one (once: unique per channel and season); the ids of the cards still to post."""
    starts = previous_start(workspace, now)
    channels = session.exec(
        select(Channel).where(Channel.workspace_id == workspace.id, Channel.scheduled == True)  # noqa: E712
    ).all()
    for channel in channels:
        row = SeasonCard(workspace_id=workspace.id, channel_id=channel.id, season_start=starts, created_at=now)
        insert_once(session, row)
    return list(
        session.exec(
            select(SeasonCard.id).where(SeasonCard.workspace_id == workspace.id, SeasonCard.status == "pending")
        )
    )
