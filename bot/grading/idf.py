"""How informative each stem is, learned from the question bank.

"Model" and "data" appear in most answers and say little; "Hausdorff" or "bootstrap"
say a lot. Inverse document frequency over the bank's questions gives that weight; a
stem the bank never uses counts as informative (it is rare by definition).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from bot.grading.text import content_stems


class Idf:
    def __init__(self, documents: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        total = 0
        for document in documents:
            counts.update(content_stems(document))
            total += 1
        self.total = max(total, 1)
        self._idf = {s: math.log((1 + self.total) / (1 + n)) + 1.0 for s, n in counts.items()}
        self.unseen = math.log(1 + self.total) + 1.0

    def __call__(self, stem: str) -> float:
        weight = self._idf.get(stem, self.unseen)
        return weight * 0.5 if len(stem) == 1 else weight

    def weight(self, stems: Iterable[str]) -> float:
        return sum(self(s) for s in stems)


@lru_cache(maxsize=1)
def bank_idf() -> Idf:
    """IDF over the shipped bank: one document per question (prompt, answer, key points)."""
    from bot.bank.loader import load_bank

    documents = []
    for loaded in load_bank().questions:
        spec = loaded.spec
        points = " ".join(kp.point + " " + " ".join(kp.aliases) for kp in spec.key_points)
        documents.append(f"{spec.prompt} {spec.answer} {points}")
    return Idf(documents)
