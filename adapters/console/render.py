"""Replies as plain text for the terminal: no chat markup (mentions, backticks, bold),
long lines wrapped, and buttons listed as the commands that press them."""

from __future__ import annotations

import hashlib
import re
import textwrap
from pathlib import Path

from bot.chat.ports import Reply
from bot.chat.text import segments

BOLD = re.compile(r"\*{1,2}([^*\n]+)\*{1,2}")
CODE = re.compile(r"`([^`\n]*)`")
MENTION = re.compile(r"<@!?([^>|\s]+)(?:\|([^>]*))?>")
WIDTH = 100


def unmarked(text: str) -> str:
    """Chat markup a terminal would print literally, as plain words."""
    text = MENTION.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    return BOLD.sub(r"\1", CODE.sub(r"\1", text))


def render_text(reply: Reply, *, indent: str = "", charts: Path | None = None) -> str:
    """`charts`: the folder a reply's chart is saved in (its path is printed)."""
    lines: list[str] = []
    if reply.title:
        marker = {"question": "❓", "reveal": "💡", "leaderboard": "🏆", "stats": "📈"}.get(reply.kind, "•")
        lines.append(f"{marker} {_ours(reply.title)}")
    if reply.mentions:
        lines.append(" ".join(f"@{m}" for m in reply.mentions))
    if reply.body:
        lines += [_wrap(_ours(line)) for line in reply.body.splitlines()]
    for field in reply.fields:
        first, *rest = _ours(field.value).splitlines() or [""]
        lines.append(_wrap(f"  {_ours(field.name)}: {first}", "    "))
        lines += [_wrap(f"    {line}", "    ") for line in rest]
    lines += [_wrap(line, "    ") for row in reply.rows for line in _ours(row).splitlines()]  # each line its own
    if reply.buttons:
        lines.append("  Buttons, typed: " + ", ".join(f"/{b.action} ({_ours(b.label).lower()})" for b in reply.buttons))
    if reply.footer:
        lines.append(_wrap(f"  {_ours(reply.footer)}", "  "))
    if charts is not None and (saved := save_image(reply, charts)):
        lines.append(f"  📊 chart saved to {saved}")
    return "\n".join(indent + line if line else line for line in "\n".join(lines).splitlines())


def save_image(reply: Reply, folder: Path) -> Path | None:
    """The terminal shows no pictures: a chart is written to a file whose path is printed."""
    if reply.image is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{reply.kind}-{hashlib.sha1(reply.image).hexdigest()[:10]}.png"
    path.write_bytes(reply.image)
    return path.resolve()


def _ours(text: str) -> str:
    """Our chat markup dropped; text people wrote is printed exactly as written."""
    return "".join(piece if by_people else unmarked(piece) for piece, by_people in segments(text))


def _wrap(line: str, subsequent: str = "  ") -> str:
    return textwrap.fill(line, width=WIDTH, subsequent_indent=subsequent) if len(line) > WIDTH else line
