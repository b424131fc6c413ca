"""`/drill feedback`, the "My feedback" button and `/drill schedule details`: each
person's detailed result goes to them alone unless the channel chose otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import render, reveal_cards
from bot.chat.ports import Reply
from bot.db.models import Channel, Member
from bot.usecases.feedback import NoFeedback, feedback_for

if TYPE_CHECKING:
    from bot.commands.handlers import Call

DETAILS_TEXT = {
    "private": "Reveals here show each person's score; the detailed feedback goes to each person privately.",
    "public": "Reveals here show everyone's covered and missed points to the channel (for groups who learn together).",
}


def feedback_reply(call: Call, round_id: int | None) -> Reply:
    with call.bot.session() as session:
        member = session.get_one(Member, call.member.id)
        try:
            found = feedback_for(session, member, call.channel.id, round_id)
        except NoFeedback as problem:
            return render.info(str(problem))
    return reveal_cards.feedback_card(found.question, found.result, found.round_id)


def reveal_details(call: Call, choice: str) -> Reply:
    with call.bot.session() as session:
        channel = session.get_one(Channel, call.channel.id)
        channel.reveal_details = choice
        session.add(channel)
    return render.info(DETAILS_TEXT[choice], title="Reveal details", private=False)
