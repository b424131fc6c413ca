"""Grading quality and speed, beside a naive baseline run in the same process.

    .venv/bin/python bench/grading.py [--mohler ../shared/data/mohler/mohler.csv] [--passes 3] [--no-semantic]

For each scorer it prints:
- agreement with people: Spearman on tests/grading/labelled.yaml (our own hand grades),
  and the mean score of its answers graded fully right, written in people's own words
  (the nearest thing we have to a faithful paraphrase);
  and, with --mohler, Pearson r on the Mohler 2011 set, zero-shot (nothing is fitted to it);
- gaming: the mean score of each attempt built from every bank question
  (tests/grading/transforms.py), with and without its key points, and of the verbatim
  model answer;
- speed: answers per second of CPU time, single-threaded (CPU time, not wall time, so
  that a busy shared machine does not distort it).

The baseline is the naive grader the issue measured against: the share of the model
answer's stemmed content words that the reply contains.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bot.bank.loader import load_bank  # noqa: E402
from bot.grading import DefaultScorer, Grade, Grader, GradingQuestion  # noqa: E402
from bot.grading.text import analyse  # noqa: E402
from tests.grading.evaluation import load_labelled, pearson, spearman  # noqa: E402
from tests.grading.transforms import GAMING, verbatim  # noqa: E402


class WordOverlapBaseline:
    """Share of the model answer's content stems found in the reply."""

    def grade(self, question: GradingQuestion, reply: str, earlier: object = ()) -> Grade:
        wanted = analyse(question.answer).stem_set
        found = len(wanted & analyse(reply).stem_set) / len(wanted) if wanted else 0.0
        return Grade(found, [], [], "")


def load_mohler(path: Path) -> list[tuple[GradingQuestion, str, float]]:
    rows = []
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            answer = row["student_answer"].strip()
            if answer and answer != "#NAME?":
                rows.append((GradingQuestion(row["question"], row["desired_answer"]), answer, float(row["score_avg"])))
    return rows


def bank_questions() -> list[GradingQuestion]:
    return [
        GradingQuestion(q.spec.prompt, q.spec.answer, [kp.model_dump() for kp in q.spec.key_points])
        for q in load_bank().questions
    ]


def report(name: str, grader: Grader, mohler: list[tuple[GradingQuestion, str, float]], passes: int) -> None:
    items = load_labelled()
    labelled = [grader.grade(i.question, i.text, i.earlier).score for i in items]
    line = f"{name:10} labelled Spearman {spearman(labelled, [i.grade for i in items]):.3f}"
    right = [score for score, i in zip(labelled, items, strict=True) if i.grade == 3 and not i.gaming]
    line += f"  right in own words {sum(right) / len(right):.2f}"
    seconds = []
    for _ in range(passes):
        analyse.cache_clear()  # every reply is new to the grader, as in a real round
        started = time.process_time()
        for i in items:
            grader.grade(i.question, i.text, i.earlier)
        seconds.append(time.process_time() - started)
    line += f"  {len(items) / min(seconds):6.0f} answers/s of CPU"
    if mohler:
        scores = [grader.grade(q, a).score for q, a, _ in mohler]
        line += f"  Mohler Pearson r {pearson(scores, [h for *_, h in mohler]):.3f} (n={len(mohler)})"
    print(line)
    questions = bank_questions()
    for label, group in (
        ("with key points", questions),
        ("model answer only", [GradingQuestion(q.prompt, q.answer) for q in questions]),
    ):
        cells = [f"verbatim {mean(grader, group, verbatim):.2f}"]
        cells += [f"{attempt} {mean(grader, group, build):.2f}" for attempt, build in GAMING.items()]
        print(f"{'':10} {label:18} " + " | ".join(cells))


def mean(grader: Grader, questions: list[GradingQuestion], build) -> float:  # type: ignore[no-untyped-def]
    return sum(grader.grade(q, build(q)).score for q in questions) / len(questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mohler", type=Path, help="path to mohler.csv (the yardstick in ../shared/data/mohler)")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--no-semantic", action="store_true")
    args = parser.parse_args()
    mohler = load_mohler(args.mohler) if args.mohler else []
    report("baseline", WordOverlapBaseline(), mohler, args.passes)
    report("default", DefaultScorer(), mohler, args.passes)
    if args.no_semantic:
        return
    from bot.grading.semantic import SemanticScorer, SemanticUnavailable

    try:
        started = time.perf_counter()
        semantic = SemanticScorer()
        print(f"semantic   model loaded in {time.perf_counter() - started:.1f} s")
    except SemanticUnavailable as missing:
        print(f"semantic   not measured: {missing}")
        return
    report("semantic", semantic, mohler, 1)


if __name__ == "__main__":
    main()
