"""How informative each word is: surprise in general English, lowered for words our
own bank uses everywhere.

A reply that says "overfitting" tells a grader more than one that says "model". The
main signal is how rare a word is in general English (the `wordfreq` package, Zipf
scale: 7.7 for "the", 5 for "model", under 2 for "overfitting"), so questions from any
domain get sensible weights. Where a bank is available, a word that nearly every bank
question uses (within our domain, "model" or "data") is weighted down a little more.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.grading.text import content_stems

if TYPE_CHECKING:
    pass

MAX_ZIPF = 8.0  # a little above the most frequent English word ("the", 7.7)
UNSEEN_ZIPF = 1.0  # a word wordfreq has never seen is about as rare as it lists words


@lru_cache(maxsize=131072)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") or UNSEEN_ZIPF


def known_word(word: str) -> bool:
    return zipf(word) > UNSEEN_ZIPF or zipf_listed(word)


@lru_cache(maxsize=131072)
def zipf_listed(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") > 0


def surprise(word: str) -> float:
    """Information content in units of log10: how unexpected the word is in English."""
    if word.isdigit():
        return 2.0
    return max(0.5, MAX_ZIPF - zipf(word))


class Idf:
    """Inverse document frequency over a bank's questions, scaled to (0, 1]: 1 for a
    stem that few questions use, lower for one that most use."""

    def __init__(self, documents: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        total = 0
        for document in documents:
            counts.update(content_stems(document))
            total += 1
        self.total = max(total, 1)
        top = math.log(1 + self.total)
        self._share = {s: math.log((1 + self.total) / (1 + n)) / top for s, n in counts.items()}

    def damping(self, stem: str) -> float:
        """1.0 for stems rare in the bank, down to 0.5 for stems in every question."""
        return 0.5 + 0.5 * self._share.get(stem, 1.0)


class Weights:
    """Weight of a stem, given a surface word it was written as."""

    def __init__(self, idf: Idf | None = None) -> None:
        self.idf = idf

    def __call__(self, stem: str, word: str) -> float:
        weight = surprise(word)
        return weight * self.idf.damping(stem) if self.idf is not None else weight
