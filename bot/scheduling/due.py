"""One scheduler tick: everything that is due at `now`, computed from the database.

Run it as often as you like, from as many processes as you like: every step it takes
is guarded by a unique constraint or a lease, so each post and reveal happens once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.core import Drillbot
from bot.db.models import Channel, Round, WeeklySummary, Workspace
from bot.scheduling.winners import post_season_winners
from bot.usecases import schedules, summary, tenancy

log = logging.getLogger("drillbot.clock")


@dataclass
class TickReport:
    posted: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    revealed: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    summaries: list[int] = field(default_factory=list)


async def tick(bot: Drillbot) -> TickReport:
    """Handle due daily slots, post pending rounds, reveal due ones, re-post lost reveals.
    Only workspaces whose platform has a port in this process are touched. Each channel
    keeps `next_post_at`, so a tick reads only the channels that are due (an index scan),
    however many channels there are."""
    report = TickReport()
    now = bot.clock.now()
    platforms = list(bot.ports)
    if not platforms:
        return report
    with bot.session() as session:
        _plan_unplanned(session, platforms, now, bot.config.post_grace)
        due_channels = session.exec(
            _channels(platforms)
            .where(col(Channel.next_post_at) <= now)
            .order_by(col(Channel.next_post_at), col(Channel.id))
        ).all()
        pending = _round_ids(session, platforms, col(Round.status) == "pending")
        due = _round_ids(session, platforms, col(Round.status) == "posted", col(Round.reveal_at) <= now)
        unannounced = _round_ids(
            session, platforms, col(Round.status) == "revealed", col(Round.reveal_posted_at).is_(None)
        )
        due_summaries = session.exec(
            _channels(platforms).where(col(Channel.next_summary_at) <= now).order_by(col(Channel.next_summary_at))
        ).all()
        pending_summaries = list(
            session.exec(
                select(WeeklySummary.id)
                .join(Workspace, col(Workspace.id) == col(WeeklySummary.workspace_id))
                .join(Channel, col(Channel.id) == col(WeeklySummary.channel_id))
                .where(col(Workspace.platform).in_(platforms), WeeklySummary.status == "pending")
                .where(col(Workspace.uninstalled_at).is_(None), col(Channel.paused_reason).is_(None))
            )
        )

    async def retry(round_id: int) -> None:
        if await bot.publish_round(round_id):
            report.retried.append(round_id)

    async def reveal(round_id: int) -> None:
        if await bot.reveal_round(round_id):
            report.revealed.append(round_id)

    # Reveals first, on their own: they are due at a promised time. Each batch runs
    # concurrently with a bound, so a channel whose platform is slow or refusing holds up
    # no other, and nothing sleeps (a failed send's next try is a time in the database).
    reveals: list[Coroutine[Any, Any, Any]] = [reveal(r) for r in due]
    reveals += [bot.publish_reveal(r) for r in unannounced]
    await bounded(reveals, bot.config.tick_concurrency)
    work: list[Coroutine[Any, Any, Any]] = [_handle_slot(bot, channel, now, report) for channel in due_channels]
    work += [retry(r) for r in pending]
    work += [_handle_summary_slot(bot, channel, now, report) for channel in due_summaries]
    work += [bot.publish_summary(s) for s in pending_summaries]
    work.append(post_season_winners(bot))
    await bounded(work, bot.config.tick_concurrency)
    _purge_uninstalled(bot, now)
    return report


async def bounded(work: list[Coroutine[Any, Any, Any]], limit: int) -> None:
    """Run the coroutines at most `limit` at a time; one failing does not stop the rest."""
    gate = asyncio.Semaphore(limit)

    async def one(job: Coroutine[Any, Any, Any]) -> None:
        async with gate:
            try:
                await job
            except Exception:
                log.exception("a scheduled step failed; the next tick tries again")

    await asyncio.gather(*(one(job) for job in work))


def _purge_uninstalled(bot: Drillbot, now: datetime) -> None:
    """Delete the data of workspaces uninstalled longer ago than DELETE_AFTER_DAYS."""
    with bot.session() as session:
        for workspace in tenancy.expired(session, now, bot.config.delete_after):
            counts = tenancy.delete_workspace(session, workspace.id)
            log.info("deleted uninstalled workspace %s/%s: %s", workspace.platform, workspace.external_id, counts)


async def _handle_summary_slot(bot: Drillbot, channel: Channel, now: datetime, report: TickReport) -> None:
    """Monday's summary of the week before, unless the bot was down too long; then
    plan the next Monday (compare-and-set, like the daily slot)."""
    slot = channel.next_summary_at
    assert slot is not None
    if now - slot <= summary.SUMMARY_GRACE and await bot.post_weekly_summary(channel.id, slot):
        report.summaries.append(channel.id)
    _move_on(bot, channel, "next_summary_at", slot, summary.summary_slot_from(channel, slot + timedelta(minutes=1)))


async def _handle_slot(bot: Drillbot, channel: Channel, now: datetime, report: TickReport) -> None:
    """Post this slot's question (or log that it was missed), then move to the next
    slot. The move is a compare-and-set, so two processes never skip a slot."""
    slot = channel.next_post_at
    assert slot is not None
    local_date = schedules.slot_local_date(channel, slot)
    if now - slot <= bot.config.post_grace:
        if await bot.post_daily(channel.id, local_date):
            report.posted.append(channel.id)
    else:
        log.info(
            "channel %s: the %s post was missed by %s (grace %s); skipped",
            channel.external_id,
            local_date,
            now - slot,
            bot.config.post_grace,
        )
        report.skipped.append(channel.id)
    _move_on(bot, channel, "next_post_at", slot, schedules.first_slot_from(channel, slot + timedelta(minutes=1)))


def _move_on(bot: Drillbot, channel: Channel, column: str, slot: datetime, following: datetime | None) -> None:
    """Plan the channel's next slot. A compare-and-set, so of two processes handling
    the same slot only one moves it, and no slot is ever skipped."""
    with bot.session() as session:
        session.execute(
            update(Channel)
            .where(col(Channel.id) == channel.id, getattr(Channel, column) == slot)
            .values({column: following})
        )


def _channels(platforms: list[str]) -> SelectOfScalar[Channel]:
    return (
        select(Channel)
        .join(Workspace, col(Workspace.id) == col(Channel.workspace_id))
        .where(Channel.scheduled == True, Channel.paused == False, col(Workspace.platform).in_(platforms))  # noqa: E712
        .where(col(Workspace.uninstalled_at).is_(None))
    )


def _plan_unplanned(session: Session, platforms: list[str], now: datetime, grace: timedelta) -> None:
    """Channels scheduled before `next_post_at` existed (or edited by hand) get a plan."""
    for channel in session.exec(_channels(platforms).where(col(Channel.next_post_at).is_(None))):
        schedules.plan_next_post(channel, now, grace)
        session.add(channel)
    for channel in session.exec(_channels(platforms).where(col(Channel.next_summary_at).is_(None))):
        summary.plan_next_summary(channel, now)
        session.add(channel)


def _round_ids(session: Session, platforms: list[str], *conditions: ColumnElement[bool]) -> list[int]:
    return list(
        session.exec(
            select(Round.id)
            .join(Workspace, col(Workspace.id) == col(Round.workspace_id))
            .join(Channel, col(Channel.id) == col(Round.channel_id))
            .where(col(Workspace.platform).in_(platforms), *conditions)
            .where(col(Workspace.uninstalled_at).is_(None), col(Channel.paused_reason).is_(None))
            .order_by(col(Round.id))
        )
    )
