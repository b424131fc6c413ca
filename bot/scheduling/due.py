"""One scheduler tick: everything that is due at `now`, computed from the database.

Run it as often as you like, from as many processes as you like: every step it takes
is guarded by a unique constraint or a lease, so each post and reveal happens once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlmodel import col, select

from bot.core import Drillbot
from bot.db.models import Channel, Round, Workspace
from bot.usecases import schedules

log = logging.getLogger("drillbot.clock")


@dataclass
class TickReport:
    posted: list[int] = field(default_factory=list)
    revealed: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)


async def tick(bot: Drillbot) -> TickReport:
    """Open due daily rounds, post pending ones, reveal due ones, re-post lost reveals.
    Only workspaces whose platform has a port in this process are touched."""
    report = TickReport()
    now = bot.clock.now()
    platforms = list(bot.ports)
    if not platforms:
        return report
    with bot.session() as session:
        channels = session.exec(
            select(Channel)
            .join(Workspace, col(Workspace.id) == col(Channel.workspace_id))
            .where(Channel.scheduled == True, Channel.paused == False, col(Workspace.platform).in_(platforms))  # noqa: E712
        ).all()
        pending = _round_ids(session, platforms, col(Round.status) == "pending")
        due = _round_ids(session, platforms, col(Round.status) == "posted", col(Round.reveal_at) <= now)
        unannounced = _round_ids(
            session, platforms, col(Round.status) == "revealed", col(Round.reveal_posted_at).is_(None)
        )

    for channel in channels:
        local_date = schedules.due_local_date(channel, now, bot.config.post_grace)
        if local_date is not None and await bot.post_daily(channel.id, local_date):  # type: ignore[arg-type]
            report.posted.append(channel.id)  # type: ignore[arg-type]
    for round_id in pending:
        if await bot.publish_round(round_id):
            report.retried.append(round_id)
    for round_id in due:
        if await bot.reveal_round(round_id):
            report.revealed.append(round_id)
    for round_id in unannounced:
        await bot.publish_reveal(round_id)
    return report


def _round_ids(session, platforms: list[str], *conditions) -> list[int]:  # type: ignore[no-untyped-def]
    return list(
        session.exec(
            select(Round.id)
            .join(Workspace, col(Workspace.id) == col(Round.workspace_id))
            .where(col(Workspace.platform).in_(platforms), *conditions)
            .order_by(col(Round.id))
        )
    )
