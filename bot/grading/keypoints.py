"""A simple key-point matcher: a key point is covered when the reply contains the
point's content words, or one of its aliases', allowing for simple word endings.
It is deterministic and cheap; a stronger scorer can replace it behind `Grader`."""

from __future__ import annotations

import re

from bot.grading.base import Grade, GradingQuestion

WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """a an the of to in on for and or is are be by with as at it its this that from into than then so if
    not no can one more most less very""".split()  # noqa: SIM905
)
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS}


def phrases_of(key_point: dict[str, object]) -> list[str]:
    aliases = key_point.get("aliases") or []
    return [str(key_point["point"]), *(str(a) for a in aliases)]  # type: ignore[union-attr]


class KeyPointGrader:
    """Score = share of key points whose words (or an alias's words) all appear."""

    def grade(self, question: GradingQuestion, reply: str) -> Grade:
        reply_stems = content_stems(reply)
        covered, missed = [], []
        for key_point in question.key_points:
            hit = any((wanted := content_stems(phrase)) and wanted <= reply_stems for phrase in phrases_of(key_point))
            (covered if hit else missed).append(str(key_point["point"]))
        total = len(covered) + len(missed)
        score = len(covered) / total if total else 0.0
        return Grade(round(score, 3), covered, missed, _feedback(covered, missed))


def _feedback(covered: list[str], missed: list[str]) -> str:
    if not covered:
        return "None of the key points came through; read the model answer and try the next one."
    if not missed:
        return "Every key point covered. Well done."
    return f"Covered {len(covered)} of {len(covered) + len(missed)} key points; worth adding: {missed[0]}."
