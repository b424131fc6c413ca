"""The reveal, public and compact, and each person's detailed feedback, private.

The public card holds the model answer, the key points and one short row per person
(rank, name, score, points, late or copied marked), in score order: adapters continue
it over as many messages as their platform needs (bot/chat/paging.py). What each
person covered, partly covered, missed or contradicted, with the words that matched,
goes to that person alone (the "My feedback" button, `/drill feedback`), unless the
channel asked for public details.
"""

from __future__ import annotations

from bot.chat.ports import Button, Reply
from bot.chat.text import said, strong
from bot.db.models import Question
from bot.usecases.reveal import PersonResult

SHOWN_CHARS = 300  # of each person's answer at the reveal: people learn from each other
STATUS = {"covered": "✓ covered", "partly": "◐ partly", "missed": "✗ missed", "contradicted": "⚠ contradicted"}


def points_text(points: int) -> str:
    return f"{points} pt" if points == 1 else f"{points} pts"


def percent(score: float | None) -> str:
    return f"{round((score or 0) * 100)}%"


def copied(result: PersonResult) -> bool:
    return bool(result.flag and result.flag.endswith("copy"))


def result_row(rank: int | None, result: PersonResult) -> str:
    """One person's line: `3. Ana — 72% · +12 pts`, late and copied answers marked."""
    if result.late:
        return f"• {said(result.name)} — late: kept, not scored"
    row = f"{rank}. {said(result.name)} — {percent(result.score)} · +{points_text(result.points)}"
    return row + (" · copied" if copied(result) else "")


def answer_excerpt(text: str) -> str:
    """The person's answer under their result, its first SHOWN_CHARS characters on one line."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    cut = flat if len(flat) <= SHOWN_CHARS else flat[: SHOWN_CHARS - 1] + "…"
    return f"\n    “{said(cut)}”"


def detail_lines(result: PersonResult) -> list[str]:
    """Each key point with its verdict and the person's words that matched it."""
    if result.details:
        lines = []
        for point in result.details:
            evidence = point.get("evidence") or ""
            quoted = f": “{said(evidence)}”" if evidence else ""
            lines.append(
                f"{STATUS.get(point.get('status', ''), point.get('status', ''))} — {point.get('point', '')}{quoted}"
            )
    else:  # graded before per-point results were kept
        lines = [f"{STATUS['covered']} — {p}" for p in result.covered] + [
            f"{STATUS['missed']} — {p}" for p in result.missed
        ]
    if result.feedback:
        lines.append(result.feedback)
    return lines


def reveal_card(
    question: Question, results: list[PersonResult], round_id: int, *, public_details: bool = False
) -> Reply:
    body = [f"{strong('Model answer')}\n{question.answer}"]
    if question.key_points:
        body.append(strong("Key points") + "\n" + "\n".join(f"• {kp['point']}" for kp in question.key_points))
    rows: list[str] = []
    rank = 0
    for result in results:
        rank += 0 if result.late else 1
        row = result_row(rank, result) + answer_excerpt(result.text)
        if public_details and not result.late:
            row = "\n".join([row, *("    " + line for line in detail_lines(result))])
        rows.append(row)
    in_time = sum(not r.late for r in results)
    if not results:
        footer = "No answers this time."
    else:
        late = len(results) - in_time
        footer = f"{len(results)} answered" + (f" ({in_time} in time, {late} late)." if late else ".")
        footer += f" Your own feedback: the button, or `/drill feedback {round_id}`."
    if question.follow_up:
        footer += f" Follow-up to think about: {question.follow_up}"
    buttons = [Button("My feedback", "feedback", str(round_id))] if results else []
    return Reply(
        kind="reveal",
        title="The answer",
        body="\n\n".join(body),
        rows=rows,
        buttons=buttons,
        footer=footer,
    )


def feedback_card(question: Question, result: PersonResult, round_id: int) -> Reply:
    """One person's detailed result, for them alone."""
    if result.late:
        summary = "You answered after the reveal: your answer is kept but not scored."
    else:
        summary = f"{strong(percent(result.score))}, +{points_text(result.points)}" + (
            " (it matched an earlier answer, so it scores nothing)" if copied(result) else ""
        )
    return Reply(
        kind="feedback",
        title="Your feedback",
        body=f"{summary}\n\n{strong('Question')}\n{question.prompt}",
        rows=[] if result.late else detail_lines(result),
        footer=f"Round {round_id}. Only you see this."
        + ("" if result.late else " Think the grade is wrong? `/drill dispute [why]` or the button."),
        buttons=[] if result.late else [Button("Dispute", "dispute", str(round_id))],
        private=True,
    )
