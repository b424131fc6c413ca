"""`/drill ask` and the "Another question" button: a practice question now, in a thread,
unless the limits say no (bot/commands/limit_cards.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from bot import render
from bot.bank import adaptive
from bot.bank.selection import choose_question
from bot.chat.ports import Reply
from bot.commands import limit_cards
from bot.db.models import Channel, Question
from bot.usecases import groups, rounds

if TYPE_CHECKING:
    from bot.commands.call import Call


async def ask(
    call: Call,
    topic: str | None,
    difficulty: int | None,
    group: str | None = None,
    new: bool = False,
    private: bool = False,
) -> Reply:
    """Limits first (bot/commands/limit_cards.py): both are decided in the transaction
    that opens the round, under row locks; the platform post comes after it commits.
    The pick skips what the asker answered lately and, with no topic, offers their most
    overdue review card or leans to their weakest topic (bot/bank/adaptive.py)."""
    with call.services.session() as session:
        group_id = groups.find_group(session, call.workspace.id, group).id if group else None  # a typo first
        refused = limit_cards.admit_ask(session, call, new)
        if refused is None:
            question = _pick(session, call, topic, difficulty, personal=not topic and group is None)
            if question is None:
                return render.info("No question matches that topic and difficulty yet. `/drill topics` lists them.")
            refused = limit_cards.count_ask(session, call)
            if refused is None:
                round_ = rounds.open_practice_round(
                    session, call.channel, question.id, call.member.id, call.now, group_id, private=private
                )
    if refused is not None:
        return await limit_cards.refusal(call, refused)
    ref = await call.services.lifecycle.publish_round(round_.id, notify=False)
    if ref is None:
        return not_posted(call, "I couldn't post the question just now", "here")
    if ref.thread_id is None and ref.no_thread_because:
        return render.info(
            f"Practice question posted, without a thread: {ref.no_thread_because}. "
            "Answer with the question's Answer button. You can reveal it whenever you like."
        )
    how = "use its Answer button (private until the reveal)" if round_.private else "answer in its thread"
    return render.info(f"Practice question posted: {how}. You can reveal it whenever you like.")


def _pick(session: Session, call: Call, topic: str | None, difficulty: int | None, personal: bool) -> Question | None:
    """No repeats of what the asker answered lately; a group's question is not one person's review."""
    avoid = rounds.answered_lately(session, call.member.id, call.now)
    question = adaptive.overdue_review(session, call.member.id, call.now, avoid, difficulty) if personal else None
    return question or choose_question(
        session,
        call.channel.id,
        topics=[topic] if topic else None,
        difficulties=[difficulty] if difficulty else None,
        seed=f"{call.channel.id}:{call.member.id}:{call.now.isoformat()}",
        avoid=avoid,
        now=call.now,
        weak=adaptive.weakest_first(session, call.now, member_id=call.member.id) or None if personal else None,
    )


def not_posted(call: Call, what: str, where: str = "there") -> Reply:
    """A post that failed: the channel's stop reason when the platform refused it for
    good, else a promise the schedule keeps (the step is retried)."""
    with call.services.session() as session:
        reason = session.get_one(Channel, call.channel.id).paused_reason
    if reason:
        return render.info(f"I can't post here. {reason}")
    return render.info(f"{what}; I'll keep trying and it will appear {where}.")
