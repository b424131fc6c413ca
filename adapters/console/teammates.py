"""`/react EMOJI [NAME]` in local mode: which answer a typed reaction lands on.

On a chat platform a reaction sits on a message; in the terminal there is nothing to
click, so the reaction goes to NAME's latest answer (by default the latest answer
anyone else gave), and every reason it cannot count is said in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.chat.ports import Tenant
from bot.db.models import Answer, AnswerMessage, Member, Round
from bot.usecases.directory import find_workspace

KUDOS_HELP = "Usage: /react EMOJI [NAME], for example /react 👍 alice (kudos: 👍 👏 ⭐ 🔥)"
EMOJI_NAMES = {"👍": "+1", "👏": "clap", "⭐": "star", "🔥": "fire"}


@dataclass
class KudosTarget:
    message_id: str | None = None
    name: str = ""
    round_: Round | None = None
    problem: str = ""


def kudos_emoji(word: str, allowed: frozenset[str]) -> str | None:
    """The reaction as the core knows it (`👍`, `+1`, `:clap:`), or None if it gives no kudos."""
    word = word.strip().strip(":")
    for candidate in (word, EMOJI_NAMES.get(word, "")):
        if candidate and candidate in allowed:
            return candidate
    return None


def find_kudos_target(session: Session, tenant: Tenant, giver_id: str, name: str | None) -> KudosTarget:
    workspace = find_workspace(session, tenant)
    if workspace is None:
        return KudosTarget(problem="Nobody has answered yet.")
    query = (
        select(AnswerMessage, Member, Round)
        .join(Answer, col(Answer.id) == col(AnswerMessage.answer_id))
        .join(Member, col(Member.id) == col(Answer.member_id))
        .join(Round, col(Round.id) == col(Answer.round_id))
        .where(Answer.workspace_id == workspace.id)
        .order_by(col(AnswerMessage.created_at).desc(), col(AnswerMessage.id).desc())
    )
    if name is None:
        query = query.where(Member.external_id != giver_id)
    else:
        if name.lower() == giver_id:
            return KudosTarget(problem="Kudos are for teammates: you cannot give them to your own answer.")
        query = query.where(Member.external_id == name.lower())
    row = session.exec(query).first()
    if row is None:
        who = f"{name} has not answered yet" if name else "no teammate has answered yet"
        return KudosTarget(problem=f"There is no answer to react to: {who}.")
    message, member, round_ = row
    target = KudosTarget(message.message_id, member.display_name or member.external_id, round_)
    if round_.status != "posted" or message.late:
        target.message_id = None
        target.problem = (
            f"{target.name}'s latest answer is to a question that is already revealed: "
            "kudos count only before the reveal."
        )
    return target
