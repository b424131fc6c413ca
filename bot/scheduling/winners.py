"""When a season ends, each scheduled channel gets a winners card (top 3, most improved,
longest streak), once: the card's row is written before it is posted and leased while
it is, and a repeat asks the platform for the keyed message first (bot/send_once.py)."""

from __future__ import annotations

import logging
import weakref
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlmodel import col, select

from bot.chat.ports import Place, Reply
from bot.chat.text import said, strong
from bot.db.models import Channel, SeasonCard, Workspace
from bot.reveal_cards import points_text
from bot.send_once import SendOnce
from bot.usecases import leases, seasons

if TYPE_CHECKING:
    from bot.core import Drillbot

log = logging.getLogger("drillbot.clock")
MEDALS = ("🥇", "🥈", "🥉")
GIVE_UP_AFTER = 5  # failed posts of one card
# per Drillbot: workspace -> the season whose cards are all handled (checked once a season)
_checked: weakref.WeakKeyDictionary[object, dict[int, date]] = weakref.WeakKeyDictionary()


async def post_season_winners(bot: Drillbot) -> list[int]:
    """Open and post the winners cards that are due; the ids of the cards posted."""
    now = bot.clock.now()
    due: list[int] = []
    checked = _checked.setdefault(bot, {})
    with bot.session() as session:
        workspaces = session.exec(
            select(Workspace).where(
                col(Workspace.platform).in_(list(bot.ports)), col(Workspace.uninstalled_at).is_(None)
            )
        ).all()
        for workspace in workspaces:
            season = seasons.current_start(workspace, now)
            if checked.get(workspace.id) == season:
                continue
            pending = seasons.open_due_cards(session, workspace, now)
            if not pending:
                checked[workspace.id] = season
            due += pending
    return [card_id for card_id in due if await publish_winners(bot, card_id)]


async def publish_winners(bot: Drillbot, card_id: int) -> bool:
    now = bot.clock.now()
    with bot.session() as session:
        row = session.get_one(SeasonCard, card_id)
        tried_before = leases.was_tried(row)
        if not leases.claim(session, SeasonCard, card_id, "pending", now):
            return False
        channel = session.get_one(Channel, row.channel_id)
        workspace = session.get_one(Workspace, row.workspace_id)
        found = seasons.winners(session, workspace, channel.id, row.season_start, now)
        if not found.top:
            row.status, row.claim_until = "empty", None
            session.add(row)
            return False
        card = winners_card(seasons.label(workspace, row.season_start), found)
    card.key = f"winners-{card_id}"
    port = bot.ports[workspace.platform]
    place = Place(workspace.external_id, channel.external_id)
    try:
        ref = await SendOnce(port, place, card, row.created_at, tried_before).attempt(lambda: port.post(place, card))
    except Exception as error:  # noqa: BLE001  (logged; the next tick tries again, up to GIVE_UP_AFTER)
        log.warning("winners card %s for channel %s failed: %s", card_id, channel.external_id, error)
        with bot.session() as session:
            leases.release(session, SeasonCard, card_id)
            if row.attempts + 1 >= GIVE_UP_AFTER:
                session.execute(update(SeasonCard).where(col(SeasonCard.id) == card_id).values(status="failed"))
        return False
    with bot.session() as session:
        session.execute(
            update(SeasonCard)
            .where(col(SeasonCard.id) == card_id)
            .values(status="posted", message_id=ref.message_id, posted_at=bot.clock.now(), claim_until=None)
        )
    log.info("posted the winners of season %s in channel %s", row.season_start, channel.external_id)
    return True


def winners_card(season: str, found: seasons.Winners) -> Reply:
    rows = [f"{MEDALS[min(row.rank, 3) - 1]} {said(row.name)} — {points_text(row.points)}" for row in found.top]
    lines = []
    if found.improved:
        name, rise = found.improved
        lines.append(f"{strong('Most improved:')} {said(name)} (average grade up {round(rise * 100)} points)")
    if found.streak:
        name, length = found.streak
        lines.append(f"{strong('Longest streak:')} {said(name)} ({length} questions of the day in a row)")
    return Reply(
        kind="leaderboard",
        title=f"Season {season}: the winners",
        body="\n".join(lines),
        rows=rows,
        footer="`/drill leaderboard season PREV` shows the whole board. A new season starts now: good luck!",
    )
