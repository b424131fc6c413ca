"""Slack's errors as the core's neutral ones (bot/chat/errors.py).

Permanent: retrying cannot help, a person has to act; the hint says what, with
`{channel}` where the core puts the channel's name. Transient: a 429 (with its
Retry-After), a 5xx, a timeout or a dropped connection.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from adapters.send_errors import status_error, transport_error
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
        status = 429 if code == "ratelimited" else response.status_code
        retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
        return status_error(status, code, "Slack", float(retry_after) if retry_after else None)
    return transport_error(error, "Slack")
