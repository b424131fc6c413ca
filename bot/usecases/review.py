"""Personal spaced repetition with FSRS: every graded answer moves the member's card
for that question; `/drill review` asks the most overdue one privately and
`/drill answer` grades the reply and schedules the next review.

Interview practice is a daily habit, so cards skip FSRS's minute-long learning steps
and go straight to day-scale intervals; fuzzing is off so a schedule is reproducible.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from fsrs import Card, Rating, Scheduler
from fsrs.card import CardDict
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.db.engine import insert_once
from bot.db.models import Member, Question, ReviewCard

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(score: float) -> Rating:
    """A grade as FSRS's recall rating: most of the key points is an easy recall,
    almost none is a lapse."""
    if score < 0.25:
        return Rating.Again
    if score < 0.5:
        return Rating.Hard
    if score < 0.8:
        return Rating.Good
    return Rating.Easy


def record_grade(
    session: Session, workspace_id: int, member_id: int, question_id: str, score: float, now: datetime
) -> ReviewCard:
    """Move the member's card for this question by one review (making it if new)."""
    card = _card(session, member_id, question_id) or insert_once(
        session, ReviewCard(workspace_id=workspace_id, member_id=member_id, question_id=question_id, due=now, state={})
    )
    card = card or _card(session, member_id, question_id)  # another process made it a moment ago
    assert card is not None
    _advance(card, score, now)
    session.add(card)
    return card


def record_grades(
    session: Session, workspace_id: int, question_id: str, scores: list[tuple[int, float]], now: datetime
) -> None:
    """`record_grade` for a whole round: the members' cards are read in one query and
    new ones inserted together (one by one only if another process raced us)."""
    cards = {
        c.member_id: c
        for c in session.exec(
            select(ReviewCard).where(
                ReviewCard.question_id == question_id, col(ReviewCard.member_id).in_([m for m, _ in scores])
            )
        )
    }
    new = {
        m: ReviewCard(workspace_id=workspace_id, member_id=m, question_id=question_id, due=now, state={})
        for m, _ in scores
        if m not in cards
    }
    if new:
        try:
            with session.begin_nested():
                session.add_all(new.values())
            cards.update(new)
        except IntegrityError:
            pass  # someone made some of them a moment ago: record_grade below finds or makes each
    for member_id, score in scores:
        card = cards.get(member_id)
        if card is None:
            record_grade(session, workspace_id, member_id, question_id, score, now)
            continue
        _advance(card, score, now)
        session.add(card)


def _advance(card: ReviewCard, score: float, now: datetime) -> None:
    """One FSRS review step; `card.state` holds what `Card.to_dict()` wrote (a CardDict)."""
    state = Card.from_dict(cast(CardDict, card.state)) if card.state else Card(card_id=card.id or 1, due=now)
    state, _ = SCHEDULER.review_card(state, rating_for(score), now)
    card.state, card.due, card.last_review, card.asked_at = dict(state.to_dict()), state.due, now, None


def _card(session: Session, member_id: int, question_id: str) -> ReviewCard | None:
    return session.exec(
        select(ReviewCard).where(ReviewCard.member_id == member_id, ReviewCard.question_id == question_id)
    ).first()


def ask_next(session: Session, member: Member, now: datetime) -> tuple[ReviewCard, Question] | None:
    """The member's most overdue card (of a question still in the bank), marked as asked."""
    found = session.exec(
        select(ReviewCard, Question)
        .join(Question, col(Question.id) == col(ReviewCard.question_id))
        .where(ReviewCard.member_id == member.id, col(ReviewCard.due) <= now, Question.active == True)  # noqa: E712
        .order_by(col(ReviewCard.due), col(ReviewCard.id))
    ).first()
    if found is None:
        return None
    card, question = found
    card.asked_at = now
    session.add(card)
    return card, question


def open_review(session: Session, member: Member) -> tuple[ReviewCard, Question] | None:
    """The review question the member was last sent and has not answered."""
    return session.exec(
        select(ReviewCard, Question)
        .join(Question, col(Question.id) == col(ReviewCard.question_id))
        .where(ReviewCard.member_id == member.id, col(ReviewCard.asked_at).is_not(None))
        .order_by(col(ReviewCard.asked_at).desc())
    ).first()
