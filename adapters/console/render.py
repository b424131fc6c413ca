"""Replies as plain text for the terminal."""

from __future__ import annotations

import hashlib
import re
import textwrap
from pathlib import Path

from bot.chat.ports import Reply
from bot.chat.text import plain, segments

BOLD = re.compile(r"\*{1,2}([^*\n]+)\*{1,2}")


def render_text(reply: Reply, *, indent: str = "", charts: Path | None = None) -> str:
    """`charts`: the folder a reply's chart is saved in (its path is printed)."""
    lines: list[str] = []
    if reply.title:
        marker = {"question": "❓", "reveal": "💡", "leaderboard": "🏆", "stats": "📈"}.get(reply.kind, "•")
        lines.append(f"{marker} {plain(reply.title)}")
    if reply.mentions:
        lines.append(" ".join(f"@{m}" for m in reply.mentions))
    if reply.body:
        lines += [_wrap(_ours(line)) for line in reply.body.splitlines()]
    for field in reply.fields:
        lines.append(f"  {plain(field.name)}: {_ours(field.value)}".replace("\n", "\n    "))
    lines += [_ours(row) for row in reply.rows]
    if reply.buttons:
        lines.append("  [" + "] [".join(plain(b.label) for b in reply.buttons) + "]")
    if reply.footer:
        lines.append(f"  {_ours(reply.footer)}")
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
    """Our bold marks dropped; text people wrote is printed exactly as written."""
    return "".join(piece if by_people else BOLD.sub(r"\1", piece) for piece, by_people in segments(text))


def _wrap(line: str) -> str:
    return textwrap.fill(line, width=100, subsequent_indent="  ") if len(line) > 100 else line
