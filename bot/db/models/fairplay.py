"""Disputes and taught phrasings, season cards, limits and their counts, and the web page."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from bot.db.models.fields import utc_field


class Dispute(SQLModel, table=True):
    """A member contesting their grade in one revealed round. One open dispute per member
    per round (a partial unique index); the decision is a compare-and-set on `status`, so
    two reviewers (or a retry) decide it once, and an accepted one writes one ledger row."""

    __table_args__ = (
        Index(
            "uq_dispute_open_round_member",
            "round_id",
            "member_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_dispute_workspace_status", "workspace_id", "status"),
    )

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    round_id: int = Field(foreign_key="round.id")
    member_id: int = Field(foreign_key="member.id")
    answer_id: int = Field(foreign_key="answer.id")
    reason: str = Field(default="", max_length=1000)
    status: str = Field(default="open", max_length=16, description="open | accepted | rejected | closed")
    graded_score: float | None = Field(default=None, description="the grader's score when it was opened")
    score: float | None = Field(default=None, description="the score a reviewer accepted")
    taught: bool = False
    note: str = Field(default="", max_length=1000, description="the reviewer's why, for a rejection")
    decided_by_id: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = utc_field()
    decided_at: datetime | None = utc_field(default=None)


class TaughtPhrase(SQLModel, table=True):
    """A reviewer-accepted way of stating a key point, for one workspace's grading only:
    the grader treats it as one more alias of the point."""

    __table_args__ = (
        UniqueConstraint("dispute_id", "point", name="uq_taughtphrase_dispute_point"),
        Index("ix_taughtphrase_workspace_question", "workspace_id", "question_id"),
    )

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    question_id: str = Field(foreign_key="question.id", max_length=80)
    point: str = Field(max_length=500)
    phrasing: str = Field(max_length=1000)
    dispute_id: int = Field(foreign_key="dispute.id")
    created_at: datetime = utc_field()


class SeasonCard(SQLModel, table=True):
    """A channel's winners card for a season that ended: written before it is posted,
    unique per channel and season, so it is posted once."""

    __table_args__ = (UniqueConstraint("channel_id", "season_start", name="uq_seasoncard_channel_season"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    channel_id: int = Field(foreign_key="channel.id")
    season_start: date = Field(description="the first local day of the season that ended")
    status: str = Field(default="pending", max_length=16, description="pending | posted | empty")
    message_id: str | None = Field(default=None, max_length=64)
    claim_until: datetime | None = utc_field(default=None)
    attempts: int = 0
    created_at: datetime = utc_field()
    posted_at: datetime | None = utc_field(default=None)
class LimitSetting(SQLModel, table=True):
    """A workspace's own value for one limit (bot/usecases/limits.py); a limit without
    a row has its documented default."""

    workspace_id: int = Field(foreign_key="workspace.id", primary_key=True)
    name: str = Field(max_length=32, primary_key=True)
    value: int


class PublicPost(SQLModel, table=True):
    """One public post a member made the bot write (an ask, a leaderboard...), counted
    by the per-person cooldown; rows older than the longest window are pruned."""

    __table_args__ = (Index("ix_publicpost_member_at", "member_id", "at"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    kind: str = Field(max_length=16, description="ask | leaderboard | group ...")
    at: datetime = utc_field()


class WebLink(SQLModel, table=True):
    """A private link to the team's web page. Only the token's SHA-256 is stored, so a
    copied database opens no page; `/drill web rotate` revokes every live link at once."""

    __table_args__ = (UniqueConstraint("token_hash", name="uq_weblink_token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    token_hash: str = Field(max_length=64, description="sha256 of the token, hex")
    created_by_id: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = utc_field()
    revoked_at: datetime | None = utc_field(default=None)


class WebPage(SQLModel, table=True):
    """A workspace's web page settings, changed by admins; no row means the defaults."""

    workspace_id: int = Field(foreign_key="workspace.id", primary_key=True)
    show_answers: bool = Field(default=False, description="members' own answers on past rounds (web show-answers)")
    updated_at: datetime = utc_field()
