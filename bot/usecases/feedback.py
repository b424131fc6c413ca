"""One person's detailed result for one revealed round, for them alone."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.db.models import Answer, Member, Question, Round
from bot.usecases.reveal import PersonResult, results_of


@dataclass(frozen=True)
class Feedback:
    round_id: int
    question: Question
    result: PersonResult


class NoFeedback(Exception):
    """Why there is nothing to show; the message is for the person who asked."""


def feedback_for(session: Session, member: Member, channel_id: int, round_id: int | None) -> Feedback:
    """`round_id` None: the member's latest revealed answer in this channel."""
    if round_id is None:
        round_ = session.exec(
            select(Round)
            .join(Answer, col(Answer.round_id) == col(Round.id))
            .where(Answer.member_id == member.id, Round.channel_id == channel_id, Round.status == "revealed")
            .order_by(col(Round.revealed_at).desc(), col(Round.id).desc())
        ).first()
        if round_ is None:
            raise NoFeedback(
                "You have no revealed answer in this channel yet. Answer a question, then look here after its reveal."
            )
    else:
        round_ = session.get(Round, round_id)
        if round_ is None or round_.workspace_id != member.workspace_id:
            raise NoFeedback(f"There is no question {round_id} here.")
        if round_.status != "revealed":
            raise NoFeedback("That question is not revealed yet: your feedback comes with the reveal.")
    answer = session.exec(select(Answer).where(Answer.round_id == round_.id, Answer.member_id == member.id)).first()
    if answer is None:
        raise NoFeedback("You did not answer that question, so there is no feedback for you.")
    mine = [r for r in results_of(session, round_.id, member_id=member.id)]
    return Feedback(round_.id, session.get_one(Question, round_.question_id), mine[0])
