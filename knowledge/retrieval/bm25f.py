"""Field-weighted BM25 (BM25F) over knowledge-base entries.

Each entry is one document with several fields: its phrasings, its keywords and its answer
text. A term's frequency is summed across fields, each field scaled by its weight and by its
own length normalisation, before the usual BM25 saturation; so a question about a fact that
only the answer states still finds the entry, while the phrasings and keywords count more.

Written here rather than taken from `bm25s`: that library scores one field per index (no
BM25F), and it would bring numpy and scipy into a start-up that must stay under 1.5 s, for a
base of a few hundred documents where plain dictionaries are faster anyway.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    weight: float
    b: float  # length normalisation: 0 ignores length, 1 divides by relative length


class BM25F:
    """An inverted index: term → [(doc, normalised weighted frequency)]."""

    def __init__(
        self,
        docs: Sequence[Mapping[str, Iterable[str]]],
        fields: Sequence[Field],
        k1: float = 1.2,
    ):
        self.k1 = k1
        self.n = len(docs)
        counts: list[dict[str, Counter[str]]] = [
            {f.name: Counter(doc.get(f.name, ())) for f in fields} for doc in docs
        ]
        avg = {
            f.name: (sum(sum(c[f.name].values()) for c in counts) / self.n if self.n else 0.0)
            or 1.0
            for f in fields
        }
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, per_field in enumerate(counts):
            tf: dict[str, float] = defaultdict(float)
            for f in fields:
                c = per_field[f.name]
                norm = 1 - f.b + f.b * sum(c.values()) / avg[f.name]
                for term, k in c.items():
                    tf[term] += f.weight * k / norm
            for term, value in tf.items():
                postings[term].append((i, value))
        self.postings = dict(postings)
        self.idf = {
            term: math.log(1 + (self.n - len(p) + 0.5) / (len(p) + 0.5))
            for term, p in self.postings.items()
        }

    def df(self, term: str) -> int:
        return len(self.postings.get(term, ()))

    def scores(self, query: Mapping[str, float]) -> dict[int, float]:
        """Score every document sharing a term with the weighted query terms."""
        out: dict[int, float] = defaultdict(float)
        k1 = self.k1
        for term, qw in query.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for doc, tf in self.postings[term]:
                out[doc] += qw * idf * tf * (k1 + 1) / (k1 + tf)
        return out

    def ceiling(self, query: Mapping[str, float]) -> float:
        """The score a document matching every known query term (once, in full) would get."""
        return sum(qw * self.idf[t] for t, qw in query.items() if t in self.idf)
