"""The core's messages as neutral Replies; each adapter turns them into its own format."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.bank.schema import TOPICS
from bot.chat.ports import Button, Reply, ReplyField
from bot.commands.grammar import SUMMARY, USAGE, UsageError
from bot.db.models import Question, Round
from bot.usecases.leaderboard import LeaderRow
from bot.usecases.reveal import PersonResult
from bot.usecases.stats import MemberStats

TOPIC_TITLES = {t: t.replace("-", " ").replace("ml", "ML").capitalize() for t in TOPICS}
TOPIC_TITLES.update({"classical-ml": "Classical ML", "mlops": "MLOps"})


def stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * (3 - difficulty)


def local_time(at: datetime, tz: str) -> str:
    local = at.astimezone(ZoneInfo(tz))
    return f"{local:%H:%M} {local.tzname()}"


def question_card(question: Question, round_: Round, reveal_at: datetime, tz: str) -> Reply:
    title = "Question of the day" if round_.kind == "daily" else "Practice question"
    value = str(round_.id)
    return Reply(
        kind="question",
        title=title,
        body=question.prompt,
        fields=[
            ReplyField("Topic", TOPIC_TITLES.get(question.topic, question.topic)),
            ReplyField("Difficulty", stars(question.difficulty)),
            ReplyField("Reveal", local_time(reveal_at, tz)),
        ],
        buttons=[
            Button("Hint", "hint", value),
            Button("Reveal now", "reveal", value),
            Button("Another question", "another", value),
        ],
        footer="Answer in this thread. Several replies join into one answer; edits count until the reveal.",
        opens_thread=True,
    )


def reveal_card(question: Question, results: list[PersonResult]) -> Reply:
    lines = [f"*Model answer*\n{question.answer}", ""]
    points = "; ".join(kp["point"] for kp in question.key_points)
    lines.append(f"*Key points:* {points}")
    fields = [ReplyField(r.name, person_line(r), inline=False) for r in results]
    footer = "No answers this time." if not results else f"{sum(not r.late for r in results)} answered in time."
    if question.follow_up:
        footer += f" Follow-up to think about: {question.follow_up}"
    return Reply(kind="reveal", title="The answer", body="\n".join(lines), fields=fields, footer=footer)


def person_line(result: PersonResult) -> str:
    if result.late:
        return "answered after the reveal: kept, not scored"
    score = f"{round((result.score or 0) * 100)}%"
    parts = [f"{score}, +{points_text(result.points)}"]
    if result.covered:
        parts.append("covered: " + ", ".join(result.covered))
    if result.missed:
        parts.append("missed: " + ", ".join(result.missed))
    return " · ".join(parts) + (f"\n{result.feedback}" if result.feedback else "")


def leaderboard_card(title: str, rows: list[LeaderRow]) -> Reply:
    if not rows:
        return Reply(kind="leaderboard", title=title, body="No points yet. Answer a question to get on the board!")
    lines = [
        f"{row.rank}. {row.name} — {points_text(row.points)} · {row.answers} answered · "
        f"avg {_percent(row.average_score)} · streak {row.streak}"
        for row in rows
    ]
    return Reply(kind="leaderboard", title=title, body="\n".join(lines))


def stats_card(stats: MemberStats) -> Reply:
    fields = [
        ReplyField("This week", points_text(stats.points_week)),
        ReplyField("All time", points_text(stats.points_total)),
        ReplyField("Answers graded", str(stats.answers)),
        ReplyField("Average grade", _percent(stats.average_score)),
        ReplyField("Streak", f"{stats.streak} days"),
    ]
    if stats.strongest and stats.weakest and stats.strongest != stats.weakest:
        fields.append(ReplyField("Strongest", TOPIC_TITLES.get(stats.strongest, stats.strongest)))
        fields.append(ReplyField("Work on", TOPIC_TITLES.get(stats.weakest, stats.weakest)))
    return Reply(kind="stats", title=f"Stats for {stats.name}", fields=fields, private=True)


def home_card(stats: MemberStats, next_review: datetime | None, tz: str) -> Reply:
    review = "none scheduled yet" if next_review is None else f"{next_review.astimezone(ZoneInfo(tz)):%a %d %b %H:%M}"
    fields = [
        ReplyField("Streak", f"{stats.streak} days"),
        ReplyField("This week", points_text(stats.points_week)),
        ReplyField("Strongest topic", TOPIC_TITLES.get(stats.strongest or "", "answer a few questions first")),
        ReplyField("Weakest topic", TOPIC_TITLES.get(stats.weakest or "", "answer a few questions first")),
        ReplyField("Next review", review),
    ]
    return Reply(
        kind="home",
        title=f"Your Drillbot, {stats.name}",
        fields=fields,
        footer="Try `/drill ask` for a practice question, or `/drill help` for everything else.",
    )


def help_card(command: str | None = None) -> Reply:
    if command:
        return Reply(
            kind="usage", title=f"/drill {command}", body=f"{SUMMARY[command]}\nUsage: `{USAGE[command]}`", private=True
        )
    body = "\n".join(f"`{USAGE[name]}` — {SUMMARY[name]}" for name in USAGE)
    return Reply(kind="usage", title="Drillbot commands", body=body, private=True)


def usage_card(error: UsageError) -> Reply:
    return Reply(
        kind="usage", title="That command didn't work", body=f"{error.problem}\nUsage: `{error.usage}`", private=True
    )


def topics_card(counts: dict[str, int]) -> Reply:
    lines = [f"`{topic}` — {TOPIC_TITLES[topic]}: {counts.get(topic, 0)} questions" for topic in TOPICS]
    return Reply(kind="info", title="Topics", body="\n".join(lines) + "\n\nTry `/drill ask TOPIC [1-3]`.", private=True)


def info(text: str, *, title: str = "", private: bool = True) -> Reply:
    return Reply(kind="info", title=title, body=text, private=private)


def points_text(points: int) -> str:
    return f"{points} pt" if points == 1 else f"{points} pts"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"
