"""Discord's documented message limits, in one place, and a check of a message
payload (as sent to the REST API) against them. Beyond these Discord answers
`400 Invalid Form Body` (code 50035, e.g. MAX_EMBED_SIZE_EXCEEDED) and posts nothing."""

from __future__ import annotations

from typing import Any

CONTENT = 2000
EMBEDS = 10  # embeds in one message
EMBEDS_TOTAL = 6000  # characters over every embed of one message
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR_NAME = 256
BUTTON_LABEL = 80
COMPONENTS = 25  # 5 action rows of 5 buttons
BUTTONS_PER_ROW = 5


def embed_size(embed: dict[str, Any]) -> int:
    """The characters Discord counts towards the 6,000 of a message."""
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "") + len((embed.get("author") or {}).get("name") or "")
    return size + sum(len(f.get("name") or "") + len(f.get("value") or "") for f in embed.get("fields") or [])


def violations(payload: dict[str, Any]) -> list[str]:
    """Every limit the message breaks (empty when Discord would take it)."""
    found: list[str] = []
    content = payload.get("content") or ""
    if len(content) > CONTENT:
        found.append(f"content has {len(content)} characters (max {CONTENT})")
    embeds = payload.get("embeds") or []
    if len(embeds) > EMBEDS:
        found.append(f"{len(embeds)} embeds (max {EMBEDS})")
    total = sum(embed_size(e) for e in embeds)
    if total > EMBEDS_TOTAL:
        found.append(f"embeds have {total} characters (max {EMBEDS_TOTAL})")
    for embed in embeds:
        found += _embed(embed)
    buttons = [c for row in payload.get("components") or [] for c in row.get("components") or []]
    if len(buttons) > COMPONENTS or len(payload.get("components") or []) > COMPONENTS // BUTTONS_PER_ROW:
        found.append(f"{len(buttons)} buttons (max {COMPONENTS} in 5 rows)")
    found += [f"button label over {BUTTON_LABEL}" for b in buttons if len(b.get("label") or "") > BUTTON_LABEL]
    return found


def _embed(embed: dict[str, Any]) -> list[str]:
    checks = [
        ("title", embed.get("title") or "", TITLE),
        ("description", embed.get("description") or "", DESCRIPTION),
        ("footer", (embed.get("footer") or {}).get("text") or "", FOOTER),
    ]
    fields = embed.get("fields") or []
    found = [f"{len(fields)} fields (max {FIELDS})"] if len(fields) > FIELDS else []
    for field in fields:
        checks += [
            ("field name", field.get("name") or "", FIELD_NAME),
            ("field value", field.get("value") or "", FIELD_VALUE),
        ]
        if not field.get("name") or not field.get("value"):
            found.append("a field needs a name and a value")
    found += [f"{what} has {len(text)} characters (max {limit})" for what, text, limit in checks if len(text) > limit]
    return found
