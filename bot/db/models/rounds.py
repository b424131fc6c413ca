"""A posted question, the answers to it, the messages they came in and kudos."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.db.models.fields import json_field, utc_field


class Round(SQLModel, table=True):
    """One posted question in one channel. The row is written before the platform
    post (status 'pending') so a retry or a second process finds it instead of
    posting again; a daily round is unique per (channel, local date)."""

    __table_args__ = (
        UniqueConstraint("channel_id", "local_date", name="uq_round_channel_local_date"),
        Index("ix_round_workspace_thread", "workspace_id", "thread_id"),
        Index("ix_round_due", "status", "reveal_at"),
    )

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    channel_id: int = Field(foreign_key="channel.id", index=True)
    question_id: str = Field(foreign_key="question.id", max_length=80)
    kind: str = Field(max_length=16, description="daily | practice")
    local_date: date | None = Field(default=None, description="set for daily rounds only")
    status: str = Field(default="pending", max_length=16, description="pending | posted | revealed")
    message_id: str | None = Field(default=None, max_length=64)
    thread_id: str | None = Field(default=None, max_length=64)
    asked_by_id: int | None = Field(default=None, foreign_key="member.id")
    group_id: int | None = Field(default=None, foreign_key="studygroup.id")
    private: bool = Field(default=False, description="answers go through the Answer button, hidden until the reveal")
    repeated: bool = Field(default=False, description="chosen after its pool was used up: the card says so")
    created_at: datetime = utc_field()
    posted_at: datetime | None = utc_field(default=None)
    reveal_at: datetime | None = utc_field(default=None)
    revealed_at: datetime | None = utc_field(default=None)
    reveal_posted_at: datetime | None = utc_field(default=None)
    claim_until: datetime | None = utc_field(default=None, description="a worker's lease on this row's next step")
    attempts: int = 0


class Answer(SQLModel, table=True):
    """One member's answer to one round; several replies join into it."""

    __table_args__ = (UniqueConstraint("round_id", "member_id", name="uq_answer_round_member"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    late: bool = Field(default=False, description="first written after the reveal: kept, earns nothing")
    score: float | None = None
    covered: list[str] = json_field(list)
    missed: list[str] = json_field(list)
    feedback: str = ""
    points: list[dict[str, str]] = json_field(list)  # the grader's verdict on each key point, with evidence
    flag: str | None = Field(default=None, max_length=32, description="the grader's gaming verdict, e.g. peer-copy")
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class AnswerMessage(SQLModel, table=True):
    """One platform message that is part of an answer; unique per platform message id."""

    __table_args__ = (UniqueConstraint("round_id", "message_id", name="uq_answermessage_round_message"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    round_id: int = Field(foreign_key="round.id")
    answer_id: int = Field(foreign_key="answer.id", index=True)
    message_id: str = Field(max_length=64)
    text: str
    late: bool = False
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class Kudos(SQLModel, table=True):
    """A teammate's reaction on an answer, counted at the reveal (capped per answer)."""

    __table_args__ = (UniqueConstraint("answer_id", "giver_id", name="uq_kudos_answer_giver"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    answer_id: int = Field(foreign_key="answer.id", index=True)
    giver_id: int = Field(foreign_key="member.id")
    created_at: datetime = utc_field()
