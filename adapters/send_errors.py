"""What the Slack and Discord adapters share when they turn a platform's failure into the
core's neutral errors (bot/chat/errors.py): the network-level failures, and the context
manager that re-raises a classified error in place of the platform's own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import aiohttp

from bot.chat.errors import SendError, TransientSendError

Classifier = Callable[[BaseException], SendError | None]


def transport_error(error: BaseException, platform: str) -> TransientSendError | None:
    """A timeout or a dropped connection: worth retrying, whatever the platform."""
    if isinstance(error, TimeoutError | asyncio.TimeoutError | aiohttp.ClientError | ConnectionError):
        return TransientSendError(f"no answer from {platform} ({type(error).__name__})")
    return None


def status_error(status: int, code: object, platform: str, retry_after: float | None) -> TransientSendError:
    """A refusal no hint covers: rate limits and server errors are retried, as is the rest
    (bounded by the core's retry policy)."""
    if status == 429:
        return TransientSendError("rate limited", retry_after)
    if status >= 500:
        return TransientSendError(f"{platform} answered {status}")
    return TransientSendError(f"{platform} refused: {code or status}")


@contextmanager
def neutral_errors(classify: Classifier) -> Iterator[None]:
    """Raise the core's neutral error in place of the platform's (unknown errors pass)."""
    try:
        yield
    except Exception as error:
        neutral = classify(error)
        if neutral is None:
            raise
        raise neutral from error
