"""Finding or creating the workspace, member and channel an event talks about.

Two processes may see the same new user at once; the unique constraints let one
insert win and the other re-reads it, so this is safe without locks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from bot.chat.ports import ChannelRef, Tenant, UserRef
from bot.db.models import Channel, Member, Workspace

Row = TypeVar("Row", bound=SQLModel)


def get_or_create(session: Session, model: type[Row], lookup: dict[str, Any], defaults: dict[str, Any]) -> Row:
    found = session.exec(select(model).filter_by(**lookup)).first()
    if found is not None:
        return found
    try:
        with session.begin_nested():
            row = model(**lookup, **defaults)
            session.add(row)
        return row
    except IntegrityError:
        return session.exec(select(model).filter_by(**lookup)).one()


def ensure_workspace(session: Session, tenant: Tenant, now: datetime, default_tz: str = "UTC") -> Workspace:
    workspace = get_or_create(
        session,
        Workspace,
        {"platform": tenant.platform, "external_id": tenant.workspace_id},
        {"name": tenant.workspace_name, "timezone": default_tz, "created_at": now},
    )
    if tenant.workspace_name and workspace.name != tenant.workspace_name:
        workspace.name = tenant.workspace_name
        session.add(workspace)
    return workspace


def ensure_member(session: Session, workspace: Workspace, user: UserRef, now: datetime) -> Member:
    member = get_or_create(
        session,
        Member,
        {"workspace_id": workspace.id, "external_id": user.id},
        {"display_name": user.name or user.id, "created_at": now},
    )
    if user.name and member.display_name != user.name:
        member.display_name = user.name
        session.add(member)
    return member


def ensure_channel(session: Session, workspace: Workspace, channel: ChannelRef, now: datetime) -> Channel:
    row = get_or_create(
        session,
        Channel,
        {"workspace_id": workspace.id, "external_id": channel.id},
        {"name": channel.name, "timezone": workspace.timezone, "created_at": now},
    )
    if channel.name and row.name != channel.name:
        row.name = channel.name
        session.add(row)
    return row


def find_workspace(session: Session, tenant: Tenant) -> Workspace | None:
    return session.exec(
        select(Workspace).where(Workspace.platform == tenant.platform, Workspace.external_id == tenant.workspace_id)
    ).first()
