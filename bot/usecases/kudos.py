"""Kudos: a reaction from a teammate on an answer, before the reveal. Never from
the answer's author; one per giver per answer; removing the reaction takes it back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.db.models import Answer, AnswerMessage, Channel, Kudos, Member, Round
from bot.usecases.rounds import in_channel_or_thread


def answer_for_message(
    session: Session, workspace_id: int, channel_external_id: str, message_id: str
) -> tuple[Answer, Round] | None:
    row = session.exec(
        select(Answer, Round)
        .join(AnswerMessage, col(AnswerMessage.answer_id) == col(Answer.id))
        .join(Round, col(Round.id) == col(Answer.round_id))
        .join(Channel, col(Channel.id) == col(Round.channel_id))
        .where(
            Round.workspace_id == workspace_id,
            AnswerMessage.message_id == message_id,
            in_channel_or_thread(channel_external_id),
        )
    ).first()
    return None if row is None else (row[0], row[1])


def give(session: Session, answer: Answer, round_: Round, giver: Member, now: datetime) -> bool:
    if giver.id == answer.member_id or round_.status != "posted":
        return False
    try:
        with session.begin_nested():
            session.add(
                Kudos(
                    workspace_id=answer.workspace_id,
                    round_id=round_.id,
                    answer_id=answer.id,
                    giver_id=giver.id,
                    created_at=now,
                )
            )
        return True
    except IntegrityError:
        return False


def take_back(session: Session, answer: Answer, round_: Round, giver: Member) -> bool:
    if round_.status != "posted":
        return False
    found = session.exec(select(Kudos).where(Kudos.answer_id == answer.id, Kudos.giver_id == giver.id)).first()
    if found is None:
        return False
    session.delete(found)
    return True


def forget_answer(session: Session, answer_id: int) -> None:
    """An answer being deleted takes its kudos with it."""
    for row in session.exec(select(Kudos).where(Kudos.answer_id == answer_id)):
        session.delete(row)
