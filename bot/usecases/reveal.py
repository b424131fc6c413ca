"""Closing a round: grade every on-time answer and write the points to the ledger, in
the same transaction that marks the round revealed, so it happens exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.db.models import Answer, Member, Question, Round, ScoreEvent
from bot.grading import Grade, Grader, GradingQuestion
from bot.usecases.answers import answer_text
from bot.usecases.kudos import kudos_count

PARTICIPATION_POINTS = 1
MAX_COVERAGE_POINTS = 3


def coverage_points(score: float) -> int:
    return round(max(0.0, min(1.0, score)) * MAX_COVERAGE_POINTS)


def points_for(grade: Grade, kudos: int = 0) -> list[tuple[str, int]]:
    """A participation point, 0-3 coverage points and a point per kudos (capped by the
    caller); a copied reply earns nothing."""
    if grade.flag == "peer-copy":
        return []
    return [("answer", PARTICIPATION_POINTS), ("coverage", coverage_points(grade.score)), ("kudos", kudos)]


@dataclass(frozen=True)
class PersonResult:
    name: str
    score: float | None
    covered: list[str]
    missed: list[str]
    feedback: str
    points: int
    late: bool


def grading_question(question: Question) -> GradingQuestion:
    return GradingQuestion(question.prompt, question.answer, list(question.key_points))


def close_round(session: Session, round_id: int, grader: Grader, now: datetime, kudos_cap: int = 3) -> bool:
    """Mark the round revealed and score it; False when it was not open (already
    revealed, or never posted), in which case nothing is written."""
    result = session.execute(
        update(Round)
        .where(col(Round.id) == round_id, col(Round.status) == "posted")
        .values(status="revealed", revealed_at=now, claim_until=None)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    round_ = session.get_one(Round, round_id)
    question = grading_question(session.get_one(Question, round_.question_id))
    answers = session.exec(
        select(Answer)
        .where(Answer.round_id == round_id, Answer.late == False)  # noqa: E712
        .order_by(col(Answer.created_at), col(Answer.id))
    )
    earlier: list[str] = []  # one answer per member, so every earlier answer is someone else's
    for answer in answers:
        text = answer_text(session, answer.id)  # type: ignore[arg-type]
        grade = grader.grade(question, text, earlier)
        earlier.append(text)
        answer.score, answer.covered, answer.missed = grade.score, grade.covered, grade.missed
        answer.feedback = grade.feedback
        session.add(answer)
        for reason, points in points_for(grade, min(kudos_cap, kudos_count(session, answer.id))):  # type: ignore[arg-type]
            if points:
                session.add(
                    ScoreEvent(
                        workspace_id=round_.workspace_id,
                        channel_id=round_.channel_id,
                        round_id=round_id,
                        member_id=answer.member_id,
                        reason=reason,
                        points=points,
                        created_at=now,
                    )
                )
    return True


def results_of(session: Session, round_id: int) -> list[PersonResult]:
    """Each person's outcome, best first, late answers last."""
    rows = session.exec(
        select(Answer, Member).join(Member, col(Member.id) == col(Answer.member_id)).where(Answer.round_id == round_id)
    ).all()
    points = _points_by_member(session, round_id)
    results = [
        PersonResult(
            member.display_name,
            answer.score,
            list(answer.covered),
            list(answer.missed),
            answer.feedback,
            points.get(member.id, 0),  # type: ignore[arg-type]
            answer.late,
        )
        for answer, member in rows
    ]
    return sorted(results, key=lambda r: (r.late, -(r.score or 0.0), r.name.lower()))


def _points_by_member(session: Session, round_id: int) -> dict[int, int]:
    totals: dict[int, int] = {}
    for member_id, value in session.exec(
        select(ScoreEvent.member_id, ScoreEvent.points).where(ScoreEvent.round_id == round_id)
    ):
        totals[member_id] = totals.get(member_id, 0) + value
    return totals
