"""Before a reveal: the round's thread as the platform has it, merged into the answers.

Every message is recorded through the same idempotent path as a live reply (a message
id counts once), so a reply whose event did arrive changes nothing, one that never
arrived is added, and one edited while Drillbot was away takes its new text. An answer
whose message is gone from the part of the thread the read covered was deleted while
Drillbot was away, and is removed as a live deletion would remove it; one recorded in
the last SETTLE is left alone (its message may have been posted after the read)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.chat.history import ThreadHistory, ThreadMessage
from bot.db.models import AnswerMessage, Round, Workspace
from bot.usecases import answers
from bot.usecases.answers import ReplyOutcome
from bot.usecases.directory import ensure_member

log = logging.getLogger("drillbot.reconcile")
SETTLE = timedelta(minutes=2)


def merge_thread(session: Session, round_id: int, messages: Iterable[ThreadMessage], now: datetime) -> int:
    """Record the thread's replies into an open round; returns how many were new."""
    round_ = session.get_one(Round, round_id)
    if round_.status != "posted":
        return 0
    workspace = session.get_one(Workspace, round_.workspace_id)
    added = 0
    for message in messages:
        member = ensure_member(session, workspace, message.author, now)
        outcome = answers.record_reply(session, round_id, member, message.message_id, message.text, now)
        if outcome is ReplyOutcome.DUPLICATE:
            answers.edit_reply(session, round_id, message.message_id, message.text, now)
        elif outcome in (ReplyOutcome.RECORDED, ReplyOutcome.JOINED):
            added += 1
    if isinstance(messages, ThreadHistory):
        removed = remove_deleted(session, round_id, messages, now)
        if removed:
            log.info("round %s: %d answer message(s) deleted while Drillbot was away, removed", round_id, removed)
    return added


def remove_deleted(session: Session, round_id: int, history: ThreadHistory, now: datetime) -> int:
    """Remove the round's answer messages the read shows were deleted (`history.gone`),
    except those recorded within SETTLE of `now`; returns how many went."""
    recorded = session.exec(
        select(AnswerMessage.message_id).where(
            col(AnswerMessage.round_id) == round_id, col(AnswerMessage.created_at) <= now - SETTLE
        )
    ).all()
    gone = [message_id for message_id in recorded if history.gone(message_id)]
    return sum(answers.delete_reply(session, round_id, message_id) for message_id in gone)
