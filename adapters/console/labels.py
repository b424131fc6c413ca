"""Names for rounds and dates as a person reads them in the terminal: a round is "the
question of the day, Tue 01 Dec (Evaluation)", never an internal thread id, and a date
carries its year when it is not this year (the virtual clock can run far ahead)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.local_mode import RoundView
from bot.render import TOPIC_TITLES


def day_text(at: datetime, tz: str, *, with_time: bool = False) -> str:
    """`Tue 01 Dec`, with the year when it is not the real current year."""
    local = at.astimezone(ZoneInfo(tz))
    text = f"{local:%a %d %b}"
    if local.year != datetime.now(UTC).astimezone(ZoneInfo(tz)).year:
        text += f" {local:%Y}"
    return text + (f" {local:%H:%M}" if with_time else "")


def round_label(round_: RoundView | None, tz: str) -> str:
    """A round by name; a thread of no round keeps a neutral name rather than its id."""
    if round_ is None:
        return "earlier message"
    topic = TOPIC_TITLES.get(round_.topic, round_.topic)
    if round_.kind == "daily":
        return f"question of the day, {day_text(round_.when, tz)} ({topic})"
    return f"practice question, {day_text(round_.when, tz, with_time=True)} ({topic})"
