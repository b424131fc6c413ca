"""The page's charts as inline SVG: no image requests, no script, styled by the page's
stylesheet (classes, never style attributes, which the Content-Security-Policy forbids),
so they follow the light or dark scheme. Each has a <title> and <desc> for screen readers;
the same numbers are in a table beside it."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from bot.web.queries import Week

WIDTH = 640


def _svg(height: int, title: str, desc: str, body: list[str], label: str) -> Markup:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{label}-t {label}-d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{label}-t">{escape(title)}</title>'
        f'<desc id="{label}-d">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def coverage_chart(coverage: list[tuple[str, float]], title: str) -> Markup:
    """One horizontal bar per topic: the average grade of its answers, 0-100%."""
    row, left, right = 30, 190, 56
    height = max(1, len(coverage)) * row + 10
    span = WIDTH - left - right
    body: list[str] = []
    for n, (topic, value) in enumerate(coverage):
        y = 5 + n * row
        width = max(1.0, span * max(0.0, min(1.0, value)))
        body.append(
            f'<text class="chart-label" x="{left - 8}" y="{y + 19}" text-anchor="end">{escape(topic)}</text>'
            f'<rect class="chart-track" x="{left}" y="{y + 4}" width="{span}" height="20" rx="3"/>'
            f'<rect class="chart-bar" x="{left}" y="{y + 4}" width="{width:.1f}" height="20" rx="3"/>'
            f'<text class="chart-value" x="{left + width + 6:.1f}" y="{y + 19}">{round(value * 100)}%</text>'
        )
    desc = "; ".join(f"{topic} {round(value * 100)}%" for topic, value in coverage) or "no graded answers yet"
    return _svg(height, title, desc, body, "coverage")


def trend_chart(weeks: list[Week], title: str) -> Markup:
    """One vertical bar per week: the points earned, with the answers given under it."""
    height, top, bottom = 220, 24, 44
    slot = WIDTH / max(1, len(weeks))
    most = max([w.points for w in weeks] + [1])
    plot = height - top - bottom
    body = [f'<line class="chart-axis" x1="0" y1="{height - bottom}" x2="{WIDTH}" y2="{height - bottom}"/>']
    for n, week in enumerate(weeks):
        x = n * slot + slot * 0.15
        bar = plot * max(0, week.points) / most
        y = height - bottom - bar
        middle = n * slot + slot / 2
        body.append(
            f'<rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar:.1f}" rx="2"/>'
            f'<text class="chart-value" x="{middle:.1f}" y="{y - 5:.1f}" text-anchor="middle">{week.points}</text>'
            f'<text class="chart-label" x="{middle:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{week.starts:%d %b}</text>"
            f'<text class="chart-note" x="{middle:.1f}" y="{height - bottom + 32}" text-anchor="middle">'
            f"{week.answered}</text>"
        )
    desc = "; ".join(f"week of {w.starts:%d %b}: {w.points} points, {w.answered} answers" for w in weeks)
    return _svg(height, title, desc, body, "trend")
