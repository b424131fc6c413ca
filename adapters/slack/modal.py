"""The answer box on Slack. The Answer button (and the Edit button of the private
receipt) opens a modal with views.open, answered in the request itself because its
trigger_id lives three seconds; the submission is a request like any other, stored in
the inbox before the 200 that closes the modal, then recorded by the core."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import ACTION_PREFIX

log = logging.getLogger("drillbot.slack")
ANSWER_ACTION = ACTION_PREFIX + "answer"
CALLBACK = "drill_answer"
BLOCK, INPUT = "answer", "text"
MAX_CHARS = 3000  # Slack's most for a plain_text_input
NOT_OPENED = "I couldn't open the answer box in time. Press Answer again, or reply in the question's thread."


def answer_view(round_id: str, channel: str, text: str = "") -> dict[str, Any]:
    """The answer box; an Edit starts from the text sent so far."""
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": INPUT, "multiline": True}
    element["max_length"] = MAX_CHARS
    if text:
        element["initial_value"] = text[:MAX_CHARS]
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "private_metadata": json.dumps({"round": round_id, "channel": channel}),
        "title": {"type": "plain_text", "text": "Your answer"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": BLOCK,
                "label": {"type": "plain_text", "text": "Nobody else sees it until the reveal"},
                "element": element,
            }
        ],
    }


def open_request(body: dict[str, Any]) -> tuple[str, str, str, str] | None:
    """(trigger_id, round id, channel, response_url) of an Answer or Edit press, else None.
    The team and user are read by `presser`."""
    if body.get("type") != "block_actions":
        return None
    actions = body.get("actions") or []
    if not actions or actions[0].get("action_id") != ANSWER_ACTION:
        return None
    channel = (body.get("channel") or {}).get("id", "")
    return body.get("trigger_id", ""), str(actions[0].get("value", "")), channel, body.get("response_url", "")


def presser(body: dict[str, Any]) -> tuple[str, str]:
    """(team id, user id) of a button press."""
    user = body.get("user") or {}
    return (body.get("team") or {}).get("id") or user.get("team_id", ""), user.get("id", "")


async def open_answer_box(
    client: AsyncWebClient, trigger_id: str, round_id: str, channel: str, url: str, text: str = ""
) -> None:
    """Open the modal; when Slack refuses (an expired trigger), say so privately."""
    try:
        await client.views_open(trigger_id=trigger_id, view=answer_view(round_id, channel, text))
    except Exception as error:  # noqa: BLE001  (logged and told: never a silent drop)
        log.warning("views.open for round %s failed: %s", round_id, error)
        if url:
            try:
                await AsyncRespond(response_url=url)(text=NOT_OPENED, response_type="ephemeral", replace_original=False)
            except Exception as failed:  # noqa: BLE001
                log.warning("could not say the answer box failed: %s", failed)


def submission(body: dict[str, Any]) -> dict[str, Any] | None:
    """What the inbox keeps of an answer box's submission: who, which round, the text."""
    if body.get("type") != "view_submission":
        return None
    view = body.get("view") or {}
    if view.get("callback_id") != CALLBACK:
        return None
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    value = (((view.get("state") or {}).get("values") or {}).get(BLOCK) or {}).get(INPUT) or {}
    user = body.get("user") or {}
    return {
        "team": (body.get("team") or {}).get("id") or user.get("team_id", ""),
        "user": user.get("id", ""),
        "username": user.get("username", ""),
        "round": str(meta.get("round", "")),
        "channel": str(meta.get("channel", "")),
        "text": value.get("value") or "",
        "id": f"view:{view.get('id', '')}",
    }
