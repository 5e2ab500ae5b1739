"""The engine beside a plain BM25 baseline on the blind bank, overall and by style.

Baseline: Okapi BM25 (k1 1.2, b 0.75) over jieba's own segmentation (its packaged dictionary,
no domain words, synonyms or stopwords) of each entry's phrasings and answer, the text
normalised the same way (so Simplified input is comparable). It answers its top entry when the
score clears a threshold and declines otherwise; the threshold is the best one for the very set
being measured, chosen after the fact, which flatters the baseline.

    python benchmarks/quality_baseline.py [FILE ...]   (default: both halves of the bank)
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import jieba

from knowledge.engine import AnswerEngine
from knowledge.evaluation import Report, evaluate, format_report, load_labelled
from knowledge.normalise import normalise
from knowledge.results import Answer, Fallback, Result
from knowledge.retrieval.bm25f import BM25F, Field

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "questions"
jieba.setLogLevel(logging.WARNING)


class Baseline:
    def __init__(self, engine: AnswerEngine):
        self.entries = list(engine.kb.entries)
        docs = [{"text": self.tokens(" ".join([*e.questions, e.answer]))} for e in self.entries]
        self.index = BM25F(docs, [Field("text", 1.0, 0.75)], k1=1.2)
        self.threshold = 0.0

    @staticmethod
    def tokens(text: str) -> list[str]:
        return [t for t in jieba.lcut(normalise(text)) if t.strip()]

    def top(self, question: str) -> tuple[int, float] | None:
        scores = self.index.scores({t: 1.0 for t in self.tokens(question)})
        if not scores:
            return None
        best = max(scores, key=scores.__getitem__)
        return best, scores[best]

    def ask(self, question: str) -> Result:
        found = self.top(question)
        if found is None or found[1] < self.threshold:
            return Fallback(question, "no-match", "", score=found[1] if found else 0.0)
        e = self.entries[found[0]]
        return Answer(question, e.id, found[1], e.answer, "", "")

    def fit_threshold(self, engine: AnswerEngine, items: list) -> Report:
        """The threshold that gets most questions of this very set right."""
        best: tuple[int, float, Report] | None = None
        for step in range(0, 61):
            self.threshold = step * 0.5
            report = evaluate(engine, items, ask=self.ask)
            right = sum(o.right for o in report.outcomes)
            if best is None or right > best[0]:
                best = (right, self.threshold, report)
        assert best is not None
        self.threshold = best[1]
        return best[2]


def summary(name: str, report: Report) -> str:
    scope = report.in_scope
    oos = report.by_kind["out-of-scope"]
    vague = report.by_kind["vague"]
    styles = "  ".join(f"{k} {v.rate:.0%}" for k, v in sorted(report.by_style.items()))
    return (
        f"{name}: in scope right {scope.rate:.1%}, wrong {scope.share('wrong'):.1%}, "
        f"clarified with the right choice {scope.share('clarify-right'):.1%}, "
        f"fallback {scope.share('fallback'):.1%}; out of scope declined {oos.rate:.1%} "
        f"(answered {oos.share('answered'):.1%}); vague clarified {vague.rate:.1%}\n"
        f"    by style: {styles}"
    )


def main(paths: list[Path]) -> None:
    engine = AnswerEngine.load()
    baseline = Baseline(engine)
    for path in paths:
        items = load_labelled(path, engine)
        print(f"== {path.name} ({len(items)} questions)")
        ours = evaluate(engine, items)
        print(summary("engine  ", ours))
        base = baseline.fit_threshold(engine, items)
        print(summary(f"BM25 (threshold {baseline.threshold:g})", base))
        if "-v" in sys.argv:
            print(format_report(ours))


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:] if not a.startswith("-")]
    main(args or [QUESTIONS / "dev.tsv", QUESTIONS / "locked.tsv"])
