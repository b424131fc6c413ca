"""Study groups: a named set of members with its own leaderboard."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.db.models import GroupMember, Member, StudyGroup
from bot.usecases import cooldown, limits, totals


class GroupProblem(Exception):
    """A group action that cannot be done; the message says why, for the user."""


def find_group(session: Session, workspace_id: int, name: str) -> StudyGroup:
    group = session.exec(
        select(StudyGroup).where(StudyGroup.workspace_id == workspace_id, func.lower(StudyGroup.name) == name.lower())
    ).first()
    if group is None:
        raise GroupProblem(f"There is no study group called {name}. `/drill group list` shows them.")
    return group


def create_group(session: Session, member: Member, name: str, now: datetime) -> StudyGroup:
    """Raises GroupProblem (the name is taken) or LimitReached (name length, groups per
    workspace: counted under the workspace's row lock, so two processes cannot both
    create the last one allowed)."""
    caps = limits.limits_for(session, member.workspace_id)
    limits.check_group_name(caps, name)
    try:
        find_group(session, member.workspace_id, name)
    except GroupProblem:
        pass
    else:
        raise GroupProblem(f"A study group called {name} already exists; `/drill group join {name}` joins it.")
    limits.check_new_group(caps, cooldown.group_count(session, member.workspace_id))
    try:
        with session.begin_nested():
            group = StudyGroup(workspace_id=member.workspace_id, name=name, created_by_id=member.id, created_at=now)
            session.add(group)
            session.flush()
            session.add(
                GroupMember(workspace_id=member.workspace_id, group_id=group.id, member_id=member.id, joined_at=now)
            )
            session.flush()
            totals.joined_group(session, member.workspace_id, group.id, member.id)
    except IntegrityError:
        raise GroupProblem(f"A study group called {name} already exists.") from None
    return group


def join_group(session: Session, member: Member, name: str, now: datetime) -> StudyGroup:
    """Raises LimitReached when the group is full (counted under the group's row lock)."""
    group = find_group(session, member.workspace_id, name)
    if _membership(session, group.id, member.id):
        raise GroupProblem(f"You are already in {group.name}.")
    caps = limits.limits_for(session, member.workspace_id)
    limits.check_join_group(caps, group.name, cooldown.member_count(session, group.id))
    try:
        with session.begin_nested():
            session.add(
                GroupMember(workspace_id=member.workspace_id, group_id=group.id, member_id=member.id, joined_at=now)
            )
            session.flush()
        totals.joined_group(session, member.workspace_id, group.id, member.id)
    except IntegrityError:
        raise GroupProblem(f"You are already in {group.name}.") from None
    return group


def _membership(session: Session, group_id: int, member_id: int) -> GroupMember | None:
    return session.exec(
        select(GroupMember).where(GroupMember.group_id == group_id, GroupMember.member_id == member_id)
    ).first()


def leave_group(session: Session, member: Member, name: str) -> StudyGroup:
    group = find_group(session, member.workspace_id, name)
    link = _membership(session, group.id, member.id)
    if link is None:
        raise GroupProblem(f"You are not in {group.name}.")
    session.delete(link)
    session.flush()
    totals.left_group(session, member.workspace_id, group.id, member.id)
    return group


def list_groups(session: Session, workspace_id: int) -> list[tuple[str, int]]:
    return list(
        session.exec(
            select(StudyGroup.name, func.count(col(GroupMember.id)))
            .join(GroupMember, col(GroupMember.group_id) == col(StudyGroup.id), isouter=True)
            .where(StudyGroup.workspace_id == workspace_id)
            .group_by(col(StudyGroup.id), col(StudyGroup.name))
            .order_by(col(StudyGroup.name))
        ).all()
    )


def group_members(session: Session, workspace_id: int, name: str) -> tuple[StudyGroup, list[str]]:
    group = find_group(session, workspace_id, name)
    names = session.exec(
        select(Member.display_name)
        .join(GroupMember, col(GroupMember.member_id) == col(Member.id))
        .where(GroupMember.group_id == group.id)
        .order_by(col(Member.display_name))
    ).all()
    return group, list(names)


def audience(session: Session, group_id: int) -> tuple[str, list[str]]:
    """A group's name and its members' platform ids, to mention them on a question."""
    group = session.get_one(StudyGroup, group_id)
    ids = session.exec(
        select(Member.external_id)
        .join(GroupMember, col(GroupMember.member_id) == col(Member.id))
        .where(GroupMember.group_id == group_id)
        .order_by(col(Member.external_id))
    ).all()
    return group.name, list(ids)
