"""The README's `/drill` table and the Slack manifest's usage hint, generated from the
command specs: each command's usage in the text syntax (Slack, local mode) and as
Discord's typed options, and its summary.

`python3 -m adapters.command_table` rewrites both; tests/test_command_specs.py fails
with a diff when the README or the manifest and the specs drift.
(It lives in adapters/ because Discord's syntax is the Discord adapter's to render.)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from adapters.discord.syntax import usage as discord_usage
from bot.commands import catalog  # noqa: F401  (registers every spec)
from bot.commands.spec import REGISTRY

README = Path(__file__).resolve().parents[1] / "README.md"
MANIFEST = Path(__file__).resolve().parent / "slack" / "manifest.yml"
HINT_LINE = re.compile(r"^(\s*usage_hint: ).*$", re.MULTILINE)
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


def usage_hint() -> str:
    """What Slack shows beside /drill as it is typed: every command's name."""
    return " | ".join(REGISTRY)


def with_hint(manifest: str) -> str:
    """The manifest text with its usage_hint set from the specs."""
    if not HINT_LINE.search(manifest):
        raise ValueError("manifest.yml lacks a usage_hint line")
    return HINT_LINE.sub(lambda line: line.group(1) + json.dumps(usage_hint()), manifest, count=1)


def main() -> int:
    for path, rewrite, what in ((README, with_table, "command table"), (MANIFEST, with_hint, "usage hint")):
        text = path.read_text(encoding="utf-8")
        updated = rewrite(text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"{path.name}: {what} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
