"""Closing a round: grade every on-time answer and write the points to the ledger, in
the same transaction that marks the round revealed, so it happens exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.db.models import Answer, Member, Question, Round, ScoreEvent, Workspace
from bot.grading import Grader, GradingQuestion
from bot.usecases import review
from bot.usecases.answers import answer_text
from bot.usecases.kudos import kudos_count
from bot.usecases.leaderboard import current_streaks
from bot.usecases.points import PointRules, rules_for
from bot.usecases.totals import ANSWERED, Entry, is_answered, write_points


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


def close_round(session: Session, round_id: int, grader: Grader, now: datetime, defaults: PointRules) -> bool:
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
    rules = rules_for(session.get_one(Workspace, round_.workspace_id), defaults)
    question = grading_question(session.get_one(Question, round_.question_id))
    answers = list(
        session.exec(
            select(Answer)
            .where(Answer.round_id == round_id, Answer.late == False)  # noqa: E712
            .order_by(col(Answer.created_at), col(Answer.id))
        )
    )
    streaks: dict[int, int] = {}
    if round_.kind == "daily":  # this round counts already: it is revealed and answered
        streaks = current_streaks(session, round_.workspace_id, [a.member_id for a in answers], round_.channel_id)
    entries: list[Entry] = []
    earlier: list[str] = []  # one answer per member, so every earlier answer is someone else's
    for answer in answers:
        text = answer_text(session, answer.id)  # type: ignore[arg-type]
        grade = grader.grade(question, text, earlier)
        earlier.append(text)
        answer.score, answer.covered, answer.missed = grade.score, grade.covered, grade.missed
        answer.feedback = grade.feedback
        session.add(answer)
        review.record_grade(session, answer.workspace_id, answer.member_id, round_.question_id, grade.score, now)
        kudos = kudos_count(session, answer.id)  # type: ignore[arg-type]
        earned = rules.for_answer(grade, kudos, streaks.get(answer.member_id, 0))
        if not any(is_answered(reason) for reason, _ in earned):
            earned.insert(0, (ANSWERED, 0))  # a graded answer counts as answered even when it earns nothing
        entries += [
            Entry(round_.workspace_id, round_.channel_id, round_id, answer.member_id, reason, points, now)
            for reason, points in earned
        ]
    write_points(session, entries)
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
