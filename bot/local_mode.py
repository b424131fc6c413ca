"""The core operations local mode (adapters/console/) needs, for its one channel: make
it a daily channel, post today's question, run what is due, and the read-only views of
rounds and answers a terminal shows in place of a chat client's screen. The console
adapter calls these and the inbound facade only: no use case, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.chat.ports import ChannelRef, Tenant
from bot.clock import VirtualClock
from bot.core import Drillbot
from bot.db.models import Answer, AnswerMessage, LocalClock, Member, Question, Round
from bot.scheduling.due import tick
from bot.usecases import rounds, schedules
from bot.usecases.directory import ensure_channel, ensure_workspace, find_workspace
from bot.usecases.schedule_types import WEEKDAYS


@dataclass(frozen=True)
class RoundView:
    """A round as a person reads it: which question, when, and where its thread is."""

    id: int
    kind: str  # daily | practice
    status: str
    thread_id: str | None
    when: datetime  # posted (or, before that, opened)
    topic: str  # "?" when its question left the bank


@dataclass
class KudosTarget:
    """The answer a typed reaction lands on, or the reason there is none (`problem`)."""

    message_id: str | None = None
    name: str = ""
    round_: RoundView | None = None
    problem: str = ""


def _view(session: Session, round_: Round) -> RoundView:
    question = session.get(Question, round_.question_id)
    return RoundView(
        round_.id,
        round_.kind,
        round_.status,
        round_.thread_id,
        round_.posted_at or round_.created_at,
        question.topic if question else "?",
    )


class LocalChannel:
    def __init__(self, bot: Drillbot, ctx: Tenant, channel: ChannelRef) -> None:
        self.bot = bot
        self.ctx = ctx
        self.channel = channel
        self.channel_id = 0  # set by enable_daily

    def enable_daily(self) -> None:
        """Make the channel ask every day (local mode has no weekends)."""
        now, config = self.bot.clock.now(), self.bot.config
        with self.bot.session() as session:
            workspace = ensure_workspace(session, self.ctx, now, config.default_timezone)
            channel = ensure_channel(session, workspace, self.channel, now)
            if not channel.scheduled or channel.next_post_at is None:
                channel.scheduled, channel.weekdays = True, ",".join(WEEKDAYS)
                schedules.plan_next_post(channel, now, config.post_grace)
                session.add(channel)
            self.channel_id = channel.id

    async def post_today(self, today: date) -> bool:
        """Post `today`'s question if it has none yet. True when it is already open."""
        with self.bot.session() as session:
            existing = rounds.daily_round_on(session, self.channel_id, today)
        if existing is None:
            await self.bot.post_daily(self.channel_id, today)
            return False
        return existing.status == "posted"

    async def catch_up(self) -> None:
        """Everything due by the (virtual) clock: posts, reveals, summaries."""
        await tick(self.bot)

    def revealed_rounds(self) -> list[int]:
        with self.bot.session() as session:
            revealed = col(Round.reveal_posted_at).is_not(None)
            query = select(Round.id).where(Round.channel_id == self.channel_id, revealed)
            return [round_id for round_id in session.exec(query) if round_id is not None]

    def answered(self, round_id: int, user_id: str) -> bool:
        with self.bot.session() as session:
            found = session.exec(
                select(Answer.id)
                .join(Member, col(Member.id) == col(Answer.member_id))
                .where(Answer.round_id == round_id, Member.external_id == user_id)
            ).first()
        return found is not None

    def current_round(self) -> RoundView | None:
        """The newest open question (else the latest one, where replies are late)."""
        with self.bot.session() as session:
            round_ = rounds.latest_open_round(session, self.channel_id)
            if round_ is None:
                round_ = session.exec(
                    select(Round)
                    .where(Round.channel_id == self.channel_id, col(Round.status) != "pending")
                    .order_by(col(Round.id).desc())
                ).first()
            return None if round_ is None else _view(session, round_)

    def round_of_thread(self, thread_id: str) -> RoundView | None:
        with self.bot.session() as session:
            round_ = session.exec(
                select(Round).where(Round.thread_id == thread_id, Round.channel_id == self.channel_id)
            ).first()
            return None if round_ is None else _view(session, round_)

    def kudos_target(self, giver_id: str, name: str | None) -> KudosTarget:
        """NAME's latest answer (by default the latest anyone else gave), or why none counts."""
        with self.bot.session() as session:
            workspace = find_workspace(session, self.ctx)
            if workspace is None:
                return KudosTarget(problem="Nobody has answered yet.")
            query = (
                select(AnswerMessage, Member, Round)
                .join(Answer, col(Answer.id) == col(AnswerMessage.answer_id))
                .join(Member, col(Member.id) == col(Answer.member_id))
                .join(Round, col(Round.id) == col(Answer.round_id))
                .where(Answer.workspace_id == workspace.id)
                .order_by(col(AnswerMessage.created_at).desc(), col(AnswerMessage.id).desc())
            )
            if name is None:
                query = query.where(Member.external_id != giver_id)
            else:
                if name.lower() == giver_id:
                    return KudosTarget(problem="Kudos are for teammates: you cannot give them to your own answer.")
                query = query.where(Member.external_id == name.lower())
            row = session.exec(query).first()
            if row is None:
                who = f"{name} has not answered yet" if name else "no teammate has answered yet"
                return KudosTarget(problem=f"There is no answer to react to: {who}.")
            message, member, round_ = row
            target = KudosTarget(message.message_id, member.display_name or member.external_id, _view(session, round_))
        if round_.status != "posted" or message.late:
            target.message_id = None
            target.problem = (
                f"{target.name}'s latest answer is to a question that is already revealed: "
                "kudos count only before the reveal."
            )
        return target


class SavedClock(VirtualClock):
    """Local mode's clock: a VirtualClock whose lead over real time is stored in the
    `localclock` table, per data directory, as soon as it moves."""

    def __init__(self, engine: Engine, data_dir: str) -> None:
        super().__init__()
        self.engine = engine
        self.key = data_dir
        with Session(engine) as session:
            row = session.get(LocalClock, data_dir)
            saved = max(0, row.offset_seconds) if row is not None else 0
        super().advance(timedelta(seconds=saved))

    def advance(self, delta: timedelta) -> None:
        super().advance(delta)
        lead = max(0, int((self.now() - datetime.now(UTC)).total_seconds()))
        with Session(self.engine) as session:
            row = session.get(LocalClock, self.key) or LocalClock(data_dir=self.key, offset_seconds=0)
            row.offset_seconds, row.updated_at = lead, datetime.now(UTC)
            session.add(row)
            session.commit()
