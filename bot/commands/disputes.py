"""`/drill dispute`, `/drill disputes`, `/drill resolve` and their buttons: a member
contests their grade, a reviewer (an admin; everyone in local mode) decides, and the
member is told privately."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot import render
from bot.chat.ports import Button, Place, Reply
from bot.chat.text import said, strong
from bot.commands.types import Resolve
from bot.db.models import Channel, Member, Workspace
from bot.reveal_cards import percent, points_text
from bot.usecases import disputes
from bot.usecases.disputes import DisputeProblem
from bot.usecases.leaderboard import period_start

if TYPE_CHECKING:
    from datetime import datetime

    from bot.commands.handlers import Call

log = logging.getLogger("drillbot.disputes")
REVIEWERS_ONLY = "Only reviewers (workspace admins) can see and decide disputes."
ANSWER_SHOWN = 300  # characters of the disputed answer a reviewer sees in the list
BUTTONS_FOR = 5  # disputes in a list that get decision buttons (platforms cap buttons per message)


def _season(call: Call) -> datetime:
    since = period_start("season", call.now, call.workspace.timezone, call.workspace.season_start)
    assert since is not None
    return since


def dispute_reply(call: Call, round_id: int | None, reason: str) -> Reply:
    with call.services.session() as session:
        member = session.get_one(Member, call.member.id)
        channel = session.get_one(Channel, call.channel.id)
        try:
            opened = disputes.open_dispute(session, member, channel, round_id, reason, call.now, _season(call))
        except DisputeProblem as problem:
            return render.info(str(problem))
        number, round_number = opened.dispute.id, opened.dispute.round_id
    if opened.created:
        text = f"Dispute {number} opened on your grade for question {round_number}. A reviewer will decide it."
        if not reason:
            text += " Add why with `/drill dispute WHY`."
    else:
        text = f"Your dispute {number} of question {round_number} is open" + (
            "; its reason is updated." if reason else "; a reviewer will decide it."
        )
    return render.info(text, title="Dispute")


def disputes_reply(call: Call) -> Reply:
    if not call.user.is_admin:
        return render.info(REVIEWERS_ONLY)
    with call.services.session() as session:
        found = disputes.open_disputes(session, call.workspace.id, _season(call), call.now)
    if not found:
        return render.info("No open disputes.", title="Disputes")
    rows = [line for item in found for line in _rows(item)]
    buttons: list[Button] = []
    for item in found[:BUTTONS_FOR]:
        n = str(item.dispute.id)
        buttons += [Button(f"Accept {n}", "dispute-accept", n), Button(f"Teach {n}", "dispute-teach", n)]
        buttons.append(Button(f"Reject {n}", "dispute-reject", n))
    footer = "Decide: `/drill resolve N accept [SCORE%] [teach]` or `/drill resolve N reject [why]`."
    return Reply(kind="info", title="Open disputes", rows=rows, buttons=buttons, footer=footer, private=True)


def _rows(item: disputes.OpenDispute) -> list[str]:
    d, answer = item.dispute, item.answer
    text = item.text if len(item.text) <= ANSWER_SHOWN else item.text[: ANSWER_SHOWN - 1] + "…"
    points = [f"{p.get('point', '')}: {p.get('status', '')}" for p in answer.points] or [
        *(f"{p}: covered" for p in answer.covered),
        *(f"{p}: missed" for p in answer.missed),
    ]
    head = f"{strong(f'{d.id}.')} {said(item.name)} on question {d.round_id} ({item.question.topic})"
    lines = [
        f"{head}, graded {percent(answer.score)}" + (f" · flagged {answer.flag}" if answer.flag else ""),
        f"    Why: {said(d.reason) if d.reason else '(no reason given)'}",
        f"    Answer: “{said(text)}”",
        *(f"    • {said(p)}" for p in points),
    ]
    if answer.feedback:
        lines.append(f"    Grader: {said(answer.feedback)}")
    return lines


async def resolve_reply(call: Call, command: Resolve) -> Reply:
    if not call.user.is_admin:
        return render.info(REVIEWERS_ONLY)
    with call.services.session() as session:
        try:
            decision = disputes.decide(
                session,
                session.get_one(Workspace, call.workspace.id),
                command.dispute_id,
                session.get_one(Member, call.member.id),
                accept=command.accept,
                score=command.score,
                teach=command.teach,
                note=command.why,
                now=call.now,
                season=_season(call),
                defaults=call.services.config.points,
            )
        except DisputeProblem as problem:
            return render.info(str(problem))
    d = decision.dispute
    if command.accept:
        said_points = f"+{points_text(decision.added)}" if decision.added else "no change in points"
        taught = f"; {decision.taught} phrasing(s) taught for next time" if command.teach else ""
        told = f"Your dispute {d.id} (question {d.round_id}) was accepted: {percent(d.score)}, {said_points}."
        who = said(decision.member.display_name)
        text = f"Dispute {d.id} accepted for {who}: {percent(d.score)}, {said_points}{taught}."
    else:
        why = f" Reviewer's note: {said(d.note)}" if d.note else ""
        told = f"Your dispute {d.id} (question {d.round_id}) was not accepted.{why}"
        text = f"Dispute {d.id} rejected; {said(decision.member.display_name)} is told."
    await _tell(call, decision, render.info(told, title="Your dispute"))
    return render.info(text, title="Dispute decided")


async def _tell(call: Call, decision: disputes.Decision, reply: Reply) -> None:
    """The member hears the decision privately; a failure to tell them is only logged."""
    port = call.services.ports.get(call.workspace.platform)
    if port is None:
        return
    place = Place(call.workspace.external_id, decision.channel.external_id)
    try:
        await port.send_private(place, decision.member.external_id, reply)
    except Exception:
        log.exception("could not tell member %s about dispute %s", decision.member.id, decision.dispute.id)


async def button_dispute(call: Call, round_id: int) -> Reply:
    return dispute_reply(call, round_id, "")


async def button_accept(call: Call, dispute_id: int) -> Reply:
    return await resolve_reply(call, Resolve(dispute_id, True))


async def button_teach(call: Call, dispute_id: int) -> Reply:
    return await resolve_reply(call, Resolve(dispute_id, True, teach=True))


async def button_reject(call: Call, dispute_id: int) -> Reply:
    return await resolve_reply(call, Resolve(dispute_id, False))


BUTTONS = {
    "dispute": button_dispute,
    "dispute-accept": button_accept,
    "dispute-teach": button_teach,
    "dispute-reject": button_reject,
}
