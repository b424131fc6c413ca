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
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from bot import faults, render
from bot.bank.selection import choose_question, parse_filter
from bot.chat.clean import clean, clean_user
from bot.chat.emoji import normalise
from bot.chat.errors import PermanentSendError, SendError, TransientSendError
from bot.chat.history import ReadsThreads
from bot.chat.ports import ChannelRef, ChatPort, MessageRef, Place, Reply, Tenant, ThreadRef, UserRef
from bot.clock import Clock
from bot.commands.handlers import run_button, run_command
from bot.db.engine import session_scope
from bot.db.models import Channel, Member, Question, Round, WeeklySummary, Workspace
from bot.grading import Grader
from bot.inbox import describe
from bot.retry import RetryPolicy
from bot.send_once import SendOnce
from bot.usecases import answers, groups, kudos, leases, reconcile, rounds, schedules, summary, tenancy
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
    delete_after: timedelta = timedelta(days=30)  # an uninstalled workspace's data is kept this long
    tick_concurrency: int = 16  # channels (and rounds) a tick works on at once
    max_answer_chars: int = 4000  # a longer answer is refused whole, with a private message saying so
    web_url: str = ""  # where `/drill web` links point (Settings.web_url); '' means the web page is off


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
        author, text = clean_user(author), clean(text)

        def in_thread(session: Session, workspace: Workspace) -> Round | None:
            return rounds.round_for_thread(session, workspace.id, thread.channel, thread.thread_id)

        outcome = self._record_answer(ctx, in_thread, author, text, message_id)
        if outcome == ReplyOutcome.TOO_LONG:
            await self._tell_too_long(ctx, thread.channel, author, text)
        return outcome

    async def handle_answer(
        self, ctx: Tenant, round_id: int, author: UserRef, text: str, message_id: str
    ) -> ReplyOutcome | None:
        """An answer typed in a round's answer box (a Slack or Discord modal) rather than as
        a thread reply: a new submission replaces the box's text until the reveal. None
        when the round is not this team's."""
        author, text = clean_user(author), clean(text)

        def by_id(session: Session, workspace: Workspace) -> Round | None:
            round_ = session.get(Round, round_id)
            return round_ if round_ is not None and round_.workspace_id == workspace.id else None

        return self._record_answer(ctx, by_id, author, text, message_id, answers.record_boxed)

    def answer_box_text(self, ctx: Tenant, round_id: int, user_id: str) -> str:
        """The person's answer-box text for a round, to start an Edit with ("" if none).
        Blocking: adapters call it off their event loop."""
        with self.session() as session:
            workspace = find_workspace(session, ctx)
            round_ = session.get(Round, round_id)
            if workspace is None or round_ is None or round_.workspace_id != workspace.id:
                return ""
            member = session.exec(
                select(Member).where(Member.workspace_id == workspace.id, Member.external_id == user_id)
            ).first()
            return "" if member is None else answers.box_text(session, round_id, member.id)

    def _record_answer(
        self,
        ctx: Tenant,
        find_round: Callable[[Session, Workspace], Round | None],
        author: UserRef,
        text: str,
        message_id: str,
        record: Callable[..., ReplyOutcome] = answers.record_reply,
    ) -> ReplyOutcome | None:
        now = self.clock.now()
        with self.session() as session:
            workspace = find_workspace(session, ctx)
            round_ = None if workspace is None else find_round(session, workspace)
            if workspace is None or round_ is None:
                return None
            if len(text.strip()) > self.config.max_answer_chars:
                log.info(
                    "answer %s in round %s by %s: too long (%d chars)", message_id, round_.id, author.id, len(text)
                )
                return ReplyOutcome.TOO_LONG
            member = ensure_member(session, workspace, author, now)
            outcome = record(session, round_.id, member, message_id, text, now)
        log.info("answer %s in round %s by %s: %s", message_id, round_.id, author.id, outcome)
        return outcome

    async def handle_edit(
        self, ctx: Tenant, thread: ThreadRef, message_id: str, text: str, author: UserRef | None = None
    ) -> bool:
        """Apply an edit to an answer. An edit over MAX_ANSWER_CHARS is refused (the
        answer keeps its previous text) and `author`, when known, is told privately."""
        text = clean(text)
        with self.session() as session:
            round_id = self._round_id(session, ctx, thread)
            if round_id is None:
                return False
            if len(text.strip()) <= self.config.max_answer_chars:
                return answers.edit_reply(session, round_id, message_id, text, self.clock.now())
        if author is not None:
            await self._tell_too_long(ctx, thread.channel, author, text)
        return False

    async def _tell_too_long(self, ctx: Tenant, channel: str, author: UserRef, text: str) -> None:
        """Say privately that an answer was refused for its length: a refusal nobody
        hears of would look like a lost answer."""
        port = self.ports.get(ctx.platform)
        if port is None:
            return
        try:
            notice = render.too_long(len(text.strip()), self.config.max_answer_chars)
            await port.send_private(Place(ctx.workspace_id, channel), author.id, notice)
        except Exception:
            log.exception("could not tell %s that their answer was too long", author.id)

    async def handle_delete(self, ctx: Tenant, thread: ThreadRef, message_id: str) -> bool:
        with self.session() as session:
            round_id = self._round_id(session, ctx, thread)
            return round_id is not None and answers.delete_reply(session, round_id, message_id)

    async def handle_reaction(
        self, ctx: Tenant, channel: str, message_id: str, giver: UserRef, emoji: str, added: bool
    ) -> bool:
        """A reaction on a message. True when it gave (or took back) kudos on an answer."""
        if not self.gives_kudos(emoji):
            return False
        with self.session() as session:
            workspace = find_workspace(session, ctx)
            found = workspace and kudos.answer_for_message(session, workspace.id, channel, message_id)
            if workspace is None or not found:
                return False
            answer, round_ = found
            member = ensure_member(session, workspace, clean_user(giver), self.clock.now())
            if added:
                return kudos.give(session, answer, round_, member, self.clock.now())
            return kudos.take_back(session, answer, round_, member)

    def gives_kudos(self, emoji: str) -> bool:
        """Whether a reaction is a kudos one, in any skin tone, gender or presentation."""
        return normalise(emoji) in self.config.kudos_emoji

    async def home(self, ctx: Tenant, user: UserRef) -> Reply:
        """The personal summary for a home tab: streak, week's points, topics, next review."""
        user = clean_user(user)
        now = self.clock.now()
        with self.session() as session:
            workspace = ensure_workspace(session, ctx, now, self.config.default_timezone)
            member = ensure_member(session, workspace, user, now)
            stats = member_stats(session, member, period_start("week", now, workspace.timezone))
            due = next_review(session, member.id)
        return render.home_card(stats, due, workspace.timezone)

    def _round_id(self, session: Session, ctx: Tenant, thread: ThreadRef) -> int | None:
        workspace = find_workspace(session, ctx)
        if workspace is None:
            return None
        round_ = rounds.round_for_thread(session, workspace.id, thread.channel, thread.thread_id)
        return None if round_ is None else round_.id

    # ---- inbound: the app removed or added ---------------------------------------

    async def handle_uninstall(self, ctx: Tenant) -> bool:
        """The platform says Drillbot was removed (its tokens are already deleted by the
        adapter): every schedule stops now; the data goes after `delete_after`."""
        with self.session() as session:
            found = tenancy.mark_uninstalled(session, ctx.platform, ctx.workspace_id, self.clock.now())
        log.info("workspace %s/%s uninstalled; schedules stopped", ctx.platform, ctx.workspace_id)
        return found is not None

    async def handle_install(self, ctx: Tenant) -> None:
        with self.session() as session:
            tenancy.mark_installed(session, ctx.platform, ctx.workspace_id)

    # ---- inbound: commands and buttons -----------------------------------------

    async def handle_command(self, ctx: Tenant, channel: ChannelRef, user: UserRef, text: str) -> Reply:
        return await run_command(self, ctx, channel, clean_user(user), clean(text))

    async def handle_button(self, ctx: Tenant, channel: ChannelRef, user: UserRef, action: str, value: str) -> Reply:
        return await run_button(self, ctx, channel, clean_user(user), action, clean(value))

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
                now=now,
            )
            if question is None:
                log.warning("channel %s: no question matches its topic and difficulty filters", channel_id)
                return False
            opened = rounds.open_daily_round(session, channel, local_date, question.id, now)
        if opened is None:
            return False
        await self.publish_round(opened.id)
        return True

    async def publish_round(self, round_id: int, *, notify: bool = True) -> MessageRef | None:
        """Post a pending round's question card, if this worker wins the lease.
        `notify=False`: the asker is answered by the command itself, not by a DM."""
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
        card.open_for = reveal_at - now
        port = self.ports[workspace.platform]
        place = Place(workspace.external_id, channel.external_id)
        sent = SendOnce(port, place, card, round_.created_at, tried_before)
        ref = await self._send_parts(f"posting round {round_id}", sent, f"round-{round_id}", port.post, port.post)
        if not isinstance(ref, SendError):
            ref = await self._open_thread(port, ref, replace(card, key=f"round-{round_id}"))
        if isinstance(ref, SendError):
            await self._failed(Round, round_id, round_.attempts, channel.id, ref, round_.asked_by_id, notify)
            return None
        with self.session() as session:
            rounds.mark_posted(session, round_id, ref, self.clock.now(), reveal_at)
        log.info("posted round %s (%s) in channel %s", round_id, round_.kind, channel.external_id)
        return ref

    async def _open_thread(self, port: ChatPort, ref: MessageRef, card: Reply) -> MessageRef | SendError:
        """The card's thread, a step after the card (Discord): a refusal for good gives a
        round without a thread (the ref says why); a passing failure is retried like the
        post, whose retry finds the card and tries the thread again."""
        opener = getattr(port, "open_thread", None)
        if opener is None or not card.opens_thread or ref.thread_id:
            return ref
        try:
            opened: MessageRef = await opener(ref, card)
            return opened
        except Exception as exc:  # noqa: BLE001  (classified: nothing is swallowed silently)
            error = faults.classify(exc)
            log.warning("starting the thread of %s failed: %s", card.key, error)
            return error

    async def post_weekly_summary(self, channel_id: int, slot: datetime) -> bool:
        """Open the summary of the week before `slot` (once) and post it; a week
        without points is recorded but not posted."""
        now = self.clock.now()
        with self.session() as session:
            channel = session.get_one(Channel, channel_id)
            week_start, _, _ = summary.week_before(channel, slot)
            opened = summary.open_summary(session, channel, week_start, now)
        return opened is not None and await self.publish_summary(opened.id)

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
        port = self.ports[workspace.platform]
        place = Place(workspace.external_id, channel.external_id)
        sent = SendOnce(port, place, card, row.created_at, tried_before)
        what, key = f"posting summary {summary_id}", f"summary-{summary_id}"
        ref = await self._send_parts(what, sent, key, port.post, port.post)
        if isinstance(ref, SendError):
            await self._failed(WeeklySummary, summary_id, row.attempts, channel.id, ref, None, True)
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
            public = channel.reveal_details == "public"
            card = render.reveal_card(question, results_of(session, round_id), round_id, public)
        ref = MessageRef(channel.external_id, round_.message_id or "", round_.thread_id, workspace.external_id)
        port = self.ports[workspace.platform]
        place = Place(workspace.external_id, channel.external_id)
        # Only the reveal's parts and late answers come after `revealed_at`: a look-up
        # for a part already sent reads little of a busy thread.
        since = round_.revealed_at or round_.posted_at or round_.created_at
        sent = SendOnce(port, place, card, since, tried_before, round_.thread_id)
        in_thread = await self._send_parts(
            f"revealing round {round_id}", sent, f"reveal-{round_id}", lambda _, c: port.reply_in_thread(ref, c)
        )
        if isinstance(in_thread, SendError):
            await self._failed(Round, round_id, round_.attempts, channel.id, in_thread, round_.asked_by_id, True)
            return False
        with self.session() as session:
            session.execute(
                update(Round)
                .where(col(Round.id) == round_id)
                .values(reveal_posted_at=self.clock.now(), claim_until=None)
            )
        return True

    async def _send_parts(
        self,
        what: str,
        sent: SendOnce,
        key: str,
        first: Callable[[Place, Reply], Awaitable[MessageRef]],
        rest: Callable[[Place, Reply], Awaitable[MessageRef]] | None = None,
    ) -> MessageRef | SendError:
        """Send the card in as many parts as the platform needs, each a keyed send
        (`key`, `key-2`, ...): a retry finds the parts that landed and sends only the
        missing ones. The first part's ref, or the error of the part that failed."""
        pages = getattr(sent.port, "pages", None)  # a port without limits sends the card whole
        parts = pages(sent.card) if pages is not None else [sent.card]
        first_ref: MessageRef | None = None
        for i, part in enumerate(parts):
            part.key = key if i == 0 else f"{key}-{i + 1}"
            one = SendOnce(sent.port, sent.place, part, sent.since, sent.check_first, sent.thread_id)
            label = what if len(parts) == 1 else f"{what} (part {i + 1} of {len(parts)})"
            ref = await self._send_once(label, one, first if i == 0 else (rest or first))
            if isinstance(ref, SendError):
                return ref
            first_ref = first_ref or ref
        assert first_ref is not None  # a card has at least one part
        return first_ref

    async def _send_once(
        self, what: str, sent: SendOnce, send: Callable[[Place, Reply], Awaitable[MessageRef]]
    ) -> MessageRef | SendError:
        """Send the card, never twice. A transient failure is retried here only while
        the policy's backoff is zero; otherwise (and for a permanent refusal) the error
        is returned for `_failed` to record. Never sleeps: a tick must not wait."""
        policy = self.config.retry
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

    async def _failed(
        self, table: Any, row_id: int, tries: int, channel_id: int, error: SendError, asker_id: int | None, notify: bool
    ) -> None:
        """Record a failed send: transient ones are due again after a backoff, a
        permanent one (or too many transient ones) pauses the channel and tells someone."""
        policy = self.config.retry
        now = self.clock.now()
        if isinstance(error, TransientSendError) and tries + 1 < policy.give_up_after:
            with self.session() as session:
                faults.defer(session, table, row_id, now, faults.next_delay(policy, tries + 1, error))
            return
        with self.session() as session:
            faults.defer(session, table, row_id, now, timedelta(0))
            channel = session.get_one(Channel, channel_id)
            if isinstance(error, PermanentSendError):
                reason = faults.hint_for(error, channel)
            else:
                reason = f"Drillbot could not post here after {tries + 1} tries ({error.reason})."
            paused = faults.pause_channel(session, channel_id, reason)
            workspace = session.get_one(Workspace, channel.workspace_id)
            tell = asker_id or channel.schedule_set_by_id
            person = session.get(Member, tell) if tell else None
        log.warning("channel %s stopped: %s", channel.external_id, reason)
        if paused and notify and person is not None:
            await self._tell(workspace, person.external_id, channel, reason)

    async def _tell(self, workspace: Workspace, user: str, channel: Channel, reason: str) -> None:
        """A direct message to the person who can fix it; its own failure is only logged."""
        port = self.ports.get(workspace.platform)
        notify = getattr(port, "notify", None)
        if notify is None:
            return
        where = f"#{channel.name}" if channel.name else "a channel"
        try:
            await notify(workspace.external_id, user, render.info(f"I stopped posting in {where}. {reason}"))
        except Exception as exc:  # noqa: BLE001
            log.warning("could not tell %s why channel %s stopped: %s", user, channel.external_id, faults.classify(exc))
