"""The core's Reply as Block Kit: header, mentions, body, fields, rows, buttons, footer.

Every text goes through `mrkdwn` (adapters/slack/mrkdwn.py) once, which escapes it and
renders the neutral markup, mentions and times. Nothing is cut here: `pages` splits a
reply into messages that each fit Slack's limits (adapters/slack/limits.py).
"""

from __future__ import annotations

from typing import Any

from adapters.slack import limits
from adapters.slack.mrkdwn import INERT, bold, escape, mention, mrkdwn
from bot.chat.paging import paginate
from bot.chat.ports import Reply
from bot.chat.text import lines, plain

ACTION_PREFIX = "drill_"
FIELD_NAME = 256  # our own cap for a field's name: a label, never content
BUTTON_STYLE = {"reveal": "primary"}


def trim(text: str, limit: int) -> str:
    """Only for our own labels (titles, button labels), never for content."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def grouped(lines: list[str], limit: int) -> list[str]:
    """Consecutive lines joined into as few texts of at most `limit` as they allow (a
    longer line stays alone: the pager then cuts it)."""
    texts: list[str] = []
    for line in lines:
        if texts and len(texts[-1]) + 1 + len(line) <= limit:
            texts[-1] += "\n" + line
        else:
            texts.append(line)
    return [t for t in texts if t.strip()] or []


def blocks_for(reply: Reply) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if plain(reply.title).strip():
        title = trim(plain(reply.title).strip(), limits.HEADER_TEXT)
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": title}})
    if reply.mentions:
        blocks += [section(t) for t in grouped([" ".join(mention(m) for m in reply.mentions)], limits.SECTION_TEXT)]
    if reply.body.strip():
        blocks += [section(t) for t in grouped([mrkdwn(line) for line in lines(reply.body)], limits.SECTION_TEXT)]
    inline = [f for f in reply.fields if f.inline]
    for start in range(0, len(inline), limits.FIELDS):
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": f"{bold(f.name, FIELD_NAME)}\n{mrkdwn(f.value)}"}
                    for f in inline[start : start + limits.FIELDS]
                ],
            }
        )
    for f in reply.fields:
        if not f.inline:
            blocks.append(section(f"{bold(f.name, FIELD_NAME)}\n{mrkdwn(f.value)}"))
    if reply.rows:
        blocks += [section(t) for t in grouped([mrkdwn(r) for r in reply.rows], limits.SECTION_TEXT)]
    for start in range(0, len(reply.buttons), limits.ACTIONS):
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": trim(plain(b.label) or b.action, limits.BUTTON_TEXT)},
                        "action_id": ACTION_PREFIX + b.action,
                        "value": b.value,
                        **({"style": BUTTON_STYLE[b.action]} if b.action in BUTTON_STYLE else {}),
                    }
                    for b in reply.buttons[start : start + limits.ACTIONS]
                ],
            }
        )
    if reply.footer.strip():
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn(reply.footer)}]})
    return blocks


def fallback_text(reply: Reply) -> str:
    """The notification text Slack shows where blocks are not rendered: plain words,
    escaped, after the mentions, so the people named are notified."""
    body = plain(reply.body).strip() or "\n".join(plain(r) for r in reply.rows).strip()
    first = body.splitlines()[0] if body else ""
    headline = " — ".join(p for p in (plain(reply.title).strip(), first) if p) or "Drillbot"
    text = escape(trim(headline, limits.SECTION_TEXT)).translate(INERT)
    if reply.mentions:
        text = " ".join(mention(m) for m in reply.mentions) + " " + text
    return text


def fits(reply: Reply) -> bool:
    return not limits.violations(fallback_text(reply), blocks_for(reply))


def pages(reply: Reply) -> list[Reply]:
    """The reply as Slack messages, each within the limits; nothing dropped."""
    return paginate(reply, fits)


def home_view(reply: Reply) -> dict[str, Any]:
    return {"type": "home", "blocks": blocks_for(reply)}
