"""Commands written the way Discord's command picker takes them: options and choices
by name (`/drill leaderboard period:season`), not the text syntax the core writes
(`/drill leaderboard season`), which Slack and the console show as it is.

Both come from the command specs (bot/commands/spec.py): a usage line becomes the
spec's options with their shapes, and an example the core gives (a `/drill ...` code
span in its own text) becomes the options its words fill, when they fill them exactly.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.chat.ports import Reply
from bot.chat.rich import CLOSE, OPEN
from bot.commands import catalog  # noqa: F401  (registers every spec)
from bot.commands.spec import REGISTRY, CommandSpec, Option

EXAMPLE = re.compile(r"`(/drill [^`\n]+)`")
SAID = re.compile(f"({OPEN}[^{CLOSE}]*(?:{CLOSE}|\\Z))")  # text people wrote, kept as written


def usage(spec: CommandSpec) -> str:
    """The spec's usage as Discord's UI takes it: options and choices by name."""
    parts = [f"/drill {spec.name}"]
    for option in spec.options:
        typed = f"{option.name}:{option.shape()}"
        parts.append(typed if option.required else f"[{typed}]")
    return " ".join(parts)


def in_discord_syntax(text: str) -> str:
    """Neutral text with each `/drill ...` code span of ours (a usage line or an example)
    in Discord's syntax; one the options cannot say, and text people wrote, stay as they are."""
    if "`/drill " not in text:
        return text
    return "".join(
        piece if piece.startswith(OPEN) else EXAMPLE.sub(lambda m: f"`{as_options(m.group(1)) or m.group(1)}`", piece)
        for piece in SAID.split(text)
    )


def reply_in_discord_syntax(reply: Reply) -> Reply:
    """The reply with every text of it in Discord's syntax (see `in_discord_syntax`)."""
    return replace(
        reply,
        title=in_discord_syntax(reply.title),
        body=in_discord_syntax(reply.body),
        rows=[in_discord_syntax(row) for row in reply.rows],
        fields=[replace(f, name=in_discord_syntax(f.name), value=in_discord_syntax(f.value)) for f in reply.fields],
        footer=in_discord_syntax(reply.footer),
    )


def as_options(line: str) -> str | None:
    """`/drill points set kudos-cap 5` -> `/drill points action:set rule:kudos-cap value:5`;
    None for anything else (not a `/drill` command, or words its options cannot say)."""
    slash, *said_words = line.split()
    if slash != "/drill" or not said_words:
        return None
    name, *words = said_words
    spec = REGISTRY.get(name)
    if spec is None:
        return None
    if line == spec.usage_line:
        return usage(spec)
    said: list[str] = []
    unused, rest = list(spec.options), words
    while rest:
        optional = rest[0].startswith("[") and rest[0].endswith("]") and len(rest[0]) > 2
        looking_at = [rest[0][1:-1], *rest[1:]] if optional else rest
        found = next(((o, took) for o in unused if (took := _takes(o, looking_at))), None)
        if found is None:
            return None
        option, (value, count) = found
        unused.remove(option)
        said.append(f"[{option.name}:{value}]" if optional else f"{option.name}:{value}")
        rest = rest[count:]
    return " ".join([f"/drill {name}", *said])


def _takes(option: Option, words: list[str]) -> tuple[str, int] | None:
    """The value `option` takes from the front of `words`, and how many words it used."""
    word = words[0]
    if option.keyword:
        return (words[1], 2) if word == option.keyword and len(words) > 1 else None
    named = {option.placeholder, option.shape()} - {""}
    if option.kind == "flag":
        return ("True", 1) if word == option.name else None
    if option.kind == "choice":  # a choice may be several words (`show-answers on`): the longest
        size = next((n for n in range(len(words), 0, -1) if " ".join(words[:n]) in option.choices), 0)
        return (" ".join(words[:size]), size) if size else ((word, 1) if word in named else None)
    if option.kind == "whole":
        return (word, 1) if (word.isascii() and word.isdigit()) or word in named else None
    if option.kind == "user":
        return (word, 1) if word.startswith("@") or word.startswith("<@") else None
    if option.kind == "text" and option.suggest:
        return (word, 1) if word in option.suggest or word in named else None
    if option.kind == "text":  # free text takes the rest of the line
        return " ".join(words), len(words)
    return None
