"""Every limit that keeps a channel usable, in one place: its default, its bounds and
what it means. A workspace's admins change them with `/drill limits set NAME VALUE`
(stored in `LimitSetting`); a limit without a row has the default below.

The counting happens in the database (bot/usecases/cooldown.py) so that every process
of a deploy shares the same counts; the checks here are pure and say, when they refuse,
what the limit is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, select

from bot.chat.text import said
from bot.db.models import LimitSetting


@dataclass(frozen=True)
class Limits:
    """The defaults a normal team never meets."""

    open_questions: int = 1  # open practice questions per channel (the daily question is not counted)
    cooldown_posts: int = 3  # public posts one person may make the bot write per window...
    cooldown_minutes: int = 10  # ...of this many minutes; 0 turns the cooldown off
    groups: int = 50  # study groups per workspace
    group_members: int = 200  # members per study group
    group_name_length: int = 32  # characters in a study group's name
    disputes_per_round: int = 1  # disputes per person per round
    disputes_per_day: int = 5  # disputes per person per day (UTC)


@dataclass(frozen=True)
class LimitInfo:
    field: str
    low: int
    high: int
    meaning: str


LIMITS: dict[str, LimitInfo] = {  # what admins type -> the field, its bounds, what it means
    "open-questions": LimitInfo("open_questions", 1, 20, "open practice questions per channel"),
    "cooldown-posts": LimitInfo("cooldown_posts", 1, 100, "public posts per person per cooldown window"),
    "cooldown-minutes": LimitInfo("cooldown_minutes", 0, 1440, "the cooldown window in minutes (0: off)"),
    "groups": LimitInfo("groups", 1, 1000, "study groups per workspace"),
    "group-members": LimitInfo("group_members", 2, 10000, "members per study group"),
    "group-name-length": LimitInfo("group_name_length", 3, 64, "characters in a study group's name"),
    "disputes-per-round": LimitInfo("disputes_per_round", 1, 5, "disputes per person per question"),
    "disputes-per-day": LimitInfo("disputes_per_day", 1, 100, "disputes per person per day"),
}
DEFAULTS = Limits()


class LimitReached(Exception):
    """A request refused by a limit; the message, for the person, says the limit."""


def limits_for(session: Session, workspace_id: int, defaults: Limits = DEFAULTS) -> Limits:
    """The workspace's own values where it set them, the defaults elsewhere."""
    rows = session.exec(select(LimitSetting).where(LimitSetting.workspace_id == workspace_id)).all()
    chosen = {LIMITS[row.name].field: row.value for row in rows if row.name in LIMITS}
    return replace(defaults, **chosen)


def check_value(name: str, value: int) -> str | None:
    """Why `value` cannot be `name`'s value, or None when it can."""
    info = LIMITS[name]
    if not info.low <= value <= info.high:
        return f"`{name}` can be from {info.low} to {info.high}."
    return None


def set_limit(session: Session, workspace_id: int, name: str, value: int) -> None:
    """Store a checked value (the caller ran `check_value`); `merge` makes a second
    set of the same limit an update."""
    session.merge(LimitSetting(workspace_id=workspace_id, name=name, value=value))
    session.flush()


def reset_limits(session: Session, workspace_id: int, name: str | None = None) -> None:
    query = select(LimitSetting).where(LimitSetting.workspace_id == workspace_id)
    if name is not None:
        query = query.where(LimitSetting.name == name)
    for row in session.exec(query).all():
        session.delete(row)
    session.flush()


def describe(limits: Limits) -> list[str]:
    """One line per limit: the name admins type, the value in force, what it means."""
    lines = []
    for name, info in LIMITS.items():
        value = getattr(limits, info.field)
        default = getattr(DEFAULTS, info.field)
        note = "" if value == default else f" (default {default})"
        lines.append(f"• `{name}` {value}{note}: {info.meaning}")
    return lines


def check_group_name(limits: Limits, name: str) -> None:
    if len(name) > limits.group_name_length:
        raise LimitReached(
            f"A study group's name can be at most {limits.group_name_length} characters; {said(name)} has {len(name)}."
        )


def check_new_group(limits: Limits, existing_groups: int) -> None:
    if existing_groups >= limits.groups:
        raise LimitReached(
            f"This workspace has {existing_groups} study groups, the limit ({limits.groups}). "
            "Join one (`/drill group list`), or ask an admin to raise `groups`."
        )


def check_join_group(limits: Limits, group_name: str, members: int) -> None:
    if members >= limits.group_members:
        raise LimitReached(
            f"{said(group_name)} has {members} members, the limit per group ({limits.group_members}). "
            "Start another group, or ask an admin to raise `group-members`."
        )


def check_dispute_allowed(limits: Limits, on_this_round: int, today: int) -> str | None:
    """Whether one person may open another dispute: `on_this_round` and `today` are how
    many they have opened on this round and since the start of today (UTC). None when
    allowed, else the refusal to show them, naming the limit. (Issue 16's disputes count
    their own rows and call this in the transaction that inserts the new one.)"""
    if on_this_round >= limits.disputes_per_round:
        if limits.disputes_per_round == 1:
            return "You have already disputed this question's grade: one dispute per person per question."
        return f"You have disputed this question {on_this_round} times, the limit ({limits.disputes_per_round})."
    if today >= limits.disputes_per_day:
        return (
            f"You have opened {today} disputes today, the limit per person per day ({limits.disputes_per_day}). "
            "Try again tomorrow."
        )
    return None
