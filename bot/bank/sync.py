"""Copying the bank into the Question table by stable id.

Questions are updated in place and never deleted; one that left the bank is marked
inactive, so rounds and leaderboards that point at it keep working.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.bank.loader import Bank
from bot.bank.schema import QuestionSpec
from bot.db.engine import session_scope
from bot.db.models import Question


@dataclass(frozen=True)
class SyncResult:
    added: int
    updated: int
    retired: int


def content_hash(spec: QuestionSpec) -> str:
    """JSON mode, so a `reviewed` date hashes as its ISO text; other fields are unchanged by it."""
    return hashlib.sha256(json.dumps(spec.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


def sync_bank(engine: Engine, bank: Bank, now: datetime) -> SyncResult:
    """Make the Question table match the bank. Safe to run from several processes:
    a concurrent insert of the same id makes this run retry once and find it."""
    try:
        return _sync_once(engine, bank, now)
    except IntegrityError:
        return _sync_once(engine, bank, now)


def _sync_once(engine: Engine, bank: Bank, now: datetime) -> SyncResult:
    added = updated = retired = 0
    wanted = {q.spec.id: q for q in bank.questions}
    with session_scope(engine) as session:
        existing = {q.id: q for q in session.exec(select(Question))}
        for qid, loaded in wanted.items():
            spec, digest = loaded.spec, content_hash(loaded.spec)
            row = existing.get(qid)
            if row is not None and row.content_hash == digest and row.active:
                continue
            if row is None:
                row = Question(id=qid, updated_at=now, prompt="", answer="", topic="", difficulty=1, kind="")
                added += 1
            else:
                updated += 1
            row.topic, row.difficulty, row.kind = spec.topic, spec.difficulty, spec.kind
            row.prompt, row.answer = spec.prompt, spec.answer
            row.key_points = [kp.model_dump() for kp in spec.key_points]
            row.tags, row.sources = list(spec.tags), list(spec.sources)
            row.hint, row.follow_up = spec.hint, spec.follow_up
            row.origin, row.content_hash, row.active, row.updated_at = loaded.file, digest, True, now
            session.add(row)
        for qid, row in existing.items():
            if qid not in wanted and row.active:
                row.active, row.updated_at = False, now
                session.add(row)
                retired += 1
    return SyncResult(added, updated, retired)
