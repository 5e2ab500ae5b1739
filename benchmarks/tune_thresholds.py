"""Search the decision thresholds and score weights on the development set.

Among settings that get at least 91% of in-scope questions right (a point above the test's
gate) and decline at least 90% of out-of-scope ones, prints the one with the most right answers
less half the confident wrong ones: a wrong answer costs more than offering choices. The held-out set is reported for the winner only, never searched.
The margin is kept at 0.03 or more on purpose: two entries closer than that are a coin toss,
and the product offers choices rather than guessing.
Run: python benchmarks/tune_thresholds.py
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from knowledge.engine import AnswerEngine
from knowledge.evaluation import Report, evaluate, load_labelled
from knowledge.results import Answer
from knowledge.tuning import THRESHOLDS

TESTS = Path(__file__).resolve().parent.parent / "tests"


def main() -> None:
    base = AnswerEngine.load()
    dev = load_labelled(TESTS / "dev_questions.tsv", base)
    heldout = load_labelled(TESTS / "heldout_questions.tsv", base)
    weight_grid = [
        (0.45, 0.25, 0.15, 0.15),
        (0.40, 0.30, 0.15, 0.15),
        (0.50, 0.20, 0.15, 0.15),
        (0.40, 0.25, 0.10, 0.25),
    ]
    best = None
    for weights, unknown, part in itertools.product(weight_grid, (0.8, 1.1), (0.35, 0.6)):
        w_query, w_question, w_keywords, w_fuzzy = weights
        for answer_min, margin, clarify_min in itertools.product(
            (0.40, 0.45), (0.03, 0.05, 0.07), (0.35, 0.40)
        ):
            if clarify_min > answer_min:
                continue
            t = replace(
                THRESHOLDS, w_query=w_query, w_question=w_question, w_keywords=w_keywords,
                w_fuzzy=w_fuzzy, unknown_weight=unknown, answer_min=answer_min, margin=margin,
                clarify_min=clarify_min, part_weight=part,
            )
            engine = AnswerEngine(base.kb, base.segmenter, base.rules, t)
            report = evaluate(engine, dev)
            if report.declined.rate < 0.9 or report.in_scope.rate < 0.91:
                continue
            wrong = wrong_answers(report)
            key = (report.in_scope.right - 0.5 * wrong, report.declined.rate)
            if best is None or key > best[0]:
                best = (key, t)
                print(f"in scope {report.in_scope.rate:.1%} declined {report.declined.rate:.1%}"
                      f" wrong answers {wrong} :: {t}", flush=True)
    if best is None:
        print("no setting declines 90% of out-of-scope questions")
        return
    engine = AnswerEngine(base.kb, base.segmenter, base.rules, best[1])
    held = evaluate(engine, heldout)
    print(f"held-out: in scope {held.in_scope.rate:.1%} declined {held.declined.rate:.1%}"
          f" wrong answers {wrong_answers(held)}")


def wrong_answers(report: Report) -> int:
    """Answered outright, from an entry other than the expected one."""
    return sum(
        1 for o in report.outcomes
        if isinstance(o.result, Answer) and o.result.entry_id != o.item.expected
    )


if __name__ == "__main__":
    main()
