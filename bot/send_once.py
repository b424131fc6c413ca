"""Sending a message exactly once when a send may be repeated (a retry after a timeout,
or a step a crashed worker had leased): the core records its intent first, and before
any repeat asks the platform whether the message it keyed is already there."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.chat.ports import ChatPort, MessageRef, Place, Reply

log = logging.getLogger("drillbot.core")
# How far our clock may run ahead of the platform's: a message the platform stamped
# earlier than our `since` must still be found, or a retry would post it twice.
CLOCK_SKEW_MARGIN = timedelta(minutes=5)


class SendOnce:
    """One platform send that may be attempted several times. Before any attempt that
    might repeat an earlier one (a retry, or a step a crashed worker had leased), ask
    the platform whether the keyed message is already there, and take it if so."""

    def __init__(
        self,
        port: ChatPort,
        place: Place,
        card: Reply,
        since: datetime,
        tried_before: bool,
        thread_id: str | None = None,
    ) -> None:
        self.port = port
        self.place = place
        self.card = card
        self.since = since
        self.thread_id = thread_id
        self.check_first = tried_before

    async def attempt(self, send: Callable[[], Awaitable[MessageRef]]) -> MessageRef:
        if self.check_first:
            since = self.since - CLOCK_SKEW_MARGIN
            found = await self.port.find_sent(self.place, self.card.key, since, self.thread_id)
            if found is not None:
                log.info("found %s already posted in %s; not sending it again", self.card.key, self.place.channel)
                return found
        self.check_first = True
        return await send()
