"""What a reply is graded against, prepared once per question: the ideas to look for
(its key points, or the model answer's sentences when it has none), the informativeness
of each word, and the reference's clauses for spotting contradictions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.grading.base import GradingQuestion
from bot.grading.contradiction import Clause, read_clauses
from bot.grading.text import Analysed, analyse, sentences, stem_pairs
from bot.grading.weights import Weights

LABEL_WORDS = 8  # a derived idea is shown by its first few words
PROMPT_ONLY_CEILING = 0.25
BOLD = re.compile(r"\*\*([^*\n]{2,60})\*\*")
MIN_BOLD = 3  # an answer that marks this many phrases in bold has named its own key ideas


@dataclass(frozen=True)
class Phrase:
    """One way of stating an idea: its informative stems and their weights, and the most
    it can earn (a phrase that only repeats the prompt proves little)."""

    stems: tuple[str, ...]
    weights: tuple[float, ...]
    ceiling: float = 1.0

    @property
    def total(self) -> float:
        return sum(self.weights)


@dataclass(frozen=True)
class Idea:
    """A key point (or a sentence of the model answer) and the ways to say it."""

    name: str
    phrases: tuple[Phrase, ...]
    weight: float  # its share of the score


@dataclass(frozen=True)
class Reference:
    ideas: tuple[Idea, ...]
    vocabulary: dict[str, float]  # every stem of the reference, with its weight
    asked: frozenset[str]  # stems of the prompt
    clauses: tuple[Clause, ...]
    prompt: Analysed
    answer: Analysed


def phrase(text: str, asked: frozenset[str], weights: Weights) -> Phrase | None:
    """The phrase's stems that the prompt does not already give away (all of them when
    it only repeats the prompt, then earning a quarter at most)."""
    pairs = list(dict(stem_pairs(text)).items())
    if not pairs:
        return None
    fresh = [(s, w) for s, w in pairs if s not in asked]
    if fresh:
        return Phrase(tuple(s for s, _ in fresh), tuple(weights(s, w) for s, w in fresh))
    return Phrase(tuple(s for s, _ in pairs), tuple(weights(s, w) for s, w in pairs), PROMPT_ONLY_CEILING)


def label(sentence: str) -> str:
    cut = sentence.split()
    return " ".join(cut[:LABEL_WORDS]) + ("…" if len(cut) > LABEL_WORDS else "")


def prepare(question: GradingQuestion, weights: Weights) -> Reference:
    asked = frozenset(s for s, _ in stem_pairs(question.prompt))
    ideas: list[Idea] = []
    for kp in question.key_points:
        texts = [str(kp["point"]), *(str(a) for a in (kp.get("aliases") or []))]
        phrases = tuple(p for p in (phrase(t, asked, weights) for t in texts) if p is not None)
        if phrases:
            ideas.append(Idea(str(kp["point"]), phrases, 1.0))
    bold = [  # a bold phrase that only repeats the prompt names no new idea
        text
        for text in dict.fromkeys(m.strip() for m in BOLD.findall(question.answer))
        if any(s not in asked for s, _ in stem_pairs(text))
    ]
    from_sentences = not ideas and len(bold) < MIN_BOLD
    if not ideas and not from_sentences:
        for text in bold:
            p = phrase(text, asked, weights)
            if p is not None:
                ideas.append(Idea(text, (p,), 1.0))
    elif from_sentences:
        for sentence in sentences(question.answer) or [question.answer]:
            p = phrase(sentence, asked, weights)
            if p is not None and p.total > 0:
                ideas.append(Idea(label(sentence), (p,), p.total))
    vocabulary: dict[str, float] = {}
    for text in [question.answer, *(str(kp["point"]) for kp in question.key_points)]:
        for s, w in stem_pairs(text):
            vocabulary.setdefault(s, weights(s, w))
    clauses = tuple(read_clauses(question.answer))
    return Reference(tuple(ideas), vocabulary, asked, clauses, analyse(question.prompt), analyse(question.answer))
