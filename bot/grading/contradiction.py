"""Right words, wrong idea: a reply clause that says the opposite of the reference.

Two signs, both read clause by clause against the reference clause the reply clause is
about (the one sharing most of its informative words):

- polarity: one of the two is negated ("not", "no", "never", "-n't", "without") and the
  other is not;
- a swapped term: the reference clause has one side of a pair of opposites
  (overfitting / underfitting, simple / complex, L1 / L2, high / low...) and the reply
  clause has the other side instead; or the reply ties a term to what the reference
  says of its opposite ("precision ... actual positives" when the reference says that
  of recall).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.grading.text import STOPWORDS, clauses, sentences, stem, words

NEGATORS = frozenset(
    "not no never cannot neither nor none nothing without lack lacks lacking omit omits omitted omitting missing "  # noqa: SIM905
    "avoid avoids avoided fail fails failed instead absent absence unless".split()
)
CONTRACTED = frozenset("t dont doesnt isnt arent cant wont didnt wasnt werent shouldnt couldnt".split())  # noqa: SIM905
CONTRACTED_NOT = re.compile(r"n't\b|\b(dont|doesnt|isnt|arent|cant|wont|didnt|wasnt|werent|shouldnt|couldnt)\b")
OPPOSITES = [
    ("overfit", "underfit"),
    ("simpl", "complex"),
    ("high", "low"),
    ("increas", "decreas"),
    ("more", "less"),
    ("larg", "small"),
    ("bigger", "smaller"),
    ("precis", "recal"),
    ("sensit", "specif"),
    ("l1", "l2"),
    ("bias", "varianc"),
    ("posit", "negat"),
    ("true", "fals"),
    ("abov", "below"),
    ("befor", "after"),
    ("minim", "maxim"),
    ("fast", "slow"),
    ("faster", "slower"),
    ("underconfid", "overconfid"),
    ("supervis", "unsupervis"),
    ("encod", "decod"),
    ("train", "infer"),
]
PARTNER = {a: b for a, b in OPPOSITES} | {b: a for a, b in OPPOSITES}
OPPOSED = frozenset(PARTNER)
STOP = frozenset(stem(w) for w in STOPWORDS) | frozenset(
    "t s doesn isn aren don can won didn wasn weren shouldn couldn".split()  # noqa: SIM905
)
MIN_SHARED = 2  # a reply clause is "about" a reference clause when they share this many other stems
SAME_CLAIM = 0.6  # a negation flips a claim only in a clause that otherwise says the same (Jaccard of its words)


@dataclass(frozen=True)
class Clause:
    text: str
    stems: frozenset[str]
    negated: bool
    core: frozenset[str] = frozenset()  # its stems other than the terms that have an opposite


@lru_cache(maxsize=8192)
def read_clauses(text: str) -> tuple[Clause, ...]:
    result = []
    for piece in (c for sentence in sentences(text) for c in clauses(sentence)):
        tokens = words(piece)
        negated = any(t in NEGATORS for t in tokens) or bool(CONTRACTED_NOT.search(piece.lower().replace("’", "'")))
        stems = frozenset(s for s in (stem(t) for t in tokens if t not in NEGATORS) if s in PARTNER or s not in STOP)
        result.append(Clause(piece.strip(), stems, negated, stems - OPPOSED))
    return tuple(result)


@dataclass(frozen=True)
class Contradiction:
    said: str  # the reply's clause
    reference: str  # the reference clause it contradicts


def _swapped(reply: Clause, ref: Clause, reference: Sequence[Clause]) -> bool:
    for term in reply.stems & PARTNER.keys():
        other = PARTNER[term]
        if other in reply.stems:
            continue
        rest = reply.stems - {term, other}
        if (
            other in ref.stems
            and term not in ref.stems
            and len(rest & ref.stems) >= SAME_CLAIM * len(ref.stems - {other})
        ):
            return True
        # the reference says what the reply says of `term`, but of `other`
        home = [c for c in reference if term in c.stems and other not in c.stems]
        away = [c for c in reference if other in c.stems and term not in c.stems]
        if home and away:
            near_home = max(len(rest & (c.stems - {term})) for c in home)
            near_away = max(len(rest & (c.stems - {other})) for c in away)
            if near_away >= MIN_SHARED and near_away > near_home:
                return True
    return False


def may_contradict(tokens: Sequence[str], stems: frozenset[str]) -> bool:
    """Whether a reply has any negation or any term with an opposite: most have none."""
    return bool(stems & OPPOSED) or any(t in NEGATORS or t in CONTRACTED for t in tokens)


def jaccard(a: Clause, b: Clause) -> float:
    union = a.core | b.core
    return len(a.core & b.core) / len(union) if union else 0.0


def find(reply_text: str, reference: Sequence[Clause]) -> list[Contradiction]:
    """Clauses of the reply that contradict the reference clause they are about (the one
    most alike in words; where two are equally alike, the one that agrees wins)."""
    found = []
    for clause in read_clauses(reply_text):
        if any(clause.stems <= ref.stems and ref.negated == clause.negated for ref in reference):
            continue  # it says (part of) what a reference clause says
        about = [ref for ref in reference if len(clause.core & ref.core) >= MIN_SHARED]
        if not about:
            continue
        best = max(about, key=lambda ref: (jaccard(clause, ref), ref.negated == clause.negated))
        same_claim = jaccard(clause, best) >= SAME_CLAIM
        if (same_claim and clause.negated != best.negated) or _swapped(clause, best, reference):
            found.append(Contradiction(clause.text, best.text))
    return found
