"""Workspaces, their members and channels, and the synced question bank."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.db.models.fields import DEFAULT_WEEKDAYS, json_field, utc_field


class Workspace(SQLModel, table=True):
    """A tenant: one Slack workspace, one Discord guild, or the local console."""

    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_workspace_platform_external"),)

    id: int = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    name: str = Field(default="", max_length=200)
    timezone: str = Field(default="UTC", max_length=64)
    # Point rules; None means the documented default (bot/usecases/points.py).
    points_answer: int | None = None
    points_coverage: int | None = None
    kudos_cap: int | None = None
    streak_bonus: int | None = None
    streak_bonus_after: int | None = None
    season_start: date | None = Field(default=None, description="None: seasons are calendar quarters")
    created_at: datetime = utc_field()
    uninstalled_at: datetime | None = utc_field(default=None, description="the app was removed (DELETE_AFTER_DAYS)")


class Member(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "external_id", name="uq_member_workspace_external"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    external_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    created_at: datetime = utc_field()


class Channel(SQLModel, table=True):
    """A channel Drillbot talks in, with its daily schedule."""

    __table_args__ = (UniqueConstraint("workspace_id", "external_id", name="uq_channel_workspace_external"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    external_id: str = Field(max_length=64)
    name: str = Field(default="", max_length=200)
    scheduled: bool = Field(default=False, description="a daily question is wanted here")
    paused: bool = False
    timezone: str = Field(default="UTC", max_length=64)
    post_time: str = Field(default="09:00", max_length=5, description="local HH:MM")
    weekdays: str = Field(default=DEFAULT_WEEKDAYS, max_length=32)
    reveal_time: str | None = Field(default=None, max_length=5, description="local HH:MM, or None")
    reveal_after_minutes: int | None = Field(default=480, description="used when reveal_time is None")
    topics: str = Field(default="", max_length=300, description="comma-separated filter; empty = all")
    difficulties: str = Field(default="", max_length=10, description="comma-separated filter; empty = all")
    next_post_at: datetime | None = utc_field(default=None, index=True, description="the next daily slot to handle")
    next_summary_at: datetime | None = utc_field(default=None, index=True, description="the next Monday summary")
    reveal_details: str = Field(default="private", max_length=8, description="private | public: per-point details")
    answers: str = Field(default="thread", max_length=8, description="thread | private: how answers are given")
    pick: str = Field(default="adaptive", max_length=8, description="adaptive | random: how questions are chosen")
    created_at: datetime = utc_field()
    paused_reason: str | None = Field(default=None, max_length=300, description="the platform refused; what to do")
    schedule_set_by_id: int | None = Field(default=None, foreign_key="member.id", description="told if it pauses")


class Question(SQLModel, table=True):
    """A bank question, synced from `content/` by its stable id. Never deleted: a
    question dropped from the bank is marked inactive so old rounds keep working."""

    id: str = Field(primary_key=True, max_length=80)
    topic: str = Field(max_length=40, index=True)
    difficulty: int
    kind: str = Field(max_length=20)
    prompt: str
    answer: str
    key_points: list[dict[str, Any]] = json_field(list)
    tags: list[str] = json_field(list)
    sources: list[str] = json_field(list)
    hint: str | None = None
    follow_up: str | None = None
    origin: str = Field(default="", max_length=300, description="file it was loaded from")
    content_hash: str = Field(default="", max_length=64)
    active: bool = True
    updated_at: datetime = utc_field()
