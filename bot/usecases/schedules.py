"""A channel's schedule: when its daily question is due, when a round reveals, and
the words that describe it. All arithmetic is done in the channel's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.db.models import Channel
from bot.usecases.schedule_types import DEFAULT_REVEAL_AFTER_MINUTES, DEFAULT_WEEKDAYS, WEEKDAYS, ScheduleChange

PRACTICE_REVEAL_AFTER = timedelta(minutes=30)
MIN_OPEN_BEFORE_REVEAL = timedelta(minutes=30)


def local_to_utc(day: date, hhmm: str, tz: ZoneInfo) -> datetime:
    """The UTC instant of local `hhmm` on `day`. A time skipped by a daylight-saving
    jump becomes the next minute that exists; a repeated one is taken the first time."""
    naive = datetime.combine(day, time.fromisoformat(hhmm))
    for step in range(0, 24 * 60):
        candidate = naive + timedelta(minutes=step)
        instant = candidate.replace(tzinfo=tz, fold=0).astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == candidate:
            return instant
    raise ValueError(f"no valid local time after {naive} in {tz}")  # pragma: no cover


def scheduled_days(channel: Channel) -> set[int]:
    return {WEEKDAYS.index(d) for d in channel.weekdays.split(",") if d in WEEKDAYS}


def post_instant(channel: Channel, day: date) -> datetime:
    return local_to_utc(day, channel.post_time, ZoneInfo(channel.timezone))


def first_slot_from(channel: Channel, start: datetime) -> datetime | None:
    """The earliest scheduled post instant at or after `start`."""
    days = scheduled_days(channel)
    if not days:
        return None
    first_day = start.astimezone(ZoneInfo(channel.timezone)).date() - timedelta(days=1)
    for offset in range(0, 10):
        day = first_day + timedelta(days=offset)
        if day.weekday() in days and (at := post_instant(channel, day)) >= start:
            return at
    return None  # pragma: no cover  (a week always holds a scheduled day)


def next_post_after(channel: Channel, now: datetime) -> datetime | None:
    if not channel.scheduled or channel.paused:
        return None
    return first_slot_from(channel, now + timedelta(microseconds=1))


def plan_next_post(channel: Channel, now: datetime, grace: timedelta) -> None:
    """After a schedule change: the next slot to handle is the earliest one not yet
    older than the grace period (so setting 09:00 at 09:30 still posts today)."""
    active = channel.scheduled and not channel.paused
    channel.next_post_at = first_slot_from(channel, now - grace) if active else None


def slot_local_date(channel: Channel, slot: datetime) -> date:
    return slot.astimezone(ZoneInfo(channel.timezone)).date()


def daily_reveal_at(channel: Channel, posted_at: datetime) -> datetime:
    """When a daily round posted at `posted_at` reveals: the channel's reveal time (the
    next one that leaves at least half an hour to answer), or a fixed delay."""
    if channel.reveal_time:
        tz = ZoneInfo(channel.timezone)
        day = posted_at.astimezone(tz).date()
        at = local_to_utc(day, channel.reveal_time, tz)
        while at < posted_at + MIN_OPEN_BEFORE_REVEAL:
            day += timedelta(days=1)
            at = local_to_utc(day, channel.reveal_time, tz)
        return at
    return posted_at + timedelta(minutes=channel.reveal_after_minutes or 480)


def practice_reveal_at(posted_at: datetime) -> datetime:
    return posted_at + PRACTICE_REVEAL_AFTER


def apply_change(channel: Channel, change: ScheduleChange) -> None:
    """`schedule set`: what was typed replaces the current value, and what was not gets
    the README's defaults (weekdays, all topics and levels, reveal 8 hours after
    posting); only the time zone stays as it was when not named."""
    channel.scheduled, channel.paused = True, False
    if change.post_time:
        channel.post_time = change.post_time
    if change.timezone:
        channel.timezone = change.timezone
    channel.weekdays = change.weekdays or DEFAULT_WEEKDAYS
    if change.reveal_time:
        channel.reveal_time, channel.reveal_after_minutes = change.reveal_time, None
    else:
        channel.reveal_time = None
        channel.reveal_after_minutes = change.reveal_after_minutes or DEFAULT_REVEAL_AFTER_MINUTES
    channel.topics = ",".join(change.topics or [])
    channel.difficulties = ",".join(str(d) for d in change.difficulties or [])
    channel.answers = change.answers or "thread"
    channel.pick = change.pick or "adaptive"


def describe(channel: Channel) -> str:
    if not channel.scheduled:
        return "No daily question here. An admin can start one with `/drill schedule set 09:00`."
    days = channel.weekdays.replace(",", ", ")
    if channel.reveal_time:
        reveal = f"reveal at {channel.reveal_time}"
    else:
        reveal = f"reveal {format_duration(channel.reveal_after_minutes or 480)} after posting"
    topics = channel.topics.replace(",", ", ") or "all topics"
    levels = channel.difficulties.replace(",", ", ") or "all"
    state = " (paused)" if channel.paused else ""
    return (
        f"Daily question{state} at {channel.post_time} {channel.timezone} on {days}; {reveal}. "
        f"Topics: {topics}. Difficulty: {levels}. {ANSWERS_TEXT[channel.answers]} {PICK_TEXT[channel.pick]}"
    )


ANSWERS_TEXT = {
    "thread": "Answers: in the thread.",
    "private": "Answers: private, through the Answer button, until the reveal (thread replies count too).",
}
PICK_TEXT = {
    "adaptive": "Questions: adaptive (the channel's weakest topics come up more often).",
    "random": "Questions: in rotation.",
}


def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}m" if hours and rest else (f"{hours}h" if hours else f"{rest}m")
