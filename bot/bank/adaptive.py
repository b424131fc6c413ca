"""Adaptive picks: a channel's weakest topics (lowest average grade over the last four
weeks) come up more often, never only them; a practice question with no topic leans to
the asker's weak topics and, first, to their most overdue review card."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from bot.db.models import Answer, Question, ReviewCard, Round

WINDOW = timedelta(weeks=4)
SHARE = 2  # one pick in SHARE goes to the weakest topic left in the pool; the rest rotate


def weakest_first(
    session: Session, now: datetime, *, channel_id: int | None = None, member_id: int | None = None
) -> list[str]:
    """Topics with answers revealed in the last four weeks (in the channel, or by the
    member), lowest average grade first."""
    query = (
        select(Question.topic, func.avg(Answer.score))
        .join(Round, col(Round.id) == col(Answer.round_id))
        .join(Question, col(Question.id) == col(Round.question_id))
        .where(col(Answer.score).is_not(None), col(Round.revealed_at) >= now - WINDOW)
        .group_by(col(Question.topic))
    )
    if channel_id is not None:
        query = query.where(Round.channel_id == channel_id)
    if member_id is not None:
        query = query.where(Answer.member_id == member_id)
    averages = {topic: float(average) for topic, average in session.exec(query)}
    return sorted(averages, key=lambda topic: (averages[topic], topic))


def leans_weak(seed: str) -> bool:
    """Whether this pick goes to the weakest topic: a stable share of the picks."""
    return int(hashlib.sha256(f"adaptive:{seed}".encode()).hexdigest(), 16) % SHARE == 0


def overdue_review(
    session: Session, member_id: int, now: datetime, avoid: set[str] | frozenset[str], difficulty: int | None
) -> Question | None:
    """The member's most overdue review card's question, unless they answered it lately."""
    query = (
        select(Question)
        .join(ReviewCard, col(ReviewCard.question_id) == col(Question.id))
        .where(ReviewCard.member_id == member_id, col(ReviewCard.due) <= now, Question.active == True)  # noqa: E712
        .order_by(col(ReviewCard.due), col(Question.id))
    )
    if difficulty is not None:
        query = query.where(Question.difficulty == difficulty)
    return next((q for q in session.exec(query) if q.id not in avoid), None)
