"""Specs of the commands about points: leaderboard, stats, points, season."""

from __future__ import annotations

import re
from datetime import date

from bot.commands.spec import CommandSpec, Option, UsageError
from bot.commands.types import (
    PERIODS,
    POINTS_ACTIONS,
    SCOPES,
    SEASON_ACTIONS,
    Leaderboard,
    Period,
    Points,
    Scope,
    Season,
    Stats,
    UserSelector,
)
from bot.commands.words import MENTION, parse_group_name, whole_number
from bot.usecases.points import RULE_NAMES

PAST_SEASON = re.compile(r"^(prev|\d{4}-q\d+)$", re.IGNORECASE)  # checked further by bot/usecases/seasons.py
PAST = "PREV|2026-Q3"
POINT_RULES = tuple(RULE_NAMES)  # what admins type, from the rules themselves
CHANNEL_SCOPES: tuple[Scope, ...] = tuple(s for s in SCOPES if s != "group")  # a group scope names its group


def parse_leaderboard(args: list[str]) -> Leaderboard:
    period: Period = "week"
    scope: Scope = "team"
    group, chart = None, False
    season: str | None = None
    seen: dict[str, str] = {}  # a period or scope word -> the one already given
    rest = [w.lower() for w in args]
    while rest:
        word = rest.pop(0)
        if word in PERIODS:
            past = word == "season" and bool(rest) and bool(PAST_SEASON.match(rest[0]))
            if word in seen and not (past and period == "season" and season is None):  # `season season prev`: Discord
                raise UsageError("leaderboard", f"Give one period, not `{seen[word]}` and `{word}`.")
            period = next(p for p in PERIODS if p == word)
            seen.update({p: word for p in PERIODS})
            if past:
                season = rest.pop(0)
        elif word == "chart":
            chart = True
        elif word in CHANNEL_SCOPES:
            if word in seen:
                raise UsageError("leaderboard", f"Give one scope, not `{seen[word]}` and `{word}`.")
            scope = next(s for s in CHANNEL_SCOPES if s == word)
            seen.update({s: word for s in CHANNEL_SCOPES})
        elif word == "group":
            if "team" in seen:
                raise UsageError("leaderboard", f"Give one scope, not `{seen['team']}` and `group`.")
            if not rest:
                raise UsageError("leaderboard", "Name the group: `/drill leaderboard group NAME`.")
            scope, group = "group", parse_group_name(args[len(args) - len(rest)], "leaderboard")
            rest.pop(0)
        elif PAST_SEASON.match(word):
            raise UsageError("leaderboard", f"Say `season {word}` for a past season.")
        else:
            raise UsageError("leaderboard", f"Unexpected `{word}`.")
    return Leaderboard(period, scope, group, chart, season)


def parse_stats(args: list[str]) -> Stats:
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


def parse_points(args: list[str]) -> Points:
    if not args:
        return Points("show")
    action = args[0].lower()
    if action in {"show", "reset"}:
        if len(args) > 1:
            raise UsageError("points", f"`points {action}` takes no arguments.")
        return Points("show" if action == "show" else "reset")
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


def parse_season(args: list[str]) -> Season:
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


LEADERBOARD = CommandSpec(
    "leaderboard",
    f"[{'|'.join(PERIODS)}] [channel | group NAME] [chart] [season {PAST}]",
    "points for the team, this channel or a study group",
    parse_leaderboard,
    options=(
        Option("period", "Which period's points", kind="choice", choices=PERIODS, default="week"),
        Option("scope", "The whole team or this channel", kind="choice", choices=CHANNEL_SCOPES, default="team"),
        Option("group", "A study group's board instead", keyword="group", placeholder="NAME"),
        Option("chart", "Draw the chart too", kind="flag"),
        Option("past_season", "A past season: prev, or a quarter like 2026-Q3", keyword="season", placeholder=PAST),
    ),
)
STATS = CommandSpec(
    "stats",
    "[@user]",
    "your (or a teammate's) answers, points and streak",
    parse_stats,
    options=(Option("user", "A teammate (yourself when left out)", kind="user"),),
)
POINTS = CommandSpec(
    "points",
    f"| points set {'|'.join(POINT_RULES)} N | points reset",
    "how points are earned here (admins change them)",
    parse_points,
    options=(
        Option("action", "Show, set one rule, or reset them", kind="choice", choices=POINTS_ACTIONS, default="show"),
        Option("rule", "The rule to set", kind="choice", choices=POINT_RULES),
        Option("value", "The rule's new value", kind="whole", low=0, placeholder="N"),
    ),
)
SEASON = CommandSpec(
    "season",
    "| season start [YYYY-MM-DD] | season quarters",
    "when this season's leaderboard started (admins start a new one)",
    parse_season,
    options=(
        Option("action", "Show, start one, or use quarters", kind="choice", choices=SEASON_ACTIONS, default="show"),
        Option("start", "The new season's first day (today when left out)", placeholder="YYYY-MM-DD"),
    ),
)
