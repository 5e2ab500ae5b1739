"""Measure the engine against a labelled question set, overall and by style.

File format: UTF-8 TSV with a header starting `question<TAB>expected<TAB>style`; an optional
`must_contain` column (for computed answers) may follow, and any further columns are notes.
`expected` is an entry id, several ids joined by `|` (a message asking several questions),
`clarify` (too vague to answer one way), `fallback` (out of scope) or `gap` (in scope of the
sources, but the knowledge base lacks the fact: declining is right). Lines starting with #
are comments.

Each outcome is one of: right (the expected entry answered; a computed answer also carries the
expected figure), wrong (another entry answered confidently), partial (a message with several
questions, some answered right and none wrongly), clarify-right / clarify-wrong
(choices offered, with or without the expected entry), fallback (declined), and for
out-of-scope, vague and gap questions: declined, clarified or answered.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.engine import AnswerEngine
from knowledge.results import Answer, Clarify, Result

OUT_OF_SCOPE = "fallback"
AMBIGUOUS = "clarify"
GAP = "gap"
SPECIAL = (OUT_OF_SCOPE, AMBIGUOUS, GAP)


@dataclass(frozen=True)
class Labelled:
    question: str
    expected: str
    style: str
    line: int
    must_contain: str = ""

    @property
    def parts(self) -> tuple[frozenset[str], ...]:
        """One set of acceptable entries per question asked (none for out-of-scope, vague, gap)."""
        return tuple(
            frozenset(p.split("/")) for p in self.expected.split("|") if p not in SPECIAL
        )

    @property
    def entries(self) -> tuple[str, ...]:
        """Every entry a right answer may name, the first acceptable one of each part first."""
        firsts = [p.split("/")[0] for p in self.expected.split("|") if p not in SPECIAL]
        rest = [e for p in self.expected.split("|") if p not in SPECIAL for e in p.split("/")[1:]]
        return tuple(dict.fromkeys([*firsts, *rest]))

    @property
    def kind(self) -> str:
        if self.entries:
            return "in-scope"
        return {OUT_OF_SCOPE: "out-of-scope", AMBIGUOUS: "vague", GAP: "gap"}[self.expected]


@dataclass(frozen=True)
class Outcome:
    item: Labelled
    result: Result
    topic: str

    @property
    def verdict(self) -> str:
        r, item = self.result, self.item
        if item.kind == "in-scope":
            if isinstance(r, Answer):
                figure = item.must_contain.replace(" ", "")
                named = set(r.entry_ids)
                met = [bool(part & named) for part in item.parts]
                if all(met) and (not figure or figure in r.text.replace(" ", "")):
                    return "right"
                if len(met) > 1 and any(met) and named <= set(item.entries):
                    return "partial"  # several questions, some answered, none wrongly
                return "wrong"
            if isinstance(r, Clarify):
                offered = {s.entry_id for s in r.suggestions}
                return "clarify-right" if set(item.entries) & offered else "clarify-wrong"
            return "fallback"
        if item.kind == "vague":
            return "right" if isinstance(r, Clarify) else ("answered" if isinstance(r, Answer) else "fallback")
        return "answered" if isinstance(r, Answer) else ("right" if r.status == "fallback" else "clarified")

    @property
    def right(self) -> bool:
        return self.verdict == "right"

    @property
    def got(self) -> str:
        if isinstance(self.result, Answer):
            return "|".join(self.result.entry_ids)
        if isinstance(self.result, Clarify):
            return "clarify:" + ",".join(s.entry_id for s in self.result.suggestions)
        return self.result.status


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, verdict: str) -> None:
        self.counts[verdict] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def right(self) -> int:
        return self.counts["right"]

    def share(self, verdict: str) -> float:
        return self.counts[verdict] / self.total if self.total else 0.0

    @property
    def rate(self) -> float:
        return self.share("right")


@dataclass
class Report:
    outcomes: list[Outcome]
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_style: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_topic: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    @property
    def in_scope(self) -> Tally:
        return self.by_kind["in-scope"]

    @property
    def declined(self) -> Tally:
        return self.by_kind["out-of-scope"]

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.right]


def load_labelled(path: Path, engine: AnswerEngine | None = None) -> list[Labelled]:
    """Read a labelled set; with an engine, reject labels naming entries that do not exist."""
    items = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        header = [h.strip() for h in next(rows, None) or []]
        if header[:3] != ["question", "expected", "style"]:
            raise ValueError(f"{path}: header must start question<TAB>expected<TAB>style")
        has_figure = len(header) > 3 and header[3] == "must_contain"
        for number, row in enumerate(rows, 2):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 3:
                raise ValueError(f"{path}:{number}: needs question, expected and style")
            expected = row[1].strip()
            if engine is not None:  # labels written before two entries were merged
                expected = re.sub(r"[^|/]+", lambda m: engine.kb.current_id(m.group()), expected)
            item = Labelled(
                row[0], expected, row[2].strip(), number,
                row[3].strip() if has_figure and len(row) > 3 else "",
            )
            if engine is not None:
                for eid in item.entries:
                    if engine.entry(eid) is None:
                        raise ValueError(f"{path}:{number}: unknown entry id {eid!r}")
            items.append(item)
    return items


def evaluate(
    engine: AnswerEngine,
    items: list[Labelled],
    ask: Callable[[str], Result] | None = None,
) -> Report:
    """Ask every question (through `ask`, the engine's by default) and tally the verdicts."""
    ask = ask or engine.ask
    report = Report([])
    for item in items:
        entry = engine.entry(item.entries[0]) if item.entries else None
        topic = entry.topic if entry else item.kind
        outcome = Outcome(item, ask(item.question), topic)
        report.outcomes.append(outcome)
        verdict = outcome.verdict
        report.by_kind[item.kind].add(verdict)
        report.by_style[item.style].add(verdict)
        report.by_topic[topic].add(verdict)
    return report


VERDICTS = ("right", "wrong", "partial", "clarify-right", "clarify-wrong", "fallback", "answered", "clarified")


def format_report(report: Report, show_misses: bool = True) -> str:
    def line(name: str, tally: Tally) -> str:
        shares = "  ".join(
            f"{v} {tally.share(v):6.1%}" for v in VERDICTS if tally.counts[v]
        )
        return f"  {name:<16} {tally.right:>4}/{tally.total:<4} right {tally.rate:6.1%} | {shares}"

    out = [f"questions: {len(report.outcomes)}", "by kind:"]
    out += [line(k, v) for k, v in sorted(report.by_kind.items())]
    out.append("by style:")
    out += [line(k, v) for k, v in sorted(report.by_style.items())]
    out.append("by topic:")
    out += [line(k, v) for k, v in sorted(report.by_topic.items())]
    if show_misses and report.misses():
        out.append("misses (line: question → expected / got):")
        for o in report.misses():
            out.append(
                f"  {o.item.line}: {o.item.question[:60]} → {o.item.expected} / {o.got} [{o.verdict}]"
            )
    return "\n".join(out)
