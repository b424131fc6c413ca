"""Rounds on the database: opening them (intent before the platform post), leasing the
next step to one worker, and finding the round a thread or a channel is about."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from bot.chat.ports import MessageRef
from bot.db.engine import insert_once
from bot.db.models import Answer, Channel, Round
from bot.usecases import leases

REPEAT_DAYS = 30  # `/drill ask` avoids what the asker answered this recently


def open_daily_round(
    session: Session, channel: Channel, local_date: date, question_id: str, now: datetime
) -> Round | None:
    """Record the intent to post `local_date`'s question; None if it already exists.
    The unique (channel, local date) constraint decides between racing processes."""
    row = Round(
        workspace_id=channel.workspace_id,
        channel_id=channel.id,
        question_id=question_id,
        kind="daily",
        local_date=local_date,
        private=channel.answers == "private",
        repeated=repeats(session, channel.id, question_id),
        created_at=now,
    )
    return insert_once(session, row)


def open_practice_round(
    session: Session,
    channel: Channel,
    question_id: str,
    asked_by_id: int | None,
    now: datetime,
    group_id: int | None = None,
    *,
    private: bool = False,
) -> Round:
    """`private`: answers through the Answer button (the channel's setting, or `ask ... private`)."""
    row = Round(
        group_id=group_id,
        workspace_id=channel.workspace_id,
        channel_id=channel.id,
        question_id=question_id,
        kind="practice",
        asked_by_id=asked_by_id,
        private=private or channel.answers == "private",
        repeated=repeats(session, channel.id, question_id, asked_by_id, now),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def repeats(
    session: Session, channel_id: int, question_id: str, asker_id: int | None = None, now: datetime | None = None
) -> bool:
    """Whether the question comes back: asked in this channel before, or answered by the
    asker lately (the card says so, because the pool was used up)."""
    if session.exec(select(Round.id).where(Round.channel_id == channel_id, Round.question_id == question_id)).first():
        return True
    return asker_id is not None and now is not None and question_id in answered_lately(session, asker_id, now)


def answered_lately(session: Session, member_id: int, now: datetime) -> set[str]:
    """The questions the member answered in the last REPEAT_DAYS, in any channel of their workspace."""
    since = now - timedelta(days=REPEAT_DAYS)
    return set(
        session.exec(
            select(Round.question_id)
            .join(Answer, col(Answer.round_id) == col(Round.id))
            .where(Answer.member_id == member_id, col(Answer.created_at) >= since)
        )
    )


def claim(session: Session, round_id: int, status: str, now: datetime) -> bool:
    """Take a short lease on the round's next step; only one worker gets it."""
    return leases.claim(session, Round, round_id, status, now)


def release(session: Session, round_id: int) -> None:
    leases.release(session, Round, round_id)


def mark_posted(session: Session, round_id: int, ref: MessageRef, now: datetime, reveal_at: datetime) -> None:
    leases.complete(
        session,
        Round,
        round_id,
        status="posted",
        message_id=ref.message_id,
        thread_id=ref.thread_id,  # None: no thread (Discord refused it); answers come by button
        posted_at=now,
        reveal_at=reveal_at,
    )


def mark_reveal_posted(session: Session, round_id: int, now: datetime) -> None:
    """The reveal is in the thread: the round's last step is done."""
    leases.complete(session, Round, round_id, reveal_posted_at=now)


def in_channel_or_thread(channel_external_id: str) -> Any:
    """A round's location test: on Slack the channel id, on Discord the thread's own
    channel id (a Discord thread is a channel)."""
    return or_(col(Channel.external_id) == channel_external_id, col(Round.thread_id) == channel_external_id)


def round_for_thread(session: Session, workspace_id: int, channel_external_id: str, thread_id: str) -> Round | None:
    """The round whose thread this is. On Discord a thread is its own channel, so the
    thread id alone identifies it; on Slack the channel and the root ts do."""
    return session.exec(
        select(Round)
        .join(Channel, col(Channel.id) == col(Round.channel_id))
        .where(
            Round.workspace_id == workspace_id,
            Round.thread_id == thread_id,
            in_channel_or_thread(channel_external_id),
        )
    ).first()


def latest_open_round(session: Session, channel_id: int) -> Round | None:
    return session.exec(
        select(Round)
        .where(Round.channel_id == channel_id, Round.status == "posted")
        .order_by(col(Round.posted_at).desc(), col(Round.id).desc())
    ).first()


def daily_round_on(session: Session, channel_id: int, local_date: date) -> Round | None:
    return session.exec(select(Round).where(Round.channel_id == channel_id, Round.local_date == local_date)).first()
