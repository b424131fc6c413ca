"""The data model. Every team row carries `workspace_id`, its tenant key.

Uniqueness here is what makes the product exactly-once across retries, restarts and
processes: the code may try twice, the database lets one attempt win.

Surrogate keys are typed `id: int` with a None default: the database assigns them at
the first flush, and the code reads an id only from a flushed or loaded row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import JSON, BigInteger, Column, Index, Table, UniqueConstraint, inspect, text
from sqlmodel import Field, SQLModel

from bot.db.types import UTCDateTime

DEFAULT_WEEKDAYS = "mon,tue,wed,thu,fri"


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core `Table` for bulk SQL; SQLModel leaves `__table__` untyped."""
    return cast(Table, inspect(model).local_table)


def _utc(**kw: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kw)


def _json(default_factory: Any) -> Any:
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))


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
    created_at: datetime = _utc()
    uninstalled_at: datetime | None = _utc(default=None, description="the app was removed (DELETE_AFTER_DAYS)")


class Member(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "external_id", name="uq_member_workspace_external"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    external_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    created_at: datetime = _utc()


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
    next_post_at: datetime | None = _utc(default=None, index=True, description="the next daily slot to handle")
    next_summary_at: datetime | None = _utc(default=None, index=True, description="the next Monday summary")
    reveal_details: str = Field(default="private", max_length=8, description="private | public: per-point details")
    answers: str = Field(default="thread", max_length=8, description="thread | private: how answers are given")
    pick: str = Field(default="adaptive", max_length=8, description="adaptive | random: how questions are chosen")
    created_at: datetime = _utc()
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
    key_points: list[dict[str, Any]] = _json(list)
    tags: list[str] = _json(list)
    sources: list[str] = _json(list)
    hint: str | None = None
    follow_up: str | None = None
    origin: str = Field(default="", max_length=300, description="file it was loaded from")
    content_hash: str = Field(default="", max_length=64)
    active: bool = True
    updated_at: datetime = _utc()


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
    created_at: datetime = _utc()
    posted_at: datetime | None = _utc(default=None)
    reveal_at: datetime | None = _utc(default=None)
    revealed_at: datetime | None = _utc(default=None)
    reveal_posted_at: datetime | None = _utc(default=None)
    claim_until: datetime | None = _utc(default=None, description="a worker's lease on this row's next step")
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
    covered: list[str] = _json(list)
    missed: list[str] = _json(list)
    feedback: str = ""
    points: list[dict[str, str]] = _json(list)  # the grader's verdict on each key point, with evidence
    flag: str | None = Field(default=None, max_length=32, description="the grader's gaming verdict, e.g. peer-copy")
    created_at: datetime = _utc()
    updated_at: datetime = _utc()


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
    created_at: datetime = _utc()
    updated_at: datetime = _utc()


class Kudos(SQLModel, table=True):
    """A teammate's reaction on an answer, counted at the reveal (capped per answer)."""

    __table_args__ = (UniqueConstraint("answer_id", "giver_id", name="uq_kudos_answer_giver"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    answer_id: int = Field(foreign_key="answer.id", index=True)
    giver_id: int = Field(foreign_key="member.id")
    created_at: datetime = _utc()


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
    created_at: datetime = _utc()


class StudyGroup(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_studygroup_workspace_name"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=64)
    created_by_id: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = _utc()


class GroupMember(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("group_id", "member_id", name="uq_groupmember_group_member"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="studygroup.id", index=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    joined_at: datetime = _utc()


class ReviewCard(SQLModel, table=True):
    """A member's spaced-repetition state for one question."""

    __table_args__ = (UniqueConstraint("member_id", "question_id", name="uq_reviewcard_member_question"),)

    id: int = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    question_id: str = Field(foreign_key="question.id", max_length=80)
    state: dict[str, Any] = _json(dict)
    due: datetime = _utc(index=True)
    last_review: datetime | None = _utc(default=None)
    asked_at: datetime | None = _utc(default=None, description="sent by /drill review, not yet answered")


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
    claim_until: datetime | None = _utc(default=None)
    attempts: int = 0
    created_at: datetime = _utc()
    posted_at: datetime | None = _utc(default=None)


class LocalClock(SQLModel, table=True):
    """Local mode's virtual clock: how far it runs ahead of real time, one row per data
    directory, so a restart resumes on the same virtual day instead of rewinding."""

    data_dir: str = Field(primary_key=True, max_length=1000)
    offset_seconds: int = Field(sa_type=BigInteger, description="virtual time minus real time; never negative")
    updated_at: datetime = _utc()


class AnswerOrigin(SQLModel, table=True):
    """When a member first answered a round. It outlives a deleted reply, so deleting an
    answer and posting it again keeps its place in time: whoever wrote a text first is
    never graded as copying the teammate who copied them."""

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    member_id: int = Field(foreign_key="member.id", primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)  # a tenant's rows, deleted with it
    first_at: datetime = _utc()


class InboxItem(SQLModel, table=True):
    """A platform event, command or interaction, written before the platform is told it
    arrived (Slack's 200) and processed after: a crash or a deploy between the two loses
    nothing, and the platform's redelivery of it is recognised by (source, key)."""

    __table_args__ = (
        UniqueConstraint("source", "key", name="uq_inboxitem_source_key"),
        Index("ix_inboxitem_due", "status", "claim_until"),
        Index("ix_inboxitem_tenant", "source", "workspace_external_id"),
    )

    id: int = Field(default=None, primary_key=True)
    source: str = Field(max_length=16, description="the platform: slack | discord")
    key: str = Field(max_length=128, description="the platform's event id, or one derived from the payload")
    kind: str = Field(max_length=16, description="which handler processes it")
    workspace_external_id: str | None = Field(
        default=None, max_length=64, description="the tenant on `source` (Slack team, Discord guild), when known"
    )
    payload: dict[str, Any] = _json(dict)  # what the handler needs and no more; user text: never logged
    status: str = Field(default="pending", max_length=16, description="pending | done | failed")
    received_at: datetime = _utc()
    claim_until: datetime | None = _utc(default=None, description="a worker's lease on processing it")
    attempts: int = 0
    done_at: datetime | None = _utc(default=None, index=True)


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
    created_at: datetime = _utc()
    decided_at: datetime | None = _utc(default=None)


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
    created_at: datetime = _utc()


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
    claim_until: datetime | None = _utc(default=None)
    attempts: int = 0
    created_at: datetime = _utc()
    posted_at: datetime | None = _utc(default=None)
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
    at: datetime = _utc()


class WebLink(SQLModel, table=True):
    """A private link to the team's web page. Only the token's SHA-256 is stored, so a
    copied database opens no page; `/drill web rotate` revokes every live link at once."""

    __table_args__ = (UniqueConstraint("token_hash", name="uq_weblink_token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    token_hash: str = Field(max_length=64, description="sha256 of the token, hex")
    created_by_id: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = _utc()
    revoked_at: datetime | None = _utc(default=None)


class WebPage(SQLModel, table=True):
    """A workspace's web page settings, changed by admins; no row means the defaults."""

    workspace_id: int = Field(foreign_key="workspace.id", primary_key=True)
    show_answers: bool = Field(default=False, description="members' own answers on past rounds (web show-answers)")
    updated_at: datetime = _utc()
