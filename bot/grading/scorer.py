"""The default scorer: key-point coverage, weighted by how informative each word is.

For every key point (or alias) we ask what share of its informative stems the reply
contains, exactly or as a close spelling. Stems that only repeat the question count
for little. Coverage is then held down when the reply is off the question's topic or
padded with unrelated terms, and capped when it is a gaming attempt (gaming.py).
Deterministic, CPU-cheap, no model download.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.grading import gaming
from bot.grading.base import Grade, GradingQuestion
from bot.grading.concepts import derive_key_points
from bot.grading.idf import Idf, bank_idf
from bot.grading.text import Analysed, analyse

FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 88.0  # a close spelling of a stem counts (typos)...
FUZZY_CUTOFF_LONG = 80.0  # ...a little looser for long stems, where one slip costs less
FUZZY_CREDIT = 0.8
QUESTION_WORD_CREDIT = 0.25


@dataclass(frozen=True)
class Tuning:
    """The few numbers that shape the score. Chosen by a grid search on half of the
    questions in tests/grading/labelled.yaml and checked on the other half."""

    covered_at: float = 0.6  # a key point counts as covered from this match upward
    partial_from: float = 0.45  # below this a key point earns nothing
    relevance_floor: float = 0.25  # below this share of on-topic content, the reply is off-topic
    relevance_full: float = 0.4  # from this share upward, no relevance penalty


def key_point_phrases(key_point: dict[str, object]) -> list[str]:
    aliases = key_point.get("aliases") or []
    return [str(key_point["point"]), *(str(a) for a in aliases)]  # type: ignore[union-attr]


class DefaultScorer:
    def __init__(self, idf: Idf | None = None, tuning: Tuning | None = None) -> None:
        self.idf = idf or bank_idf()
        self.tuning = tuning or Tuning()

    def grade(self, question: GradingQuestion, reply: str, earlier: Sequence[str] = ()) -> Grade:
        key_points = question.key_points or derive_key_points(question.prompt, question.answer, self.idf)
        names = [str(kp["point"]) for kp in key_points]
        text = analyse(reply)
        asked = analyse(question.prompt)

        blocking = (
            gaming.no_attempt(text, reply)
            or gaming.gibberish(text)
            or gaming.copied_peer(reply, earlier)
            or gaming.copied_question(text, asked)
        )
        if blocking is not None:
            return Grade(blocking.cap, [], names, blocking.feedback, blocking.reason)

        matches = [self.match(kp, text, asked) for kp in key_points]
        covered = [n for n, m in zip(names, matches, strict=True) if m >= self.tuning.covered_at]
        missed = [n for n, m in zip(names, matches, strict=True) if m < self.tuning.covered_at]
        coverage = sum(self.credit(m) for m in matches) / len(matches) if matches else 0.0

        relevance = self.relevance(text, question, key_points)
        score = coverage * self.relevance_factor(relevance)
        verdict = gaming.keyword_list(text, reply) or gaming.too_short(text)
        if relevance < self.tuning.relevance_floor and coverage < 0.35:
            verdict = gaming.Verdict("off-topic", 0.1, "This seems to answer a different question; reread the prompt.")
        if verdict is not None:
            score = min(score, verdict.cap)
            return Grade(round(score, 3), covered, missed, verdict.feedback, verdict.reason)
        return Grade(round(min(1.0, score), 3), covered, missed, feedback(covered, missed))

    def match(self, key_point: dict[str, object], reply: Analysed, asked: Analysed) -> float:
        """How well the reply states this key point, 0..1: the best of its phrases."""
        return max(self.phrase_match(phrase, reply, asked) for phrase in key_point_phrases(key_point))

    def phrase_match(self, phrase: str, reply: Analysed, asked: Analysed) -> float:
        wanted = list(dict.fromkeys(analyse(phrase).stems))
        if not wanted:
            return 0.0
        reply_stems = reply.stem_set
        fresh = [s for s in wanted if s not in asked.stem_set]
        credit = 1.0
        if not fresh:  # the phrase only repeats the question: saying it proves little
            fresh, credit = wanted, QUESTION_WORD_CREDIT
        total = self.idf.weight(fresh)
        found = 0.0
        for s in fresh:
            if s in reply_stems:
                found += self.idf(s)
            elif len(s) >= FUZZY_MIN_LENGTH and process.extractOne(
                s, reply_stems, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF_LONG if len(s) >= 7 else FUZZY_CUTOFF
            ):
                found += self.idf(s) * FUZZY_CREDIT
        return credit * found / total if total else 0.0

    def credit(self, match: float) -> float:
        low, high = self.tuning.partial_from, self.tuning.covered_at
        return max(0.0, min(1.0, (match - low) / (high - low)))

    def relevance(self, reply: Analysed, question: GradingQuestion, key_points: list[dict[str, object]]) -> float:
        """Informativeness-weighted share of the reply's words that belong to this question."""
        reference = analyse(question.prompt).stem_set | analyse(question.answer).stem_set
        for kp in key_points:
            for phrase in key_point_phrases(kp):
                reference |= analyse(phrase).stem_set
        stems = reply.stem_set
        total = self.idf.weight(stems)
        return self.idf.weight(stems & reference) / total if total else 0.0

    def relevance_factor(self, relevance: float) -> float:
        low, high = self.tuning.relevance_floor, self.tuning.relevance_full
        return max(0.0, min(1.0, 0.5 + 0.5 * (relevance - low) / (high - low)))


def feedback(covered: list[str], missed: list[str]) -> str:
    if not covered:
        return "None of the key points came through; compare your answer with the model answer."
    if not missed:
        return "Every key point covered. Well done."
    if len(covered) >= len(missed):
        return f"Good answer: {len(covered)} of {len(covered) + len(missed)} key points. Worth adding: {missed[0]}."
    return f"A start: {len(covered)} of {len(covered) + len(missed)} key points. Worth adding: {missed[0]}."
