"""What a newcomer reads on cards and charts (issue 14): counts in words, a chart that
says when it has no data, whole-number points, and coverage bars with their values."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import render
from bot.charts import NO_DATA, build_figure
from bot.chat.text import plain
from bot.usecases.leaderboard import LeaderRow
from bot.usecases.stats import MemberStats


def row(rank: int, name: str, points: int) -> LeaderRow:
    fields = LeaderRow.__dataclass_fields__  # build whatever the row holds now, by name
    values = {"rank": rank, "name": name, "points": points}
    return LeaderRow(**{k: values.get(k, 0) for k in fields})  # type: ignore[arg-type]


def texts(axes) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for t in axes.texts]


def test_a_chart_without_data_says_so_and_draws_no_axes() -> None:
    figure = build_figure("Team leaderboard", [], {})
    top, topics = figure.axes
    assert any(NO_DATA in t for t in texts(top)) and any(NO_DATA in t for t in texts(topics))
    assert list(top.get_xticks()) == [] and list(topics.get_yticks()) == []


def test_points_are_whole_numbers_and_coverage_bars_show_their_values() -> None:
    figure = build_figure("Team", [row(1, "alice", 3), row(2, "bob", 1)], {"MLOps": 0.5, "Data": 0.875})
    figure.canvas.draw()
    top, topics = figure.axes
    ticks = [t for t in top.get_xticks() if 0 <= t <= top.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)
    assert {"50%", "88%"} <= set(texts(topics))


def test_counts_are_written_in_the_singular_for_one() -> None:
    assert render.plural(1, "day") == "1 day" and render.plural(2, "day") == "2 days"
    topics = "\n".join(render.topics_card({"mlops": 1, "data": 2}).rows)
    assert "MLOps: 1 question\n" in topics and "Data: 2 questions" in topics
    stats = MemberStats.__dataclass_fields__
    values = {"name": "alice", "streak": 1, "average_score": None, "topic_averages": {}}
    card = render.stats_card(MemberStats(**{k: values.get(k, 0) for k in stats}))  # type: ignore[arg-type]
    assert {f.name: f.value for f in card.fields}["Streak"] == "1 day"


def test_a_day_not_in_this_year_shows_its_year() -> None:
    this_year = datetime.now(UTC).year
    assert plain(render.local_day(datetime(this_year, 3, 2, 12, tzinfo=UTC), "UTC")).endswith("Mar")
    next_year = datetime(this_year + 1, 3, 2, 12, tzinfo=UTC)
    assert plain(render.local_day(next_year, "UTC")).endswith(f"Mar {this_year + 1}")


def test_a_reveal_on_another_day_shows_the_day_and_a_year_ahead_shows_the_year() -> None:
    asked = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert plain(render.reveal_when(datetime(2026, 12, 1, 23, 0, tzinfo=UTC), asked, "UTC")) == "23:00 UTC (in 8 hours)"
    assert plain(render.reveal_when(datetime(2026, 12, 2, 6, 0, tzinfo=UTC), asked, "UTC")).startswith("Wed 02 Dec")
    far = datetime(datetime.now(UTC).year + 2, 1, 5, 6, 0, tzinfo=UTC)
    assert plain(render.reveal_when(far, far.replace(day=4), "UTC")).endswith(f"{far.year} 06:00 UTC (in 1 day)")
