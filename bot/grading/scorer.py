"""The default scorer: how much of the reference's ideas a reply states, and how much of
the reply is about them.

1. The ideas are the question's key points (phrases or whole sentences, with their
   aliases), or, when it has none, the model answer's bold phrases (three or more that
   the prompt does not give away) or else its sentences.
2. An idea is stated when one sentence of the reply (or two neighbouring ones) holds its
   informative words: each word weighs what it says (its surprise in general English,
   lowered for words the whole bank uses), words of the prompt count a quarter, and a
   close spelling counts most of a word. The idea's credit is the square root of the
   share found: people say an idea with some of the reference's words and some of their
   own, so the share of words found understates how much of the idea was said. There is
   no cut-off: any share earns something.
3. Recall is the mean credit over the ideas (weighted by their informative words when
   they are the model answer's sentences).
4. Precision is the share of the reply's own informative words that belong to the
   question. The score is their F-measure with recall weighted twice precision
   (van Rijsbergen's F-beta, beta = 2): padding a good answer with unrelated text dilutes
   it, a concise answer loses nothing.
5. A clause that says the opposite of the reference (negated, or with a term swapped for
   its opposite) makes the answer wrong: the idea is marked contradicted and the score
   is capped, whatever else the answer says (contradiction.py).
6. Gaming attempts are capped and named (gaming.py).

Deterministic, CPU-cheap, no model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.grading import contradiction, gaming
from bot.grading.base import Grade, GradingQuestion, PointResult, PointStatus
from bot.grading.reference import Idea, Phrase, Reference, prepare
from bot.grading.text import analyse, sentences, stem_pairs
from bot.grading.weights import Idf, Weights

FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 88.0  # a close spelling of a word counts (typos)...
FUZZY_CUTOFF_LONG = 80.0  # ...a little looser for long words, where one slip costs less
FUZZY_CREDIT = 0.8
BETA = 2.0  # recall matters this many times as much as precision (the usual F2)
COVERED, PARTLY = 2 / 3, 1 / 3  # thirds of an idea's words, for the explanation only
EVIDENCE_CHARS = 160
CONTRADICTION_CAP = 0.2  # stating the opposite of a key idea makes an answer wrong, however much else it says
OFF_TOPIC = 0.15  # below this precision and recall, the feedback says the reply is about something else


@dataclass(frozen=True)
class Span:
    text: str
    stems: frozenset[str]


@dataclass(frozen=True)
class Reading:
    """A reply as the scorer reads it: its sentences (each once) and neighbouring pairs."""

    spans: tuple[Span, ...]  # the sentences first, then the neighbouring pairs
    sentences: int
    stems: frozenset[str]
    tokens: tuple[tuple[str, float], ...]  # every informative word (stem, weight), repeats kept
    where: dict[str, tuple[int, ...]]  # each stem: the spans that hold it
    spelled: dict[str, tuple[str, float] | None] = field(default_factory=dict)  # look-ups of `found`, per reply


@dataclass(frozen=True)
class IdeaMatch:
    idea: Idea
    credit: float
    evidence: str
    contradicted: str = ""


class DefaultScorer:
    def __init__(self, idf: Idf | None = None) -> None:
        self.weights = Weights(idf)
        self._prepare = lru_cache(maxsize=1024)(self._prepare_uncached)
        self._last: tuple[GradingQuestion, Reference] | None = None

    def _prepare_uncached(self, prompt: str, answer: str, key_points: str) -> Reference:
        return prepare(GradingQuestion(prompt, answer, json.loads(key_points)), self.weights)

    def reference(self, question: GradingQuestion) -> Reference:
        """Prepared once per question: a round grades many replies to the same one."""
        last = self._last
        if last is not None and last[0] is question:
            return last[1]
        reference = self._prepare(question.prompt, question.answer, json.dumps(question.key_points, sort_keys=True))
        self._last = (question, reference)
        return reference

    def grade(self, question: GradingQuestion, reply: str, earlier: Sequence[str] = ()) -> Grade:
        reference = self.reference(question)
        names = [idea.name for idea in reference.ideas]
        text = analyse(reply)
        asked = reference.prompt
        pieces = sentences(reply)
        listed = gaming.keyword_list(text, reply)
        blocking = (
            gaming.no_attempt(text, reply)
            or gaming.gibberish(text)
            or gaming.copied_peer(reply, earlier)
            or gaming.copied_question(text, asked, frozenset(reference.vocabulary) - reference.asked)
            or gaming.repetition(reply, pieces, text)
            or (None if listed else gaming.word_salad(text, asked, reference.answer))
        )
        if blocking is not None:
            unmet = tuple(PointResult(n, "missed") for n in names)
            return Grade(blocking.cap, [], names, blocking.feedback, blocking.reason, unmet)

        reading = self.read(pieces)
        matches = [self.match(idea, reading) for idea in reference.ideas]
        if contradiction.may_contradict(text.words, reading.stems):
            matches = self.contradictions(reference, reading, matches)
        total = sum(m.idea.weight for m in matches) or 1.0
        coverage = max(0.0, sum(m.idea.weight * (m.credit if not m.contradicted else -m.credit) for m in matches))
        recall = coverage / total
        precision = self.precision(reference, reading)
        score = f_beta(precision, recall)

        points = tuple(explain(m) for m in matches)
        covered = [p.point for p in points if p.status == "covered"]
        missed = [p.point for p in points if p.status != "covered"]
        verdict = listed or gaming.too_short(text, len(reference.vocabulary))
        wrong = next((p for p in points if p.status == "contradicted"), None)
        if verdict is None and wrong is not None:
            verdict = gaming.Verdict("contradiction", CONTRADICTION_CAP, contradiction_feedback(wrong))
        if verdict is None and precision < OFF_TOPIC and recall < OFF_TOPIC:
            verdict = gaming.Verdict("off-topic", 1.0, "This seems to answer a different question; reread the prompt.")
        if verdict is not None:
            return Grade(round(min(score, verdict.cap), 3), covered, missed, verdict.feedback, verdict.reason, points)
        return Grade(round(min(1.0, score), 3), covered, missed, feedback(points), None, points)

    def grade_many(self, question: GradingQuestion, replies: Sequence[str]) -> list[Grade]:
        return [self.grade(question, reply, replies[:i]) for i, reply in enumerate(replies)]

    def read(self, pieces: list[str]) -> Reading:
        unique = list(dict.fromkeys(pieces))
        stem_sets = [frozenset(s for s, _ in stem_pairs(p)) for p in unique]
        spans = [Span(p, s) for p, s in zip(unique, stem_sets, strict=True)]
        spans += [Span(f"{unique[i]} {unique[i + 1]}", stem_sets[i] | stem_sets[i + 1]) for i in range(len(unique) - 1)]
        tokens = tuple((s, self.weights(s, w)) for piece in unique for s, w in stem_pairs(piece))
        where: dict[str, list[int]] = {}
        for index, span in enumerate(spans):
            for s in span.stems:
                where.setdefault(s, []).append(index)
        located = {s: tuple(indexes) for s, indexes in where.items()}
        return Reading(tuple(spans), len(unique), frozenset(located), tokens, located)

    def found(self, stem: str, reading: Reading) -> tuple[str, float] | None:
        """The reply's stem that says `stem` (itself, or a close spelling), and its credit."""
        if stem in reading.stems:
            return stem, 1.0
        if len(stem) < FUZZY_MIN_LENGTH:
            return None
        if stem not in reading.spelled:
            cutoff = FUZZY_CUTOFF_LONG if len(stem) >= 7 else FUZZY_CUTOFF
            hit = process.extractOne(stem, reading.stems, scorer=fuzz.ratio, score_cutoff=cutoff)
            reading.spelled[stem] = (hit[0], FUZZY_CREDIT) if hit else None
        return reading.spelled[stem]

    def match(self, idea: Idea, reading: Reading) -> IdeaMatch:
        """The best credit any phrase of the idea gets from one span of the reply."""
        best, evidence = 0.0, ""
        for phrase in idea.phrases:
            credit, where = self.phrase_credit(phrase, reading)
            if credit > best:
                best, evidence = credit, where
        return IdeaMatch(idea, best, evidence)

    def phrase_credit(self, phrase: Phrase, reading: Reading) -> tuple[float, str]:
        hits = [(self.found(s, reading), w) for s, w in zip(phrase.stems, phrase.weights, strict=True)]
        found = [(hit, w) for hit, w in hits if hit is not None]
        if not found or not phrase.total:
            return 0.0, ""
        got: dict[int, float] = {}
        for (s, credit), w in found:
            for index in reading.where[s]:
                got[index] = got.get(index, 0.0) + w * credit
        best = max(got, key=lambda index: (got[index], -index))
        return phrase.ceiling * math.sqrt(got[best] / phrase.total), reading.spans[best].text

    def contradictions(self, reference: Reference, reading: Reading, matches: list[IdeaMatch]) -> list[IdeaMatch]:
        """Mark the ideas the reply contradicts: each clause of the reply that says the
        opposite of the reference is charged to the idea whose words it shares most."""
        if not reference.clauses:
            return matches
        marked = list(matches)
        for span in reading.spans[: reading.sentences]:
            for found in contradiction.find(span.text, reference.clauses):
                said = frozenset(s for s, _ in stem_pairs(found.said))
                overlaps = [len(said & set(s for p in m.idea.phrases for s in p.stems)) for m in marked]
                k = max(range(len(marked)), key=lambda i: (overlaps[i], marked[i].credit)) if marked else None
                if k is not None and not marked[k].contradicted:
                    m = marked[k]
                    marked[k] = IdeaMatch(m.idea, max(m.credit, PARTLY), found.said, found.reference)
        return marked

    def precision(self, reference: Reference, reading: Reading) -> float:
        """Share of the reply's informative words, as written (repeats count), that belong
        to the question: its prompt, its model answer or its key points."""
        total = sum(w for _, w in reading.tokens)
        if not total:
            return 0.0
        on_topic = reference.vocabulary.keys() | reference.asked
        for idea in reference.ideas:
            for phrase in idea.phrases:
                on_topic |= set(phrase.stems)
        return sum(w for s, w in reading.tokens if s in on_topic) / total


def f_beta(precision: float, recall: float) -> float:
    if precision <= 0 or recall <= 0:
        return 0.0
    b2 = BETA * BETA
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def explain(match: IdeaMatch) -> PointResult:
    evidence = match.evidence if len(match.evidence) <= EVIDENCE_CHARS else match.evidence[: EVIDENCE_CHARS - 1] + "…"
    if match.contradicted:
        return PointResult(match.idea.name, "contradicted", evidence)
    status: PointStatus = "covered" if match.credit >= COVERED else "partly" if match.credit >= PARTLY else "missed"
    return PointResult(match.idea.name, status, evidence if status != "missed" else "")


def contradiction_feedback(point: PointResult) -> str:
    return f'You said "{point.evidence}"; the model answer says the opposite. Compare the two.'


def feedback(points: Sequence[PointResult]) -> str:
    covered = [p for p in points if p.status == "covered"]
    missed = [p for p in points if p.status != "covered"]
    if not covered and not any(p.status == "partly" for p in points):
        return "None of the key points came through; compare your answer with the model answer."
    if not missed:
        return "Every key point covered. Well done."
    lead = "Good answer" if len(covered) >= len(missed) else "A start"
    return f"{lead}: {len(covered)} of {len(points)} key points. Worth adding: {missed[0].point}."
