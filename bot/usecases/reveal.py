"""Closing a round: grade every on-time answer and write the points to the ledger, in
the same transaction that marks the round revealed, so it happens exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from bot.db.engine import rowcount
from bot.db.models import Answer, AnswerMessage, AnswerOrigin, Kudos, Member, Question, Round, ScoreEvent, Workspace
from bot.grading import Grader, GradingQuestion
from bot.usecases import review
from bot.usecases.leaderboard import current_streaks
from bot.usecases.points import PointRules, rules_for
from bot.usecases.taught import taught_for, with_taught
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
    flag: str | None = None  # the grader's verdict on gaming (peer-copy, question-copy...)
    details: tuple[dict[str, str], ...] = ()  # each key point: point, status, evidence
    user_id: str = ""  # the platform's id of the person
    text: str = ""  # the answer as written (replies joined)


def grading_question(session: Session, workspace_id: int, question: Question) -> GradingQuestion:
    """The question as this workspace's grader sees it (with its taught phrasings)."""
    return with_taught(question, taught_for(session, workspace_id, question.id))


def close_round(session: Session, round_id: int, grader: Grader, now: datetime, defaults: PointRules) -> bool:
    """Mark the round revealed and score it; False when it was not open (already
    revealed, or never posted), in which case nothing is written."""
    result = session.execute(
        update(Round)
        .where(col(Round.id) == round_id, col(Round.status) == "posted")
        .values(status="revealed", revealed_at=now, claim_until=None)
    )
    if rowcount(result) != 1:
        return False
    round_ = session.get_one(Round, round_id)
    rules = rules_for(session.get_one(Workspace, round_.workspace_id), defaults)
    question = grading_question(session, round_.workspace_id, session.get_one(Question, round_.question_id))
    answers = list(
        session.exec(
            select(Answer)
            .outerjoin(
                AnswerOrigin,
                (col(AnswerOrigin.round_id) == col(Answer.round_id))
                & (col(AnswerOrigin.member_id) == col(Answer.member_id)),
            )
            .where(Answer.round_id == round_id, Answer.late == False)  # noqa: E712
            .order_by(func.coalesce(col(AnswerOrigin.first_at), col(Answer.created_at)), col(Answer.id))
        )
    )  # in order of first writing: a deleted and re-posted answer keeps its first time
    streaks: dict[int, int] = {}
    if round_.kind == "daily":  # this round counts already: it is revealed and answered
        streaks = current_streaks(session, round_.workspace_id, [a.member_id for a in answers], round_.channel_id)
    ids = [a.id for a in answers]
    texts, kudos = answer_texts(session, ids), kudos_counts(session, ids)
    # One answer per member, so every earlier answer is someone else's; graded in one batch.
    grades = grader.grade_many(question, [texts.get(a.id, "") for a in answers])
    entries: list[Entry] = []
    with session.no_autoflush:  # one flush at the end, not one per query per answer
        scores = [(a.member_id, g.score) for a, g in zip(answers, grades, strict=True)]
        review.record_grades(session, round_.workspace_id, round_.question_id, scores, now)
        for answer, grade in zip(answers, grades, strict=True):
            answer.score, answer.covered, answer.missed = grade.score, grade.covered, grade.missed
            answer.feedback = grade.feedback
            answer.points = [{"point": p.point, "status": p.status, "evidence": p.evidence} for p in grade.points]
            answer.flag = grade.flag
            session.add(answer)
            earned = rules.for_answer(grade, kudos.get(answer.id, 0), streaks.get(answer.member_id, 0))
            if not any(is_answered(reason) for reason, _ in earned):
                earned.insert(0, (ANSWERED, 0))  # a graded answer counts as answered even when it earns nothing
            entries += [
                Entry(round_.workspace_id, round_.channel_id, round_id, answer.member_id, reason, points, now)
                for reason, points in earned
            ]
    write_points(session, entries)
    return True


def results_of(session: Session, round_id: int, member_id: int | None = None) -> list[PersonResult]:
    """Each person's outcome (or one member's), best first, late answers last."""
    query = (
        select(Answer, Member).join(Member, col(Member.id) == col(Answer.member_id)).where(Answer.round_id == round_id)
    )
    if member_id is not None:
        query = query.where(Answer.member_id == member_id)
    rows = session.exec(query).all()
    points = _points_by_member(session, round_id)
    texts = answer_texts(session, [answer.id for answer, _ in rows])
    results = [
        PersonResult(
            member.display_name,
            answer.score,
            list(answer.covered),
            list(answer.missed),
            answer.feedback,
            points.get(member.id, 0),
            answer.late,
            answer.flag,
            tuple(answer.points),
            member.external_id,
            texts.get(answer.id, ""),
        )
        for answer, member in rows
    ]
    return sorted(results, key=lambda r: (r.late, -(r.score or 0.0), r.name.lower()))


def answer_texts(session: Session, answer_ids: list[int]) -> dict[int, str]:
    """Each answer's replies joined, in order, in one query."""
    parts: dict[int, list[str]] = {}
    for answer_id, text in session.exec(
        select(AnswerMessage.answer_id, AnswerMessage.text)
        .where(col(AnswerMessage.answer_id).in_(answer_ids))
        .order_by(col(AnswerMessage.answer_id), col(AnswerMessage.created_at), col(AnswerMessage.id))
    ):
        parts.setdefault(answer_id, []).append(text)
    return {answer_id: "\n".join(texts) for answer_id, texts in parts.items()}


def kudos_counts(session: Session, answer_ids: list[int]) -> dict[int, int]:
    rows = session.exec(
        select(Kudos.answer_id, func.count()).where(col(Kudos.answer_id).in_(answer_ids)).group_by(col(Kudos.answer_id))
    )
    return {answer_id: int(count) for answer_id, count in rows}


def _points_by_member(session: Session, round_id: int) -> dict[int, int]:
    totals: dict[int, int] = {}
    for member_id, value in session.exec(
        select(ScoreEvent.member_id, ScoreEvent.points).where(ScoreEvent.round_id == round_id)
    ):
        totals[member_id] = totals.get(member_id, 0) + value
    return totals
