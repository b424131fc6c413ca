"""Gaming attempts built from a question, the same way for every scorer: used by the
suite and printed by bench/grading.py. Each is deterministic (seeded by the question)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from bot.grading import GradingQuestion
from bot.grading.text import STOPWORDS, sentences, words

AUXILIARY = re.compile(r"\b(is|are|was|were|can|does|do|will|should|must|has|have)\b", re.IGNORECASE)


def seeded(question: GradingQuestion) -> random.Random:
    return random.Random(question.prompt)


def copied_question(q: GradingQuestion) -> str:
    return q.prompt


def word_salad(q: GradingQuestion) -> str:
    tokens = q.answer.split()
    seeded(q).shuffle(tokens)
    return " ".join(tokens)


def keyword_list(q: GradingQuestion) -> str:
    content = [w for w in dict.fromkeys(words(q.answer)) if w not in STOPWORDS and len(w) > 3]
    return ", ".join(content[:12])


def repeated_sentence(q: GradingQuestion) -> str:
    first = (sentences(q.answer) or [q.answer])[0]
    return " ".join([first] * 30)


def unrelated_text(count: int, rng: random.Random) -> str:
    """`count` common English words that have nothing to do with the question, drawn
    from general word frequencies, ten to a sentence."""
    from wordfreq import top_n_list

    pool = [w for w in top_n_list("en", 6000) if w.isalpha() and len(w) > 3 and w not in STOPWORDS]
    chosen = [rng.choice(pool) for _ in range(count)]
    return " ".join(" ".join(chosen[i : i + 10]) + "." for i in range(0, count, 10))


def padded(q: GradingQuestion) -> str:
    return q.answer + " " + unrelated_text(2000, seeded(q))


def negated(sentence: str) -> str:
    """The sentence negated at its first auxiliary verb ("is" -> "is not"), or as a whole."""
    if AUXILIARY.search(sentence):
        return AUXILIARY.sub(lambda m: m.group(0) + " not", sentence, count=1)
    return "It is not true that " + sentence[:1].lower() + sentence[1:]


def opposite(q: GradingQuestion) -> str:
    """Every sentence of the model answer negated."""
    return " ".join(negated(s) for s in sentences(q.answer))


def verbatim(q: GradingQuestion) -> str:
    return q.answer


GAMING: dict[str, Callable[[GradingQuestion], str]] = {
    "copied question": copied_question,
    "word salad": word_salad,
    "keyword list": keyword_list,
    "repeated sentence": repeated_sentence,
    "padded 2,000 words": padded,
    "opposite": opposite,
}
