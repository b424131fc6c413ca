"""The semantic scorer's encoder: the ONNX pipeline gives the model's own vectors, and a
wrong model file is refused with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "minilm_reference_vectors.json"


@pytest.mark.semantic
def test_onnx_vectors_are_the_fp32_models_vectors() -> None:
    import numpy as np

    from bot.grading.encoder import MiniLmEncoder

    reference = json.loads(REFERENCE.read_text())
    vectors = MiniLmEncoder().encode(reference["texts"])
    expected = np.array(reference["vectors"])
    assert vectors.shape == expected.shape
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert (vectors * expected).sum(axis=1).min() >= 0.999  # int8 weights, same directions
    assert np.allclose(vectors @ vectors.T, expected @ expected.T, atol=0.01)
    assert MiniLmEncoder().encode([]).shape == (0, expected.shape[1])


@pytest.mark.semantic
def test_a_long_text_is_cut_at_the_models_limit_and_batches_agree() -> None:
    from bot.grading.encoder import MiniLmEncoder

    encoder = MiniLmEncoder()
    texts = [f"sentence number {n} about gradient descent" for n in range(40)] + ["word " * 2000]
    together = encoder.encode(texts)
    alone = encoder.encode(texts[3:4])
    assert together.shape == (41, 384)
    assert float(together[3] @ alone[0]) >= 0.9999  # padding in a batch changes nothing


@pytest.mark.semantic
def test_a_different_model_file_is_refused(tmp_path: Path) -> None:
    from bot.grading.encoder import EncoderUnavailable, _check

    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not the model")
    with pytest.raises(EncoderUnavailable, match="unexpected model file"):
        _check(fake)
