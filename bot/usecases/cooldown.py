"""Counting against the limits in the database, so several processes share the counts.

Each check locks the row it counts under (the member for the cooldown, the channel for
open practice questions, the workspace or group for the caps) with SELECT ... FOR NO KEY
UPDATE on PostgreSQL; SQLite transactions begin IMMEDIATE (bot/db/engine.py), which
serialises writers the same way. A second process asking at the same moment waits for
the first to commit and then counts its row. NO KEY UPDATE, not UPDATE: inserts that only
reference the row (a reveal's ledger rows name the channel and the member) take KEY SHARE
locks, which it does not block, so a reveal and an ask cannot deadlock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from bot.db.models import Channel, GroupMember, Member, PublicPost, Round, StudyGroup, Workspace
from bot.usecases.limits import Limits

OPEN_STATUSES = ("pending", "posted")  # pending: being posted right now, by this or another process
LONGEST_WINDOW = timedelta(minutes=1440)  # the largest `cooldown-minutes`: older rows count for nothing


def lock_row(session: Session, table: Any, row_id: int) -> None:
    """Hold the row until the transaction ends; count what it owns after this. (Issue
    16's disputes lock the member with it before counting theirs.)"""
    session.exec(select(table.id).where(table.id == row_id).with_for_update(key_share=True)).one()


def take_public_post(
    session: Session, workspace_id: int, member_id: int, kind: str, now: datetime, limits: Limits
) -> datetime | None:
    """Count one public post for the member, or refuse: None when counted, else the
    moment the member may post again. Admins are exempt (the caller does not ask)."""
    if limits.cooldown_minutes == 0:
        return None
    window = timedelta(minutes=limits.cooldown_minutes)
    lock_row(session, Member, member_id)
    stale = now - LONGEST_WINDOW
    session.execute(delete(PublicPost).where(col(PublicPost.member_id) == member_id, col(PublicPost.at) < stale))
    recent = list(
        session.exec(
            select(PublicPost.at)
            .where(PublicPost.member_id == member_id, PublicPost.at > now - window)
            .order_by(col(PublicPost.at))
        )
    )
    if len(recent) >= limits.cooldown_posts:
        return recent[len(recent) - limits.cooldown_posts] + window
    session.add(PublicPost(workspace_id=workspace_id, member_id=member_id, kind=kind, at=now))
    session.flush()
    return None


def open_practice(session: Session, channel_id: int) -> list[Round]:
    """The channel's open practice questions, oldest first, with the channel row locked
    until the transaction ends: whoever opens the next one holds the lock while counting."""
    lock_row(session, Channel, channel_id)
    return list(
        session.exec(
            select(Round)
            .where(Round.channel_id == channel_id, Round.kind == "practice", col(Round.status).in_(OPEN_STATUSES))
            .order_by(col(Round.created_at), col(Round.id))
        )
    )


def group_count(session: Session, workspace_id: int) -> int:
    """Study groups in the workspace, counted under the workspace's lock."""
    lock_row(session, Workspace, workspace_id)
    return session.exec(select(func.count(col(StudyGroup.id))).where(StudyGroup.workspace_id == workspace_id)).one()


def member_count(session: Session, group_id: int) -> int:
    """A group's members, counted under the group's lock."""
    lock_row(session, StudyGroup, group_id)
    return session.exec(select(func.count(col(GroupMember.id))).where(GroupMember.group_id == group_id)).one()
