"""Recompute PointTotal from the ledger with set-based SQL, and change only what differs.

Used by the migration's backfill, `drillbot leaderboard rebuild`, a new season and a
time zone change. Idempotent: a second run finds nothing to change. Safe while the bot
runs: it holds the workspace's lock alone (PostgreSQL) or the database's write lock
(SQLite), so no ledger row is written between reading the ledger and fixing the totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlmodel import Session, col

from bot.db.models import GroupMember, PointTotal, ScoreEvent, Workspace, table_of
from bot.usecases.totals import (
    ALL_TIME,
    ANSWERED,
    PERIODS,
    bucket_bounds,
    bucket_start,
    local_day,
    lock_workspace,
    next_bucket,
    quarter_start,
)

KEY = ("scope", "scope_id", "period", "starts", "member_id")


@dataclass(frozen=True)
class Changes:
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        return self.added + self.changed + self.removed

    def __str__(self) -> str:
        if not self.total:
            return "nothing to change"
        return f"{self.added} added, {self.changed} corrected, {self.removed} removed"


def _expected_table() -> Table:
    """A scratch copy of PointTotal's shape, per connection, keyed like it."""
    return Table(
        "pointtotal_expected",
        MetaData(),
        Column("workspace_id", Integer, primary_key=True),
        Column("scope", String(8), primary_key=True),
        Column("scope_id", Integer, primary_key=True),
        Column("period", String(8), primary_key=True),
        Column("starts", Date, primary_key=True),
        Column("member_id", Integer, primary_key=True),
        Column("points", Integer, nullable=False),
        Column("answered", Integer, nullable=False),
        prefixes=["TEMPORARY"],
    )


def buckets(session: Session, workspace: Workspace, period: str, since: date | None) -> list[date]:
    """The starts of every bucket of `period` that holds a ledger row (from `since` on)."""
    first, last = session.execute(
        select(func.min(col(ScoreEvent.created_at)), func.max(col(ScoreEvent.created_at))).where(
            col(ScoreEvent.workspace_id) == workspace.id
        )
    ).tuples().one()
    if first is None:
        return []
    if period == "all":
        return [ALL_TIME] if since is None else []
    day, end = local_day(first, workspace.timezone), local_day(last, workspace.timezone)
    starts = bucket_start(period, day, workspace.season_start)
    found: list[date] = []
    while starts <= end:
        if since is None or starts >= since:
            found.append(starts)
        after = next_bucket(period, starts, workspace.season_start)
        if after is None:
            break
        starts = after
    return found


def rebuild(
    session: Session, workspace_id: int, periods: Sequence[str] = PERIODS, since: date | None = None
) -> Changes:
    """Make the workspace's totals of `periods` (buckets starting on or after `since`, or
    all of them) equal to the ledger's sums; return what had to change. A workspace with
    no totals yet (the migration's backfill) is filled directly."""
    lock_workspace(session, workspace_id, exclusive=True)
    workspace = session.get_one(Workspace, workspace_id)
    session.refresh(workspace)
    conn = session.connection()
    totals = table_of(PointTotal)
    mine = _in_scope(totals, workspace_id, periods, since)
    if not conn.execute(select(func.count()).select_from(totals).where(*mine)).scalar_one():
        _fill(session, totals, workspace, periods, since)
        return Changes(added=conn.execute(select(func.count()).select_from(totals).where(*mine)).scalar_one())
    expected = _expected_table()
    expected.drop(conn, checkfirst=True)
    expected.create(conn)
    try:
        _fill(session, expected, workspace, periods, since)
        return _apply(session, expected, workspace_id, periods, since)
    finally:
        expected.drop(conn)


def _in_scope(
    table: Table, workspace_id: int, periods: Sequence[str], since: date | None, *, shift: bool = False
) -> list[Any]:
    workspace = table.c.workspace_id + 0 if shift else table.c.workspace_id
    where = [workspace == workspace_id, table.c.period.in_(list(periods))]
    if since is not None:
        where.append(table.c.starts >= since)
    return where


def _fill(session: Session, target: Table, workspace: Workspace, periods: Sequence[str], since: date | None) -> None:
    """Per bucket one pass over the ledger's covering index gives the channel rows; the
    team rows are their sums and the group rows copies of the team rows."""
    ledger = table_of(ScoreEvent)
    columns = ["workspace_id", "scope", "scope_id", "period", "starts", "member_id", "points", "answered"]
    conn = session.connection()
    for period in periods:
        for starts in buckets(session, workspace, period, since):
            begin, until = bucket_bounds(period, starts, workspace)
            where = [ledger.c.workspace_id == workspace.id]
            if begin is not None:
                where.append(ledger.c.created_at >= begin)
            if until is not None:
                where.append(ledger.c.created_at < until)
            channel = (
                select(
                    literal(workspace.id, Integer),
                    literal("channel", String(8)),
                    ledger.c.channel_id,
                    literal(period, String(8)),
                    literal(starts, Date),
                    ledger.c.member_id,
                    func.sum(ledger.c.points),
                    func.sum(case((ledger.c.reason == ANSWERED, 1), else_=0)),
                )
                .where(*where)
                .group_by(ledger.c.channel_id, ledger.c.member_id)
            )
            conn.execute(insert(target).from_select(columns, channel))
    mine = _in_scope(target, workspace.id, periods, since)
    team = (
        select(
            target.c.workspace_id,
            literal("team", String(8)),
            literal(0, Integer),
            target.c.period,
            target.c.starts,
            target.c.member_id,
            func.sum(target.c.points),
            func.sum(target.c.answered),
        )
        .where(*mine, target.c.scope == "channel")
        .group_by(target.c.workspace_id, target.c.period, target.c.starts, target.c.member_id)
    )
    conn.execute(insert(target).from_select(columns, team))
    link = table_of(GroupMember)
    groups = (
        select(
            target.c.workspace_id,
            literal("group", String(8)),
            link.c.group_id,
            target.c.period,
            target.c.starts,
            target.c.member_id,
            target.c.points,
            target.c.answered,
        )
        .select_from(link)
        .join(target, (target.c.member_id == link.c.member_id) & (target.c.scope == "team"))
        # `+ 0` keeps SQLite on the member index for each group member, not a scan of the team rows
        .where(*_in_scope(target, workspace.id, periods, since, shift=True), link.c.workspace_id == workspace.id)
    )
    conn.execute(insert(target).from_select(columns, groups))


def _apply(session: Session, expected: Table, workspace_id: int, periods: Sequence[str], since: date | None) -> Changes:
    totals = table_of(PointTotal)
    same_key = and_(*(expected.c[name] == totals.c[name] for name in ("workspace_id", *KEY)))
    mine = _in_scope(totals, workspace_id, periods, since)
    conn = session.connection()
    removed = conn.execute(delete(totals).where(*mine, ~exists().where(same_key))).rowcount
    differs = or_(expected.c.points != totals.c.points, expected.c.answered != totals.c.answered)
    changed = conn.execute(
        update(totals)
        .where(*mine, exists().where(same_key, differs))
        .values(
            points=select(expected.c.points).where(same_key).scalar_subquery(),
            answered=select(expected.c.answered).where(same_key).scalar_subquery(),
        )
    ).rowcount
    missing = select(*(expected.c[name] for name in ("workspace_id", *KEY, "points", "answered"))).where(
        ~exists().where(same_key)
    )
    added = conn.execute(select(func.count()).select_from(missing.subquery())).scalar_one()  # psycopg: no INSERT count
    conn.execute(insert(totals).from_select(["workspace_id", *KEY, "points", "answered"], missing))
    return Changes(added=added, changed=changed, removed=removed)


def start_season(session: Session, workspace_id: int, season_start: date | None) -> Changes:
    """Set (or with None clear) the workspace's season start and move the season totals
    to the new buckets: only buckets from the earlier quarter involved are recomputed."""
    lock_workspace(session, workspace_id, exclusive=True)
    workspace = session.get_one(Workspace, workspace_id)
    session.refresh(workspace)
    moved = [d for d in (workspace.season_start, season_start) if d is not None]
    workspace.season_start = season_start
    session.add(workspace)
    session.flush()
    if not moved:
        return Changes()
    return rebuild(session, workspace_id, ("season",), quarter_start(min(moved)))


def change_timezone(session: Session, workspace_id: int, tz: str) -> Changes:
    """Set the workspace's time zone and re-bucket its week, month and season totals."""
    lock_workspace(session, workspace_id, exclusive=True)
    workspace = session.get_one(Workspace, workspace_id)
    session.refresh(workspace)
    if workspace.timezone == tz:
        return Changes()
    workspace.timezone = tz
    session.add(workspace)
    session.flush()
    return rebuild(session, workspace_id, ("week", "month", "season"))


def rebuild_all(session: Session, workspace_id: int | None = None) -> dict[int, Changes]:
    """Rebuild one workspace, or every workspace, each fully."""
    ids = [workspace_id] if workspace_id is not None else list(session.execute(select(col(Workspace.id))).scalars())
    return {wid: rebuild(session, wid) for wid in ids}


def rebuild_command(url: str, workspace_id: int | None) -> int:
    """`drillbot leaderboard rebuild`: each workspace in its own short transaction, one
    line per workspace that needed a change, then a summary line."""
    from bot.db import migrate
    from bot.db.engine import make_engine, session_scope

    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            query = select(col(Workspace.id), col(Workspace.platform), col(Workspace.external_id)).order_by(
                col(Workspace.id)
            )
            if workspace_id is not None:
                query = query.where(col(Workspace.id) == workspace_id)
            found = session.execute(query).tuples().all()
        if not found:
            if workspace_id is None:
                print("no workspaces yet")
                return 0
            print(f"drillbot: there is no workspace {workspace_id}")
            return 2
        fixed = 0
        for wid, platform, external_id in found:
            with session_scope(engine) as session:
                changes = rebuild(session, wid)
            if changes.total or workspace_id is not None:
                print(f"workspace {wid} ({platform} {external_id}): {changes}")
            fixed += bool(changes.total)
        print(f"{len(found)} workspace(s) checked, {fixed} had totals that differed from the ledger and were fixed")
        return 0
    finally:
        engine.dispose()
