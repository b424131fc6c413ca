"""Drillbot's inbound facade: what adapters call when something happens on a platform.

It translates events into use cases over the shared services (bot/services.py); the
round lifecycle (post, reveal, summary) lives in bot/lifecycle.py and the commands in
bot/commands/. Database work happens in short transactions; platform calls happen
between them, never inside one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot import render
from bot.chat.clean import clean, clean_user
from bot.chat.emoji import normalise
from bot.chat.ports import ChannelRef, ChatPort, MessageRef, Place, Reply, Tenant, ThreadRef, UserRef
from bot.clock import Clock
from bot.commands.handlers import run_button, run_command
from bot.db.models import Member, Round, Workspace
from bot.grading import Grader
from bot.lifecycle import RoundLifecycle
from bot.services import DEFAULT_KUDOS_EMOJI, CoreConfig, Services
from bot.usecases import answers, kudos, rounds, tenancy
from bot.usecases.answers import ReplyOutcome
from bot.usecases.directory import ensure_member, ensure_workspace, find_workspace
from bot.usecases.leaderboard import period_start
from bot.usecases.stats import member_stats, next_review

__all__ = ["DEFAULT_KUDOS_EMOJI", "CoreConfig", "Drillbot", "ReplyOutcome", "Services"]

log = logging.getLogger("drillbot.core")


class Drillbot:
    """One per process, over the services built at start-up (bot/bootstrap.py). The
    old constructor (engine, clock, grader, ports, config) builds them itself."""

    def __init__(
        self,
        engine: Engine | Services,
        clock: Clock | None = None,
        grader: Grader | None = None,
        ports: dict[str, ChatPort] | None = None,
        config: CoreConfig | None = None,
    ) -> None:
        if isinstance(engine, Services):
            self.services = engine
        else:
            assert clock is not None and grader is not None, "Drillbot(engine, clock, grader, ...)"
            self.services = Services(engine, clock, grader, ports, config)

    # The services, read through the facade (the scheduler, the adapters and tests use them).
    @property
    def engine(self) -> Engine:
        return self.services.engine

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def grader(self) -> Grader:
        return self.services.grader

    @property
    def ports(self) -> dict[str, ChatPort]:
        return self.services.ports

    @ports.setter
    def ports(self, ports: dict[str, ChatPort]) -> None:
        self.services.ports = dict(ports)

    @property
    def config(self) -> CoreConfig:
        return self.services.config

    @config.setter
    def config(self, config: CoreConfig) -> None:
        self.services.config = config

    @property
    def lifecycle(self) -> RoundLifecycle:
        return self.services.lifecycle

    def session(self) -> AbstractContextManager[Session]:
        return self.services.session()

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
        return await run_command(self.services, ctx, channel, clean_user(user), clean(text))

    async def handle_button(self, ctx: Tenant, channel: ChannelRef, user: UserRef, action: str, value: str) -> Reply:
        return await run_button(self.services, ctx, channel, clean_user(user), action, clean(value))

    # ---- round lifecycle (bot/lifecycle.py), for the scheduler and the tests -------

    async def post_daily(self, channel_id: int, local_date: date) -> bool:
        return await self.lifecycle.post_daily(channel_id, local_date)

    async def publish_round(self, round_id: int, *, notify: bool = True) -> MessageRef | None:
        return await self.lifecycle.publish_round(round_id, notify=notify)

    async def post_weekly_summary(self, channel_id: int, slot: datetime) -> bool:
        return await self.lifecycle.post_weekly_summary(channel_id, slot)

    async def publish_summary(self, summary_id: int) -> bool:
        return await self.lifecycle.publish_summary(summary_id)

    async def reveal_round(self, round_id: int) -> bool:
        return await self.lifecycle.reveal_round(round_id)

    async def reconcile_thread(self, round_id: int) -> int:
        return await self.lifecycle.reconcile_thread(round_id)

    async def publish_reveal(self, round_id: int) -> bool:
        return await self.lifecycle.publish_reveal(round_id)
