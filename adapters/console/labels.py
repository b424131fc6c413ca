"""Names for rounds and dates as a person reads them in the terminal: a round is "the
question of the day, Tue 01 Dec (Evaluation)", never an internal thread id, and a date
carries its year when it is not this year (the virtual clock can run far ahead)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.db.models import Question, Round
from bot.render import TOPIC_TITLES


def day_text(at: datetime, tz: str, *, with_time: bool = False) -> str:
    """`Tue 01 Dec`, with the year when it is not the real current year."""
    local = at.astimezone(ZoneInfo(tz))
    text = f"{local:%a %d %b}"
    if local.year != datetime.now(UTC).astimezone(ZoneInfo(tz)).year:
        text += f" {local:%Y}"
    return text + (f" {local:%H:%M}" if with_time else "")


def round_label(session: Session, round_: Round, tz: str) -> str:
    question = session.get(Question, round_.question_id)
    topic = TOPIC_TITLES.get(question.topic, question.topic) if question else "?"
    when = round_.posted_at or round_.created_at
    if round_.kind == "daily":
        return f"question of the day, {day_text(when, tz)} ({topic})"
    return f"practice question, {day_text(when, tz, with_time=True)} ({topic})"


def thread_label(session: Session, thread_id: str, tz: str) -> str:
    """The round a console thread belongs to, by name; a thread of no round keeps a
    neutral name rather than its id."""
    from sqlmodel import select

    round_ = session.exec(select(Round).where(Round.thread_id == thread_id)).first()
    return round_label(session, round_, tz) if round_ is not None else "earlier message"
