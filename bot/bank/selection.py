"""Choosing the next question for a channel.

No repeats for the asker of a practice question (what they answered in the last 30 days,
anywhere in the workspace) while the pool has others; then no repeats until the
channel's filtered pool is used up; with adaptive picks (the default) the weakest topic
of the pool gets every other pick (bot/bank/adaptive.py) (questions asked the fewest
times win), topics rotate (the topic asked least recently wins) and difficulty
alternates; the final pick is a stable hash, so the same inputs give the same question.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import datetime

from sqlmodel import Session, col, select

from bot.bank import adaptive
from bot.db.models import Channel, Question, Round


def parse_filter(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def choose_question(
    session: Session,
    channel_id: int,
    *,
    topics: list[str] | None = None,
    difficulties: list[int] | None = None,
    seed: str = "",
    avoid: frozenset[str] | set[str] = frozenset(),
    now: datetime | None = None,
    weak: list[str] | None = None,
) -> Question | None:
    """`avoid`: questions to skip while the pool has others (what the asker answered lately).
    `weak`: topics to lean to, weakest first; by default, with `now`, the channel's own
    when it picks adaptively (bot/bank/adaptive.py)."""
    query = select(Question).where(Question.active == True)  # noqa: E712
    if topics:
        query = query.where(col(Question.topic).in_(topics))
    if difficulties:
        query = query.where(col(Question.difficulty).in_(difficulties))
    pool = list(session.exec(query))
    pool = [q for q in pool if q.id not in avoid] or pool
    if not pool:
        return None

    history = list(
        session.exec(
            select(Question.id, Question.topic, Question.difficulty)
            .join(Round, col(Round.question_id) == col(Question.id))
            .where(Round.channel_id == channel_id)
            .order_by(col(Round.id).desc())
        )
    )
    uses = Counter(qid for qid, _, _ in history)
    fewest = min(uses.get(q.id, 0) for q in pool)
    fresh = [q for q in pool if uses.get(q.id, 0) == fewest]
    if history and len(fresh) > 1:
        fresh = [q for q in fresh if q.id != history[0][0]] or fresh

    recency: dict[str, int] = {}
    for position, (_, topic, _) in enumerate(history):
        recency.setdefault(topic, position)
    stalest = max({q.topic for q in fresh}, key=lambda t: (recency.get(t, len(history) + 1), t))
    if weak is None and now is not None:
        channel = session.get(Channel, channel_id)
        weak = (
            adaptive.weakest_first(session, now, channel_id=channel_id)
            if channel and channel.pick == "adaptive"
            else []
        )
    leaning = [t for t in weak or [] if t in {q.topic for q in fresh}]
    if leaning and adaptive.leans_weak(seed):
        stalest = leaning[0]
    candidates = [q for q in fresh if q.topic == stalest]
    if history:
        other_level = [q for q in candidates if q.difficulty != history[0][2]]
        candidates = other_level or candidates
    return min(candidates, key=lambda q: hashlib.sha256(f"{seed}:{q.id}".encode()).hexdigest())
