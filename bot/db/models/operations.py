"""The machinery: local mode's clock, where answers came from, and the durable inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.db.models.fields import json_field, utc_field


class LocalClock(SQLModel, table=True):
    """Local mode's virtual clock: how far it runs ahead of real time, one row per data
    directory, so a restart resumes on the same virtual day instead of rewinding."""

    data_dir: str = Field(primary_key=True, max_length=1000)
    offset_seconds: int = Field(sa_type=BigInteger, description="virtual time minus real time; never negative")
    updated_at: datetime = utc_field()


class AnswerOrigin(SQLModel, table=True):
    """When a member first answered a round. It outlives a deleted reply, so deleting an
    answer and posting it again keeps its place in time: whoever wrote a text first is
    never graded as copying the teammate who copied them."""

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    member_id: int = Field(foreign_key="member.id", primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)  # a tenant's rows, deleted with it
    first_at: datetime = utc_field()


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
    payload: dict[str, Any] = json_field(dict)  # what the handler needs and no more; user text: never logged
    status: str = Field(default="pending", max_length=16, description="pending | done | failed")
    received_at: datetime = utc_field()
    claim_until: datetime | None = utc_field(default=None, description="a worker's lease on processing it")
    attempts: int = 0
    done_at: datetime | None = utc_field(default=None, index=True)
