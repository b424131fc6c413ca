"""Slack's documented message limits, in one place, and a check of a payload against
them. Block Kit reference (blocks, section, header, context, actions, button, text
object) and chat.postMessage: beyond these Slack answers `invalid_blocks` or
`msg_too_long` and posts nothing."""

from __future__ import annotations

from typing import Any

BLOCKS = 50  # blocks in one message
SECTION_TEXT = 3000  # a section's text object
FIELD_TEXT = 2000  # one of a section's fields
FIELDS = 10  # fields in one section
HEADER_TEXT = 150  # a header's plain_text
BUTTON_TEXT = 75  # a button's label
BUTTON_VALUE = 2000
ACTION_ID = 255
ACTIONS = 25  # elements in one actions block
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 3000  # a context element's text object
MESSAGE_TEXT = 40000  # the top-level `text`


def violations(text: str, blocks: list[dict[str, Any]]) -> list[str]:
    """Every limit the message breaks (empty when Slack would take it)."""
    found: list[str] = []
    if len(text) > MESSAGE_TEXT:
        found.append(f"text has {len(text)} characters (max {MESSAGE_TEXT})")
    if len(blocks) > BLOCKS:
        found.append(f"{len(blocks)} blocks (max {BLOCKS})")
    for i, block in enumerate(blocks):
        found += [f"block {i}: {problem}" for problem in _block(block)]
    return found


def _over(what: str, text: str, limit: int) -> list[str]:
    if not text:
        return [f"{what} is empty"]
    return [f"{what} has {len(text)} characters (max {limit})"] if len(text) > limit else []


def _block(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        return _over("header", block["text"]["text"], HEADER_TEXT)
    if kind == "section":
        problems: list[str] = []
        if "text" in block:
            problems += _over("section text", block["text"]["text"], SECTION_TEXT)
        fields = block.get("fields") or []
        if len(fields) > FIELDS:
            problems.append(f"{len(fields)} fields (max {FIELDS})")
        for field in fields:
            problems += _over("field", field["text"], FIELD_TEXT)
        if "text" not in block and not fields:
            problems.append("a section needs text or fields")
        return problems
    if kind == "context":
        elements = block.get("elements") or []
        problems = (
            [f"{len(elements)} context elements (max {CONTEXT_ELEMENTS})"] if len(elements) > CONTEXT_ELEMENTS else []
        )
        for element in elements:
            problems += _over("context text", element.get("text", ""), CONTEXT_TEXT)
        return problems
    if kind == "actions":
        elements = block.get("elements") or []
        problems = [f"{len(elements)} actions (max {ACTIONS})"] if len(elements) > ACTIONS else []
        for element in elements:
            problems += _over("button label", element["text"]["text"], BUTTON_TEXT)
            if len(element.get("value", "")) > BUTTON_VALUE:
                problems.append(f"button value longer than {BUTTON_VALUE}")
            problems += _over("action_id", element.get("action_id", ""), ACTION_ID)
        return problems
    return []
