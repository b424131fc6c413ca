"""Local-time arithmetic across daylight-saving changes and odd offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.db.models import Channel
from bot.usecases.schedules import daily_reveal_at, first_slot_from, local_to_utc, next_post_after

BERLIN = ZoneInfo("Europe/Berlin")


def channel(**fields) -> Channel:  # type: ignore[no-untyped-def]
    defaults = {
        "workspace_id": 1,
        "external_id": "C",
        "scheduled": True,
        "timezone": "Europe/Berlin",
        "post_time": "09:00",
        "weekdays": "mon,tue,wed,thu,fri,sat,sun",
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    return Channel(**{**defaults, **fields})


def test_nine_oclock_stays_nine_oclock_on_both_sides_of_a_dst_change() -> None:
    before = local_to_utc(date(2026, 3, 28), "09:00", BERLIN)  # CET, UTC+1
    after = local_to_utc(date(2026, 3, 30), "09:00", BERLIN)  # CEST, UTC+2
    assert before == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert after == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert before.astimezone(BERLIN).hour == after.astimezone(BERLIN).hour == 9


def test_a_skipped_local_time_posts_at_the_next_valid_minute() -> None:
    # 2026-03-29 02:00-03:00 does not exist in Berlin.
    at = local_to_utc(date(2026, 3, 29), "02:30", BERLIN)
    assert at.astimezone(BERLIN).strftime("%H:%M") == "03:00"


def test_a_repeated_local_time_is_due_once() -> None:
    # 2026-10-25 02:30 happens twice in Berlin; the first one counts.
    ch = channel(post_time="02:30")
    first = local_to_utc(date(2026, 10, 25), "02:30", BERLIN)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert first_slot_from(ch, first - timedelta(hours=3)) == first
    # one slot on that local date: the one after it is the next day's 02:30 (CET by then)
    assert first_slot_from(ch, first + timedelta(microseconds=1)) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


def test_half_hour_and_quarter_hour_offsets() -> None:
    assert local_to_utc(date(2026, 11, 23), "09:00", ZoneInfo("Asia/Kolkata")) == datetime(
        2026, 11, 23, 3, 30, tzinfo=UTC
    )
    assert local_to_utc(date(2026, 11, 23), "09:00", ZoneInfo("Asia/Kathmandu")) == datetime(
        2026, 11, 23, 3, 15, tzinfo=UTC
    )


def test_weekends_off_and_the_next_post() -> None:
    ch = channel(weekdays="mon,tue,wed,thu,fri")
    saturday_noon = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
    assert first_slot_from(ch, saturday_noon - timedelta(hours=2)) == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert next_post_after(ch, saturday_noon) == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 CET


def test_reveal_time_rolls_to_the_next_day_when_too_close() -> None:
    ch = channel(reveal_time="17:00", reveal_after_minutes=None)
    assert daily_reveal_at(ch, datetime(2026, 11, 23, 8, 0, tzinfo=UTC)) == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    late_post = datetime(2026, 11, 23, 15, 45, tzinfo=UTC)  # 16:45 local, 15 minutes before 17:00
    assert daily_reveal_at(ch, late_post) == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
