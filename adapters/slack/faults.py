"""Slack's errors as the core's neutral ones (bot/chat/errors.py).

Permanent: retrying cannot help, a person has to act; the hint says what, with
`{channel}` where the core puts the channel's name. Transient: a 429 (with its
Retry-After), a 5xx, a timeout or a dropped connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.chat.errors import PermanentSendError, TransientSendError

RESUME = "then run `/drill schedule resume` in {channel}."
REINSTALL = "Drillbot's access to this workspace was revoked or disabled: reinstall the app, " + RESUME
PERMANENT_HINTS = {
    "not_in_channel": "Invite @Drillbot to {channel} (`/invite @Drillbot`), " + RESUME,
    "channel_not_found": "Drillbot cannot see {channel}: invite @Drillbot to it (`/invite @Drillbot`), " + RESUME,
    "is_archived": "{channel} is archived: unarchive it, " + RESUME,
    "invalid_auth": REINSTALL,
    "account_inactive": REINSTALL,
    "token_revoked": REINSTALL,
    "not_authed": REINSTALL,
    "missing_scope": "Drillbot lacks a permission it needs here: reinstall the app to grant it, " + RESUME,
}


def classify(error: BaseException) -> PermanentSendError | TransientSendError | None:
    """The neutral error for a Slack failure, or None when it is none of ours."""
    if isinstance(error, SlackApiError):
        response = error.response
        code = str(response.get("error", "")) if isinstance(response.data, dict) else ""
        if code in PERMANENT_HINTS:
            return PermanentSendError(code, PERMANENT_HINTS[code])
        status = response.status_code
        if status == 429 or code == "ratelimited":
            retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
            return TransientSendError("rate limited", float(retry_after) if retry_after else None)
        if status >= 500:
            return TransientSendError(f"Slack answered {status}")
        return TransientSendError(f"Slack refused: {code or status}")
    if isinstance(error, TimeoutError | asyncio.TimeoutError | aiohttp.ClientError | ConnectionError):
        return TransientSendError(f"no answer from Slack ({type(error).__name__})")
    return None


@contextmanager
def neutral_errors() -> Iterator[None]:
    """Raise the core's neutral error in place of Slack's."""
    try:
        yield
    except Exception as error:
        neutral = classify(error)
        if neutral is None:
            raise
        raise neutral from error
