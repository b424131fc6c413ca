"""Drillbot's core: the inbound port adapters call, and the round lifecycle.

Database work happens in short transactions; platform calls happen between them,
never inside one. Each step of a round (post, reveal, post the reveal) is recorded
before or leased during its platform call, so a retry, a restart or a second process
finds the step done instead of doing it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, update
from sqlmodel import Session, col

from bot import render
from bot.bank.selection import choose_question, parse_filter
from bot.chat.history import ReadsThreads
from bot.chat.ports import ChannelRef, ChatPort, MessageRef, Place, Reply, Tenant, ThreadRef, UserRef
from bot.clock import Clock
from bot.commands.handlers import run_button, run_command
from bot.db.engine import session_scope
from bot.db.models import Channel, Question, Round, WeeklySummary, Workspace
from bot.grading import Grader
from bot.inbox import describe
from bot.retry import RetryPolicy, with_retries
from bot.send_once import SendOnce
from bot.usecases import answers, groups, kudos, leases, reconcile, rounds, schedules, summary
from bot.usecases.answers import ReplyOutcome
from bot.usecases.directory import ensure_member, ensure_workspace, find_workspace
from bot.usecases.leaderboard import period_start
from bot.usecases.points import PointRules
from bot.usecases.reveal import close_round, results_of
from bot.usecases.stats import member_stats, next_review

log = logging.getLogger("drillbot.core")


DEFAULT_KUDOS_EMOJI = frozenset({"+1", "thumbsup", "clap", "star", "fire", "👍", "👏", "⭐", "🔥"})


@dataclass(frozen=True)
class CoreConfig:
    default_timezone: str = "UTC"
    post_grace: timedelta = timedelta(hours=2)
    retry: RetryPolicy = RetryPolicy()
    kudos_emoji: frozenset[str] = DEFAULT_KUDOS_EMOJI
    points: PointRules = PointRules()  # the defaults; a workspace may set its own


class Drillbot:
    """One per process. `ports` maps a platform name to the adapter that speaks it."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        grader: Grader,
        ports: dict[str, ChatPort] | None = None,
        config: CoreConfig | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.grader = grader
        self.ports: dict[str, ChatPort] = dict(ports or {})
        self.config = config or CoreConfig()

    def session(self) -> AbstractContextManager[Session]:
        return session_scope(self.engine)

    # ---- inbound: answers -------------------------------------------------------

    async def handle_reply(
        self, ctx: Tenant, thread: ThreadRef, author: UserRef, text: str, message_id: str
    ) -> ReplyOutcome | None:
        """A message in a thread. None when the thread is not a round's."""

        def in_thread(session: Session, workspace: Workspace) -> Round | None:
            return rounds.round_for_thread(session, workspace.id, thread.channel, thread.thread_id)  # type: ignore[arg-type]

        return self._record_answer(ctx, in_thread, author, text, message_id)

    async def handle_answer(
        self, ctx: Tenant, round_id: int, author: UserRef, text: str, message_id: str
    ) -> ReplyOutcome | None:
        """An answer sent to a round directly (a Discord modal) rather than as a thread
        reply. None when the round is not this team's."""

        def by_id(session: Session, workspace: Workspace) -> Round | None:
            round_ = session.get(Round, round_id)
            return round_ if round_ is not None and round_.workspace_id == workspace.id else None

        return self._record_answer(ctx, by_id, author, text, message_id)

    def _record_answer(
        self,
        ctx: Tenant,
        find_round: Callable[[Session, Workspace], Round | None],
        author: UserRef,
        text: str,
        message_id: str,
    ) -> ReplyOutcome | None:
        now = self.clock.now()
        with self.session() as session:
            workspace = find_workspace(session, ctx)
            round_ = None if workspace is None else find_round(session, workspace)
            if round_ is None:
                return None
            member = ensure_member(session, workspace, author, now)  # type: ignore[arg-type]
            outcome = answers.record_reply(session, round_.id, member, message_id, text, now)  # type: ignore[arg-type]
        log.info("answer %s in round %s by %s: %s", message_id, round_.id, author.id, outcome)
        return outcome

    async def handle_edit(self, ctx: Tenant, thread: ThreadRef, message_id: str, text: str) -> bool:
        with self.session() as session:
            round_id = self._round_id(session, ctx, thread)
            return round_id is not None and answers.edit_reply(session, round_id, message_id, text, self.clock.now())

    async def handle_delete(self, ctx: Tenant, thread: ThreadRef, message_id: str) -> bool:
        with self.session() as session:
            round_id = self._round_id(session, ctx, thread)
            return round_id is not None and answers.delete_reply(session, round_id, message_id)

    async def handle_reaction(
        self, ctx: Tenant, channel: str, message_id: str, giver: UserRef, emoji: str, added: bool
    ) -> bool:
        """A reaction on a message. True when it gave (or took back) kudos on an answer."""
        if emoji not in self.config.kudos_emoji:
            return False
        with self.session() as session:
            workspace = find_workspace(session, ctx)
            found = workspace and kudos.answer_for_message(session, workspace.id, channel, message_id)  # type: ignore[arg-type]
            if not found:
                return False
            answer, round_ = found
            member = ensure_member(session, workspace, giver, self.clock.now())  # type: ignore[arg-type]
            if added:
                return kudos.give(session, answer, round_, member, self.clock.now())
            return kudos.take_back(session, answer, round_, member)

    async def home(self, ctx: Tenant, user: UserRef) -> Reply:
        """The personal summary for a home tab: streak, week's points, topics, next review."""
        now = self.clock.now()
        with self.session() as session:
            workspace = ensure_workspace(session, ctx, now, self.config.default_timezone)
            member = ensure_member(session, workspace, user, now)
            stats = member_stats(session, member, period_start("week", now, workspace.timezone))
            due = next_review(session, member.id)  # type: ignore[arg-type]
        return render.home_card(stats, due, workspace.timezone)

    def _round_id(self, session: Session, ctx: Tenant, thread: ThreadRef) -> int | None:
        workspace = find_workspace(session, ctx)
        if workspace is None:
            return None
        round_ = rounds.round_for_thread(session, workspace.id, thread.channel, thread.thread_id)  # type: ignore[arg-type]
        return None if round_ is None else round_.id

    # ---- inbound: commands and buttons -----------------------------------------

    async def handle_command(self, ctx: Tenant, channel: ChannelRef, user: UserRef, text: str) -> Reply:
        return await run_command(self, ctx, channel, user, text)

    async def handle_button(self, ctx: Tenant, channel: ChannelRef, user: UserRef, action: str, value: str) -> Reply:
        return await run_button(self, ctx, channel, user, action, value)

    # ---- round lifecycle ---------------------------------------------------------

    async def post_daily(self, channel_id: int, local_date: date) -> bool:
        """Open `local_date`'s round in the channel (once) and post it. False when the
        round existed already or the channel's filters match no question."""
        now = self.clock.now()
        with self.session() as session:
            if rounds.daily_round_on(session, channel_id, local_date) is not None:
                return False  # the usual case on every tick of the grace window: already done
            channel = session.get_one(Channel, channel_id)
            question = choose_question(
                session,
                channel_id,
                topics=parse_filter(channel.topics),
                difficulties=[int(d) for d in parse_filter(channel.difficulties)],
                seed=f"{channel_id}:{local_date}",
            )
            if question is None:
                log.warning("channel %s: no question matches its topic and difficulty filters", channel_id)
                return False
            opened = rounds.open_daily_round(session, channel, local_date, question.id, now)
        if opened is None:
            return False
        await self.publish_round(opened.id)  # type: ignore[arg-type]
        return True

    async def publish_round(self, round_id: int) -> MessageRef | None:
        """Post a pending round's question card, if this worker wins the lease."""
        now = self.clock.now()
        with self.session() as session:
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
        card.key = f"round-{round_id}"
        port = self.ports[workspace.platform]
        place = Place(workspace.external_id, channel.external_id)
        ref = await self._send_once(
            f"posting round {round_id}", SendOnce(port, place, card, round_.created_at, tried_before), port.post
        )
        if ref is None:
            with self.session() as session:
                rounds.release(session, round_id)
            return None
        with self.session() as session:
            rounds.mark_posted(session, round_id, ref, self.clock.now(), reveal_at)
        log.info("posted round %s (%s) in channel %s", round_id, round_.kind, channel.external_id)
        return ref

    async def post_weekly_summary(self, channel_id: int, slot: datetime) -> bool:
        """Open the summary of the week before `slot` (once) and post it; a week
        without points is recorded but not posted."""
        now = self.clock.now()
        with self.session() as session:
            channel = session.get_one(Channel, channel_id)
            week_start, _, _ = summary.week_before(channel, slot)
            opened = summary.open_summary(session, channel, week_start, now)
        return opened is not None and await self.publish_summary(opened.id)  # type: ignore[arg-type]

    async def publish_summary(self, summary_id: int) -> bool:
        now = self.clock.now()
        with self.session() as session:
            row = session.get_one(WeeklySummary, summary_id)
            tried_before = leases.was_tried(row)
            if not summary.claim(session, summary_id, now):
                return False
            channel = session.get_one(Channel, row.channel_id)
            workspace = session.get_one(Workspace, row.workspace_id)
            since = datetime.combine(row.week_start, datetime.min.time(), tzinfo=ZoneInfo(channel.timezone))
            data = summary.week_data(session, channel, since, since + timedelta(days=7))
            if data.empty:
                row.status, row.claim_until = "empty", None
                session.add(row)
                return False
        card = render.summary_card(f"Week of {row.week_start:%d %b}", data)
        card.key = f"summary-{summary_id}"
        port = self.ports[workspace.platform]
        place = Place(workspace.external_id, channel.external_id)
        ref = await self._send_once(
            f"posting summary {summary_id}", SendOnce(port, place, card, row.created_at, tried_before), port.post
        )
        if ref is None:
            with self.session() as session:
                summary.release(session, summary_id)
            return False
        with self.session() as session:
            session.execute(
                update(WeeklySummary)
                .where(col(WeeklySummary.id) == summary_id)
                .values(status="posted", message_id=ref.message_id, posted_at=self.clock.now(), claim_until=None)
            )
        log.info("posted the weekly summary of %s in channel %s", row.week_start, channel.external_id)
        return True

    async def reveal_round(self, round_id: int) -> bool:
        """Grade and score the round once, then post the reveal in its thread."""
        await self.reconcile_thread(round_id)
        with self.session() as session:
            closed = close_round(session, round_id, self.grader, self.clock.now(), self.config.points)
        if closed:
            log.info("revealed round %s", round_id)
            await self.publish_reveal(round_id)
        return closed

    async def reconcile_thread(self, round_id: int) -> int:
        """Before the reveal, read the round's thread back from the platform and count the
        answers that never reached us (posted while Drillbot was down). A platform that
        cannot be read now never holds the reveal up: the answers we have are graded."""
        with self.session() as session:
            round_ = session.get_one(Round, round_id)
            if round_.status != "posted" or not round_.thread_id:
                return 0
            workspace = session.get_one(Workspace, round_.workspace_id)
            channel = session.get_one(Channel, round_.channel_id)
        port = self.ports.get(workspace.platform)
        if not isinstance(port, ReadsThreads):
            return 0
        place = Place(workspace.external_id, channel.external_id)
        try:
            messages = await port.thread_replies(place, round_.thread_id, round_.posted_at)
        except Exception as error:
            log.warning("round %s: could not read its thread before the reveal: %s", round_id, describe(error))
            return 0
        with self.session() as session:
            added = reconcile.merge_thread(session, round_id, messages, self.clock.now())
        if added:
            log.info("round %s: %d answer(s) found in the thread that had not reached us", round_id, added)
        return added

    async def publish_reveal(self, round_id: int) -> bool:
        now = self.clock.now()
        with self.session() as session:
            round_ = session.get_one(Round, round_id)
            if round_.reveal_posted_at is not None:
                return False
            tried_before = leases.was_tried(round_)
            if not rounds.claim(session, round_id, "revealed", now):
                return False
            question = session.get_one(Question, round_.question_id)
            workspace = session.get_one(Workspace, round_.workspace_id)
            channel = session.get_one(Channel, round_.channel_id)
            card = render.reveal_card(question, results_of(session, round_id))
        card.key = f"reveal-{round_id}"
        ref = MessageRef(channel.external_id, round_.message_id or "", round_.thread_id, workspace.external_id)
        port = self.ports[workspace.platform]
        place = Place(workspace.external_id, channel.external_id)
        sent = SendOnce(port, place, card, round_.posted_at or round_.created_at, tried_before, round_.thread_id)
        in_thread = await self._send_once(
            f"revealing round {round_id}", sent, lambda _, c: port.reply_in_thread(ref, c)
        )
        if in_thread is None:
            with self.session() as session:
                rounds.release(session, round_id)
            return False
        with self.session() as session:
            session.execute(
                update(Round)
                .where(col(Round.id) == round_id)
                .values(reveal_posted_at=self.clock.now(), claim_until=None)
            )
        return True

    async def _send_once(
        self, what: str, sent: SendOnce, send: Callable[[Place, Reply], Awaitable[MessageRef]]
    ) -> MessageRef | None:
        """Send the card with the retry policy, never twice; None when it failed for now
        (the caller gives its lease back and a later tick tries again)."""
        try:
            return await with_retries(
                lambda: sent.attempt(lambda: send(sent.place, sent.card)), self.config.retry, what
            )
        except Exception:
            return None
