"""A round's life on the platform: post the question, reveal it, post the weekly
summary. Each post is one `Delivery.run` step (claim -> render -> send once -> record);
this module only says, per step, which row it claims, which card it renders, where it
sends and what it records."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import render
from bot.bank.selection import choose_question, parse_filter
from bot.chat.history import ReadsThreads
from bot.chat.ports import MessageRef, Place
from bot.db.models import Channel, Question, Round, WeeklySummary, Workspace
from bot.delivery import Delivery, Outgoing
from bot.inbox.store import describe
from bot.usecases import groups, leases, reconcile, rounds, schedules, summary
from bot.usecases.reveal import close_round, results_of

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("drillbot.core")


class Revealed(Enum):
    """What a reveal did. A reveal is reported done only once its parts are posted."""

    ALREADY = "already"  # closed before (by the schedule, another person or process)
    POSTED = "posted"  # graded now, and the reveal is in the thread
    NOT_POSTED = "not posted"  # graded now; the post failed and the tick tries again


class RoundLifecycle:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.delivery = Delivery(services)

    async def post_daily(self, channel_id: int, local_date: date) -> bool:
        """Open `local_date`'s round in the channel (once) and post it. False when the
        round existed already or the channel's filters match no question."""
        with self.services.session() as session:
            if rounds.daily_round_on(session, channel_id, local_date) is not None:
                return False  # the usual case on every tick of the grace window: already done
            channel = session.get_one(Channel, channel_id)
            question = choose_question(
                session,
                channel_id,
                topics=parse_filter(channel.topics),
                difficulties=[int(d) for d in parse_filter(channel.difficulties)],
                seed=f"{channel_id}:{local_date}",
                now=self.services.clock.now(),
            )
            if question is None:
                log.warning("channel %s: no question matches its topic and difficulty filters", channel_id)
                return False
            opened = rounds.open_daily_round(session, channel, local_date, question.id, self.services.clock.now())
        if opened is None:
            return False
        await self.publish_round(opened.id)
        return True

    async def publish_round(self, round_id: int, *, notify: bool = True) -> MessageRef | None:
        """Post a pending round's question card, if this worker wins the lease.
        `notify=False`: the asker is answered by the command itself, not by a DM."""

        def prepare(session: Session, now: datetime) -> Outgoing | None:
            round_ = session.get_one(Round, round_id)
            tried_before = leases.was_tried(round_)
            if not rounds.claim(session, round_id, "pending", now):
                return None
            channel = session.get_one(Channel, round_.channel_id)
            workspace = session.get_one(Workspace, round_.workspace_id)
            question = session.get_one(Question, round_.question_id)
            audience = groups.audience(session, round_.group_id) if round_.group_id else None
            if round_.kind == "daily":
                reveal_at = schedules.daily_reveal_at(channel, now)
            else:
                reveal_at = schedules.practice_reveal_at(now)
            card = render.question_card(question, round_, reveal_at, channel.timezone, audience)
            card.open_for = reveal_at - now  # its thread stays open until the reveal
            port = self.services.ports[workspace.platform]
            kind, where = round_.kind, channel.external_id

            def record(session: Session, ref: MessageRef, at: datetime) -> None:
                rounds.mark_posted(session, round_id, ref, at, reveal_at)
                log.info("posted round %s (%s) in channel %s", round_id, kind, where)

            return Outgoing(
                what=f"posting round {round_id}",
                key=f"round-{round_id}",
                port=port,
                place=Place(workspace.external_id, channel.external_id),
                card=card,
                since=round_.created_at,
                tried_before=tried_before,
                send=port.post,
                record=record,
                table=Round,
                row_id=round_id,
                attempts=round_.attempts,
                channel_id=channel.id,
                asker_id=round_.asked_by_id,
                notify=notify,
            )

        return await self.delivery.run(prepare)

    async def post_weekly_summary(self, channel_id: int, slot: datetime) -> bool:
        """Open the summary of the week before `slot` (once) and post it; a week
        without points is recorded but not posted."""
        with self.services.session() as session:
            channel = session.get_one(Channel, channel_id)
            week_start, _, _ = summary.week_before(channel, slot)
            opened = summary.open_summary(session, channel, week_start, self.services.clock.now())
        return opened is not None and await self.publish_summary(opened.id)

    async def publish_summary(self, summary_id: int) -> bool:
        def prepare(session: Session, now: datetime) -> Outgoing | None:
            row = session.get_one(WeeklySummary, summary_id)
            tried_before = leases.was_tried(row)
            if not summary.claim(session, summary_id, now):
                return None
            channel = session.get_one(Channel, row.channel_id)
            workspace = session.get_one(Workspace, row.workspace_id)
            since = datetime.combine(row.week_start, datetime.min.time(), tzinfo=ZoneInfo(channel.timezone))
            data = summary.week_data(session, channel, since, since + timedelta(days=7))
            if data.empty:
                summary.mark_empty(session, summary_id)
                return None
            card = render.summary_card(f"Week of {row.week_start:%d %b}", data)
            port = self.services.ports[workspace.platform]
            week, where = row.week_start, channel.external_id

            def record(session: Session, ref: MessageRef, at: datetime) -> None:
                summary.mark_posted(session, summary_id, ref.message_id, at)
                log.info("posted the weekly summary of %s in channel %s", week, where)

            return Outgoing(
                what=f"posting summary {summary_id}",
                key=f"summary-{summary_id}",
                port=port,
                place=Place(workspace.external_id, channel.external_id),
                card=card,
                since=row.created_at,
                tried_before=tried_before,
                send=port.post,
                record=record,
                table=WeeklySummary,
                row_id=summary_id,
                attempts=row.attempts,
                channel_id=channel.id,
            )

        return await self.delivery.run(prepare) is not None

    async def reveal(self, round_id: int) -> Revealed:
        """Grade and score the round once, then post the reveal in its thread."""
        await self.reconcile_thread(round_id)
        with self.services.session() as session:
            config = self.services.config
            closed = close_round(session, round_id, self.services.grader, self.services.clock.now(), config.points)
        if not closed:
            return Revealed.ALREADY
        log.info("revealed round %s", round_id)
        return Revealed.POSTED if await self.publish_reveal(round_id) else Revealed.NOT_POSTED

    async def reveal_round(self, round_id: int) -> bool:
        """True when this call closed the round (its reveal may still be posting)."""
        return await self.reveal(round_id) is not Revealed.ALREADY

    async def reconcile_thread(self, round_id: int) -> int:
        """Before the reveal, read the round's thread back from the platform and count the
        answers that never reached us (posted while Drillbot was down). A platform that
        cannot be read now never holds the reveal up: the answers we have are graded."""
        with self.services.session() as session:
            round_ = session.get_one(Round, round_id)
            if round_.status != "posted" or not round_.thread_id:
                return 0
            workspace = session.get_one(Workspace, round_.workspace_id)
            channel = session.get_one(Channel, round_.channel_id)
        port = self.services.ports.get(workspace.platform)
        if not isinstance(port, ReadsThreads):
            return 0
        place = Place(workspace.external_id, channel.external_id)
        try:
            messages = await port.thread_replies(place, round_.thread_id, round_.posted_at)
        except Exception as error:
            log.warning("round %s: could not read its thread before the reveal: %s", round_id, describe(error))
            return 0
        with self.services.session() as session:
            added = reconcile.merge_thread(session, round_id, messages, self.services.clock.now())
        if added:
            log.info("round %s: %d answer(s) found in the thread that had not reached us", round_id, added)
        return added

    async def publish_reveal(self, round_id: int) -> bool:
        def prepare(session: Session, now: datetime) -> Outgoing | None:
            round_ = session.get_one(Round, round_id)
            if round_.reveal_posted_at is not None:
                return None
            tried_before = leases.was_tried(round_)
            if not rounds.claim(session, round_id, "revealed", now):
                return None
            question = session.get_one(Question, round_.question_id)
            workspace = session.get_one(Workspace, round_.workspace_id)
            channel = session.get_one(Channel, round_.channel_id)
            public = channel.reveal_details == "public"
            card = render.reveal_card(question, results_of(session, round_id), round_id, public)
            root = MessageRef(channel.external_id, round_.message_id or "", round_.thread_id, workspace.external_id)
            port = self.services.ports[workspace.platform]
            return Outgoing(
                what=f"revealing round {round_id}",
                key=f"reveal-{round_id}",
                port=port,
                place=Place(workspace.external_id, channel.external_id),
                card=card,
                # Only the reveal's parts and late answers come after `revealed_at`: a look-up
                # for a part already sent reads little of a busy thread.
                since=round_.revealed_at or round_.posted_at or round_.created_at,
                tried_before=tried_before,
                send=lambda _, part: port.reply_in_thread(root, part),
                record=lambda session, _, at: rounds.mark_reveal_posted(session, round_id, at),
                table=Round,
                row_id=round_id,
                attempts=round_.attempts,
                channel_id=channel.id,
                thread_id=round_.thread_id,
                asker_id=round_.asked_by_id,
            )

        return await self.delivery.run(prepare) is not None
