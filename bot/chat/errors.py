"""What a platform's refusal means to the core, without naming the platform.

Adapters raise these from ChatPort calls. A permanent refusal (the bot is not in the
channel, its token was revoked) will not change by retrying: the core stops, records
`hint` (what a person must do, with `{channel}` where the channel's name goes) and
tells someone. A transient one (rate limit, 5xx, timeout) is retried later, never by
sleeping inside a tick: the next attempt time is written to the database.
"""

from __future__ import annotations


class SendError(Exception):
    """A platform call failed in a way the adapter understood; `reason` says how, briefly."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class PermanentSendError(SendError):
    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(f"{reason}: {hint}", reason)
        self.hint = hint


class TransientSendError(SendError):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason if retry_after is None else f"{reason} (retry after {retry_after:g}s)", reason)
        self.retry_after = retry_after
