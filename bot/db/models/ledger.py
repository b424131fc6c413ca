"""Points (the append-only ledger and its period totals), study groups, review cards and weekly summaries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.db.models.fields import json_field, utc_field


class ScoreEvent(SQLModel, table=True):
    """Append-only points ledger; leaderboards are sums over it."""

    __table_args__ = (
        UniqueConstraint("round_id", "member_id", "reason", name="uq_scoreevent_round_member_reason"),
        # Covering indexes: a period's leaderboard is read from the index alone.
        Index(
            "ix_scoreevent_workspace_created",
            *("workspace_id", "created_at", "channel_id", "member_id", "points", "reason"),  # rebuilds read it alone
        ),
        Index("ix_scoreevent_channel_created", "channel_id", "created_at", "member_id", "points", "reason"),
    )

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    channel_id: int = Field(foreign_key="channel.id")
    round_id: int = Field(foreign_key="round.id")
    member_id: int = Field(foreign_key="member.id", index=True)
    reason: str = Field(max_length=16, description="answer | coverage | kudos | streak")
    points: int
    created_at: datetime = utc_field()


class StudyGroup(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_studygroup_workspace_name"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=64)
    created_by_id: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = utc_field()


class GroupMember(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("group_id", "member_id", name="uq_groupmember_group_member"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="studygroup.id", index=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    joined_at: datetime = utc_field()


class ReviewCard(SQLModel, table=True):
    """A member's spaced-repetition state for one question."""

    __table_args__ = (UniqueConstraint("member_id", "question_id", name="uq_reviewcard_member_question"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    question_id: str = Field(foreign_key="question.id", max_length=80)
    state: dict[str, Any] = json_field(dict)
    due: datetime = utc_field(index=True)
    last_review: datetime | None = utc_field(default=None)
    asked_at: datetime | None = utc_field(default=None, description="sent by /drill review, not yet answered")


class WeeklySummary(SQLModel, table=True):
    """The Monday summary of a channel's week: written before it is posted, unique per
    channel and week, so it is posted once."""

    __table_args__ = (UniqueConstraint("channel_id", "week_start", name="uq_weeklysummary_channel_week"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    channel_id: int = Field(foreign_key="channel.id")
    week_start: date = Field(description="the Monday the summarised week began")
    status: str = Field(default="pending", max_length=16, description="pending | posted")
    message_id: str | None = Field(default=None, max_length=64)
    claim_until: datetime | None = utc_field(default=None)
    attempts: int = 0
    created_at: datetime = utc_field()
    posted_at: datetime | None = utc_field(default=None)




class PointTotal(SQLModel, table=True):
    """One member's points and answers in one period bucket of one scope, kept equal to
    the ledger's sums by bot/usecases/totals.py (written in the ledger row's transaction),
    so a top 10 is an index range, whatever the workspace's size or history.

    scope: team (scope_id 0) | channel (a channel id) | group (a study group id);
    period: week | month | season | all, and `starts` is the bucket's first local day in
    the workspace's time zone (2000-01-01 for all time)."""

    __table_args__ = (
        Index(
            "ix_pointtotal_top",
            *("workspace_id", "scope", "scope_id", "period", "starts", "points", "member_id", "answered"),
        ),
        Index("ix_pointtotal_member", "member_id", "scope"),
    )

    workspace_id: int = Field(foreign_key="workspace.id", primary_key=True)
    scope: str = Field(max_length=8, primary_key=True)
    scope_id: int = Field(primary_key=True)
    period: str = Field(max_length=8, primary_key=True)
    starts: date = Field(primary_key=True)
    member_id: int = Field(foreign_key="member.id", primary_key=True)
    points: int = 0
    answered: int = Field(default=0, description="graded answers before the reveal (totals.ANSWERED)")
