"""Slack requests into the durable inbox (bot/inbox.py) before the 200.

A Bolt global middleware runs after Bolt has verified the signature and found the
workspace's token: for the requests Drillbot handles it stores one inbox row (only the
fields the work needs) and only then answers 200, so an acknowledged request survives a
crash. A redelivery (`X-Slack-Retry-Num`) finds its row by key and is answered 200
without a second row. When the row cannot be written the answer is 500, so Slack
delivers the event again. Other requests go on to Bolt's listeners.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack import modal
from adapters.slack.blocks import ACTION_PREFIX
from bot.inbox import Arrival, GroupWriter, Inbox, Item, describe

log = logging.getLogger("drillbot.slack")
STORE_WITHIN = 2.5  # seconds: Slack waits 3 for the 200
BOX_READ_WITHIN = 1.0  # seconds to read an answer for its Edit box before opening it empty
_WRITERS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drillbot-inbox")  # never the core's workers

EVENT_FIELDS = ("type", "subtype", "channel", "user", "text", "ts", "thread_ts", "bot_id", "deleted_ts", "tab")


def _pick(source: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: source[name] for name in names if name in source}


def slim_event(event: dict[str, Any]) -> dict[str, Any]:
    """The event fields the work reads (adapters/slack/work.py), nothing else."""
    slim = _pick(event, EVENT_FIELDS)
    if "message" in event:
        slim["message"] = _pick(event["message"] or {}, ("ts", "thread_ts", "text", "bot_id", "user"))
    if "previous_message" in event:
        slim["previous_message"] = _pick(event["previous_message"] or {}, ("ts", "thread_ts"))
    if "item" in event:
        slim["item"] = _pick(event["item"] or {}, ("type", "channel", "ts"))
    if "reaction" in event:
        slim["reaction"] = event["reaction"]
    return slim


def wanted_message(event: dict[str, Any]) -> bool:
    """Thread replies, their edits and deletions: the message events that change state."""
    subtype = event.get("subtype")
    if subtype in ("message_changed", "message_deleted"):
        return True
    if subtype not in (None, "thread_broadcast", "file_share") or event.get("bot_id"):
        return False
    return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts") and bool(event.get("user"))


def body_key(raw_body: str) -> str:
    """A stable id for a command or an interaction: Slack gives them no event id, but
    the signed body (with its one-time trigger_id and response_url) is unique to one."""
    return hashlib.sha256(raw_body.encode()).hexdigest()[:40]


def to_item(body: dict[str, Any], raw_body: str) -> Arrival | Literal[True] | None:
    """The inbox row of a request Drillbot handles (with its team, when it names one); True for an event it ignores
    (answered 200 without a row); None for anything else (Bolt's listeners decide)."""
    if body.get("command") == "/drill":
        names = ("team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name", "text")
        command = {**_pick(body, names), "response_url": body.get("response_url", "")}
        return Arrival(f"command:{body_key(raw_body)}", "command", {"args": [command]}, body.get("team_id") or None)
    submitted = modal.submission(body)
    if submitted is not None:
        return Arrival(f"view:{body_key(raw_body)}", "answer", {"args": [submitted]}, submitted["team"] or None)
    if body.get("type") == "block_actions":
        actions = body.get("actions") or []
        if not actions or not str(actions[0].get("action_id", "")).startswith(ACTION_PREFIX):
            return None
        button = {
            "team": _pick(body.get("team") or {}, ("id", "domain")),
            "user": _pick(body.get("user") or {}, ("id", "username")),
            "channel": _pick(body.get("channel") or {}, ("id", "name")),
            "actions": [_pick(actions[0], ("action_id", "value"))],
            "response_url": body.get("response_url", ""),
        }
        return Arrival(f"button:{body_key(raw_body)}", "button", {"args": [button]}, button["team"].get("id"))
    if body.get("type") != "event_callback":
        return None
    event, team, event_id = body.get("event") or {}, body.get("team_id", ""), body.get("event_id", "")

    def row(kind: str, args: list[Any]) -> Arrival:
        return Arrival(f"event:{event_id}", kind, {"args": args}, team or None)

    kind = event.get("type")
    if kind == "message":
        if not wanted_message(event):
            return True
        return row("message", [slim_event(event), team])
    if kind in ("reaction_added", "reaction_removed"):
        return row("reaction", [slim_event(event), team, kind == "reaction_added"])
    if kind == "app_home_opened":
        return row("home", [slim_event(event), team])
    if kind == "user_change":  # admin rights may have changed: the cached ones are dropped
        user = {"id": (event.get("user") or {}).get("id")}
        return row("user_change", [{"user": user}, team])
    if kind == "app_uninstalled":
        return row("removed", [team, None])
    if kind == "tokens_revoked":  # a revoked bot token is the app gone; user tokens only theirs
        tokens = event.get("tokens") or {}
        users = None if tokens.get("bot") else list(tokens.get("oauth") or [])
        return row("removed", [team, users])
    return None


def install_intake(
    app: AsyncApp,
    inbox: Inbox,
    submit: Callable[[Item], None],
    seen: Callable[[dict[str, Any]], None] | None = None,
    box_text: Callable[[str, str, str], str] | None = None,
) -> None:
    """Register the middleware that stores Drillbot's requests before the 200; `seen`
    sees every verified body first (the authorize cache drops revoked workspaces);
    `box_text(team, round, user)` is an answer so far, for an Edit box to start from."""

    writer = GroupWriter(inbox, _WRITERS)

    async def intake(req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[None]]) -> BoltResponse:
        if seen is not None:
            seen(req.body)
        opening = modal.open_request(req.body)
        if opening is not None:  # opens a box, changes nothing: at once, not through the inbox
            text = await _box_text(box_text, req.body, opening[1])
            await modal.open_answer_box(req.context.client, *opening, text)
            return BoltResponse(status=200, body="")
        found = to_item(req.body, req.raw_body)
        if found is None:
            await next()
            return resp
        if found is True:
            return BoltResponse(status=200, body="")
        key, kind, payload, team = found
        try:
            item_id = await asyncio.wait_for(writer.put(key, kind, payload, team), STORE_WITHIN)
        except Exception as error:  # not stored: not acknowledged, so Slack sends it again
            log.warning("could not store a Slack %s: %s; answering 500", kind, describe(error))
            return BoltResponse(status=500, body="")
        if item_id is not None:  # handed over after the 200 is on its way, not before it
            asyncio.get_running_loop().call_soon(submit, Item(item_id, kind, payload))
        return BoltResponse(status=200, body="")

    app.middleware(intake)


async def _box_text(read: Callable[[str, str, str], str] | None, body: dict[str, Any], round_id: str) -> str:
    """The presser's answer so far, read off the loop; "" when slow (the trigger lives 3 s)."""
    if read is None:
        return ""
    team, user = modal.presser(body)
    try:
        return await asyncio.wait_for(asyncio.to_thread(read, team, round_id, user), BOX_READ_WITHIN)
    except Exception as error:  # noqa: BLE001  (the box opens empty: never a lost click)
        log.warning("could not read the answer box of round %s: %s", round_id, describe(error))
        return ""
