"""Word parsers several commands share: topics, group names, whole numbers, mentions.
Each raises UsageError naming the command it was parsing, so the usage shown is that
command's."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from bot.bank.schema import TOPICS
from bot.commands.spec import UsageError
from bot.commands.types import Command

C = TypeVar("C", bound=Command)

MENTION = re.compile(r"^<@!?([A-Za-z0-9]+)(?:\|([^>]*))?>$")
GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
NUMBERISH = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)$")


def whole_number(word: str) -> int | None:
    """`word` as a whole number of 0 or more, or None. `str.isdigit` alone is not enough:
    it accepts '²' and other digits `int()` rejects."""
    if not (word.isascii() and word.isdigit()):
        return None
    return int(word)


def parse_topic(word: str, command: str) -> str:
    lowered = word.lower()
    if lowered in TOPICS:
        return lowered
    raise UsageError(command, f"Unknown topic `{word}`. Topics: {', '.join(TOPICS)}.")


def parse_group_name(word: str, command: str) -> str:
    if not GROUP_NAME.match(word):
        raise UsageError(command, f"`{word}` is not a group name: letters, digits, - and _, up to 64.")
    return word


def no_args(name: str, make: type[C]) -> Callable[[list[str]], C]:
    """The parser of a command that takes no words (`today`, `reveal`, ...)."""

    def parse(args: list[str]) -> C:
        if args:
            raise UsageError(name, f"`{name}` takes no arguments.")
        return make()

    parse.__annotations__["return"] = make  # what CommandSpec.makes reads
    return parse
