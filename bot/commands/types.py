"""What a `/drill` command means once parsed: one frozen dataclass per command, and the
value sets its words come from, each defined once as a `Literal` (the parser, the
usage lines and Discord's choices all read them from here).

Nothing here parses. Values a use case owns are defined there and named here: the
leaderboard periods with the totals bucketed by them (bot/usecases/totals.py), a
schedule's values with the schedule use cases (bot/usecases/schedule_types.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

from bot.usecases.schedule_types import ScheduleChange
from bot.usecases.totals import PERIODS, Period  # noqa: F401  (PERIODS re-exported: a command's value set)

Scope = Literal["team", "channel", "group"]
GroupAction = Literal["create", "join", "leave", "members", "list"]
ScheduleAction = Literal["show", "set", "pause", "resume", "off", "details"]
Details = Literal["public", "private"]
PointsAction = Literal["show", "set", "reset"]
SeasonAction = Literal["show", "start", "quarters"]
LimitsAction = Literal["show", "set", "reset"]
WebAction = Literal["link", "rotate", "show-answers"]
Switch = Literal["on", "off"]
AnswersMode = Literal["thread", "private"]
PickMode = Literal["adaptive", "random"]
ResolveDecision = Literal["accept", "reject"]

SCOPES: tuple[Scope, ...] = get_args(Scope)
GROUP_ACTIONS: tuple[GroupAction, ...] = get_args(GroupAction)
SCHEDULE_ACTIONS: tuple[ScheduleAction, ...] = get_args(ScheduleAction)
DETAILS: tuple[Details, ...] = get_args(Details)
POINTS_ACTIONS: tuple[PointsAction, ...] = get_args(PointsAction)
SEASON_ACTIONS: tuple[SeasonAction, ...] = get_args(SeasonAction)
WEB_ACTIONS: tuple[WebAction, ...] = get_args(WebAction)
SWITCH: tuple[Switch, ...] = get_args(Switch)
ANSWERS_MODES: tuple[AnswersMode, ...] = get_args(AnswersMode)
PICK_MODES: tuple[PickMode, ...] = get_args(PickMode)
RESOLVE_DECISIONS: tuple[ResolveDecision, ...] = get_args(ResolveDecision)
DIFFICULTIES = (1, 2, 3)


class Command:
    """A parsed `/drill` command. Each subcommand's frozen dataclass derives from it, so a
    new one is a new class here and nothing else in this module changes."""

    __slots__ = ()


@dataclass(frozen=True)
class Help(Command):
    command: str | None = None


@dataclass(frozen=True)
class Ask(Command):
    topic: str | None = None
    difficulty: int | None = None
    group: str | None = None
    private: bool = False  # answers through the Answer button, hidden until the reveal
    new: bool = False  # an admin opens another even while one is open here


@dataclass(frozen=True)
class Today(Command):
    pass


@dataclass(frozen=True)
class Reveal(Command):
    pass


@dataclass(frozen=True)
class Leaderboard(Command):
    period: Period = "week"
    scope: Scope = "team"
    group: str | None = None
    chart: bool = False
    season: str | None = None  # a past season: prev | 2026-Q3


@dataclass(frozen=True)
class UserSelector:
    """A member named in a command: by platform id (a mention) or by display name."""

    external_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Stats(Command):
    user: UserSelector | None = None


@dataclass(frozen=True)
class Topics(Command):
    pass


@dataclass(frozen=True)
class Schedule(Command):
    action: ScheduleAction
    change: ScheduleChange = field(default_factory=ScheduleChange)
    details: Details | None = None  # for `details`


@dataclass(frozen=True)
class Feedback(Command):
    round_id: int | None = None  # None: your latest revealed answer in this channel


@dataclass(frozen=True)
class Group(Command):
    action: GroupAction
    name: str | None = None


@dataclass(frozen=True)
class Review(Command):
    pass


@dataclass(frozen=True)
class AnswerReview(Command):
    text: str


@dataclass(frozen=True)
class Points(Command):
    action: PointsAction
    rule: str | None = None  # one of bot.usecases.points.RULE_NAMES, for `set`
    value: int | None = None


@dataclass(frozen=True)
class Season(Command):
    action: SeasonAction
    start: date | None = None


@dataclass(frozen=True)
class Web(Command):
    action: WebAction = "link"
    show_answers: bool | None = None  # for show-answers


@dataclass(frozen=True)
class LimitsCommand(Command):
    action: LimitsAction
    name: str | None = None  # one of bot.usecases.limits.LIMITS
    value: int | None = None


@dataclass(frozen=True)
class DisputeGrade(Command):
    reason: str = ""


@dataclass(frozen=True)
class Disputes(Command):
    pass


@dataclass(frozen=True)
class Resolve(Command):
    dispute_id: int
    accept: bool
    score: float | None = None  # 0..1; None: full marks
    teach: bool = False
    why: str = ""
