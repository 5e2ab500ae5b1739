"""How sure the engine is that its top entry is right: a small fitted logistic model.

Hand-set score thresholds did not carry over to wording nobody here wrote. Instead, a logistic
model over a few features of the top candidates (how far the first leads the second, above
all) is fitted by `benchmarks/fit_models.py`: on the knowledge base's own phrasings held out of
the index fold by fold, the development half of the blind bank, and out-of-scope questions.
The thresholds on its probability are chosen on the development half, to answer as often as
possible while confident wrong answers stay under 3% of answerable questions and 5% of
out-of-scope ones. There are four: answer outright; answer a reading that has no close rival
(offering it as the only "choice" would be no choice at all, and declining it wastes a likely
answer); offer close choices rather than decline; and answer a later question of a message
read with the one before it (留停最多幾年？讀完回來要服務多久？), where the earlier question
supplies the subject, the entries it already got are left out, and the model, fitted on whole
single questions, is less sure than it need be. The fitted numbers are data:
`knowledge/confidence.json`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.model import PACKAGE_DIR
from knowledge.retrieval.clauses import size
from knowledge.retrieval.ranker import RANK_FEATURES, Query, Scored

CONFIDENCE_FILE = PACKAGE_DIR / "confidence.json"
FEATURES = (
    "share", "lead", "bm25", "coverage", "fuzzy", "keywords", "missed", "unknown", "cue_missing",
    "long", "rarest",
)
LONG_FROM, LONG_SPAN = 25, 75  # characters: a message this long starts to tell a story


def features(ranked: Sequence[Scored], query: Query) -> list[float]:
    """The decision features of the top candidate, in FEATURES order."""
    top = ranked[0]
    # The lead is capped: a lone candidate or a runaway first one is simply "far ahead".
    lead = min(8.0, top.logit - ranked[1].logit) if len(ranked) > 1 else 8.0
    return [
        top.score,
        lead,
        top.bm25,
        top.coverage,
        top.fuzzy,
        top.keywords,
        top.missed,
        query.unknown,
        1.0 if top.cue_missing else 0.0,
        # A story around the question lowers every absolute score; the model learns by how much.
        # Length as read: an English word counts like one and a half characters, not by its letters.
        min(1.0, max(0.0, (size(query.folded) - LONG_FROM) / LONG_SPAN)),
        top.values[RANK_FEATURES.index("rarest")],
    ]


@dataclass(frozen=True)
class Confidence:
    weights: tuple[float, ...]
    bias: float
    answer_at: float  # probability needed to answer outright
    clarify_at: float  # probability needed to offer close choices instead of declining
    lone_at: float  # probability needed to answer a top entry with no close rival
    part_at: float = 1.0  # probability needed to answer a later question read in context

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
            float(data["lone_at"]),
            float(data.get("part_at", 1.0)),
        )

    def save(self, path: Path = CONFIDENCE_FILE, **notes: object) -> None:
        data = {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "answer_at": round(self.answer_at, 4),
            "clarify_at": round(self.clarify_at, 4),
            "lone_at": round(self.lone_at, 4),
            "part_at": round(self.part_at, 4),
            **notes,
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
