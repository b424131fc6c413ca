"""A tenant's whole life in the database: uninstalled (schedules stop at once), exported
(everything it owns, as JSON) and deleted (every row, every table).

"Every table" is found, not listed: any table of the core's metadata with a
`workspace_id` column belongs to a tenant, and so does any row of a table keyed by the
platform's own ids (`source`, `workspace_external_id`: the inbox), so a table added
later is exported and deleted without touching this module. Platform-owned tables (Slack's installations)
are handled by the adapter that owns them (adapters/slack/tenancy.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, delete, select, update
from sqlmodel import Session, SQLModel, col
from sqlmodel import select as sm_select

from bot.db.engine import rowcount
from bot.db.models import Channel, Workspace

UNINSTALLED_REASON = "Drillbot was removed from this workspace; reinstall it and run `/drill schedule resume`."


def tenant_tables() -> list[Table]:
    """The core's tables that hold a tenant's rows, children before parents."""
    return [t for t in reversed(SQLModel.metadata.sorted_tables) if "workspace_id" in t.c]


def platform_keyed_tables() -> list[Table]:
    """Tables whose rows name their tenant by the platform's ids (`source` and
    `workspace_external_id`) because they are written before the Workspace row may
    exist: the durable inbox (bot/inbox/)."""
    return [t for t in SQLModel.metadata.sorted_tables if {"source", "workspace_external_id"} <= set(t.c.keys())]


def _by_platform_ids(table: Table, workspace: Workspace) -> ColumnElement[bool]:
    return and_(table.c.source == workspace.platform, table.c.workspace_external_id == workspace.external_id)


def find(session: Session, platform: str | None, external_id: str) -> list[Workspace]:
    query = sm_select(Workspace).where(Workspace.external_id == external_id)
    if platform:
        query = query.where(Workspace.platform == platform)
    return list(session.exec(query))


def mark_uninstalled(session: Session, platform: str, external_id: str, now: datetime) -> Workspace | None:
    """The app was removed: stop every schedule (their reason says why) and start the
    clock towards deletion. Idempotent: a second event keeps the first time."""
    workspace = _one(session, platform, external_id)
    if workspace is None:
        return None
    if workspace.uninstalled_at is None:
        workspace.uninstalled_at = now
        session.add(workspace)
    session.execute(
        update(Channel)
        .where(col(Channel.workspace_id) == workspace.id, col(Channel.paused) == False)  # noqa: E712
        .values(paused=True, paused_reason=UNINSTALLED_REASON)
    )
    return workspace


def mark_installed(session: Session, platform: str, external_id: str) -> None:
    """Installed again: schedules the uninstall stopped start again; the deletion clock stops."""
    workspace = _one(session, platform, external_id)
    if workspace is None or workspace.uninstalled_at is None:
        return
    workspace.uninstalled_at = None
    session.add(workspace)
    session.execute(
        update(Channel)
        .where(col(Channel.workspace_id) == workspace.id, col(Channel.paused_reason) == UNINSTALLED_REASON)
        .values(paused=False, paused_reason=None)
    )


def export(session: Session, workspace: Workspace) -> dict[str, Any]:
    """Everything the workspace owns: its row and every row of every tenant table."""
    tables: dict[str, list[dict[str, Any]]] = {"workspace": [_plain(workspace.model_dump())]}
    for table in sorted(tenant_tables(), key=lambda t: t.name):
        rows = session.execute(select(table).where(table.c.workspace_id == workspace.id).order_by(*table.primary_key))
        tables[table.name] = [_plain(dict(row._mapping)) for row in rows]
    for table in platform_keyed_tables():
        rows = session.execute(select(table).where(_by_platform_ids(table, workspace)).order_by(*table.primary_key))
        tables[table.name] = [_plain(dict(row._mapping)) for row in rows]
    return {"platform": workspace.platform, "external_id": workspace.external_id, "tables": tables}


def delete_workspace(session: Session, workspace_id: int) -> dict[str, int]:
    """Remove every row of the tenant, children first. Returns rows deleted per table."""
    counts: dict[str, int] = {}
    workspace = session.get(Workspace, workspace_id)
    if workspace is not None:
        for table in platform_keyed_tables():
            counts[table.name] = rowcount(session.execute(delete(table).where(_by_platform_ids(table, workspace))))
    for table in tenant_tables():
        result = session.execute(delete(table).where(table.c.workspace_id == workspace_id))
        counts[table.name] = rowcount(result)
    result = session.execute(delete(Workspace).where(col(Workspace.id) == workspace_id))
    counts["workspace"] = rowcount(result)
    return counts


def expired(session: Session, now: datetime, keep: timedelta) -> list[Workspace]:
    """Workspaces uninstalled longer ago than `keep` (DELETE_AFTER_DAYS)."""
    query = sm_select(Workspace).where(
        col(Workspace.uninstalled_at).is_not(None), col(Workspace.uninstalled_at) < now - keep
    )
    return list(session.exec(query))


def _one(session: Session, platform: str, external_id: str) -> Workspace | None:
    query = sm_select(Workspace).where(Workspace.platform == platform, Workspace.external_id == external_id)
    return session.exec(query).first()


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime | date) else v for k, v in row.items()}
