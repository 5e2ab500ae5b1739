"""Every number that shapes ranking, in one place; the decision itself is fitted.

The ranking weights below were set on the development half of the blind bank
(`tests/questions/dev.tsv`); the answer/clarify/decline decision is a logistic model fitted on
that half by `benchmarks/fit_confidence.py` and saved as data (`knowledge/confidence.json`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # Query term weights relative to a jieba word of an asking clause.
    gram_weight: float = 0.31  # a character bigram
    k1: float = 1.2  # BM25 term-frequency saturation
    # The ranking blend of a candidate's features.
    w_bm25: float = 0.56
    w_coverage: float = 0.13
    w_fuzzy: float = 0.2
    w_keywords: float = 0.11
    cue_penalty: float = 0.18  # a narrow entry asked without its distinguishing words
    clarify_band: float = 0.08  # choices offered: within this of the top score
    max_choices: int = 3
    vague_df: int = 2  # a one-subject message shared by this many entries gets choices
    candidates: int = 12  # entries fully scored per question (by BM25F first)


THRESHOLDS = Thresholds()
