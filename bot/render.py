"""The core's messages as neutral Replies; each adapter turns them into its own format."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot import reveal_cards
from bot.bank.schema import TOPICS
from bot.charts import leaderboard_chart
from bot.chat.ports import Button, Reply, ReplyField
from bot.chat.text import said, strong, time
from bot.commands.spec import SUMMARY, USAGE, UsageError
from bot.db.models import Question, Round
from bot.grading import Grade
from bot.usecases.answers import ReplyOutcome
from bot.usecases.leaderboard import LeaderRow
from bot.usecases.reveal import PersonResult
from bot.usecases.stats import MemberStats
from bot.usecases.summary import WeekData

TOPIC_TITLES = {t: t.replace("-", " ").replace("ml", "ML").capitalize() for t in TOPICS}
TOPIC_TITLES["llm"] = "LLMs and generative AI"
TOPIC_TITLES.update({"classical-ml": "Classical ML", "mlops": "MLOps"})


def stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * (3 - difficulty)


def moment(at: datetime, tz: str, now: datetime) -> str:
    """A day and time and how far off it is: `Wed 02 Dec 09:00 CET (in 18 hours)`."""
    return f"{time(at, 'f', tz)} ({time(at, 'R', tz, now)})"


def local_time(at: datetime, tz: str) -> str:
    """The time of day, shown in each reader's zone (the channel's where that cannot be)."""
    return time(at, "t", tz)


def question_card(
    question: Question,
    round_: Round,
    reveal_at: datetime,
    tz: str,
    audience: tuple[str, list[str]] | None = None,
    now: datetime | None = None,
) -> Reply:
    """`audience`: the study group a practice round is aimed at, and its members' ids;
    `now`: when the card is shown again later (`/drill today`), for "in 3 hours"."""
    title = "Question of the day" if round_.kind == "daily" else "Practice question"
    value = str(round_.id)
    body = question.prompt
    mentions: list[str] = []
    if audience is not None:  # the members are notified: adapters put them where mentions notify
        group, mentions = audience
        title = f"Practice question for {said(group)}"
    return Reply(
        mentions=list(mentions),
        kind="question",
        title=title,
        body=body,
        fields=[
            ReplyField("Topic", TOPIC_TITLES.get(question.topic, question.topic)),
            ReplyField("Difficulty", stars(question.difficulty)),
            ReplyField("Reveal", reveal_when(reveal_at, round_.created_at, tz, now)),
        ],
        buttons=[
            *([Button("Answer", "answer", value)] if round_.private else []),
            Button("Hint", "hint", value),
            Button("Reveal now", "reveal", value),
            Button("Another question", "another", value),
        ],
        footer=answer_how(round_),
        opens_thread=True,
    )


def answer_how(round_: Round) -> str:
    """How to answer, which way is private, and whether the question comes back."""
    if round_.private:
        how = (
            "Answers are private here: use the Answer button, and nobody sees yours until the reveal. "
            "Replies in this thread count too, but everyone can read them."
        )
    else:
        how = "Answer in this thread. Several replies join into one answer; edits count until the reveal."
    if round_.repeated:
        how += " This question comes back: every question in this pool has been asked here or answered by you lately."
    return how


def reveal_card(question: Question, results: list[PersonResult], round_id: int, public_details: bool = False) -> Reply:
    """The public reveal: model answer, key points, one compact row per person."""
    return reveal_cards.reveal_card(question, results, round_id, public_details=public_details)


def reveal_when(reveal_at: datetime, asked_at: datetime | None, tz: str, now: datetime | None = None) -> str:
    """The time on the day it was asked, the day and time on another day, then how long
    until it (from `now`, or from when it was asked): each reader sees it in their own
    zone where the platform can (Discord, Slack), the channel's zone `tz` elsewhere
    (`16:30 CET (in 3 hours)`, `Wed 02 Dec 06:44 CET (in 18 hours)`)."""
    same_day = asked_at is not None and (
        reveal_at.astimezone(ZoneInfo(tz)).date() == asked_at.astimezone(ZoneInfo(tz)).date()
    )
    when = time(reveal_at, "t" if same_day else "f", tz)
    since = now or asked_at
    return when if since is None else f"{when} ({time(reveal_at, 'R', tz, since)})"


def leaderboard_card(title: str, rows: list[LeaderRow]) -> Reply:
    if not rows:
        return Reply(kind="leaderboard", title=title, body="No points yet. Answer a question to get on the board!")
    lines = [
        f"{row.rank}. {said(row.name)} — {points_text(row.points)} · {row.answers} answered · "
        f"avg {percent(row.average_score)} · streak {row.streak}"
        for row in rows
    ]
    more_tied = getattr(rows, "more_tied", 0)
    if more_tied:
        lines.append(f"+{more_tied} tied at {points_text(rows[-1].points)}")
    return Reply(kind="leaderboard", title=title, rows=lines)


def local_day(at: datetime, tz: str) -> str:
    """The day (`Tue 01 Dec` in the channel's zone, with the year when it is not this
    year's), in each reader's zone where the platform can."""
    return time(at, "D", tz)


def review_card(question: Question, due: datetime) -> Reply:
    return Reply(
        kind="review",
        title="Review",
        body=question.prompt,
        fields=[
            ReplyField("Topic", TOPIC_TITLES.get(question.topic, question.topic)),
            ReplyField("Difficulty", stars(question.difficulty)),
        ],
        footer="Answer with `/drill answer YOUR ANSWER`; only you see this.",
        private=True,
    )


def review_result_card(question: Question, grade: Grade, next_due: datetime, tz: str) -> Reply:
    lines = [f"{strong('Model answer')}\n{question.answer}"]
    if grade.feedback:
        lines.append(grade.feedback)
    fields = [ReplyField("Grade", f"{round(grade.score * 100)}%")]
    if grade.covered:
        fields.append(ReplyField("Covered", ", ".join(grade.covered), inline=False))
    if grade.missed:
        fields.append(ReplyField("Missed", ", ".join(grade.missed), inline=False))
    fields.append(ReplyField("Next review", local_day(next_due, tz)))
    return Reply(kind="review", title="Review graded", body="\n\n".join(lines), fields=fields, private=True)


def chart_card(title: str, rows: list[LeaderRow], coverage: dict[str, float]) -> Reply:
    """A leaderboard with the chart image: top 10 and coverage by topic."""
    titled = {TOPIC_TITLES.get(topic, topic): value for topic, value in coverage.items()}
    card = leaderboard_card(title, rows)
    card.image = leaderboard_chart(title, rows, titled)
    card.private = False
    return card


def summary_card(title: str, data: WeekData) -> Reply:
    card = chart_card(f"Weekly summary: {title}", data.rows, data.coverage)
    card.kind = "summary"
    if data.coverage:
        best = max(data.coverage, key=lambda t: data.coverage[t])
        worst = min(data.coverage, key=lambda t: data.coverage[t])
        card.footer = (
            f"Strongest topic: {TOPIC_TITLES.get(best, best)}. "
            f"Worth a practice round: {TOPIC_TITLES.get(worst, worst)} (`/drill ask {worst}`)."
        )
    return card


def stats_card(stats: MemberStats) -> Reply:
    fields = [
        ReplyField("This week", points_text(stats.points_week)),
        ReplyField("All time", points_text(stats.points_total)),
        ReplyField("Answers graded", str(stats.answers)),
        ReplyField("Average grade", percent(stats.average_score)),
        ReplyField("Streak", plural(stats.streak, "day")),
    ]
    if stats.strongest and stats.weakest and stats.strongest != stats.weakest:
        fields.append(ReplyField("Strongest", TOPIC_TITLES.get(stats.strongest, stats.strongest)))
        fields.append(ReplyField("Work on", TOPIC_TITLES.get(stats.weakest, stats.weakest)))
    return Reply(kind="stats", title=f"Stats for {said(stats.name)}", fields=fields, private=True)


def home_card(stats: MemberStats, next_review: datetime | None, tz: str) -> Reply:
    review = "none scheduled yet" if next_review is None else time(next_review, "f", tz)
    fields = [
        ReplyField("Streak", plural(stats.streak, "day")),
        ReplyField("This week", points_text(stats.points_week)),
        ReplyField("Strongest topic", TOPIC_TITLES.get(stats.strongest or "", "answer a few questions first")),
        ReplyField("Weakest topic", TOPIC_TITLES.get(stats.weakest or "", "answer a few questions first")),
        ReplyField("Next review", review),
    ]
    return Reply(
        kind="home",
        title=f"Your Drillbot, {said(stats.name)}",
        fields=fields,
        footer="Try `/drill ask` for a practice question, or `/drill help` for everything else.",
    )


def help_card(command: str | None = None) -> Reply:
    if command:
        return Reply(
            kind="usage", title=f"/drill {command}", body=f"{SUMMARY[command]}\nUsage: `{USAGE[command]}`", private=True
        )
    rows = [f"`{USAGE[name]}` — {SUMMARY[name]}" for name in USAGE]
    return Reply(kind="usage", title="Drillbot commands", rows=rows, private=True)


def usage_card(error: UsageError) -> Reply:
    return Reply(
        kind="usage", title="That command didn't work", body=f"{error.problem}\nUsage: `{error.usage}`", private=True
    )


def topics_card(counts: dict[str, int]) -> Reply:
    lines = [f"`{topic}` — {TOPIC_TITLES[topic]}: {plural(counts.get(topic, 0), 'question')}" for topic in TOPICS]
    return Reply(kind="info", title="Topics", rows=lines, footer="Try `/drill ask TOPIC [1-3]`.", private=True)


def list_card(title: str, rows: list[str], *, empty: str = "", footer: str = "", private: bool = True) -> Reply:
    """Any list (groups, members, schedules, a queue): rows continue over as many
    messages as the platform needs, never cut."""
    return Reply(kind="info", title=title, body="" if rows else empty, rows=rows, footer=footer, private=private)


OUTCOME_TEXT = {
    ReplyOutcome.RECORDED: "answer recorded",
    ReplyOutcome.JOINED: "added to your answer",
    ReplyOutcome.DUPLICATE: "already counted",
    ReplyOutcome.LATE: "after the reveal: kept, but it earns nothing",
    ReplyOutcome.EMPTY: "nothing to record",
    ReplyOutcome.TOO_LONG: "too long: nothing was recorded; shorten it and send it again",
    ReplyOutcome.CHANGED: "answer changed",
}
OPEN_OUTCOMES = (ReplyOutcome.RECORDED, ReplyOutcome.JOINED, ReplyOutcome.CHANGED, ReplyOutcome.DUPLICATE)


def answer_receipt(outcome: ReplyOutcome | None, round_id: int, length: int, limit: int) -> Reply:
    """The private answer to an answer-box submission: recorded (with an Edit button while
    the round is open), too long, late, or a round that is gone."""
    if outcome is None:
        return info("That question is gone.")
    if outcome == ReplyOutcome.TOO_LONG:
        return too_long(length, limit)
    if outcome not in OPEN_OUTCOMES:
        return info(f"✓ {OUTCOME_TEXT[outcome]}")
    return Reply(
        kind="info",
        body=f"✓ {OUTCOME_TEXT[outcome]}; nobody else sees it, and you can change it until the reveal.",
        buttons=[Button("Edit", "answer", str(round_id))],
        private=True,
    )


def too_long(length: int, limit: int) -> Reply:
    """An answer refused for its length; nothing of it was stored."""
    return info(
        f"Your answer is {length:,} characters; answers are at most {limit:,}. "
        "Nothing was recorded: shorten it and send it again.",
        title="Answer too long",
    )


def info(text: str, *, title: str = "", private: bool = True) -> Reply:
    return Reply(kind="info", title=title, body=text, private=private)


def plural(count: int, word: str) -> str:
    """`1 day`, `2 days`: counts read as a person writes them."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def points_text(points: int) -> str:
    return f"{points} pt" if points == 1 else f"{points} pts"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"
