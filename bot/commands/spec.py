"""One spec per `/drill` command: the single source for parsing, help, the README's
command table and each platform's command options.

A `CommandSpec` holds the command's name, its usage in the text syntax (Slack, console),
a one-line summary, its typed options (what a platform with typed commands, Discord,
offers as fields and choices), its parser and its handler. Everything else is generated
from it: `parse.parse` dispatches on the name, `/drill help` and every usage line read
`usage`, adapters/discord/ builds Discord's app commands from `options` and writes usage
and examples as those options, and adapters/command_table.py writes the README's table
(a test fails with a diff when README.md drifts). The commands older than specs are still
answered by handlers.py's `_dispatch` (`handler=None`); a new command brings its handler.

Adding a subcommand (recipe; docs/architecture.md links here):

1. **Its spec and type.** A frozen dataclass deriving from `types.Command` (value sets as
   `Literal`s in bot/commands/types.py, or next to the spec), and in its family module
   (`questions.py`, `boards.py`, `study_groups.py`, `schedule.py`, or a new one) a parser
   `(args: list[str]) -> YourCommand` that raises `UsageError(name, problem)`, and a
   `CommandSpec(name, usage, summary, parse, options=..., handler=...)`. The handler is
   `(call, command) -> Reply` (or a coroutine), next to the spec, and calls the use case.
   Its `options` say the same words typed: a value set is `kind="choice"` with the
   `Literal`'s values, a number `kind="whole"`, a word the grammar wants before the value
   is `keyword` (`group NAME`); `prose=True` takes the rest of the line verbatim. Add the
   spec to `catalog.COMMANDS` where help should list it.
2. **Its use case** in bot/usecases/, as for any feature.
3. **Its test**: parsing and a mistake's usage line (tests/test_grammar.py style), and
   the use case. Then `python3 -m adapters.command_table` rewrites the README's table
   and the Slack manifest's usage hint.

Help, usage lines, Discord's `/drill` options and choices, and the README follow by
themselves.
"""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_type_hints

if TYPE_CHECKING:
    from bot.chat.ports import Reply
    from bot.commands.call import Call
    from bot.commands.types import Command

    Handler = Callable[[Call, Any], Reply | Awaitable[Reply]]

OptionKind = Literal["text", "whole", "flag", "user", "choice"]


@dataclass(frozen=True)
class Option:
    """A typed option of a command, for platforms that have them (Discord). `words`
    turns a value back into the text grammar, which stays the one parser."""

    name: str
    description: str
    kind: OptionKind = "text"
    choices: tuple[str, ...] = ()  # kind "choice": the values, offered by name
    suggest: tuple[str, ...] = ()  # kind "text": values offered as people type
    low: int | None = None  # kind "whole": the range allowed
    high: int | None = None
    required: bool = False
    default: str | int | bool | None = None
    keyword: str = ""  # the grammar's word before the value (`group NAME`)
    placeholder: str = ""  # how a usage line names the value (NAME, YYYY-MM-DD)

    def words(self, value: object) -> list[str]:
        """The value as grammar words; an unset or default value says nothing."""
        if value is None or value == "" or value is False or value == self.default:
            return []
        if self.kind == "flag":
            return [self.keyword or self.name]
        if self.kind == "user":
            return [f"<@{value}>"]
        return [self.keyword, str(value)] if self.keyword else [str(value)]

    def shape(self) -> str:
        """What the value looks like, for a usage line: `week|month`, `1-3`, `NAME`."""
        if self.kind == "choice":  # by name, unless a placeholder stands for a long list
            return self.placeholder or "|".join(self.choices)
        if self.kind == "whole" and self.low is not None and self.high is not None:
            return f"{self.low}-{self.high}"
        if self.kind == "flag":
            return "True"
        if self.kind == "user":
            return "@user"
        return self.placeholder or self.name.upper()


@dataclass(frozen=True)
class CommandSpec:
    """One `/drill` subcommand. `usage` is the text syntax after `/drill NAME`."""

    name: str
    usage: str
    summary: str
    parse: Callable[[list[str]], Command]
    options: tuple[Option, ...] = ()
    handler: Handler | None = None
    prose: bool = False  # the rest of the line is one verbatim argument (no quoting rules)

    @property
    def makes(self) -> type:
        """The command type its parser returns (from the parser's annotation)."""
        made: type = get_type_hints(self.parse)["return"]
        return made

    @property
    def usage_line(self) -> str:
        return f"/drill {self.name} {self.usage}".rstrip()

    def words(self, values: dict[str, object]) -> str:
        """Typed option values (Discord) back into the text grammar, in option order."""
        said = [w for option in self.options for w in option.words(values.get(option.name))]
        return " ".join([self.name, *said])


REGISTRY: dict[str, CommandSpec] = {}  # filled in help order by bot.commands.catalog


class SpecView(Mapping[str, str]):
    """One text per registered command (its usage line, its summary), always current."""

    def __init__(self, text: Callable[[CommandSpec], str]) -> None:
        self._text = text

    def __getitem__(self, name: str) -> str:
        return self._text(REGISTRY[name])

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)


USAGE = SpecView(lambda spec: spec.usage_line)
SUMMARY = SpecView(lambda spec: spec.summary)


def register(*specs: CommandSpec) -> None:
    for spec in specs:
        if spec.name in REGISTRY and REGISTRY[spec.name] is not spec:
            raise ValueError(f"two specs for /drill {spec.name}")
        REGISTRY[spec.name] = spec


def usage_line(name: str) -> str:
    spec = REGISTRY.get(name) or REGISTRY.get("help")
    return spec.usage_line if spec else f"/drill {name}"


class UsageError(Exception):
    """A command the grammar cannot accept; `usage` is the line to show."""

    def __init__(self, command: str, problem: str) -> None:
        self.command = command
        self.problem = problem
        self.usage = usage_line(command)
        super().__init__(f"{problem}\nUsage: {self.usage}")


def unknown_command(name: str) -> str:
    """The problem line for a command name that does not exist, with the closest one."""
    suggestion = difflib.get_close_matches(name, REGISTRY, n=1)
    hint = f" Did you mean `{suggestion[0]}`?" if suggestion else f" Commands: {', '.join(REGISTRY)}."
    return f"Unknown command `{name}`.{hint}"
