"""Replies as plain text for the terminal."""

from __future__ import annotations

import re
import textwrap

from bot.chat.ports import Reply

BOLD = re.compile(r"\*{1,2}([^*\n]+)\*{1,2}")


def render_text(reply: Reply, *, indent: str = "") -> str:
    lines: list[str] = []
    if reply.title:
        marker = {"question": "❓", "reveal": "💡", "leaderboard": "🏆", "stats": "📈"}.get(reply.kind, "•")
        lines.append(f"{marker} {reply.title}")
    if reply.body:
        lines += [_wrap(BOLD.sub(r"\1", line)) for line in reply.body.splitlines()]
    for field in reply.fields:
        lines.append(f"  {field.name}: {field.value}".replace("\n", "\n    "))
    if reply.buttons:
        lines.append("  [" + "] [".join(b.label for b in reply.buttons) + "]")
    if reply.footer:
        lines.append(f"  {reply.footer}")
    return "\n".join(indent + line if line else line for line in "\n".join(lines).splitlines())


def _wrap(line: str) -> str:
    return textwrap.fill(line, width=100, subsequent_indent="  ") if len(line) > 100 else line
