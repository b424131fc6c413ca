"""Grade disputes: a member contests their grade after a reveal, a reviewer decides.

Exactly once: one open dispute per member per round (a partial unique index); a decision
is a compare-and-set from `open`, so two reviewers, a double click or a second process
decide it once; an accepted dispute writes one append-only ledger row whose reason names
the dispute (`dispute:N`), unique per (round, member, reason), through `write_points`
so the leaderboards follow in the same transaction. Disputes close with the season.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bot.db.engine import insert_once, rowcount
from bot.db.models import Answer, Channel, Dispute, Member, Question, Round, ScoreEvent, Workspace
from bot.grading import Grade
from bot.usecases import review, taught
from bot.usecases.cooldown import lock_row
from bot.usecases.leaderboard import current_streaks
from bot.usecases.limits import check_dispute_allowed, limits_for
from bot.usecases.points import PointRules, rules_for
from bot.usecases.reveal import answer_texts, kudos_counts
from bot.usecases.totals import Entry, write_points

OPEN, ACCEPTED, REJECTED, CLOSED = "open", "accepted", "rejected", "closed"
MAX_REASON = 1000


class DisputeProblem(Exception):
    """Why a dispute cannot be opened or decided; the message is for the person."""


@dataclass(frozen=True)
class Opened:
    dispute: Dispute
    created: bool  # False: their open dispute of that round was found (its reason updated)


@dataclass(frozen=True)
class OpenDispute:
    """What a reviewer needs to decide: the answer, the key points and the grader's reasons."""

    dispute: Dispute
    name: str
    question: Question
    answer: Answer
    text: str


@dataclass(frozen=True)
class Decision:
    dispute: Dispute
    member: Member
    channel: Channel
    added: int  # ledger points the decision added
    taught: int  # phrasings taught


def _round_for(session: Session, member: Member, channel: Channel, round_id: int | None) -> Round:
    """The round named, else the one whose thread this is, else the member's latest revealed answer here."""
    if round_id is not None:
        round_ = session.get(Round, round_id)
        if round_ is None or round_.workspace_id != member.workspace_id:
            raise DisputeProblem(f"There is no question {round_id} here.")
        return round_
    round_ = session.exec(
        select(Round).where(Round.workspace_id == member.workspace_id, Round.thread_id == channel.external_id)
    ).first()
    round_ = (
        round_
        or session.exec(
            select(Round)
            .join(Answer, col(Answer.round_id) == col(Round.id))
            .where(Answer.member_id == member.id, Round.channel_id == channel.id, Round.status == "revealed")
            .order_by(col(Round.revealed_at).desc(), col(Round.id).desc())
        ).first()
    )
    if round_ is None:
        raise DisputeProblem("You have no revealed answer here to dispute. Use it in the question's thread.")
    return round_


def _check_caps(session: Session, member: Member, round_id: int, now: datetime) -> None:
    """Issue 24's dispute caps (per question, per UTC day), counted in the transaction
    that inserts the new dispute, after the member's row lock."""
    day = datetime.combine(now.astimezone(UTC).date(), time(), tzinfo=UTC)
    mine = select(func.count()).select_from(Dispute).where(Dispute.member_id == member.id)
    on_round = session.exec(mine.where(Dispute.round_id == round_id)).one()
    today = session.exec(mine.where(col(Dispute.created_at) >= day)).one()
    refusal = check_dispute_allowed(limits_for(session, member.workspace_id), on_round, today)
    if refusal is not None:
        raise DisputeProblem(refusal)


def open_dispute(
    session: Session,
    member: Member,
    channel: Channel,
    round_id: int | None,
    reason: str,
    now: datetime,
    season: datetime,
) -> Opened:
    """Open the member's dispute of a revealed round (or find their open one and give it the new reason)."""
    round_ = _round_for(session, member, channel, round_id)
    if round_.status != "revealed":
        raise DisputeProblem("That question is not revealed yet: you can dispute your grade after the reveal.")
    if round_.revealed_at is not None and round_.revealed_at < season:
        raise DisputeProblem("That question belongs to a past season: disputes close with the season.")
    answer = session.exec(select(Answer).where(Answer.round_id == round_.id, Answer.member_id == member.id)).first()
    if answer is None:
        raise DisputeProblem("You did not answer that question, so there is no grade to dispute.")
    if answer.late:
        raise DisputeProblem(
            "Your answer came after the reveal: it is kept but not scored, so there is nothing to dispute."
        )
    reason = reason.strip()[:MAX_REASON]
    lock_row(session, Member, member.id)  # the caps count under the member's lock, like issue 24's
    mine = select(Dispute).where(Dispute.round_id == round_.id, Dispute.member_id == member.id)
    existing = session.exec(mine.where(Dispute.status == OPEN)).first()
    if existing is None and session.exec(mine.where(Dispute.status == ACCEPTED)).first() is not None:
        raise DisputeProblem("Your dispute of that question was accepted already.")
    if existing is None:
        _check_caps(session, member, round_.id, now)
        row = Dispute(
            workspace_id=member.workspace_id,
            round_id=round_.id,
            member_id=member.id,
            answer_id=answer.id,
            reason=reason,
            graded_score=answer.score,
            created_at=now,
        )
        if insert_once(session, row) is not None:
            return Opened(row, True)
        existing = session.exec(mine.where(Dispute.status == OPEN)).one()  # another process opened it a moment ago
    if reason:
        existing.reason = reason
        session.add(existing)
    return Opened(existing, False)


def close_past_season(session: Session, workspace_id: int, season: datetime, now: datetime) -> None:
    """Disputes opened before this season began close with it."""
    session.execute(
        update(Dispute)
        .where(col(Dispute.workspace_id) == workspace_id, col(Dispute.status) == OPEN, col(Dispute.created_at) < season)
        .values(status=CLOSED, decided_at=now)
    )


def open_disputes(session: Session, workspace_id: int, season: datetime, now: datetime) -> list[OpenDispute]:
    close_past_season(session, workspace_id, season, now)
    rows = session.exec(
        select(Dispute, Member, Answer, Question)
        .join(Member, col(Member.id) == col(Dispute.member_id))
        .join(Answer, col(Answer.id) == col(Dispute.answer_id))
        .join(Round, col(Round.id) == col(Dispute.round_id))
        .join(Question, col(Question.id) == col(Round.question_id))
        .where(Dispute.workspace_id == workspace_id, Dispute.status == OPEN)
        .order_by(col(Dispute.id))
    ).all()
    texts = answer_texts(session, [a.id for _, _, a, _ in rows])
    return [OpenDispute(d, m.display_name, q, a, texts.get(a.id, "")) for d, m, a, q in rows]


def decide(
    session: Session,
    workspace: Workspace,
    dispute_id: int,
    reviewer: Member,
    *,
    accept: bool,
    score: float | None = None,
    teach: bool = False,
    note: str = "",
    now: datetime,
    season: datetime,
    defaults: PointRules,
) -> Decision:
    """Accept (at `score`, default full marks; `teach` its wording) or reject a dispute, once."""
    dispute = session.get(Dispute, dispute_id)
    if dispute is None or dispute.workspace_id != workspace.id:
        raise DisputeProblem(f"There is no dispute {dispute_id} here. `/drill disputes` lists the open ones.")
    close_past_season(session, workspace.id, season, now)
    session.refresh(dispute)
    if dispute.status != OPEN:
        raise DisputeProblem(f"Dispute {dispute_id} is {dispute.status} already.")
    answer = session.get_one(Answer, dispute.answer_id)
    round_ = session.get_one(Round, dispute.round_id)
    question = session.get_one(Question, round_.question_id)
    new_score = 1.0 if score is None else score
    if accept and new_score < (answer.score or 0.0) - 1e-9:
        raise DisputeProblem(
            f"Accepting at {round(new_score * 100)}% would lower the grade ({round((answer.score or 0) * 100)}%): "
            "give a higher score, or reject it."
        )
    if accept and teach and not question.key_points:
        raise DisputeProblem("That question has no key points to teach: accept it without `teach`.")
    decided = session.execute(
        update(Dispute)
        .where(col(Dispute.id) == dispute_id, col(Dispute.status) == OPEN)
        .values(
            status=ACCEPTED if accept else REJECTED,
            score=new_score if accept else None,
            taught=accept and teach,
            note=note.strip()[:MAX_REASON],
            decided_by_id=reviewer.id,
            decided_at=now,
        )
    )
    if rowcount(decided) != 1:
        raise DisputeProblem(f"Dispute {dispute_id} was decided a moment ago.")
    added = learned = 0
    if accept:
        added = _adjust(session, workspace, dispute, round_, answer, new_score, defaults)
        text = answer_texts(session, [answer.id]).get(answer.id, "")
        if teach:
            phrasings = taught.phrasings(text, answer.points, answer.missed)
            learned = taught.add(session, workspace.id, question.id, dispute.id, phrasings, now)
        answer.score, answer.flag = new_score, None
        answer.feedback = f"A reviewer accepted your dispute: {round(new_score * 100)}%."
        session.add(answer)
        review.record_grade(session, workspace.id, answer.member_id, question.id, new_score, now)
    session.refresh(dispute)
    member = session.get_one(Member, dispute.member_id)
    return Decision(dispute, member, session.get_one(Channel, round_.channel_id), added, learned)


def _adjust(
    session: Session,
    workspace: Workspace,
    dispute: Dispute,
    round_: Round,
    answer: Answer,
    score: float,
    defaults: PointRules,
) -> int:
    """Write what the answer earns at the accepted score, less what the ledger holds for
    it already, as one new row dated at the reveal (the period the answer was earned in)."""
    rows = session.exec(
        select(ScoreEvent.reason, ScoreEvent.points).where(
            ScoreEvent.round_id == round_.id, ScoreEvent.member_id == answer.member_id
        )
    ).all()
    rules = rules_for(workspace, defaults)
    streak = rules.streak_bonus_after if any(reason == "streak" for reason, _ in rows) else 0
    if answer.flag == "peer-copy" and round_.kind == "daily":  # a copy earned no streak bonus at the reveal
        streak = current_streaks(session, workspace.id, [answer.member_id], round_.channel_id).get(answer.member_id, 0)
    kudos = kudos_counts(session, [answer.id]).get(answer.id, 0)
    earned = sum(points for _, points in rules.for_answer(Grade(score, [], [], ""), kudos, streak))
    delta = earned - sum(points for _, points in rows)
    if delta > 0:
        at = round_.revealed_at or dispute.created_at
        entry = Entry(workspace.id, round_.channel_id, round_.id, answer.member_id, f"dispute:{dispute.id}", delta, at)
        write_points(session, [entry])
    return max(delta, 0)
