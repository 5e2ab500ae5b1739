"""Fit the answer/clarify/decline decision on the development half of the blind bank.

1. For every dev question that reaches ranking, the top candidate's features and whether it is
   the expected entry (out-of-scope and gap questions: never).
2. A logistic model over those features (knowledge/retrieval/confidence.py).
3. The probability thresholds, by running the whole engine on the dev half for each pair:
   answer as many answerable questions correctly as possible while confident wrong answers
   stay at most 3% of answerable questions and answered out-of-scope ones at most 5%; ties go
   to more vague questions clarified.
4. Saved to knowledge/confidence.json. The locked half is never read here.

    python benchmarks/fit_confidence.py [--dry-run]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate, load_labelled
from knowledge.retrieval.confidence import Confidence, features, fit_logistic

DEV = Path(__file__).resolve().parent.parent / "tests" / "questions" / "dev.tsv"
MAX_WRONG = 0.03
MAX_OOS_ANSWERED = 0.05


def main(dry_run: bool) -> None:
    engine = AnswerEngine.load()
    items = load_labelled(DEV, engine)
    rows, labels = [], []
    for item in items:
        if item.kind == "vague" or len(item.parts) > 1:
            continue
        found = engine.candidates(item.question)
        if not found or not found[0]:
            continue
        ranked, query = found
        rows.append(features(ranked, query))
        labels.append(1 if ranked[0].entry.id in item.entries else 0)
    weights, bias = fit_logistic(rows, labels)
    print(f"fitted on {len(rows)} dev questions ({sum(labels)} with the right entry on top)")
    fitted = Confidence(weights, bias, 1.0, 1.0)
    probabilities = sorted(fitted.probability(r) for r in rows)
    grid = sorted({round(probabilities[int(q * (len(rows) - 1) / 24)], 3) for q in range(25)})
    best = None
    for a in grid:
        for c in [x for x in grid if x <= a][::3] + [a]:
            engine.confidence = Confidence(weights, bias, a, c)
            report = evaluate(engine, items)
            scope, oos = report.in_scope, report.by_kind["out-of-scope"]
            gap = report.by_kind["gap"]
            wrong = scope.share("wrong")
            answered = (oos.counts["answered"] + gap.counts["answered"]) / max(1, oos.total + gap.total)
            if wrong > MAX_WRONG or answered > MAX_OOS_ANSWERED:
                continue
            key = (scope.right, report.by_kind["vague"].right, oos.right + gap.right)
            if best is None or key > best[0]:
                best = (key, a, c, scope.rate, wrong, answered)
    if best is None:
        sys.exit("no thresholds meet the limits on the dev half")
    _, answer_at, clarify_at, rate, wrong, answered = best
    print(f"answer_at {answer_at}, clarify_at {clarify_at}: in scope right {rate:.1%}, "
          f"wrong {wrong:.1%}, out-of-scope answered {answered:.1%}")
    fitted = Confidence(weights, bias, answer_at, clarify_at)
    print("weights", [round(w, 3) for w in weights], "bias", round(bias, 3))
    if not dry_run:
        fitted.save(fitted_on=DEV.name, questions=len(rows), date=dt.date.today().isoformat())
        print("saved knowledge/confidence.json")


if __name__ == "__main__":
    main("--dry-run" in sys.argv)
