"""Discord's errors as the core's neutral ones (bot/chat/errors.py).

Permanent: 401 (the token is no longer valid), 403 (50001 missing access, 50013 missing
permissions), 404 (10003 unknown channel). Transient: 5xx, a timeout, a dropped
connection. (A 429 is waited out by discord.py itself, per its rate-limit buckets.)
"""

from __future__ import annotations

import discord

from adapters.send_errors import status_error, transport_error
from bot.chat.errors import PermanentSendError, TransientSendError

RESUME = "then run `/drill schedule resume` in {channel}."
HINTS = {
    401: "Drillbot's token was reset or revoked: set the new DISCORD_TOKEN and restart, " + RESUME,
    50001: "Drillbot cannot see {channel}: give its role View Channel there, " + RESUME,
    50013: "Drillbot may not post in {channel}: give its role Send Messages, Create Public Threads and"
    " Send Messages in Threads there, " + RESUME,
    10003: "{channel} no longer exists: run `/drill schedule set` in the channel that should get questions.",
}
FORBIDDEN = "Drillbot is not allowed to post in {channel}: check its role's permissions there, " + RESUME


def classify(error: BaseException) -> PermanentSendError | TransientSendError | None:
    if isinstance(error, discord.HTTPException):
        status, code = error.status, error.code
        if status == 401:
            return PermanentSendError("unauthorized", HINTS[401])
        if status == 403:
            return PermanentSendError(f"forbidden ({code})", HINTS.get(code, FORBIDDEN))
        if status == 404:
            return PermanentSendError(f"not found ({code})", HINTS[10003])
        return status_error(status, f"{status} ({code})", "Discord", getattr(error, "retry_after", None))
    return transport_error(error, "Discord")
