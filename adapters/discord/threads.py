"""A question's thread on Discord: started as a step of its own after the card, kept
open until the reveal, unarchived before the bot acts in it.

Discord refuses a thread in some places (inside a thread or a forum post: 50024; a DM:
50003; without Create Public Threads: 403/50013). The card is already posted then, so
the round goes on without a thread: the card says to answer with its Answer button,
and the person who asked is told why, with the missing permission named. A forum (or
media) channel takes no plain messages: there the card opens a forum post, which is the
round's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

import discord

from adapters.discord.embeds import allowed_mentions, content_for, embed_for, view_for
from bot.chat.ports import MessageRef, Reply

log = logging.getLogger("drillbot.discord")
T = TypeVar("T")
ARCHIVE_MINUTES = (60, 1440, 4320, 10080)  # what Discord offers: 1 hour, 1 day, 3 days, 7 days
NOT_A_TEXT_CHANNEL = (50008, 50024)  # a message sent to a forum or media channel
THREAD_EXISTS = 160004  # "A thread has already been created for this message" (a retry)
ARCHIVED = 50083  # "Thread is archived": an action on an archived thread
NO_THREAD_HERE = "Discord does not allow a thread in this channel"
REFUSALS = {
    50024: NO_THREAD_HERE,  # inside a thread or a forum post, in a voice channel's chat...
    50003: "Discord does not allow threads in direct messages",
    50013: "Drillbot lacks the Create Public Threads permission in this channel",
    50001: "Drillbot lacks the Create Public Threads permission in this channel",
}
ANSWER_BUTTON_NOTE = "No thread here: answer with the Answer button below."


def archive_minutes(open_for: timedelta | None) -> int:
    """The shortest auto-archive duration Discord offers that keeps the thread open
    `open_for` (until the reveal); the longest when the reveal is further away."""
    if open_for is None:
        return 1440
    minutes = open_for.total_seconds() / 60
    return next((m for m in ARCHIVE_MINUTES if m >= minutes), ARCHIVE_MINUTES[-1])


def refusal_reason(error: discord.HTTPException) -> str | None:
    """Why Discord will never start this thread, in words for people; None when the
    error may pass (a 5xx, a rate limit) and the step should be tried again."""
    return REFUSALS.get(error.code)


def without_thread(card: Reply) -> Reply:
    """The card as edited when no thread could be made: it says where answers go."""
    footer = f"{card.footer}\n{ANSWER_BUTTON_NOTE}" if card.footer else ANSWER_BUTTON_NOTE
    return replace(card, footer=footer, opens_thread=False)


async def forum_post(http: Any, forum_id: str, card: Reply, name: str) -> dict[str, Any]:
    """A forum post whose first message is the card: the post is the round's thread,
    and its first message has the post's id."""
    message: dict[str, Any] = {
        "embeds": [embed_for(card).to_dict()],
        "allowed_mentions": allowed_mentions(card).to_dict(),
    }
    if card.mentions:
        message["content"] = content_for(card)
    view = view_for(card)
    if view is not None:
        message["components"] = view.to_components()
    route = discord.http.Route("POST", "/channels/{channel_id}/threads", channel_id=int(forum_id))
    body = {"name": name, "auto_archive_duration": archive_minutes(card.open_for), "message": message}
    post: dict[str, Any] = await http.request(route, json=body)
    return post


async def open_thread(
    http: Any, ref: MessageRef, name: str, minutes: int, edit_card: Callable[[], Awaitable[None]]
) -> MessageRef:
    """Start the card's thread; a retry after a lost answer finds the thread it made.
    A refusal for good gives the ref without a thread (and the card is edited to say so)."""
    channel, message = int(ref.channel), int(ref.message_id)
    try:
        thread = await http.start_thread_with_message(channel, message, name=name, auto_archive_duration=minutes)
        return replace(ref, thread_id=str(thread["id"]))
    except discord.HTTPException as error:
        if error.code == THREAD_EXISTS:
            found = await http.get_message(channel, message)
            return replace(ref, thread_id=str(found["thread"]["id"]))
        reason = refusal_reason(error)
        if reason is None:
            raise
    log.warning("no thread for message %s in %s: %s", ref.message_id, ref.channel, reason)
    try:
        await edit_card()
    except discord.HTTPException as error:
        log.warning("could not edit the card %s to point at its Answer button: %s", ref.message_id, error)
    return replace(ref, thread_id=None, no_thread_because=reason)


async def unarchived(http: Any, thread_id: str | None, act: Callable[[], Awaitable[T]]) -> T:
    """Do `act` in the thread; if Discord says the thread is archived, unarchive it
    (Send Messages in Threads suffices unless it is locked) and do it again."""
    try:
        return await act()
    except discord.HTTPException as error:
        if error.code != ARCHIVED or not thread_id:
            raise
    await http.edit_channel(int(thread_id), archived=False)
    log.info("unarchived thread %s to post in it", thread_id)
    return await act()
