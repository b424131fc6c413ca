"""Key points for a question that has none (a team's own questions, or `drillbot grade`
lines without `key_points`): the model answer's bold phrases, else its most
informative words that the question does not already contain."""

from __future__ import annotations

import re
from collections import Counter

from bot.grading.idf import Idf
from bot.grading.text import STOPWORDS, content_stems, stem, words

BOLD = re.compile(r"\*\*([^*\n]{2,60})\*\*")
MAX_CONCEPTS = 6


def derive_key_points(prompt: str, answer: str, idf: Idf) -> list[dict[str, object]]:
    bold = list(dict.fromkeys(m.strip() for m in BOLD.findall(answer)))
    if len(bold) >= 3:
        return [{"point": phrase, "aliases": []} for phrase in bold[:MAX_CONCEPTS]]
    asked = content_stems(prompt)
    surface: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for word in words(answer):
        if word in STOPWORDS or len(word) < 3 or word.isdigit():
            continue
        s = stem(word)
        if s in asked:
            continue
        surface.setdefault(s, word)
        counts[s] += 1
    ranked = sorted(counts, key=lambda s: (-counts[s] * idf(s), s))
    return [{"point": surface[s], "aliases": []} for s in ranked[:MAX_CONCEPTS]]
