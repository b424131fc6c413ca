"""The weekly summary chart as a PNG: the top 10 by points beside the team's average
coverage by topic. Rendered with matplotlib's Agg canvas (no screen, no pyplot state,
so it is safe on worker threads)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.usecases.leaderboard import LeaderRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BAR = "#3b6ea8"
ACCENT = "#e07b39"
NO_DATA = "no data yet"


def leaderboard_chart(title: str, rows: list[LeaderRow], coverage: dict[str, float]) -> bytes:
    """`coverage` maps a topic title to the average grade (0-1) of its answers."""
    buffer = io.BytesIO()
    build_figure(title, rows, coverage).savefig(buffer, format="png")
    return buffer.getvalue()


def build_figure(title: str, rows: list[LeaderRow], coverage: dict[str, float]) -> Figure:
    """The chart before it is saved, so its axes can be checked. A panel without data
    says so instead of drawing axes that mean nothing; points are whole numbers."""
    from matplotlib.figure import Figure  # imported on first use: it costs ~50 MB and a second
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(11, 4.8), dpi=100, layout="constrained")
    figure.suptitle(title, fontsize=14, fontweight="bold")
    top, topics = figure.subplots(1, 2, width_ratios=(1, 1.2))

    top.set_title("Top 10 by points")
    if rows:
        names = [f"{row.rank}. {row.name}" for row in rows][::-1]
        points = [row.points for row in rows][::-1]
        top.barh(names, points, color=BAR)
        top.set_xlabel("points")
        top.xaxis.set_major_locator(MaxNLocator(integer=True))
        top.set_xlim(0, max(max(points), 1) * 1.15)
        for y, value in enumerate(points):
            top.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    else:
        _no_data(top, "no points yet")

    topics.set_title("Team coverage by topic")
    if coverage:
        labels = list(coverage)
        values = [round(coverage[label] * 100) for label in labels]
        bars = topics.bar(labels, values, color=ACCENT)
        topics.bar_label(bars, labels=[f"{v}%" for v in values], padding=2, fontsize=9)
        topics.set_ylabel("average grade, %")
        topics.set_ylim(0, 110)
        topics.set_yticks(range(0, 101, 20))
        topics.tick_params(axis="x", labelrotation=30, labelsize=9)
    else:
        _no_data(topics, "no graded answers yet")
    return figure


def _no_data(axes: Axes, what: str) -> None:
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.text(0.5, 0.5, f"{NO_DATA}: {what}", ha="center", va="center", transform=axes.transAxes, color="grey")
