"""Measure the engine against a labelled question set: accuracy by topic and by style.

File format: UTF-8 TSV with a header `question<TAB>expected<TAB>style`; `expected` is an entry
id, `clarify` or `fallback`. Lines starting with # are comments.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.engine import AnswerEngine
from knowledge.results import Answer, Result

OUT_OF_SCOPE = "fallback"
AMBIGUOUS = "clarify"


@dataclass(frozen=True)
class Labelled:
    question: str
    expected: str
    style: str
    line: int


@dataclass(frozen=True)
class Outcome:
    item: Labelled
    result: Result
    topic: str

    @property
    def right(self) -> bool:
        expected = self.item.expected
        if expected in (OUT_OF_SCOPE, AMBIGUOUS):
            return self.result.status == expected
        return isinstance(self.result, Answer) and self.result.entry_id == expected

    @property
    def got(self) -> str:
        if isinstance(self.result, Answer):
            return self.result.entry_id
        return self.result.status


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Report:
    outcomes: list[Outcome]
    in_scope: Tally = field(default_factory=Tally)
    declined: Tally = field(default_factory=Tally)
    by_topic: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_style: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.right]


def load_labelled(path: Path, engine: AnswerEngine | None = None) -> list[Labelled]:
    """Read a labelled set; with an engine, reject labels naming entries that do not exist."""
    items = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        header = next(rows, None)
        if header is None or [h.strip() for h in header[:3]] != ["question", "expected", "style"]:
            raise ValueError(f"{path}: header must be question<TAB>expected<TAB>style")
        for number, row in enumerate(rows, 2):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 3:
                raise ValueError(f"{path}:{number}: needs question, expected and style")
            expected = row[1].strip()
            known = expected in (OUT_OF_SCOPE, AMBIGUOUS) or engine is None
            if not known and engine is not None and engine.entry(expected) is None:
                raise ValueError(f"{path}:{number}: unknown entry id {expected!r}")
            items.append(Labelled(row[0], expected, row[2].strip(), number))
    return items


def evaluate(engine: AnswerEngine, items: list[Labelled]) -> Report:
    report = Report([])
    for item in items:
        entry = engine.entry(item.expected)
        topic = entry.topic if entry else ("範圍外" if item.expected == OUT_OF_SCOPE else "需釐清")
        outcome = Outcome(item, engine.ask(item.question), topic)
        report.outcomes.append(outcome)
        (report.declined if item.expected == OUT_OF_SCOPE else report.in_scope).add(outcome.right)
        report.by_topic[topic].add(outcome.right)
        report.by_style[item.style].add(outcome.right)
    return report


def format_report(report: Report, show_misses: bool = True) -> str:
    def line(name: str, tally: Tally) -> str:
        return f"  {name:<24} {tally.right:>4}/{tally.total:<4} {tally.rate:7.1%}"

    out = [
        f"questions: {len(report.outcomes)}",
        line("in scope right", report.in_scope),
        line("out of scope declined", report.declined),
        "by topic:",
        *(line(k, v) for k, v in sorted(report.by_topic.items())),
        "by style:",
        *(line(k, v) for k, v in sorted(report.by_style.items())),
    ]
    if show_misses and report.misses():
        out.append("misses (line: question → expected / got):")
        for o in report.misses():
            out.append(f"  {o.item.line}: {o.item.question[:60]} → {o.item.expected} / {o.got}")
    return "\n".join(out)
