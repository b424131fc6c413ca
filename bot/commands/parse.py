"""`parse(text)`: the words after `/drill` as a command value, dispatched on the first
word to that command's spec; a mistake raises UsageError carrying that command's usage
line, so a typo never reaches a stack trace."""

from __future__ import annotations

import re
import shlex

from bot.commands import catalog  # noqa: F401  (registers every spec)
from bot.commands.spec import REGISTRY, CommandSpec, UsageError, unknown_command
from bot.commands.types import Command, Help

LEADING = re.compile(r"^\s*(?:/?drill\s+)?(\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
PREFIXES = {"/drill", "drill"}


def parse(text: str) -> Command:
    """Parse the words after `/drill` (an optional leading `/drill` is ignored)."""
    prose = _prose(text)
    if prose is not None:  # its words are prose: apostrophes are not quotes
        spec, rest = prose
        return spec.parse([rest] if rest else [])
    try:
        words = shlex.split(text)
    except ValueError:
        raise UsageError("help", "That command has an unclosed quote.") from None
    if words and words[0].lower() in PREFIXES:
        words = words[1:]
    if not words:
        return Help()
    name, args = words[0].lower(), words[1:]
    named = REGISTRY.get(name)
    if named is None:
        raise UsageError("help", unknown_command(name))
    return named.parse(args)


def _prose(text: str) -> tuple[CommandSpec, str] | None:
    """The spec and the rest of the line, verbatim, when `text` names a prose command."""
    found = LEADING.match(text)
    if not found:
        return None
    spec = REGISTRY.get(found.group(1).lower())
    if spec is None or not spec.prose:
        return None
    return spec, (found.group(2) or "").strip()


def spec_of(command: Command) -> CommandSpec:
    """The spec whose parser makes commands of this type."""
    for spec in REGISTRY.values():
        if spec.makes is type(command):
            return spec
    raise LookupError(f"no spec makes {type(command).__name__}")
