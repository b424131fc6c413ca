"""The README's `/drill` table, generated from the command specs: each command's usage
in the text syntax (Slack, local mode) and as Discord's typed options, and its summary.

`python3 -m adapters.command_table` rewrites the table in README.md;
tests/test_command_specs.py fails with a diff when the README and the specs drift.
(It lives in adapters/ because Discord's syntax is the Discord adapter's to render.)
"""

from __future__ import annotations

import sys
from pathlib import Path

from adapters.discord.syntax import usage as discord_usage
from bot.commands import catalog  # noqa: F401  (registers every spec)
from bot.commands.spec import REGISTRY

README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN = "<!-- commands: generated from the specs in bot/commands; `python3 -m adapters.command_table` -->"
END = "<!-- /commands -->"


def cell(usage: str) -> str:
    """A usage line as a Markdown table cell: code, with its pipes escaped."""
    return "`" + usage.replace("|", "\\|") + "`"


def table() -> str:
    rows = ["| Slack and local mode | Discord | what it does |", "| --- | --- | --- |"]
    for spec in REGISTRY.values():
        rows.append(f"| {cell(spec.usage_line)} | {cell(discord_usage(spec))} | {spec.summary} |")
    return "\n".join(rows)


def with_table(readme: str) -> str:
    """The README text with the part between the markers replaced by the current table."""
    head, found, rest = readme.partition(BEGIN)
    _, ended, tail = rest.partition(END)
    if not (found and ended):
        raise ValueError(f"README.md lacks the markers {BEGIN!r} and {END!r}")
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = with_table(text)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print("README.md: command table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
