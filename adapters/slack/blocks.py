"""The core's Reply as Block Kit: header, body, fields, buttons, footer.

Slack's mrkdwn uses *single* asterisks for bold, and limits sizes (header 150
characters, section text 3,000, 10 fields per section, 50 blocks), so text is
converted and trimmed here rather than failing at the API.
"""

from __future__ import annotations

import re
from typing import Any

from bot.chat.ports import Reply

ACTION_PREFIX = "drill_"
BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
HEADER_MAX, TEXT_MAX, FIELD_MAX, BLOCKS_MAX = 150, 3000, 2000, 50
BUTTON_STYLE = {"reveal": "primary"}


def mrkdwn(text: str) -> str:
    return BOLD.sub(r"*\1*", text)


def trim(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": trim(mrkdwn(text), TEXT_MAX)}}


def blocks_for(reply: Reply) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if reply.title:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": trim(reply.title, HEADER_MAX)}})
    if reply.body:
        blocks += [section(chunk) for chunk in chunks(reply.body, TEXT_MAX)]
    inline = [f for f in reply.fields if f.inline]
    for start in range(0, len(inline), 10):
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": trim(f"*{f.name}*\n{mrkdwn(f.value)}", FIELD_MAX)}
                    for f in inline[start : start + 10]
                ],
            }
        )
    for f in reply.fields:
        if not f.inline:
            blocks.append(section(f"*{f.name}*\n{f.value}"))
    if reply.buttons:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": b.label},
                        "action_id": ACTION_PREFIX + b.action,
                        "value": b.value,
                        **({"style": BUTTON_STYLE[b.action]} if b.action in BUTTON_STYLE else {}),
                    }
                    for b in reply.buttons
                ],
            }
        )
    if reply.footer:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": trim(mrkdwn(reply.footer), TEXT_MAX)}]}
        )
    return blocks[:BLOCKS_MAX]


def fallback_text(reply: Reply) -> str:
    """The notification text Slack shows where blocks are not rendered."""
    first = reply.body.strip().splitlines()[0] if reply.body.strip() else ""
    return trim(" — ".join(p for p in (reply.title, first) if p) or "Drillbot", TEXT_MAX)


def chunks(text: str, limit: int) -> list[str]:
    """Split long text at paragraph breaks so each part fits one section."""
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = paragraph
    if current:
        parts.append(current)
    return parts or [""]


def home_view(reply: Reply) -> dict[str, Any]:
    return {"type": "home", "blocks": blocks_for(reply)}
