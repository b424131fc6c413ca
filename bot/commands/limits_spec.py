"""The spec of `/drill limits`: open questions per channel, cooldowns and caps
(bot/usecases/limits.py); everyone may look, admins change them."""

from __future__ import annotations

import difflib

from bot.commands.spec import CommandSpec, Option, UsageError
from bot.commands.types import LimitsCommand
from bot.commands.words import whole_number
from bot.usecases.limits import LIMITS


def parse_limits(args: list[str]) -> LimitsCommand:
    if not args:
        return LimitsCommand("show")
    action = args[0].lower()
    if action == "show" and len(args) == 1:
        return LimitsCommand("show")
    if action == "reset" and len(args) <= 2:
        name = limit_name(args[1]) if len(args) == 2 else None
        return LimitsCommand("reset", name)
    if action != "set":
        raise UsageError("limits", f"Unknown limits action `{action}`.")
    if len(args) != 3:
        raise UsageError("limits", "Give a limit and a whole number, for example `/drill limits set cooldown-posts 5`.")
    number = whole_number(args[2])
    if number is None:
        raise UsageError("limits", f"`{args[2]}` is not a whole number of 0 or more.")
    return LimitsCommand("set", limit_name(args[1]), number)


def limit_name(word: str) -> str:
    name = word.lower()
    if name not in LIMITS:
        close = difflib.get_close_matches(name, LIMITS, n=1)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        raise UsageError("limits", f"Unknown limit `{word}`.{hint} Limits: {', '.join(LIMITS)}.")
    return name


LIMITS_ARGS = "show | set NAME VALUE | reset [NAME]"  # Discord keeps the text syntax in one option
LIMITS_SPEC = CommandSpec(
    "limits",
    "| limits set NAME VALUE | limits reset [NAME]",
    "open questions per channel, cooldowns and caps (admins change them)",
    parse_limits,
    options=(Option("args", LIMITS_ARGS, placeholder=LIMITS_ARGS),),
)
