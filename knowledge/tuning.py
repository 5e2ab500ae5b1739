"""Every number that shapes ranking, in one place; the decision itself is fitted.

The numbers below were set on the development half of the blind bank
(`tests/questions/dev.tsv`). How candidates are ordered and when to answer are not here: both
are small logistic models fitted by `benchmarks/fit_models.py` and kept as data
(`knowledge/ranking.json`, `knowledge/confidence.json`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # Query term weights relative to a jieba word of an asking clause.
    gram_weight: float = 0.31  # a character bigram
    k1: float = 1.2  # BM25 term-frequency saturation
    clarify_band: float = 2.0  # choices offered: within this of the top one's log-odds
    max_choices: int = 3
    vague_df: int = 5  # a one-subject message shared by this many entries gets choices
    vague_broad_share: float = 0.3  # a short message whose every subject is this common, too
    candidates: int = 12  # entries fully scored per question (by BM25F first)


THRESHOLDS = Thresholds()
