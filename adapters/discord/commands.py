"""`/drill` as Discord app commands, generated from the command specs
(bot/commands/spec.py): one subcommand per spec, one typed option per spec option, with
its choices offered by name (adapters/discord/syntax.py writes usage lines the same way).

Typed values go back into the one text grammar (`CommandSpec.words`), so Discord and
Slack share a single parser.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal, Optional

import discord
from discord import app_commands

from bot.commands import catalog  # noqa: F401  (registers every spec)
from bot.commands.spec import REGISTRY, CommandSpec, Option

Run = Callable[[discord.Interaction, str], Awaitable[None]]
DESCRIPTION_LIMIT = 100  # Discord's limit for a command's or an option's description


def describe(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"


def annotation(option: Option) -> Any:
    """The Python type discord.py turns into this option's Discord type and choices."""
    kind: Any
    if option.kind == "choice":
        kind = Literal.__getitem__(option.choices)
    elif option.kind == "whole":
        kind = app_commands.Range[int, option.low, option.high] if option.low is not None else int
    elif option.kind == "flag":
        kind = bool
    elif option.kind == "user":
        kind = discord.Member
    else:
        kind = str
    optional = not option.required and option.default is None and option.kind != "flag"
    return Optional[kind] if optional else kind  # noqa: UP045  (a runtime value, not an annotation)


def parameter(option: Option) -> inspect.Parameter:
    if option.required:
        default: Any = inspect.Parameter.empty
    elif option.kind == "flag":
        default = bool(option.default)
    else:
        default = option.default
    kind = inspect.Parameter.KEYWORD_ONLY
    return inspect.Parameter(option.name, kind, default=default, annotation=annotation(option))


def app_command(spec: CommandSpec, run: Run) -> app_commands.Command[Any, ..., None]:
    """One spec as a `/drill` subcommand whose values come back as grammar words."""

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        said = {name: value.id if isinstance(value, discord.abc.User) else value for name, value in values.items()}
        await run(interaction, spec.words(said))

    first = inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)
    # discord.py reads the options from the callback's signature and their descriptions
    # from this attribute (what @app_commands.describe sets)
    callback.__dict__.update(
        __signature__=inspect.Signature([first, *(parameter(o) for o in spec.options)]),
        __discord_app_commands_param_description__={o.name: o.description[:DESCRIPTION_LIMIT] for o in spec.options},
    )
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=spec.name, description=describe(spec.summary), callback=callback
    )
    for option in spec.options:
        if option.suggest:
            command.autocomplete(option.name)(suggestions(option.suggest))
    return command


def suggestions(
    values: tuple[str, ...],
) -> Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def suggest(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=v, value=v) for v in values if current.lower() in v][:25]

    return suggest


def drill_group(run: Run, specs: tuple[CommandSpec, ...] | None = None) -> app_commands.Group:
    """The `/drill` group, one subcommand per spec (every registered one by default)."""
    drill = app_commands.Group(
        name="drill",
        description="Interview practice: questions, answers, leaderboards",
        guild_only=True,  # one tenant per server; DMs would mix strangers (README, "Discord")
    )
    for spec in specs if specs is not None else tuple(REGISTRY.values()):
        drill.add_command(app_command(spec, run))
    return drill
