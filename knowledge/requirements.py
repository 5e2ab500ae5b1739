"""Yearly learning-hour requirements as named rule sets.

The plan's rule (2015) and the national rule from 2017 differ; answers and, later, personal
progress reports name the set they apply.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleSet:
    id: str
    label: str
    total: float
    minimums: dict[str, float]


PLAN_104 = RuleSet(
    id="plan104",
    label="桃園市104年度計畫",
    total=40,
    minimums={"數位學習": 5, "業務相關": 20, "環境教育": 4, "性別主流化": 2},
)
