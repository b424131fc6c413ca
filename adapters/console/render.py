"""Replies as plain text for the terminal: no markup (neutral text is read into spans,
bot/chat/text.py), people by name, times in the channel's zone, code blocks indented,
long lines wrapped, and buttons listed as the commands that press them."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

from bot.chat.ports import Reply
from bot.chat.text import CodeBlock, parse, plain_span

WIDTH = 100


def private_note(name: str) -> str:
    """The line over a private reply: "you" takes "see", anyone else "sees"."""
    return "(only you see this)" if name == "you" else f"(only {name} sees this)"


def render_text(reply: Reply, *, indent: str = "", charts: Path | None = None) -> str:
    """`charts`: the folder a reply's chart is saved in (its path is printed)."""
    lines: list[str] = []
    if reply.title:
        marker = {"question": "❓", "reveal": "💡", "leaderboard": "🏆", "stats": "📈"}.get(reply.kind, "•")
        lines.append(f"{marker} {_ours(reply.title)}")
    if reply.mentions:
        lines.append(" ".join(f"@{m}" for m in reply.mentions))
    if reply.body:
        lines += [_wrap(line) for line in _ours(reply.body).splitlines()]
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
    """The text as plain words; text people wrote is printed exactly as written."""
    return "".join(
        textwrap.indent(span.text, "    ") if isinstance(span, CodeBlock) else plain_span(span) for span in parse(text)
    )


def _wrap(line: str, subsequent: str = "  ") -> str:
    """Long prose wrapped; code (indented four spaces) kept as written."""
    if len(line) <= WIDTH or line.startswith("    "):
        return line
    return textwrap.fill(line, width=WIDTH, subsequent_indent=subsequent)
