"""The `/drill` command grammar in one import: `parse`, `UsageError`, the usage lines
and the command types. It is assembled from the specs (bot/commands/spec.py says how
to add a command); this module only gathers their names for callers and tests."""

from __future__ import annotations

from bot.commands.catalog import SPECS
from bot.commands.parse import parse, spec_of
from bot.commands.spec import SUMMARY, USAGE, CommandSpec, Option, UsageError, unknown_command
from bot.commands.types import (
    PERIODS,
    AnswerReview,
    Ask,
    Command,
    DisputeGrade,
    Disputes,
    Feedback,
    Group,
    Help,
    Leaderboard,
    LimitsCommand,
    Points,
    Resolve,
    Reveal,
    Review,
    Schedule,
    Season,
    Stats,
    Today,
    Topics,
    UserSelector,
    Web,
)
from bot.commands.words import whole_number
from bot.usecases.schedule_types import DEFAULT_REVEAL_AFTER_MINUTES, DEFAULT_WEEKDAYS, WEEKDAYS, ScheduleChange

__all__ = [
    "DEFAULT_REVEAL_AFTER_MINUTES",
    "DEFAULT_WEEKDAYS",
    "PERIODS",
    "SPECS",
    "SUMMARY",
    "USAGE",
    "WEEKDAYS",
    "AnswerReview",
    "Ask",
    "Command",
    "CommandSpec",
    "DisputeGrade",
    "Disputes",
    "Feedback",
    "Group",
    "Help",
    "Leaderboard",
    "LimitsCommand",
    "Option",
    "Points",
    "Resolve",
    "Reveal",
    "Review",
    "Schedule",
    "ScheduleChange",
    "Season",
    "Stats",
    "Today",
    "Topics",
    "UsageError",
    "UserSelector",
    "Web",
    "parse",
    "spec_of",
    "unknown_command",
    "whole_number",
]
