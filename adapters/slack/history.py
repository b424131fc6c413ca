"""Reading Slack history within the limits for apps outside the Slack Marketplace
(from 2025: about one conversations.history or conversations.replies call a minute per
workspace, at most 15 messages a call).

Nothing here waits. A 429 closes that workspace's history until its Retry-After has
passed, and the caller goes on without: the reveal grades the answers it has, a
keyed-send lookup fails as a transient error that the core retries at a time it writes
down. Other workspaces, and the clock's tick, are never held up.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.faults import classify
from bot.chat.errors import TransientSendError

PAGE = 15  # messages per call: Slack's cap for apps outside the Marketplace
MAX_PAGES = 4  # calls per look-up: a minute's budget spent at once, never more
DEFAULT_BACKOFF = 60.0  # seconds, when a 429 names no Retry-After


class HistoryGate:
    """Per workspace: no history call before the time a 429 named."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._closed_until: dict[str, float] = {}

    def check(self, workspace: str) -> None:
        left = self._closed_until.get(workspace, 0.0) - self.clock()
        if left > 0:
            raise TransientSendError("rate limited (history)", left)

    def close(self, workspace: str, retry_after: float | None) -> None:
        self._closed_until[workspace] = self.clock() + (retry_after or DEFAULT_BACKOFF)

    async def pages(
        self, workspace: str, client: AsyncWebClient, method: str, **params: Any
    ) -> AsyncIterator[dict[str, Any]]:
        """Up to MAX_PAGES pages of `method` (PAGE messages each). A 429 on the first
        page raises; on a later one the pages read so far stand."""
        self.check(workspace)
        cursor = None
        for number in range(MAX_PAGES):
            try:
                paging = {"limit": PAGE, **({"cursor": cursor} if cursor else {})}
                page = await client.api_call(method, http_verb="GET", params={**params, **paging})
            except SlackApiError as error:
                neutral = classify(error)
                if isinstance(neutral, TransientSendError) and neutral.reason == "rate limited":
                    self.close(workspace, neutral.retry_after)
                    if number > 0:
                        return
                raise
            assert isinstance(page.data, dict)  # a JSON method's answer, never bytes
            yield page.data
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not page.get("has_more") or not cursor:
                return
