"""Phrasings reviewers accepted (`/drill resolve N accept teach`), as extra aliases of a
question's key points for one workspace's grading.

The scorer prepares a reference once per distinct question content, so a workspace with
taught phrasings gets its own reference for that question, and every other workspace
(and this one, for questions nobody taught) keeps sharing the bank's: one indexed query
per graded round, no extra preparation when nothing was taught.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from bot.db.engine import insert_once
from bot.db.models import Question, TaughtPhrase
from bot.grading import GradingQuestion
from bot.grading.base import KeyPointDict
from bot.grading.text import sentences

MAX_PHRASING = 1000


def taught_for(session: Session, workspace_id: int, question_id: str) -> dict[str, list[str]]:
    """Each key point's taught phrasings in this workspace, oldest first."""
    found: dict[str, list[str]] = {}
    for point, phrasing in session.exec(
        select(TaughtPhrase.point, TaughtPhrase.phrasing)
        .where(TaughtPhrase.workspace_id == workspace_id, TaughtPhrase.question_id == question_id)
        .order_by(col(TaughtPhrase.id))
    ):
        found.setdefault(point, []).append(phrasing)
    return found


def with_taught(question: Question, taught: Mapping[str, Sequence[str]] | None = None) -> GradingQuestion:
    """The question as the grader sees it, taught phrasings added to their points' aliases."""
    points: list[KeyPointDict] = []
    for kp in question.key_points:  # what sync wrote: KeyPoint.model_dump(), so point and aliases
        extra = list((taught or {}).get(str(kp["point"]), ()))
        aliases = [str(a) for a in kp.get("aliases") or []]
        points.append({"point": str(kp["point"]), "aliases": [*aliases, *extra]})
    return GradingQuestion(question.prompt, question.answer, points)


def phrasings(answer_text: str, points: Sequence[Mapping[str, str]], missed: Sequence[str]) -> dict[str, str]:
    """What to teach for each point the answer was not credited with: the reply's words the
    grader found nearest the point (its evidence), else the whole answer when it is one or
    two sentences, else its opening sentences (a phrasing must fit in one reply's span)."""
    evidence = {p.get("point", ""): p.get("evidence", "") for p in points if p.get("status") != "covered"}
    names = [p.get("point", "") for p in points if p.get("status") != "covered"] or list(missed)
    parts = sentences(answer_text) or [answer_text]
    whole = " ".join(parts[:2]).strip()
    return {name: (evidence.get(name) or whole).rstrip("…")[:MAX_PHRASING] for name in names if name}


def add(
    session: Session, workspace_id: int, question_id: str, dispute_id: int, taught: Mapping[str, str], now: datetime
) -> int:
    """Store the phrasings (a retry of the same dispute adds nothing: unique per point)."""
    added = 0
    for point, phrasing in taught.items():
        row = TaughtPhrase(
            workspace_id=workspace_id,
            question_id=question_id,
            point=point[:500],
            phrasing=phrasing,
            dispute_id=dispute_id,
            created_at=now,
        )
        added += insert_once(session, row) is not None
    return added
