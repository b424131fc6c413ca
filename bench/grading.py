"""Grading speed and quality on the labelled replies in tests/grading/labelled.yaml.

    .venv/bin/python bench/grading.py [--passes 5] [--no-semantic]

Prints answers per second for each scorer, single-threaded, and its Spearman
correlation with the hand grades, beside a baseline run in the same process: one
rapidfuzz similarity between reply and model answer, the cheapest grader that could
plausibly work. The semantic scorer is measured when its extra is installed. Each
question's reference texts are prepared once per round, so the warm-up pass leaves
them cached and the timed passes measure the per-answer cost.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from rapidfuzz import fuzz  # noqa: E402

from bot.grading import DefaultScorer, Grade, GradingQuestion  # noqa: E402
from bot.grading.text import analyse  # noqa: E402
from tests.grading.evaluation import grade_all, load_labelled, spearman  # noqa: E402


class FuzzyBaseline:
    def grade(self, question: GradingQuestion, reply: str, earlier: object = ()) -> Grade:
        return Grade(fuzz.token_set_ratio(reply, question.answer) / 100, [], [], "")


def measure(name: str, grader: object, items: list, passes: int) -> float:  # type: ignore[type-arg]
    grade_all(grader, items)  # warm-up: imports, the stemmer, and each question's reference embeddings
    seconds = []
    for _ in range(passes):
        analyse.cache_clear()  # every reply is new to the grader, as in a real round
        started = time.perf_counter()
        grades = grade_all(grader, items)  # type: ignore[arg-type]
        seconds.append(time.perf_counter() - started)
    best = min(seconds)
    rho = spearman([g.score for g in grades], [i.grade for i in items])
    print(
        f"{name:10} {len(items) / best:8.0f} answers/s  {1000 * best / len(items):6.2f} ms/answer  Spearman {rho:.3f}"
    )
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--no-semantic", action="store_true")
    args = parser.parse_args()
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    items = load_labelled()
    print(f"{len(items)} labelled replies, best of {args.passes} passes, one thread")
    baseline = measure("baseline", FuzzyBaseline(), items, args.passes)
    default = measure("default", DefaultScorer(), items, args.passes)
    print(f"default scorer takes {default / baseline:.1f}x the baseline's time")
    if args.no_semantic:
        return
    try:
        from bot.grading.semantic import SemanticScorer, SemanticUnavailable

        semantic = SemanticScorer()
    except SemanticUnavailable as missing:
        print(f"semantic   not measured: {missing}")
        return
    measure("semantic", semantic, items, max(2, args.passes // 2))


if __name__ == "__main__":
    main()
