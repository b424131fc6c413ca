"""Recording answers: several replies from one person join into one answer, a
redelivered message counts once, edits count until the reveal, deletions remove, and
replies after the reveal are kept as late (they earn nothing)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.db.models import Answer, AnswerMessage, AnswerOrigin, Member, Round
from bot.usecases import kudos


class ReplyOutcome(StrEnum):
    RECORDED = "recorded"  # a new answer
    JOINED = "joined"  # added to the member's answer
    DUPLICATE = "duplicate"  # this message was already counted
    LATE = "late"  # kept, after the reveal
    EMPTY = "empty"  # nothing to record
    TOO_LONG = "too_long"  # over MAX_ANSWER_CHARS: refused whole, nothing stored
    CHANGED = "changed"  # the answer box's text replaced (before the reveal)


def lock_round(session: Session, round_id: int) -> Round:
    """Read the round, holding its row until commit on PostgreSQL, so an answer and the
    reveal never interleave (the reveal's UPDATE waits for us, then grades us)."""
    return session.exec(select(Round).where(Round.id == round_id).with_for_update()).one()


def record_reply(
    session: Session, round_id: int, member: Member, message_id: str, text: str, now: datetime
) -> ReplyOutcome:
    text = text.strip()
    if not text:
        return ReplyOutcome.EMPTY
    round_ = lock_round(session, round_id)
    existing = session.exec(
        select(AnswerMessage).where(AnswerMessage.round_id == round_id, AnswerMessage.message_id == message_id)
    ).first()
    if existing is not None:
        return ReplyOutcome.DUPLICATE
    late = round_.status == "revealed"
    answer = session.exec(select(Answer).where(Answer.round_id == round_id, Answer.member_id == member.id)).first()
    created = answer is None
    try:
        with session.begin_nested():
            if answer is None:
                remember_first_answer(session, round_, member.id, now)
                answer = Answer(
                    workspace_id=round_.workspace_id,
                    round_id=round_id,
                    member_id=member.id,
                    late=late,
                    created_at=now,
                    updated_at=now,
                )
                session.add(answer)
                session.flush()
            answer.updated_at = now
            session.add(
                AnswerMessage(
                    workspace_id=round_.workspace_id,
                    round_id=round_id,
                    answer_id=answer.id,
                    message_id=message_id,
                    text=text,
                    late=late,
                    created_at=now,
                    updated_at=now,
                )
            )
    except IntegrityError:
        return ReplyOutcome.DUPLICATE
    if late:
        return ReplyOutcome.LATE
    return ReplyOutcome.RECORDED if created else ReplyOutcome.JOINED


def record_boxed(
    session: Session, round_id: int, member: Member, message_id: str, text: str, now: datetime
) -> ReplyOutcome:
    """An answer typed in the answer box (a modal): one box per member per round, so a
    second submission replaces the first until the reveal (thread replies still join).
    After the reveal a new submission is kept as a late reply under its own `message_id`."""
    box = f"box:{member.id}"
    if _message(session, round_id, box) is None:
        return record_reply(session, round_id, member, box, text, now)
    if edit_reply(session, round_id, box, text, now):
        return ReplyOutcome.CHANGED
    return record_reply(session, round_id, member, message_id, text, now)


def box_text(session: Session, round_id: int, member_id: int) -> str:
    """What the member typed in the round's answer box so far (the Edit box starts with it)."""
    message = _message(session, round_id, f"box:{member_id}")
    return "" if message is None else message.text


def remember_first_answer(session: Session, round_: Round, member_id: int, now: datetime) -> None:
    """Record when the member first answered this round, once; a later answer after a
    deletion finds the row and keeps the first time."""
    if session.get(AnswerOrigin, (round_.id, member_id)) is not None:
        return
    try:
        with session.begin_nested():
            workspace = round_.workspace_id
            session.add(AnswerOrigin(round_id=round_.id, member_id=member_id, workspace_id=workspace, first_at=now))
    except IntegrityError:
        pass  # another process recorded it first: its time stands


def _message(session: Session, round_id: int, message_id: str) -> AnswerMessage | None:
    return session.exec(
        select(AnswerMessage).where(AnswerMessage.round_id == round_id, AnswerMessage.message_id == message_id)
    ).first()


def edit_reply(session: Session, round_id: int, message_id: str, text: str, now: datetime) -> bool:
    """Apply an edit; after the reveal only late replies change (graded ones stand)."""
    round_ = lock_round(session, round_id)
    message = _message(session, round_id, message_id)
    if message is None or (round_.status == "revealed" and not message.late) or not text.strip():
        return False
    message.text, message.updated_at = text.strip(), now
    session.add(message)
    return True


def delete_reply(session: Session, round_id: int, message_id: str) -> bool:
    """Remove a deleted reply, and the answer when it was its last part. After the
    reveal a graded reply stays: its points are already in the ledger."""
    round_ = lock_round(session, round_id)
    message = _message(session, round_id, message_id)
    if message is None or (round_.status == "revealed" and not message.late):
        return False
    answer_id = message.answer_id
    session.delete(message)
    session.flush()
    if not session.exec(select(AnswerMessage.id).where(AnswerMessage.answer_id == answer_id)).first():
        answer = session.get(Answer, answer_id)
        if answer is not None:
            kudos.forget_answer(session, answer_id)
            session.delete(answer)
    return True
