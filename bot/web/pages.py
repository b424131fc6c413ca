"""Page models: what each page shows, read in one session, with no HTTP in sight.

The leaderboard is the chat's own (`bot.usecases.leaderboard.leaderboard`, top 10 with
the tie count) and so are the coverage (`topic_coverage`, as `/drill leaderboard chart`
reads it) and a member's numbers (`member_stats`, as `/drill stats`): the page and the
chat cannot disagree. Bad query values raise PageProblem with a sentence to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlmodel import Session

from bot.bank.schema import TOPICS
from bot.db.models import Workspace
from bot.render import TOPIC_TITLES
from bot.usecases.leaderboard import PERIOD_TITLES, Board, leaderboard, period_start
from bot.usecases.stats import MemberStats, member_stats
from bot.usecases.summary import topic_coverage
from bot.usecases.totals import bucket_start, local_day
from bot.web import queries
from bot.web.svg import coverage_chart, trend_chart

TREND_WEEKS = 12
ROUNDS_PER_PAGE = 25
HISTORY_ROWS = 50


class PageProblem(Exception):
    """A query value the page cannot use; the message says what to use instead."""


@dataclass(frozen=True)
class Nav:
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class BoardPage:
    title: str
    periods: list[Nav]
    scopes: list[Nav]
    rows: Board
    coverage: list[tuple[str, float]]
    coverage_svg: Markup
    trend: list[queries.Week]
    trend_svg: Markup
    scope_words: str  # "the team", "#general", "group nlp"
    period_words: str  # "this week", "all time"


def parse_scope(value: str, found: queries.Scopes) -> tuple[str, int, str]:
    """`team`, `channel-ID` or `group-ID` -> (scope, id, words for it)."""
    if value == "team":
        return "team", 0, "the team"
    kind, _, number = value.partition("-")
    names = dict(found.channels if kind == "channel" else found.groups if kind == "group" else [])
    if number.isascii() and number.isdigit() and int(number) in names:
        name = names[int(number)]
        return kind, int(number), f"#{name}" if kind == "channel" else f"group {name}"
    raise PageProblem(f"There is no leaderboard “{value}” here: choose one of the links above.")


def board_page(session: Session, workspace: Workspace, now: datetime, period: str, scope_value: str) -> BoardPage:
    if period not in PERIOD_TITLES:
        raise PageProblem(f"“{period}” is not a period: choose week, month, season or all.")
    found = queries.scopes(session, workspace.id)
    scope, scope_id, words = parse_scope(scope_value, found)
    rows = leaderboard(
        session,
        workspace.id,
        period,
        now=now,
        channel_id=scope_id if scope == "channel" else None,
        group_id=scope_id if scope == "group" else None,
    )
    since = period_start(period, now, workspace.timezone, workspace.season_start)
    by_topic = topic_coverage(session, workspace.id, since, None, scope_id if scope == "channel" else None)
    coverage = [(TOPIC_TITLES.get(topic, topic), value) for topic, value in by_topic.items()]
    this_week = bucket_start("week", local_day(now, workspace.timezone), None)
    trend = queries.weekly_trend(session, workspace.id, scope, scope_id, this_week, TREND_WEEKS)
    title = f"{'Team' if scope == 'team' else words[0].upper() + words[1:]} leaderboard, {PERIOD_TITLES[period]}"
    periods = [
        Nav("All time" if p == "all" else p.capitalize(), f"?period={p}&scope={scope_value}", p == period)
        for p in PERIOD_TITLES
    ]
    scopes = [Nav("Team", f"?period={period}&scope=team", scope == "team")]
    for kind, label, items in (("channel", "#{}", found.channels), ("group", "Group {}", found.groups)):
        scopes += [
            Nav(label.format(n), f"?period={period}&scope={kind}-{i}", (scope, scope_id) == (kind, i)) for i, n in items
        ]
    return BoardPage(
        title=title,
        periods=periods,
        scopes=scopes,
        rows=rows,
        coverage=coverage,
        coverage_svg=coverage_chart(coverage, f"Coverage by topic, {PERIOD_TITLES[period]}"),
        trend=trend,
        trend_svg=trend_chart(trend, f"Points per week for {words}, last {TREND_WEEKS} weeks"),
        scope_words=words,
        period_words=PERIOD_TITLES[period],
    )


def page_number(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 100_000:
        raise PageProblem(f"“{value}” is not a page number.")
    return int(value)


@dataclass(frozen=True)
class RoundsPage:
    rounds: list[queries.PastRound]
    page: int
    older: bool


def rounds_page(session: Session, workspace: Workspace, page: int) -> RoundsPage:
    found = queries.past_rounds(session, workspace.id, (page - 1) * ROUNDS_PER_PAGE, ROUNDS_PER_PAGE + 1)
    return RoundsPage(found[:ROUNDS_PER_PAGE], page, len(found) > ROUNDS_PER_PAGE)


@dataclass(frozen=True)
class QuestionsPage:
    questions: list[Any]
    topic: str
    difficulty: int | None
    topics: list[tuple[str, str]] = field(default_factory=list)


def questions_page(session: Session, topic: str, difficulty: str) -> QuestionsPage:
    if topic and topic not in TOPICS:
        raise PageProblem(f"“{topic}” is not a topic: choose one from the list.")
    if difficulty and difficulty not in {"1", "2", "3"}:
        raise PageProblem(f"“{difficulty}” is not a difficulty: choose 1, 2 or 3.")
    level = int(difficulty) if difficulty else None
    found = queries.question_bank(session, topic or None, level)
    return QuestionsPage(found, topic, level, [(t, TOPIC_TITLES.get(t, t)) for t in TOPICS])


@dataclass(frozen=True)
class MemberPage:
    name: str
    stats: MemberStats
    history: list[queries.HistoryRow]


def member_page(session: Session, workspace: Workspace, member_id: int, now: datetime) -> MemberPage | None:
    member = queries.member_of(session, workspace.id, member_id)
    if member is None:
        return None
    stats = member_stats(session, member, period_start("week", now, workspace.timezone))
    history = queries.member_history(session, workspace.id, member_id, HISTORY_ROWS)
    return MemberPage(member.display_name, stats, history)
