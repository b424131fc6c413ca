"""The web page's own reads (the leaderboard, coverage and stats are the chat's, reused
from bot/usecases). Every query filters on the workspace; none scans its history: past
rounds and a member's answers are paged, the trend reads the weekly totals' index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.db.models import (
    Answer,
    AnswerMessage,
    Channel,
    Member,
    PointTotal,
    Question,
    Round,
    ScoreEvent,
    StudyGroup,
    table_of,
)


@dataclass(frozen=True)
class Scopes:
    channels: list[tuple[int, str]]
    groups: list[tuple[int, str]]


def scopes(session: Session, workspace_id: int) -> Scopes:
    """The channels and study groups a leaderboard can be narrowed to."""
    channels = session.exec(
        select(Channel.id, Channel.name).where(Channel.workspace_id == workspace_id).order_by(col(Channel.name))
    ).all()
    groups = session.exec(
        select(StudyGroup.id, StudyGroup.name)
        .where(StudyGroup.workspace_id == workspace_id)
        .order_by(col(StudyGroup.name))
    ).all()
    return Scopes([(int(i), n) for i, n in channels], [(int(i), n) for i, n in groups])


@dataclass(frozen=True)
class Week:
    starts: date
    points: int
    answered: int


def weekly_trend(session: Session, workspace_id: int, scope: str, scope_id: int, last: date, weeks: int) -> list[Week]:
    """Points and answers per week for the `weeks` weeks ending with the one starting
    on `last`, oldest first, from the weekly totals (a week without any is zero)."""
    first = last - timedelta(weeks=weeks - 1)
    t = table_of(PointTotal)
    rows = session.execute(
        select(t.c.starts, func.sum(t.c.points), func.sum(t.c.answered))
        .where(
            t.c.workspace_id == workspace_id,
            t.c.scope == scope,
            t.c.scope_id == scope_id,
            t.c.period == "week",
            t.c.starts >= first,
            t.c.starts <= last,
        )
        .group_by(t.c.starts)
    ).all()
    found = {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in rows}
    days = [first + timedelta(weeks=n) for n in range(weeks)]
    return [Week(day, *found.get(day, (0, 0))) for day in days]


@dataclass(frozen=True)
class PastRound:
    id: int
    revealed_at: datetime
    channel: str
    topic: str
    difficulty: int
    prompt: str
    answered: int


def _answer_counts(session: Session, round_ids: list[int]) -> dict[int, int]:
    if not round_ids:
        return {}
    query = (
        select(Answer.round_id, func.count())
        .where(col(Answer.round_id).in_(round_ids), Answer.late == False)  # noqa: E712
        .group_by(col(Answer.round_id))
    )
    return {int(round_id): int(count) for round_id, count in session.exec(query)}


def past_rounds(session: Session, workspace_id: int, offset: int, limit: int) -> list[PastRound]:
    """Revealed rounds, newest first (open ones are never shown: no spoilers)."""
    rows = session.exec(
        select(Round, Channel.name, Question)
        .join(Channel, col(Channel.id) == col(Round.channel_id))
        .join(Question, col(Question.id) == col(Round.question_id))
        .where(Round.workspace_id == workspace_id, Round.status == "revealed")
        .order_by(col(Round.revealed_at).desc(), col(Round.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    counts = _answer_counts(session, [r.id for r, _, _ in rows])
    return [
        PastRound(r.id, r.revealed_at or r.created_at, channel, q.topic, q.difficulty, q.prompt, counts.get(r.id, 0))
        for r, channel, q in rows
    ]


@dataclass(frozen=True)
class GivenAnswer:
    member_id: int
    name: str
    score: float | None
    late: bool
    text: str


@dataclass(frozen=True)
class RoundDetail:
    round: Round
    question: Question
    channel: str
    point_counts: list[tuple[str, int]]  # each key point and how many on-time answers covered it
    answered: int
    answers: list[GivenAnswer]  # empty unless the workspace shows answers


def round_detail(session: Session, workspace_id: int, round_id: int, with_answers: bool) -> RoundDetail | None:
    """A revealed round of this workspace, or None."""
    round_ = session.get(Round, round_id)
    if round_ is None or round_.workspace_id != workspace_id or round_.status != "revealed":
        return None
    question = session.get_one(Question, round_.question_id)
    channel = session.get_one(Channel, round_.channel_id)
    rows = session.exec(
        select(Answer, Member.display_name)
        .join(Member, col(Member.id) == col(Answer.member_id))
        .where(Answer.round_id == round_id)
        .order_by(col(Answer.late), col(Answer.score).desc(), col(Member.display_name))
    ).all()
    on_time = [answer for answer, _ in rows if not answer.late]
    counts = [
        (str(point.get("point", "")), sum(point.get("point") in answer.covered for answer in on_time))
        for point in question.key_points
    ]
    answers: list[GivenAnswer] = []
    if with_answers:
        texts = _answer_texts(session, [a.id for a, _ in rows])
        answers = [GivenAnswer(a.member_id, name, a.score, a.late, texts.get(a.id, "")) for a, name in rows]
    return RoundDetail(round_, question, channel.name, counts, len(on_time), answers)


def _answer_texts(session: Session, answer_ids: list[int]) -> dict[int, str]:
    """Each answer's replies joined in the order they were written."""
    texts: dict[int, list[str]] = {}
    if answer_ids:
        for answer_id, text in session.exec(
            select(AnswerMessage.answer_id, AnswerMessage.text)
            .where(col(AnswerMessage.answer_id).in_(answer_ids))
            .order_by(col(AnswerMessage.created_at), col(AnswerMessage.id))
        ):
            texts.setdefault(answer_id, []).append(text)
    return {answer_id: "\n\n".join(parts) for answer_id, parts in texts.items()}


def question_bank(session: Session, topic: str | None, difficulty: int | None) -> list[Question]:
    """The active bank questions, filtered; their answers stay off the page (they may
    be asked here later)."""
    query = select(Question).where(Question.active == True)  # noqa: E712
    if topic:
        query = query.where(Question.topic == topic)
    if difficulty:
        query = query.where(Question.difficulty == difficulty)
    return list(session.exec(query.order_by(col(Question.topic), col(Question.difficulty), col(Question.id))))


@dataclass(frozen=True)
class HistoryRow:
    round_id: int
    revealed_at: datetime | None
    topic: str
    prompt: str
    score: float | None
    late: bool
    points: int


def member_history(session: Session, workspace_id: int, member_id: int, limit: int) -> list[HistoryRow]:
    """A member's answers to revealed rounds, newest first, with the points each earned."""
    rows = session.exec(
        select(Round, Question, Answer)
        .join(Round, col(Round.id) == col(Answer.round_id))
        .join(Question, col(Question.id) == col(Round.question_id))
        .where(Answer.workspace_id == workspace_id, Answer.member_id == member_id, Round.status == "revealed")
        .order_by(col(Round.revealed_at).desc(), col(Round.id).desc())
        .limit(limit)
    ).all()
    points: dict[int, int] = {}
    if rows:
        for round_id, total in session.exec(
            select(ScoreEvent.round_id, func.sum(ScoreEvent.points))
            .where(ScoreEvent.member_id == member_id, col(ScoreEvent.round_id).in_([r.id for r, _, _ in rows]))
            .group_by(col(ScoreEvent.round_id))
        ):
            points[round_id] = int(total or 0)
    return [
        HistoryRow(r.id, r.revealed_at, q.topic, q.prompt, a.score, a.late, points.get(r.id, 0)) for r, q, a in rows
    ]


def member_of(session: Session, workspace_id: int, member_id: int) -> Member | None:
    member = session.get(Member, member_id)
    return member if member is not None and member.workspace_id == workspace_id else None
