"""A member's personal numbers: points, answers, average grade, streak, topics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.db.models import Answer, Member, Question, ReviewCard, Round, ScoreEvent
from bot.usecases.leaderboard import current_streaks


@dataclass(frozen=True)
class MemberStats:
    name: str
    points_week: int
    points_total: int
    answers: int
    average_score: float | None
    streak: int
    topic_averages: dict[str, float]

    @property
    def strongest(self) -> str | None:
        return max(self.topic_averages, key=lambda t: (self.topic_averages[t], t)) if self.topic_averages else None

    @property
    def weakest(self) -> str | None:
        return min(self.topic_averages, key=lambda t: (self.topic_averages[t], t)) if self.topic_averages else None


def member_stats(session: Session, member: Member, week_start: datetime | None) -> MemberStats:
    def points(since: datetime | None) -> int:
        query = select(func.coalesce(func.sum(ScoreEvent.points), 0)).where(
            ScoreEvent.workspace_id == member.workspace_id, ScoreEvent.member_id == member.id
        )
        if since is not None:
            query = query.where(ScoreEvent.created_at >= since)
        return int(session.exec(query).one())

    graded = session.exec(
        select(Question.topic, Answer.score)
        .join(Round, col(Round.id) == col(Answer.round_id))
        .join(Question, col(Question.id) == col(Round.question_id))
        .where(
            Answer.workspace_id == member.workspace_id,
            Answer.member_id == member.id,
            col(Answer.score).is_not(None),
        )
    ).all()
    by_topic: dict[str, list[float]] = {}
    for topic, score in graded:
        if score is not None:  # always, by the query; this tells the type checker
            by_topic.setdefault(topic, []).append(float(score))
    scores = [s for values in by_topic.values() for s in values]
    return MemberStats(
        name=member.display_name,
        points_week=points(week_start),
        points_total=points(None),
        answers=len(scores),
        average_score=sum(scores) / len(scores) if scores else None,
        streak=current_streaks(session, member.workspace_id, [member.id]).get(member.id, 0),
        topic_averages={t: sum(v) / len(v) for t, v in sorted(by_topic.items())},
    )


def next_review(session: Session, member_id: int) -> datetime | None:
    """When the member's earliest spaced-repetition review is due, if any."""
    return session.exec(select(func.min(ReviewCard.due)).where(ReviewCard.member_id == member_id)).one()
