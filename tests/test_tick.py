"""The scheduler tick: the database decides what is due; each step happens once,
even with two processes ticking the same database."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.clock import VirtualClock
from bot.core import Drillbot
from bot.db.engine import make_engine
from bot.db.models import Channel
from bot.scheduling.due import tick
from bot.usecases.schedules import plan_next_post
from tests.fakes.chat import RecordingPort
from tests.helpers import GENERAL, make_channel, rounds_in

# START (conftest) is Monday 2026-11-23 08:00 UTC = 09:00 in Berlin.


async def test_posts_at_the_local_time_once_and_reveals_later(bot, clock, port) -> None:
    channel = make_channel(bot, timezone="Europe/Berlin", post_time="09:01", reveal_after_minutes=480)
    assert (await tick(bot)).posted == []
    clock.advance(timedelta(minutes=1))
    assert (await tick(bot)).posted == [channel]
    assert (await tick(bot)).posted == []
    assert len(port.of_kind("post")) == 1
    clock.advance(timedelta(hours=7, minutes=59))
    assert (await tick(bot)).revealed == []
    clock.advance(timedelta(minutes=1))
    assert len((await tick(bot)).revealed) == 1
    assert (await tick(bot)).revealed == []
    assert len(port.of_kind("thread")) == 1


async def test_reveal_at_a_local_time(bot, clock) -> None:
    channel = make_channel(bot, timezone="Europe/Berlin", post_time="09:00", reveal_time="17:00")
    await tick(bot)
    (round_,) = rounds_in(bot, channel)
    assert round_.reveal_at == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


async def test_no_post_on_unscheduled_days_or_when_paused(bot, clock, port) -> None:
    make_channel(bot, timezone="UTC", post_time="08:00", weekdays="sat,sun")
    make_channel(bot, channel=GENERAL.__class__("C2", "paused"), timezone="UTC", post_time="08:00", paused=True)
    await tick(bot)
    assert port.of_kind("post") == []


async def test_a_post_missed_beyond_the_grace_period_is_skipped(bot, clock, port) -> None:
    make_channel(bot, timezone="UTC", post_time="05:59")  # 2h01m ago
    make_channel(bot, channel=GENERAL.__class__("C2", "late"), timezone="UTC", post_time="06:01")
    report = await tick(bot)
    assert len(report.posted) == 1
    assert [s.channel for s in port.of_kind("post")] == ["C2"]


async def test_a_failed_post_is_retried_on_the_next_tick(bot, clock, port) -> None:
    channel = make_channel(bot, timezone="UTC", post_time="08:00")
    port.fail_next(3)
    await tick(bot)
    assert rounds_in(bot, channel)[0].status == "pending"
    report = await tick(bot)
    assert report.retried == [rounds_in(bot, channel)[0].id]
    await tick(bot)
    assert len(port.of_kind("post")) == 1


async def test_ports_limit_the_tick_to_their_platform(bot, clock, port) -> None:
    make_channel(bot, timezone="UTC", post_time="08:00")
    bot.ports = {"other-platform": RecordingPort()}
    await tick(bot)
    assert port.of_kind("post") == []


def test_two_processes_ticking_one_database_post_and_reveal_once(database_url, engine, bot) -> None:
    """Two cores with their own engines (as two processes have) tick the same
    database at the same virtual minutes over a day of 100 channels."""
    channels = [
        make_channel(
            bot, channel=GENERAL.__class__(f"C{i}", f"c{i}"), timezone=tz, post_time="09:00", reveal_after_minutes=240
        )
        for i, tz in enumerate(["Europe/Berlin", "Asia/Kolkata", "America/New_York", "America/Los_Angeles"] * 25)
    ]
    port = RecordingPort()
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    with bot.session() as session:  # plan from the simulated day's start, not the fixture clock's
        for row in session.exec(select(Channel)):
            plan_next_post(row, start, bot.config.post_grace)
            session.add(row)
    barrier = threading.Barrier(2)

    def worker() -> None:
        clock = VirtualClock(start, frozen=True)
        core = Drillbot(make_engine(database_url), clock, bot.grader, {"test": port}, bot.config)
        for _ in range(24 * 4):
            barrier.wait()
            asyncio.run(tick(core))
            clock.advance(timedelta(minutes=15))
        core.engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    posts = port.of_kind("post")
    assert len(posts) == len(channels)
    assert len({s.channel for s in posts}) == len(channels)
    assert len(port.of_kind("thread")) == len(channels)


def test_one_clock_process_leads_on_postgresql_and_another_takes_over(database_url, engine) -> None:
    from bot.scheduling.leader import Leadership

    first, second = Leadership(make_engine(database_url)), Leadership(make_engine(database_url))
    try:
        if engine.dialect.name != "postgresql":
            assert first.is_leader() and second.is_leader()  # SQLite: constraints alone
            return
        assert first.is_leader()
        assert not second.is_leader()
        assert first.is_leader()  # still leading on the next tick
        first.release()  # the leader stops (or dies: its connection closes)
        assert second.is_leader()
        assert not first.is_leader()
    finally:
        first.release()
        second.release()
        first.engine.dispose()
        second.engine.dispose()


async def test_each_scheduled_day_gets_its_post_and_missed_slots_are_logged(bot, clock, port, caplog) -> None:
    channel = make_channel(bot, timezone="UTC", post_time="08:00", weekdays="mon,tue,fri")
    days = []
    for _ in range(7 * 24):  # a week, hour by hour
        report = await tick(bot)
        if report.posted:
            days.append(clock.now().strftime("%a"))
        clock.advance(timedelta(hours=1))
    assert days == ["Mon", "Tue", "Fri"]
    with bot.session() as session:
        row = session.get(Channel, channel)
        assert row.next_post_at == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # next Monday

    clock.advance(timedelta(days=3))  # the process was down over Monday's slot
    with caplog.at_level("INFO", logger="drillbot.clock"):
        report = await tick(bot)
    assert report.skipped == [channel] and report.posted == []
    assert "post was missed by" in caplog.text
