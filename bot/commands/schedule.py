"""The spec of `/drill schedule`, and the words of a schedule: times, zones, days,
durations, difficulties."""

from __future__ import annotations

import difflib
import re
import zoneinfo
from datetime import time
from typing import Any

from bot.commands.spec import CommandSpec, Option, UsageError
from bot.commands.types import ANSWERS_MODES, DETAILS, PICK_MODES, Schedule, ScheduleAction
from bot.commands.words import parse_topic
from bot.usecases.schedule_types import DEFAULT_REVEAL_AFTER_MINUTES, DEFAULT_WEEKDAYS, WEEKDAYS, ScheduleChange

DAY_WORDS = {
    "weekdays": "mon,tue,wed,thu,fri",
    "daily": ",".join(WEEKDAYS),
    "everyday": ",".join(WEEKDAYS),
    "weekends": "sat,sun",
}
TIME_24H = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TIME_12H = re.compile(r"^(1[0-2]|0?[1-9])(?::([0-5]\d))?(am|pm)$")
DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?$")
CHOICES: dict[str, tuple[str, ...]] = {"answers": ANSWERS_MODES, "pick": PICK_MODES}  # fixed-value keywords
SET_KEYWORDS = ("days", "reveal", "topics", "difficulty", *CHOICES)
PLAIN_ACTIONS: tuple[ScheduleAction, ...] = ("show", "pause", "resume", "off")


def parse_schedule(args: list[str]) -> Schedule:
    if not args:
        return Schedule("show")
    action = args[0].lower()
    if action == "details":
        choice = args[1].lower() if len(args) == 2 else ""
        if choice not in DETAILS:
            raise UsageError("schedule", "Say `schedule details public` or `schedule details private`.")
        return Schedule("details", details="public" if choice == "public" else "private")
    if action in PLAIN_ACTIONS:
        if len(args) > 1:
            raise UsageError("schedule", f"`schedule {action}` takes no arguments.")
        return Schedule(next(a for a in PLAIN_ACTIONS if a == action))
    if action != "set":
        raise UsageError("schedule", f"Unknown schedule action `{action}`.")
    return Schedule("set", parse_schedule_set(args[1:]))


def parse_schedule_set(args: list[str]) -> ScheduleChange:
    if not args:
        raise UsageError("schedule", "Give the posting time, for example `/drill schedule set 09:00`.")
    values: dict[str, Any] = {"post_time": parse_time(args[0], "schedule")}
    rest = list(args[1:])
    if rest and rest[0].lower() not in SET_KEYWORDS:
        values["timezone"] = parse_timezone(rest.pop(0), "schedule")
    while rest:
        keyword = rest.pop(0).lower()
        if not rest:
            raise UsageError("schedule", f"`{keyword}` needs a value.")
        value = rest.pop(0)
        if keyword == "days":
            values["weekdays"] = parse_weekdays(value)
        elif keyword == "reveal" and value.lower() == "after":
            if not rest:
                raise UsageError("schedule", "`reveal after` needs a duration such as 8h or 90m.")
            values["reveal_after_minutes"] = parse_duration(rest.pop(0), "schedule")
        elif keyword == "reveal":
            values["reveal_time"] = parse_time(value, "schedule")
        elif keyword == "topics":
            values["topics"] = [] if value.lower() == "all" else [parse_topic(t, "schedule") for t in value.split(",")]
        elif keyword == "difficulty":
            values["difficulties"] = [] if value.lower() == "all" else parse_difficulties(value)
        elif keyword in CHOICES:
            if value.lower() not in CHOICES[keyword]:
                raise UsageError("schedule", f"`{keyword}` is {' or '.join(CHOICES[keyword])}, not `{value}`.")
            values[keyword] = value.lower()
        else:
            raise UsageError("schedule", f"Unexpected `{keyword}`.")
    change = ScheduleChange(**values)
    check_reveal_before_next_post(change)
    return change


def check_reveal_before_next_post(change: ScheduleChange) -> None:
    """A daily question must reveal before the next one is posted, or two rounds would be
    open at once and answers would land in the wrong one."""
    post = _minutes(change.post_time or "00:00")
    if change.reveal_time:
        delay = (_minutes(change.reveal_time) - post) % (24 * 60)
        delay += 24 * 60 if delay < 30 else 0  # the reveal leaves at least 30 minutes to answer
        said = f"A reveal at {change.reveal_time} comes {_hours(delay)} after the {change.post_time} post"
    else:
        delay = change.reveal_after_minutes or DEFAULT_REVEAL_AFTER_MINUTES
        said = f"A reveal {_hours(delay)} after posting"
    days = sorted(WEEKDAYS.index(d) for d in (change.weekdays or DEFAULT_WEEKDAYS).split(","))
    gaps = [((days[(i + 1) % len(days)] - day) % 7 or 7) for i, day in enumerate(days)]
    gap = min(gaps) * 24 * 60
    if delay >= gap:
        raise UsageError(
            "schedule",
            f"{said}, which is after the next question ({_hours(gap)} later on these days). "
            f"Choose a reveal less than {_hours(gap)} after posting.",
        )


def _minutes(hhmm: str) -> int:
    hours, _, minutes = hhmm.partition(":")
    return int(hours) * 60 + int(minutes)


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


def parse_time(word: str, command: str) -> str:
    """`9:00`, `17:30`, `9am`, `5:30pm` -> 'HH:MM'."""
    lowered = word.lower()
    if m := TIME_24H.match(lowered):
        return time(int(m.group(1)), int(m.group(2))).strftime("%H:%M")
    if m := TIME_12H.match(lowered):
        hour = int(m.group(1)) % 12 + (12 if m.group(3) == "pm" else 0)
        return time(hour, int(m.group(2) or 0)).strftime("%H:%M")
    raise UsageError(command, f"`{word}` is not a time; use 24-hour HH:MM such as 09:00.")


def parse_timezone(word: str, command: str) -> str:
    if word in zoneinfo.available_timezones():
        return word
    close = difflib.get_close_matches(word, sorted(zoneinfo.available_timezones()), n=3, cutoff=0.5)
    examples = ", ".join(close) if close else "Europe/Berlin, America/New_York, Asia/Kolkata, UTC"
    raise UsageError(command, f"Unknown time zone `{word}`. Use an IANA name, for example {examples}.")


def parse_weekdays(word: str) -> str:
    lowered = word.lower()
    if lowered in DAY_WORDS:
        return DAY_WORDS[lowered]
    chosen: set[str] = set()
    for part in lowered.split(","):
        if "-" in part:
            start, _, end = part.partition("-")
            if start not in WEEKDAYS or end not in WEEKDAYS:
                raise UsageError("schedule", f"`{part}` is not a day range; days are {', '.join(WEEKDAYS)}.")
            i, j = WEEKDAYS.index(start), WEEKDAYS.index(end)
            span = range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)]
            chosen.update(WEEKDAYS[k] for k in span)
        elif part in WEEKDAYS:
            chosen.add(part)
        else:
            raise UsageError("schedule", f"`{part}` is not a day; days are {', '.join(WEEKDAYS)} or weekdays/daily.")
    return ",".join(d for d in WEEKDAYS if d in chosen)


def parse_duration(word: str, command: str) -> int:
    m = DURATION.match(word.lower())
    minutes = int(m.group(1) or 0) * 60 + int(m.group(2) or 0) if m and word else 0
    if not minutes or minutes > 7 * 24 * 60:
        raise UsageError(command, f"`{word}` is not a duration between 1m and 168h, such as 8h or 90m.")
    return minutes


def parse_difficulties(word: str) -> list[int]:
    if re.fullmatch(r"[1-3]-[1-3]", word):
        low, high = sorted(int(x) for x in word.split("-"))
        return list(range(low, high + 1))
    parts = word.split(",")
    if all(p in {"1", "2", "3"} for p in parts):
        return sorted({int(p) for p in parts})
    raise UsageError("schedule", f"`{word}` is not a difficulty; use 1, 2, 3, a range such as 1-2, or a list 1,3.")


SCHEDULE_USAGE = (
    "show | set HH:MM [TZ] [days mon-fri] [reveal HH:MM | reveal after 8h] "
    f"[topics a,b|all] [difficulty 1-3|all] [answers {'|'.join(ANSWERS_MODES)}] [pick {'|'.join(PICK_MODES)}] "
    f"| pause | resume | off | details {'|'.join(DETAILS)}"
)
SCHEDULE = CommandSpec(
    "schedule",
    SCHEDULE_USAGE,
    "when the question of the day is posted here, and reveal details public or private (admins)",
    parse_schedule,
    options=(
        Option(
            "args",
            "show | set 09:00 Europe/Berlin days mon-fri reveal 17:00 | pause | resume | off | details public",
            default="show",
            placeholder=SCHEDULE_USAGE,
        ),
    ),
)
