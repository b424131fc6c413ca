"""The `/drill` command grammar, shared by every platform.

`parse(text)` turns the words after `/drill` into a command value or raises
UsageError carrying the usage line of that subcommand, so a typo never reaches a
stack trace.
"""

from __future__ import annotations

import difflib
import re
import shlex
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from bot.bank.schema import TOPICS
from bot.usecases.limits import LIMITS
from bot.usecases.points import RULE_NAMES as POINT_RULES

USAGE: dict[str, str] = {
    "help": "/drill help [command]",
    "ask": "/drill ask [topic] [1-3] [group NAME] [private] [new]",
    "today": "/drill today",
    "reveal": "/drill reveal",
    "leaderboard": "/drill leaderboard [week|month|season [PREV|2026-Q3]|all] [channel | group NAME] [chart]",
    "stats": "/drill stats [@user]",
    "topics": "/drill topics",
    "schedule": (
        "/drill schedule show | set HH:MM [TZ] [days mon-fri] [reveal HH:MM | reveal after 8h] "
        "[topics a,b|all] [difficulty 1-3|all] [answers thread|private] [pick adaptive|random] "
        "| pause | resume | off | details public|private"
    ),
    "group": "/drill group create NAME | join NAME | leave NAME | members NAME | list",
    "review": "/drill review",
    "answer": "/drill answer YOUR ANSWER",
    "points": "/drill points | points set answer|coverage|kudos-cap|streak-bonus|streak-after N | points reset",
    "season": "/drill season | season start [YYYY-MM-DD] | season quarters",
    "feedback": "/drill feedback [ROUND]",
    "dispute": "/drill dispute [why]",
    "disputes": "/drill disputes",
    "resolve": "/drill resolve N accept [SCORE%] [teach] | resolve N reject [why]",
    "limits": "/drill limits | limits set NAME VALUE | limits reset [NAME]",
    "web": "/drill web | web rotate | web show-answers on|off",
}
SUMMARY: dict[str, str] = {
    "help": "this list, or the usage of one command",
    "ask": "a practice question now, in a thread",
    "today": "today's question of the day",
    "reveal": "reveal the open question's model answer and grades",
    "leaderboard": "points for the team, this channel or a study group",
    "stats": "your (or a teammate's) answers, points and streak",
    "topics": "the topics in the question bank",
    "schedule": "when the question of the day is posted here (admins)",
    "group": "study groups with their own leaderboard",
    "review": "your most overdue question, privately (spaced repetition)",
    "answer": "answer the review question you were sent",
    "points": "how points are earned here (admins change them)",
    "season": "when this season's leaderboard started (admins start a new one)",
    "feedback": "your own detailed result for a revealed question, privately",
    "dispute": "contest your grade on a revealed question (in its thread, or your latest)",
    "disputes": "the open grade disputes, for reviewers (admins)",
    "resolve": "decide a dispute; `teach` credits its wording next time (admins)",
    "limits": "open questions per channel, cooldowns and caps (admins change them)",
    "web": "a private link to the team's web page (admins replace it, or show answers there)",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = {
    "weekdays": "mon,tue,wed,thu,fri",
    "daily": ",".join(WEEKDAYS),
    "everyday": ",".join(WEEKDAYS),
    "weekends": "sat,sun",
}
MENTION = re.compile(r"^<@!?([A-Za-z0-9]+)(?:\|([^>]*))?>$")
TIME_24H = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TIME_12H = re.compile(r"^(1[0-2]|0?[1-9])(?::([0-5]\d))?(am|pm)$")
DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?$")
ANSWER_TEXT = re.compile(r"^\s*(?:/?drill\s+)?answer(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
DISPUTE_TEXT = re.compile(r"^\s*(?:/?drill\s+)?dispute(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
RESOLVE_TEXT = re.compile(r"^\s*(?:/?drill\s+)?resolve(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
SCORE = re.compile(r"^(\d{1,3})%?$")
PAST_SEASON = re.compile(r"^\d{4}-q\d+$", re.IGNORECASE)  # checked further by bot/usecases/seasons.py
GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
NUMBERISH = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)$")
PERIODS = ("week", "month", "season", "all")
CHOICES = {"answers": ("thread", "private"), "pick": ("adaptive", "random")}  # fixed-value keywords
SET_KEYWORDS = {"days", "reveal", "topics", "difficulty", *CHOICES}
DEFAULT_WEEKDAYS = "mon,tue,wed,thu,fri"  # what `schedule set` means when it names no days
DEFAULT_REVEAL_AFTER_MINUTES = 8 * 60


class UsageError(Exception):
    """A command the grammar cannot accept; `usage` is the line to show."""

    def __init__(self, command: str, problem: str) -> None:
        self.command = command
        self.problem = problem
        self.usage = USAGE.get(command, USAGE["help"])
        super().__init__(f"{problem}\nUsage: {self.usage}")


@dataclass(frozen=True)
class Help:
    command: str | None = None


@dataclass(frozen=True)
class Ask:
    topic: str | None = None
    difficulty: int | None = None
    group: str | None = None
    private: bool = False  # answers through the Answer button, hidden until the reveal
    new: bool = False  # an admin opens another even while one is open here


@dataclass(frozen=True)
class Today:
    pass


@dataclass(frozen=True)
class Reveal:
    pass


@dataclass(frozen=True)
class Leaderboard:
    period: str = "week"
    scope: str = "team"  # team | channel | group
    group: str | None = None
    chart: bool = False
    season: str | None = None  # a past season: prev | 2026-Q3


@dataclass(frozen=True)
class UserSelector:
    """A member named in a command: by platform id (a mention) or by display name."""

    external_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Stats:
    user: UserSelector | None = None


@dataclass(frozen=True)
class Topics:
    pass


@dataclass(frozen=True)
class ScheduleChange:
    """Only the fields the admin typed are set; `schedule set` gives the rest their
    documented defaults (see schedules.apply_change), except the time zone, which stays."""

    post_time: str | None = None
    timezone: str | None = None
    weekdays: str | None = None
    reveal_time: str | None = None
    reveal_after_minutes: int | None = None
    topics: list[str] | None = None
    difficulties: list[int] | None = None
    answers: str | None = None  # thread | private
    pick: str | None = None  # adaptive | random


@dataclass(frozen=True)
class Schedule:
    action: str  # show | set | pause | resume | off | details
    change: ScheduleChange = field(default_factory=ScheduleChange)
    details: str | None = None  # public | private, for `details`


@dataclass(frozen=True)
class Feedback:
    round_id: int | None = None  # None: your latest revealed answer in this channel


@dataclass(frozen=True)
class Group:
    action: str  # create | join | leave | members | list
    name: str | None = None


@dataclass(frozen=True)
class Review:
    pass


@dataclass(frozen=True)
class AnswerReview:
    text: str


@dataclass(frozen=True)
class Points:
    action: str  # show | set | reset
    rule: str | None = None
    value: int | None = None


@dataclass(frozen=True)
class LimitsCommand:
    action: str  # show | set | reset
    name: str | None = None
    value: int | None = None


@dataclass(frozen=True)
class Season:
    action: str  # show | start | quarters
    start: date | None = None


@dataclass(frozen=True)
class DisputeGrade:
    reason: str = ""


@dataclass(frozen=True)
class Disputes:
    pass


@dataclass(frozen=True)
class Resolve:
    dispute_id: int
    accept: bool
    score: float | None = None  # 0..1; None: full marks
    teach: bool = False
    why: str = ""


@dataclass(frozen=True)
class Web:
    action: str = "link"  # link | rotate | show-answers
    show_answers: bool | None = None  # for show-answers


Command = (
    Help
    | Ask
    | Today
    | Reveal
    | Leaderboard
    | Stats
    | Topics
    | Schedule
    | Group
    | Review
    | AnswerReview
    | Points
    | Season
    | Feedback
    | DisputeGrade
    | Disputes
    | Resolve
    | LimitsCommand
    | Web
)


def parse(text: str) -> Command:
    """Parse the words after `/drill` (an optional leading `/drill` is ignored)."""
    free_text = ANSWER_TEXT.match(text)
    if free_text:  # an answer is prose: apostrophes are not quotes
        if not (free_text.group(1) or "").strip():
            raise UsageError("answer", "Write your answer after `/drill answer`.")
        return AnswerReview(free_text.group(1).strip())
    if disputed := DISPUTE_TEXT.match(text):  # a reason is prose too
        return DisputeGrade((disputed.group(1) or "").strip())
    if resolved := RESOLVE_TEXT.match(text):
        return parse_resolve(resolved.group(1) or "")
    try:
        words = shlex.split(text)
    except ValueError:
        raise UsageError("help", "That command has an unclosed quote.") from None
    if words and words[0].lower() in {"/drill", "drill"}:
        words = words[1:]
    if not words:
        return Help()
    name, args = words[0].lower(), words[1:]
    parser = _PARSERS.get(name)
    if parser is None:
        raise UsageError("help", unknown_command(name))
    return parser(args)


def _no_args(name: str, make: Callable[[], Command]) -> Callable[[list[str]], Command]:
    def parser(args: list[str]) -> Command:
        if args:
            raise UsageError(name, f"`{name}` takes no arguments.")
        return make()

    return parser


def _parse_help(args: list[str]) -> Help:
    if len(args) > 1:
        raise UsageError("help", "Name one command, for example `/drill help ask`.")
    if args and args[0].lower() not in USAGE:
        raise UsageError("help", unknown_command(args[0].lower()))
    return Help(args[0].lower() if args else None)


def unknown_command(name: str) -> str:
    """The problem line for a command name that does not exist, with the closest one."""
    suggestion = difflib.get_close_matches(name, USAGE, n=1)
    hint = f" Did you mean `{suggestion[0]}`?" if suggestion else f" Commands: {', '.join(USAGE)}."
    return f"Unknown command `{name}`.{hint}"


def _parse_ask(args: list[str]) -> Ask:
    topic: str | None = None
    difficulty: int | None = None
    group: str | None = None
    private = False
    new = False
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word.lower() == "private" and not private:
            private = True
        elif word.lower() == "new" and not new:
            new = True
        elif word.lower() == "group" and group is None:
            if not rest:
                raise UsageError("ask", "Name the group: `/drill ask group NAME`.")
            group = parse_group_name(rest.pop(0), "ask")
        elif word in {"1", "2", "3"} and difficulty is None:
            difficulty = int(word)
        elif NUMBERISH.match(word) and difficulty is None:
            raise UsageError("ask", f"`{word}` is not a difficulty: use 1 (easy), 2 or 3 (hard).")
        elif topic is None and not NUMBERISH.match(word):
            topic = parse_topic(word, "ask")
        else:
            what = "one difficulty" if NUMBERISH.match(word) else "one topic"
            raise UsageError("ask", f"Unexpected `{word}`: give at most {what}.")
    return Ask(topic, difficulty, group, private, new)


def _parse_leaderboard(args: list[str]) -> Leaderboard:
    period, scope, group, chart, season = "week", "team", None, False, None
    seen: dict[str, str] = {}  # a period or scope word -> the one already given
    rest = [w.lower() for w in args]
    while rest:
        word = rest.pop(0)
        if word in PERIODS:
            if word in seen:
                raise UsageError("leaderboard", f"Give one period, not `{seen[word]}` and `{word}`.")
            period = word
            seen.update({p: word for p in PERIODS})
            if word == "season" and rest and (rest[0] == "prev" or PAST_SEASON.match(rest[0])):
                season = rest.pop(0)
        elif word == "chart":
            chart = True
        elif word in {"channel", "team"}:
            if word in seen:
                raise UsageError("leaderboard", f"Give one scope, not `{seen[word]}` and `{word}`.")
            scope = word
            seen.update({"channel": word, "team": word})
        elif word == "group":
            if "team" in seen:
                raise UsageError("leaderboard", f"Give one scope, not `{seen['team']}` and `group`.")
            if not rest:
                raise UsageError("leaderboard", "Name the group: `/drill leaderboard group NAME`.")
            scope, group = "group", parse_group_name(args[len(args) - len(rest)], "leaderboard")
            rest.pop(0)
        elif PAST_SEASON.match(word) or word == "prev":
            raise UsageError("leaderboard", f"Say `season {word}` for a past season.")
        else:
            raise UsageError("leaderboard", f"Unexpected `{word}`.")
    return Leaderboard(period, scope, group, chart, season)


def _parse_stats(args: list[str]) -> Stats:
    if not args:
        return Stats()
    if len(args) > 1:
        raise UsageError("stats", "Name at most one person.")
    word = args[0]
    mention = MENTION.match(word)
    if mention:
        return Stats(UserSelector(external_id=mention.group(1)))
    if word.startswith("@") and len(word) > 1:
        return Stats(UserSelector(name=word[1:]))
    raise UsageError("stats", f"`{word}` is not a mention; use @name.")


def _parse_group(args: list[str]) -> Group:
    if not args:
        raise UsageError("group", "Say what to do with a group.")
    action = args[0].lower()
    if action == "list":
        if len(args) > 1:
            raise UsageError("group", "`group list` takes no name.")
        return Group("list")
    if action not in {"create", "join", "leave", "members"}:
        raise UsageError("group", f"Unknown group action `{action}`.")
    if len(args) != 2:
        raise UsageError("group", f"`group {action}` takes one group name.")
    return Group(action, parse_group_name(args[1], "group"))


def _parse_points(args: list[str]) -> Points:
    if not args:
        return Points("show")
    action = args[0].lower()
    if action in {"show", "reset"}:
        if len(args) > 1:
            raise UsageError("points", f"`points {action}` takes no arguments.")
        return Points(action)
    if action != "set":
        raise UsageError("points", f"Unknown points action `{action}`.")
    if len(args) != 3:
        raise UsageError("points", "Give a rule and a whole number, for example `/drill points set kudos-cap 5`.")
    rule, value = args[1].lower(), args[2]
    if rule not in POINT_RULES:
        raise UsageError("points", f"Unknown rule `{rule}`. Rules: {', '.join(POINT_RULES)}.")
    number = whole_number(value)
    if number is None:
        raise UsageError("points", f"`{value}` is not a whole number of 0 or more.")
    return Points("set", rule, number)


def whole_number(word: str) -> int | None:
    """`word` as a whole number of 0 or more, or None. `str.isdigit` alone is not enough:
    it accepts '²' and other digits `int()` rejects."""
    if not (word.isascii() and word.isdigit()):
        return None
    return int(word)


def _parse_season(args: list[str]) -> Season:
    if not args:
        return Season("show")
    action = args[0].lower()
    if action == "quarters" and len(args) == 1:
        return Season("quarters")
    if action != "start" or len(args) > 2:
        raise UsageError("season", "Say `season`, `season start [YYYY-MM-DD]` or `season quarters`.")
    if len(args) == 1:
        return Season("start")
    try:
        return Season("start", date.fromisoformat(args[1]))
    except ValueError:
        raise UsageError("season", f"`{args[1]}` is not a date like 2026-01-05.") from None


def _parse_schedule(args: list[str]) -> Schedule:
    if not args:
        return Schedule("show")
    action = args[0].lower()
    if action == "details":
        if len(args) != 2 or args[1].lower() not in {"public", "private"}:
            raise UsageError("schedule", "Say `schedule details public` or `schedule details private`.")
        return Schedule("details", details=args[1].lower())
    if action in {"show", "pause", "resume", "off"}:
        if len(args) > 1:
            raise UsageError("schedule", f"`schedule {action}` takes no arguments.")
        return Schedule(action)
    if action != "set":
        raise UsageError("schedule", f"Unknown schedule action `{action}`.")
    return Schedule("set", _parse_schedule_set(args[1:]))


def _parse_schedule_set(args: list[str]) -> ScheduleChange:
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


def parse_topic(word: str, command: str) -> str:
    lowered = word.lower()
    if lowered in TOPICS:
        return lowered
    raise UsageError(command, f"Unknown topic `{word}`. Topics: {', '.join(TOPICS)}.")


def parse_group_name(word: str, command: str) -> str:
    if not GROUP_NAME.match(word):
        raise UsageError(command, f"`{word}` is not a group name: letters, digits, - and _, up to 64.")
    return word


def _parse_limits(args: list[str]) -> LimitsCommand:
    if not args:
        return LimitsCommand("show")
    action = args[0].lower()
    if action == "show" and len(args) == 1:
        return LimitsCommand("show")
    if action == "reset" and len(args) <= 2:
        name = _limit_name(args[1]) if len(args) == 2 else None
        return LimitsCommand("reset", name)
    if action != "set":
        raise UsageError("limits", f"Unknown limits action `{action}`.")
    if len(args) != 3:
        raise UsageError("limits", "Give a limit and a whole number, for example `/drill limits set cooldown-posts 5`.")
    number = whole_number(args[2])
    if number is None:
        raise UsageError("limits", f"`{args[2]}` is not a whole number of 0 or more.")
    return LimitsCommand("set", _limit_name(args[1]), number)


def _limit_name(word: str) -> str:
    name = word.lower()
    if name not in LIMITS:
        close = difflib.get_close_matches(name, LIMITS, n=1)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        raise UsageError("limits", f"Unknown limit `{word}`.{hint} Limits: {', '.join(LIMITS)}.")
    return name


def _parse_feedback(args: list[str]) -> Feedback:
    if not args:
        return Feedback()
    if len(args) > 1 or not args[0].isascii() or not args[0].isdigit():
        raise UsageError("feedback", "Give the question's number (it is in the reveal), or nothing for your latest.")
    return Feedback(int(args[0]))


def parse_resolve(rest: str) -> Resolve:
    """`N accept [SCORE%] [teach]` or `N reject [why]`; the why is prose, kept as typed."""
    words = rest.split()
    if not words:
        raise UsageError("resolve", "Give the dispute's number and a decision, for example `/drill resolve 1 accept`.")
    number = whole_number(words[0])
    if number is None:
        raise UsageError("resolve", f"`{words[0]}` is not a dispute number; `/drill disputes` lists them.")
    if len(words) < 2 or words[1].lower() not in {"accept", "reject"}:
        raise UsageError("resolve", "Say `accept` or `reject` after the dispute's number.")
    if words[1].lower() == "reject":
        why = rest.split(None, 2)[2].strip() if len(words) > 2 else ""
        return Resolve(number, False, why=why)
    score: float | None = None
    teach = False
    for word in words[2:]:
        found = SCORE.match(word)
        if word.lower() == "teach" and not teach:
            teach = True
        elif found and score is None and int(found.group(1)) <= 100:
            score = int(found.group(1)) / 100
        elif found or NUMBERISH.match(word.rstrip("%")):
            raise UsageError("resolve", f"`{word}` is not a score: give one whole percentage from 0% to 100%.")
        else:
            raise UsageError("resolve", f"Unexpected `{word}`: `accept` takes a score such as 80% and `teach`.")
    return Resolve(number, True, score, teach)


def _parse_web(args: list[str]) -> Web:
    words = [w.lower() for w in args]
    if not words:
        return Web()
    if words == ["rotate"]:
        return Web("rotate")
    if len(words) == 2 and words[0] == "show-answers" and words[1] in {"on", "off"}:
        return Web("show-answers", words[1] == "on")
    if words[0] == "show-answers":
        raise UsageError("web", "Say `web show-answers on` or `web show-answers off`.")
    raise UsageError("web", f"Unexpected `{args[0]}`: say `web`, `web rotate` or `web show-answers on|off`.")


_PARSERS: dict[str, Callable[[list[str]], Command]] = {
    "help": _parse_help,
    "ask": _parse_ask,
    "today": _no_args("today", Today),
    "reveal": _no_args("reveal", Reveal),
    "leaderboard": _parse_leaderboard,
    "stats": _parse_stats,
    "topics": _no_args("topics", Topics),
    "schedule": _parse_schedule,
    "group": _parse_group,
    "review": _no_args("review", Review),
    "points": _parse_points,
    "season": _parse_season,
    "feedback": _parse_feedback,
    "disputes": _no_args("disputes", Disputes),
    "limits": _parse_limits,
    "web": _parse_web,
}
