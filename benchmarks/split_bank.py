"""Split the blind question bank once into a development half and a locked half.

Run once, when the bank was labelled (see tests/questions/README.md). Stratified by style and
by expected topic (or kind, for out-of-scope, vague and gap questions): within each stratum the
questions are ordered by a hash of their text and dealt alternately, so the split does not
depend on file order and every style and topic has both halves.

    python benchmarks/split_bank.py LABELLED.tsv [LABELLED.tsv ...]
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import defaultdict
from pathlib import Path

from knowledge.engine import AnswerEngine

OUT = Path(__file__).resolve().parent.parent / "tests" / "questions"
HEADER = ["question", "expected", "style", "must_contain", "note"]


def main(paths: list[str]) -> None:
    engine = AnswerEngine.load()
    rows = []
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                rows.append({k: (r.get(k) or "").strip() for k in HEADER})
    strata: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        first = r["expected"].split("|")[0]
        entry = engine.entry(first)
        strata[(r["style"], entry.topic if entry else first)].append(r)
    halves: dict[str, list[dict[str, str]]] = {"dev": [], "locked": []}
    flip = 0
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: hashlib.sha1(r["question"].encode()).hexdigest())
        for r in items:
            halves["dev" if flip % 2 == 0 else "locked"].append(r)
            flip += 1
    for name, items in halves.items():
        with (OUT / f"{name}.tsv").open("w", encoding="utf-8", newline="") as fh:
            fh.write(f"# Blind bank, {name} half: see tests/questions/README.md. "
                     + ("Tune on this half only.\n" if name == "dev" else
                        "LOCKED: evaluate only when a change is finished; never tune on it or copy it.\n"))
            writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
            writer.writerow(HEADER)
            for r in items:
                writer.writerow([r[k].replace("\t", " ") for k in HEADER])
        print(name, len(items))


if __name__ == "__main__":
    main(sys.argv[1:])
