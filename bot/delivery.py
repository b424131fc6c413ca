"""The one step every round-lifecycle post goes through: claim -> render -> send once
-> record. A step is claimed (a short lease) and rendered in one short transaction, sent
outside any transaction in as many keyed parts as the platform needs, and then recorded
(or its failure recorded) in another. A retry, a restart or a second process finds the
step done instead of doing it twice (bot/send_once.py asks the platform first)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from bot import faults, render
from bot.chat.errors import PermanentSendError, SendError, TransientSendError
from bot.chat.ports import ChatPort, MessageRef, Notifies, OpensThreads, Pages, Place, Reply
from bot.db.models import Channel, Member, Workspace
from bot.send_once import SendOnce

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("drillbot.core")

Send = Callable[[Place, Reply], Awaitable[MessageRef]]


@dataclass
class Outgoing:
    """A claimed, rendered step, ready to send. `record` writes its success; on failure
    the row (`table`, `row_id`, `attempts`) is deferred or its channel paused."""

    what: str  # for the logs: "posting round 7"
    key: str  # the first part's key; later parts are key-2, key-3...
    port: ChatPort
    place: Place
    card: Reply
    since: datetime  # the platform is asked for keyed messages posted after this
    tried_before: bool  # an earlier attempt may have landed: ask before sending
    send: Send  # the first part
    record: Callable[[Session, MessageRef, datetime], None]
    table: Any
    row_id: int
    attempts: int
    channel_id: int
    rest: Send | None = None  # later parts (default: like the first)
    thread_id: str | None = None  # where the keyed parts live, for find_sent
    asker_id: int | None = None  # told first if the channel stops
    notify: bool = True  # False: the asker is answered by the command itself


Prepare = Callable[[Session, datetime], "Outgoing | None"]


class Delivery:
    """Runs lifecycle steps over the services' sessions, clock, ports and retry policy."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def run(self, prepare: Prepare) -> MessageRef | None:
        """Claim and render (`prepare`: None when there is nothing to do or another worker
        holds the step), send once, record. The first part's ref, or None."""
        with self.services.session() as session:
            out = prepare(session, self.services.clock.now())
        if out is None:
            return None
        ref = await self.send_parts(out)
        if not isinstance(ref, SendError):
            ref = await self._open_thread(out, ref)
        if isinstance(ref, SendError):
            await self.failed(out, ref)
            return None
        with self.services.session() as session:
            out.record(session, ref, self.services.clock.now())
        return ref

    async def send_parts(self, out: Outgoing) -> MessageRef | SendError:
        """Send the card in as many parts as the platform needs, each a keyed send
        (`key`, `key-2`, ...): a retry finds the parts that landed and sends only the
        missing ones. The first part's ref, or the error of the part that failed."""
        parts = out.port.pages(out.card) if isinstance(out.port, Pages) else [out.card]
        first_ref: MessageRef | None = None
        for i, part in enumerate(parts):
            part.key = out.key if i == 0 else f"{out.key}-{i + 1}"
            one = SendOnce(out.port, out.place, part, out.since, out.tried_before, out.thread_id)
            label = out.what if len(parts) == 1 else f"{out.what} (part {i + 1} of {len(parts)})"
            ref = await self._send_once(label, one, out.send if i == 0 else (out.rest or out.send))
            if isinstance(ref, SendError):
                return ref
            first_ref = first_ref or ref
        assert first_ref is not None  # a card has at least one part
        return first_ref

    async def _open_thread(self, out: Outgoing, ref: MessageRef) -> MessageRef | SendError:
        """The card's thread, a step after the card (Discord): a refusal for good gives a
        round without a thread (the ref says why); a passing failure is retried like the
        send, whose retry finds the card and tries the thread again."""
        if not isinstance(out.port, OpensThreads) or not out.card.opens_thread or ref.thread_id:
            return ref
        try:
            return await out.port.open_thread(ref, replace(out.card, key=out.key))
        except Exception as exc:  # noqa: BLE001  (classified: nothing is swallowed silently)
            error = faults.classify(exc)
            log.warning("starting the thread of %s failed: %s", out.key, error)
            return error

    async def _send_once(self, what: str, sent: SendOnce, send: Send) -> MessageRef | SendError:
        """Send the card, never twice. A transient failure is retried here only while
        the policy's backoff is zero; otherwise (and for a permanent refusal) the error
        is returned for `failed` to record. Never sleeps: a tick must not wait."""
        policy = self.services.config.retry
        for attempt in range(1, policy.attempts + 1):
            try:
                return await sent.attempt(lambda: send(sent.place, sent.card))
            except Exception as exc:  # noqa: BLE001  (classified: nothing is swallowed silently)
                error = faults.classify(exc)
                log.warning("%s failed (try %d): %s", what, attempt, error)
                if isinstance(error, PermanentSendError) or attempt == policy.attempts:
                    return error
                assert isinstance(error, TransientSendError)
                if faults.next_delay(policy, attempt, error) > timedelta(0):
                    return error
        raise AssertionError("unreachable")  # pragma: no cover

    async def failed(self, out: Outgoing, error: SendError) -> None:
        """Record a failed send: transient ones are due again after a backoff, a
        permanent one (or too many transient ones) pauses the channel and tells someone."""
        policy = self.services.config.retry
        now = self.services.clock.now()
        tries = out.attempts
        if isinstance(error, TransientSendError) and tries + 1 < policy.give_up_after:
            with self.services.session() as session:
                faults.defer(session, out.table, out.row_id, now, faults.next_delay(policy, tries + 1, error))
            return
        with self.services.session() as session:
            faults.defer(session, out.table, out.row_id, now, timedelta(0))
            channel = session.get_one(Channel, out.channel_id)
            if isinstance(error, PermanentSendError):
                reason = faults.hint_for(error, channel)
            else:
                cause = error.reason if isinstance(error, TransientSendError) else str(error)
                reason = f"Drillbot could not post here after {tries + 1} tries ({cause})."
            paused = faults.pause_channel(session, out.channel_id, reason)
            workspace = session.get_one(Workspace, channel.workspace_id)
            tell = out.asker_id or channel.schedule_set_by_id
            person = session.get(Member, tell) if tell else None
        log.warning("channel %s stopped: %s", channel.external_id, reason)
        if paused and out.notify and person is not None:
            await self._tell(workspace, person.external_id, channel, reason)

    async def _tell(self, workspace: Workspace, user: str, channel: Channel, reason: str) -> None:
        """A direct message to the person who can fix it; its own failure is only logged."""
        port = self.services.ports.get(workspace.platform)
        if not isinstance(port, Notifies):
            return
        where = f"#{channel.name}" if channel.name else "a channel"
        try:
            await port.notify(workspace.external_id, user, render.info(f"I stopped posting in {where}. {reason}"))
        except Exception as exc:  # noqa: BLE001
            log.warning("could not tell %s why channel %s stopped: %s", user, channel.external_id, faults.classify(exc))
