"""How sure the engine is that its top entry is right: a small fitted logistic model.

Hand-set score thresholds did not carry over to wording nobody here wrote. Instead, a logistic
model over a few features of the top candidates is fitted on the development half of the blind
question bank (`benchmarks/fit_confidence.py`), and the thresholds on its probability are
chosen there to answer as often as possible while confident wrong answers stay under 3% of
answerable questions and 5% of out-of-scope ones. The fitted numbers are data:
`knowledge/confidence.json`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.model import PACKAGE_DIR
from knowledge.retrieval.ranker import Query, Scored

CONFIDENCE_FILE = PACKAGE_DIR / "confidence.json"
FEATURES = (
    "score", "lead", "bm25", "coverage", "fuzzy", "keywords", "missed", "unknown", "cue_missing"
)


def features(ranked: Sequence[Scored], query: Query) -> list[float]:
    """The decision features of the top candidate, in FEATURES order."""
    top = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    return [
        top.score,
        top.score - second,
        top.bm25,
        top.coverage,
        top.fuzzy,
        top.keywords,
        top.missed,
        query.unknown,
        1.0 if top.cue_missing else 0.0,
    ]


@dataclass(frozen=True)
class Confidence:
    weights: tuple[float, ...]
    bias: float
    answer_at: float  # probability needed to answer outright
    clarify_at: float  # probability needed to offer close choices instead of declining

    def probability(self, values: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, values, strict=True))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = CONFIDENCE_FILE) -> Confidence:
        data = json.loads(path.read_text(encoding="utf-8"))
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError(f"{path.name}: features must be {list(FEATURES)}; refit it")
        return cls(
            tuple(float(w) for w in data["weights"]),
            float(data["bias"]),
            float(data["answer_at"]),
            float(data["clarify_at"]),
        )

    def save(self, path: Path = CONFIDENCE_FILE, **notes: object) -> None:
        data = {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "answer_at": round(self.answer_at, 4),
            "clarify_at": round(self.clarify_at, 4),
            **notes,
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def fit_logistic(
    rows: Sequence[Sequence[float]], labels: Sequence[int], l2: float = 0.1, steps: int = 50
) -> tuple[tuple[float, ...], float]:
    """Weights and bias by Newton's method with a small ridge penalty (not on the bias).

    A few hundred rows and a handful of features: exact second-order steps converge in a few
    iterations, where plain gradient descent left the probabilities squeezed around 0.5.
    """
    k = len(rows[0]) + 1
    xs = [[1.0, *map(float, r)] for r in rows]
    beta = [0.0] * k
    for _ in range(steps):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y in zip(xs, labels, strict=True):
            z = sum(b * v for b, v in zip(beta, x, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            w = p * (1 - p)
            for i in range(k):
                grad[i] += (p - y) * x[i]
                for j in range(k):
                    hess[i][j] += w * x[i] * x[j]
        for i in range(1, k):
            grad[i] += l2 * beta[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        beta = [b - d for b, d in zip(beta, step, strict=True)]
        if max(abs(d) for d in step) < 1e-8:
            break
    return tuple(beta[1:]), beta[0]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a·x = b by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [v - f * c for v, c in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] if abs(m[i][i]) >= 1e-12 else 0.0 for i in range(n)]
