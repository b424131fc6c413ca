"""Every `/drill` command's spec, in the order `/drill help` lists them."""

from __future__ import annotations

from bot.commands.boards import LEADERBOARD, POINTS, SEASON, STATS
from bot.commands.dispute_spec import DISPUTE, DISPUTES, RESOLVE
from bot.commands.limits_spec import LIMITS_SPEC
from bot.commands.questions import ANSWER, ASK, FEEDBACK, REVEAL, REVIEW, TODAY, TOPICS_SPEC
from bot.commands.schedule import SCHEDULE
from bot.commands.spec import REGISTRY, CommandSpec, Option, UsageError, register, unknown_command
from bot.commands.study_groups import GROUP
from bot.commands.types import Help
from bot.commands.web import WEB

COMMANDS = (
    *(ASK, TODAY, REVEAL, LEADERBOARD, STATS, TOPICS_SPEC, SCHEDULE),
    *(GROUP, REVIEW, ANSWER, POINTS, SEASON, FEEDBACK, DISPUTE, DISPUTES, RESOLVE, WEB, LIMITS_SPEC),
)


def parse_help(args: list[str]) -> Help:
    if len(args) > 1:
        raise UsageError("help", "Name one command, for example `/drill help ask`.")
    if args and args[0].lower() not in REGISTRY:
        raise UsageError("help", unknown_command(args[0].lower()))
    return Help(args[0].lower() if args else None)


HELP = CommandSpec(
    "help",
    "[command]",
    "this list, or the usage of one command",
    parse_help,
    options=(
        Option(
            "command",
            "One command's usage",
            kind="choice",
            choices=tuple(c.name for c in COMMANDS),
            placeholder="COMMAND",
        ),
    ),
)
SPECS: tuple[CommandSpec, ...] = (HELP, *COMMANDS)
register(*SPECS)
