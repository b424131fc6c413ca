"""The spec of `/drill group`: study groups with their own leaderboard."""

from __future__ import annotations

from bot.commands.spec import CommandSpec, Option, UsageError
from bot.commands.types import GROUP_ACTIONS, Group, GroupAction
from bot.commands.words import parse_group_name

NAMED: tuple[GroupAction, ...] = tuple(a for a in GROUP_ACTIONS if a != "list")  # the actions that take a name


def parse_group(args: list[str]) -> Group:
    if not args:
        raise UsageError("group", "Say what to do with a group.")
    action = args[0].lower()
    if action == "list":
        if len(args) > 1:
            raise UsageError("group", "`group list` takes no name.")
        return Group("list")
    named = next((a for a in NAMED if a == action), None)
    if named is None:
        raise UsageError("group", f"Unknown group action `{action}`.")
    if len(args) != 2:
        raise UsageError("group", f"`group {action}` takes one group name.")
    return Group(named, parse_group_name(args[1], "group"))


GROUP = CommandSpec(
    "group",
    " | ".join(f"{action} NAME" for action in NAMED) + " | list",
    "study groups with their own leaderboard",
    parse_group,
    options=(
        Option("action", "What to do", kind="choice", choices=GROUP_ACTIONS, required=True),
        Option("name", "The group's name (not for list)", placeholder="NAME"),
    ),
)
