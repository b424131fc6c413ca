"""The Monday summary of a channel's week. Each channel keeps `next_summary_at`
(Monday at its posting time, in its zone); the summary row is written before it is
posted and is unique per channel and week, so it goes out once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.db.engine import insert_once
from bot.db.models import Answer, Channel, Question, Round, WeeklySummary
from bot.usecases import leases
from bot.usecases.leaderboard import LeaderRow, leaderboard, revealed_between
from bot.usecases.schedules import post_instant

SUMMARY_GRACE = timedelta(hours=12)  # a summary later than this (the bot was down) is skipped


def summary_slot_from(channel: Channel, start: datetime) -> datetime:
    """The first Monday at the channel's posting time at or after `start`."""
    first_day = start.astimezone(ZoneInfo(channel.timezone)).date() - timedelta(days=1)
    for offset in range(9):
        day = first_day + timedelta(days=offset)
        if day.weekday() == 0 and (at := post_instant(channel, day)) >= start:
            return at
    raise AssertionError("a Monday comes within nine days")  # pragma: no cover


def plan_next_summary(channel: Channel, now: datetime) -> None:
    channel.next_summary_at = summary_slot_from(channel, now) if channel.scheduled else None


def week_before(channel: Channel, slot: datetime) -> tuple[date, datetime, datetime]:
    """The Monday that began the week just ended, and that week's bounds as instants."""
    tz = ZoneInfo(channel.timezone)
    monday = slot.astimezone(tz).date() - timedelta(days=7)
    start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    return monday, start, start + timedelta(days=7)


@dataclass(frozen=True)
class WeekData:
    rows: list[LeaderRow]
    coverage: dict[str, float]  # topic -> average grade

    @property
    def empty(self) -> bool:
        return not self.rows


def topic_coverage(
    session: Session, workspace_id: int, since: datetime | None, until: datetime | None, channel_id: int | None = None
) -> dict[str, float]:
    """The average grade of the answers revealed in the period, by topic."""
    query = (
        select(Question.topic, func.avg(Answer.score))
        .join(Round, col(Round.id) == col(Answer.round_id))
        .join(Question, col(Question.id) == col(Round.question_id))
        .where(Answer.workspace_id == workspace_id, col(Answer.score).is_not(None))
        .group_by(col(Question.topic))
        .order_by(col(Question.topic))
    )
    query = revealed_between(query, since, until, channel_id)
    return {topic: float(average) for topic, average in session.exec(query)}


def week_data(session: Session, channel: Channel, since: datetime, until: datetime) -> WeekData:
    monday = since.astimezone(ZoneInfo(channel.timezone)).date()  # the week bucket of the same Monday
    rows = leaderboard(session, channel.workspace_id, "week", now=since, channel_id=channel.id, starts=monday)
    return WeekData(rows, topic_coverage(session, channel.workspace_id, since, until, channel.id))


def open_summary(session: Session, channel: Channel, week_start: date, now: datetime) -> WeeklySummary | None:
    """Record the intent to post this week's summary; None if it exists already."""
    row = WeeklySummary(
        workspace_id=channel.workspace_id,
        channel_id=channel.id,
        week_start=week_start,
        created_at=now,
    )
    return insert_once(session, row)


def claim(session: Session, summary_id: int, now: datetime) -> bool:
    return leases.claim(session, WeeklySummary, summary_id, "pending", now)


def release(session: Session, summary_id: int) -> None:
    leases.release(session, WeeklySummary, summary_id)
