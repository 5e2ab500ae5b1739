"""Every number that decides between answer, clarify and fallback, in one place.

Tuned on the development set (`trainbot eval tests/dev_questions.tsv`); change them only
with that evaluation in front of you.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    answer_min: float = 0.45  # top score needed to answer outright
    margin: float = 0.05  # how far the top entry must lead the next one
    clarify_min: float = 0.40  # below this: fallback
    clarify_band: float = 0.15  # choices offered: within this of the top score
    max_choices: int = 3
    # Score blend (sums to 1): query covered by the entry, best question covered by the query,
    # query weight on the entry's keywords, character-level similarity to the best question.
    w_query: float = 0.40
    w_question: float = 0.25
    w_keywords: float = 0.10
    w_fuzzy: float = 0.25
    part_weight: float = 0.6  # weight of a token that is part of another token in the text
    keyword_boost: float = 1.5  # idf multiplier for an entry's own keywords
    unknown_weight: float = 0.8  # weight of a query word the knowledge base never uses (× mean idf)
    vague_df: int = 3  # a one-word question shared by this many entries gets choices
    candidates: int = 40  # entries fully scored per question


THRESHOLDS = Thresholds()
