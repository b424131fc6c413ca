"""The weekly summary chart as a PNG: the top 10 by points beside the team's average
coverage by topic. Rendered with matplotlib's Agg canvas (no screen, no pyplot state,
so it is safe on worker threads)."""

from __future__ import annotations

import io

from bot.usecases.leaderboard import LeaderRow

BAR = "#3b6ea8"
ACCENT = "#e07b39"


def leaderboard_chart(title: str, rows: list[LeaderRow], coverage: dict[str, float]) -> bytes:
    """`coverage` maps a topic title to the average grade (0-1) of its answers."""
    from matplotlib.figure import Figure  # imported on first use: it costs ~50 MB and a second

    figure = Figure(figsize=(11, 4.8), dpi=100, layout="constrained")
    figure.suptitle(title, fontsize=14, fontweight="bold")
    top, topics = figure.subplots(1, 2, width_ratios=(1, 1.2))

    names = [f"{row.rank}. {row.name}" for row in rows][::-1]
    points = [row.points for row in rows][::-1]
    top.barh(names, points, color=BAR)
    top.set_title("Top 10 by points")
    top.set_xlabel("points")
    for y, value in enumerate(points):
        top.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    if not rows:
        top.text(0.5, 0.5, "no points yet", ha="center", va="center", transform=top.transAxes, color="grey")

    labels = list(coverage)
    values = [round(coverage[label] * 100) for label in labels]
    topics.bar(labels, values, color=ACCENT)
    topics.set_title("Team coverage by topic")
    topics.set_ylabel("average grade, %")
    topics.set_ylim(0, 100)
    topics.tick_params(axis="x", labelrotation=30, labelsize=9)
    if not labels:
        topics.text(0.5, 0.5, "no graded answers yet", ha="center", va="center", transform=topics.transAxes)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
