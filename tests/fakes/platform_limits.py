"""What the real Slack and Discord APIs refuse, for the fakes: their documented
limits, checked on the wire format (independently of the adapters' own checks, so a
renderer that gets its limits wrong fails against the fake as it would in production)."""

from __future__ import annotations

import json
import re
from typing import Any

# What Slack reads as a token in mrkdwn; any other `<`, `>` or `&` must be escaped.
SLACK_TOKEN = re.compile(
    r"<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+|![a-z]+(?:\^[^|>]*)?|(?:https?://|mailto:)[^|<>\s]+)(?:\|[^<>]*)?>"
)
SLACK_ENTITY = re.compile(r"&(?:amp|lt|gt);")
SLACK_MENTION = re.compile(r"<(@[UW][A-Z0-9]+|!channel|!here|!everyone|!subteam\^[A-Z0-9]+)(\|[^>]*)?>")
DISCORD_USER_MENTION = re.compile(r"<@!?(\d+)>")


def slack_escaped(text: str) -> str:
    """Text as Slack sends it in events and commands: what a person typed, with `&`,
    `<` and `>` escaped, and the tokens their client made (mentions, links) kept."""
    out, at = [], 0
    for m in SLACK_TOKEN.finditer(text):
        out.append(_escape(text[at : m.start()]) + m.group())
        at = m.end()
    return "".join(out) + _escape(text[at:])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_unescaped(text: str) -> str | None:
    """The first `<`, `>` or `&` Slack would misparse in mrkdwn (outside its tokens and
    entities), or None. Slack itself does not refuse such text, it shows it wrong (or
    turns it into a mention); the fake refuses it so that a test cannot miss it."""
    bare = SLACK_ENTITY.sub("", SLACK_TOKEN.sub("", text))
    found = re.search(r"[<>&]", bare)
    return None if found is None else bare[max(0, found.start() - 20) : found.end() + 20]


def mrkdwn_texts(params: dict[str, Any]) -> list[str]:
    """Every text of a message Slack parses as mrkdwn (the top-level text included)."""
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    texts = [params.get("text") or ""]
    for block in blocks or []:
        for obj in [block.get("text"), *(block.get("fields") or []), *(block.get("elements") or [])]:
            if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                texts.append(obj.get("text") or "")
    return texts


def slack_refusal(params: dict[str, Any]) -> str | None:
    """The error Slack answers for a message (`invalid_blocks`, `msg_too_long`), or
    None; `unescaped_text` for text Slack would misparse (see `slack_unescaped`)."""
    text = params.get("text") or ""
    if len(text) > 40000:
        return "msg_too_long"
    if any(slack_unescaped(t) for t in mrkdwn_texts(params)):
        return "unescaped_text"
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if blocks is None:
        return None if text else "no_text"
    if len(blocks) > 50:
        return "invalid_blocks"
    for block in blocks:
        if not _slack_block_ok(block):
            return "invalid_blocks"
    return None


def _text_ok(obj: dict[str, Any] | None, limit: int) -> bool:
    return bool(obj) and 0 < len(obj.get("text") or "") <= limit  # type: ignore[union-attr]


def _slack_block_ok(block: dict[str, Any]) -> bool:
    kind = block.get("type")
    if kind == "header":
        return _text_ok(block.get("text"), 150) and block["text"].get("type") == "plain_text"
    if kind == "section":
        fields = block.get("fields")
        if "text" not in block and not fields:
            return False
        if "text" in block and not _text_ok(block["text"], 3000):
            return False
        return fields is None or (len(fields) <= 10 and all(_text_ok(f, 2000) for f in fields))
    if kind == "context":
        elements = block.get("elements") or []
        return 0 < len(elements) <= 10 and all(_text_ok(e, 3000) for e in elements)
    if kind == "actions":
        elements = block.get("elements") or []
        return 0 < len(elements) <= 25 and all(
            _text_ok(e.get("text"), 75) and len(e.get("value") or "") <= 2000 and len(e.get("action_id") or "") <= 255
            for e in elements
        )
    return kind in {"divider", "image"}


def slack_view_refusal(view: dict[str, Any] | None) -> str | None:
    """What views.open answers for a modal Slack would refuse (`invalid_arguments`), or None:
    its title, submit and close are plain text of at most 24 characters, an input block
    needs a submit button, its label and a plain_text_input within their limits."""
    if not isinstance(view, dict) or view.get("type") != "modal":
        return "invalid_arguments"
    if not _plain(view.get("title"), 24) or len(view.get("callback_id") or "") > 255:
        return "invalid_arguments"
    if len(view.get("private_metadata") or "") > 3000:
        return "invalid_arguments"
    blocks = view.get("blocks") or []
    if not 0 < len(blocks) <= 100:
        return "invalid_arguments"
    inputs = [b for b in blocks if b.get("type") == "input"]
    if inputs and not _plain(view.get("submit"), 24):
        return "invalid_arguments"
    if "close" in view and not _plain(view.get("close"), 24):
        return "invalid_arguments"
    for block in inputs:
        element = block.get("element") or {}
        if not _plain(block.get("label"), 2000) or element.get("type") != "plain_text_input":
            return "invalid_arguments"
        if not element.get("action_id") or not 0 < int(element.get("max_length", 3000)) <= 3000:
            return "invalid_arguments"
        if len(element.get("initial_value") or "") > int(element.get("max_length", 3000)):
            return "invalid_arguments"
    if any(b.get("type") != "input" and not _slack_block_ok(b) for b in blocks):
        return "invalid_arguments"
    return None


def _plain(obj: Any, limit: int) -> bool:
    return isinstance(obj, dict) and obj.get("type") == "plain_text" and _text_ok(obj, limit)


def slack_mentions(params: dict[str, Any]) -> list[str]:
    """Every mention or broadcast Slack would act on in a message (text and blocks)."""
    return [m.group(1) for t in mrkdwn_texts(params) for m in SLACK_MENTION.finditer(t)]


def discord_refusal(body: dict[str, Any]) -> dict[str, Any] | None:
    """Discord's 400 body (code 50035) for a message it would refuse, or None."""
    errors: dict[str, Any] = {}
    if len(body.get("content") or "") > 2000:
        errors["content"] = "BASE_TYPE_MAX_LENGTH"
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = "BASE_TYPE_MAX_LENGTH"
    total = 0
    for i, embed in enumerate(embeds):
        fields = embed.get("fields") or []
        sizes = {
            "title": (len(embed.get("title") or ""), 256),
            "description": (len(embed.get("description") or ""), 4096),
            "footer": (len((embed.get("footer") or {}).get("text") or ""), 2048),
            "author": (len((embed.get("author") or {}).get("name") or ""), 256),
            "fields": (len(fields), 25),
        }
        for name, (size, limit) in sizes.items():
            if size > limit:
                errors[f"embeds.{i}.{name}"] = "BASE_TYPE_MAX_LENGTH"
        for j, field in enumerate(fields):
            if not 0 < len(field.get("name") or "") <= 256 or not 0 < len(field.get("value") or "") <= 1024:
                errors[f"embeds.{i}.fields.{j}"] = "BASE_TYPE_BAD_LENGTH"
        total += sum(size for name, (size, _) in sizes.items() if name != "fields")
        total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
    if total > 6000:
        errors["embeds"] = "MAX_EMBED_SIZE_EXCEEDED"
    rows = body.get("components") or []
    buttons = [c for row in rows for c in row.get("components") or []]
    if len(rows) > 5 or any(len(row.get("components") or []) > 5 for row in rows):
        errors["components"] = "BASE_TYPE_MAX_LENGTH"
    if any(len(b.get("label") or "") > 80 for b in buttons):
        errors["components.label"] = "BASE_TYPE_MAX_LENGTH"
    if not errors:
        return None
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def discord_mentions(body: dict[str, Any]) -> tuple[list[str], bool]:
    """Whom a message notifies, as Discord decides it: user mentions in the *content*
    (never in embeds) that `allowed_mentions` permits, and whether @everyone/@here
    notifies."""
    content = body.get("content") or ""
    allowed = body.get("allowed_mentions")
    ids = DISCORD_USER_MENTION.findall(content)
    everyone = "@everyone" in content or "@here" in content
    if allowed is None:
        return ids, everyone
    parse = allowed.get("parse") or []
    users = ids if "users" in parse else [i for i in ids if i in {str(u) for u in allowed.get("users") or []}]
    return users, everyone and "everyone" in parse
