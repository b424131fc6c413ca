"""Per-member period totals, kept equal to the ScoreEvent ledger.

The ledger stays the source of truth. Every ledger row is written by `write_points`,
which adds it to the member's totals (week, month, season and all-time buckets in the
workspace's time zone; team-wide, in the round's channel and in each of the member's
study groups) in the same transaction. A leaderboard is then an index range over
PointTotal, whatever the workspace's size or history. Changes that move bucket
boundaries (a new season, a time zone change) and group joins and leaves are handled
here too; `bot/usecases/rebuild.py` recomputes totals from the ledger.

"Answered" is defined once, here: a graded answer given before the reveal. Each one
gets exactly one ledger row with reason ANSWERED (0 points for a copy or when the
workspace awards nothing for answering), so it counts on every board, and the chat
card and the web page read the same `answered` column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Table, delete, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from bot.db.models import GroupMember, PointTotal, ScoreEvent, Workspace, table_of

ANSWERED = "answer"  # the ledger reason that marks a graded answer given before the reveal
Period = Literal["week", "month", "season", "all"]  # the leaderboard periods, defined once
PERIODS: tuple[Period, ...] = get_args(Period)
ALL_TIME = date(2000, 1, 1)  # the one bucket of the "all" period
LOCK_CLASS = 21_021  # first key of the PostgreSQL advisory locks below


def is_answered(reason: str) -> bool:
    """Whether a ledger row counts as one answer on the boards."""
    return reason == ANSWERED


@dataclass(frozen=True)
class Entry:
    """One ledger row to write."""

    workspace_id: int
    channel_id: int
    round_id: int
    member_id: int
    reason: str
    points: int
    at: datetime


def quarter_start(day: date) -> date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def bucket_start(period: str, day: date, season_start: date | None) -> date:
    """The first local day of the bucket of `period` that holds `day`. A season runs from
    the day an admin started it onwards; before that (or without one) it is the quarter."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "season":
        return season_start if season_start is not None and season_start <= day else quarter_start(day)
    return ALL_TIME


def next_bucket(period: str, starts: date, season_start: date | None) -> date | None:
    """The first day after the bucket that begins on `starts`; None when it is open-ended."""
    if period == "week":
        return starts + timedelta(days=7)
    if period == "month":
        return (starts.replace(day=28) + timedelta(days=4)).replace(day=1)
    if period == "season":
        if season_start is not None and starts >= season_start:
            return None
        first = quarter_start(starts)
        after = date(first.year + first.month // 10, (first.month + 2) % 12 + 1, 1)  # the next quarter
        return season_start if season_start is not None and starts < season_start < after else after
    return None


def local_midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz))


def local_day(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def bucket_bounds(period: str, starts: date, workspace: Workspace) -> tuple[datetime | None, datetime | None]:
    """The instants [since, until) a bucket covers; None for an open end."""
    if period == "all":
        return None, None
    after = next_bucket(period, starts, workspace.season_start)
    tz = workspace.timezone
    return local_midnight(starts, tz), None if after is None else local_midnight(after, tz)


def lock_workspace(session: Session, workspace_id: int, *, exclusive: bool) -> None:
    """Writers of ledger rows share the workspace's lock; a rebuild, a re-bucketing or a
    group change takes it alone, so it never interleaves with a reveal. SQLite needs
    nothing: its transactions begin with BEGIN IMMEDIATE and so run one at a time."""
    if session.get_bind().dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    session.execute(text(f"select {function}(:a, :b)"), {"a": LOCK_CLASS, "b": workspace_id})


def _upsert(session: Session, rows: list[dict[str, object]]) -> None:
    """Add points and answers to totals rows, creating the rows that do not exist yet."""
    if not rows:
        return
    table = table_of(PointTotal)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[c.name for c in table.primary_key.columns],
        set_={
            "points": table.c.points + statement.excluded.points,
            "answered": table.c.answered + statement.excluded.answered,
        },
    )
    session.execute(statement)


def groups_of(session: Session, member_ids: Iterable[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    links = select(col(GroupMember.member_id), col(GroupMember.group_id)).where(
        col(GroupMember.member_id).in_(set(member_ids))
    )
    for member_id, group_id in session.execute(links).tuples():
        found.setdefault(member_id, []).append(group_id)
    return found


def write_points(session: Session, entries: Sequence[Entry]) -> list[ScoreEvent]:
    """The one way to write ledger rows: each row is added to the ledger and to its
    member's totals in the caller's transaction. Zero-point rows are written only for
    ANSWERED (they count an answer)."""
    entries = [e for e in entries if e.points != 0 or is_answered(e.reason)]
    if not entries:
        return []
    workspaces = {e.workspace_id for e in entries}
    for workspace_id in sorted(workspaces):
        lock_workspace(session, workspace_id, exclusive=False)
    settings = {w: session.get_one(Workspace, w) for w in workspaces}
    groups = groups_of(session, (e.member_id for e in entries))
    events = [
        ScoreEvent(
            workspace_id=e.workspace_id,
            channel_id=e.channel_id,
            round_id=e.round_id,
            member_id=e.member_id,
            reason=e.reason,
            points=e.points,
            created_at=e.at,
        )
        for e in entries
    ]
    session.add_all(events)
    session.flush()
    deltas: dict[tuple[int, str, int, str, date, int], list[int]] = {}
    for e in entries:
        workspace = settings[e.workspace_id]
        day = local_day(e.at, workspace.timezone)
        scopes = [("team", 0), ("channel", e.channel_id)] + [("group", g) for g in groups.get(e.member_id, [])]
        for period in PERIODS:
            starts = bucket_start(period, day, workspace.season_start)
            for scope, scope_id in scopes:
                key = (e.workspace_id, scope, scope_id, period, starts, e.member_id)
                delta = deltas.setdefault(key, [0, 0])
                delta[0] += e.points
                delta[1] += 1 if is_answered(e.reason) else 0
    _upsert(
        session,
        [
            dict(
                workspace_id=k[0],
                scope=k[1],
                scope_id=k[2],
                period=k[3],
                starts=k[4],
                member_id=k[5],
                points=v[0],
                answered=v[1],
            )
            for k, v in deltas.items()
        ],
    )
    return events


def joined_group(session: Session, workspace_id: int, group_id: int, member_id: int) -> None:
    """A member who joins a group brings all their totals to its boards (a group's board
    counts its members' points, whenever earned). Call after adding the GroupMember row."""
    lock_workspace(session, workspace_id, exclusive=True)
    table = table_of(PointTotal)
    source = select(
        table.c.workspace_id,
        text("'group'"),
        text(str(int(group_id))),
        table.c.period,
        table.c.starts,
        table.c.member_id,
        table.c.points,
        table.c.answered,
    ).where(
        table.c.member_id == member_id,
        table.c.scope == "team",
        table.c.workspace_id + 0 == workspace_id,  # `+ 0`: the member's index, never a scan of the team's rows
    )
    session.execute(delete(table).where(_group_rows(table, group_id, member_id)))
    session.execute(
        insert(table).from_select(
            ["workspace_id", "scope", "scope_id", "period", "starts", "member_id", "points", "answered"], source
        )
    )


def left_group(session: Session, workspace_id: int, group_id: int, member_id: int) -> None:
    """A member who leaves a group takes their totals off its boards."""
    lock_workspace(session, workspace_id, exclusive=True)
    table = table_of(PointTotal)
    session.execute(delete(table).where(_group_rows(table, group_id, member_id)))


def _group_rows(table: Table, group_id: int, member_id: int) -> ColumnElement[bool]:
    return (table.c.member_id == member_id) & (table.c.scope == "group") & (table.c.scope_id == group_id)
