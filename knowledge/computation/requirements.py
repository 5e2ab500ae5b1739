"""Yearly learning-hour requirements as named rule sets, and a person's progress against one.

The plan's rule (2015) and the national rule from 2017 differ; which applies to which year is
data (`rules/hour_requirements.yaml`), so HR changes it without touching code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from knowledge.model import PACKAGE_DIR, load_yaml

RULES_FILE = PACKAGE_DIR / "rules" / "hour_requirements.yaml"
DIGITAL = "數位"
PLAN_RULE_SET = "plan104"
DIGITAL_MODE = "數位"


@dataclass(frozen=True)
class RuleSet:
    id: str
    label: str
    total: float | None
    minimums: dict[str, float]
    # Hours that several categories fill together: the 2017 rule's 10 designated hours
    # (重大政策, 環境教育, 民主治理), and 民主治理's 5 (性別主流化 among them).
    groups: dict[str, tuple[float, tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryProgress:
    category: str
    done: float
    required: float

    @property
    def missing(self) -> float:
        return max(0.0, self.required - self.done)


@dataclass(frozen=True)
class Progress:
    year: int
    rules: RuleSet
    total_done: float
    categories: tuple[CategoryProgress, ...]
    deadline: dt.date

    @property
    def total_missing(self) -> float:
        return max(0.0, (self.rules.total or 0) - self.total_done)

    @property
    def complete(self) -> bool:
        return self.total_missing == 0 and all(c.missing == 0 for c in self.categories)


@dataclass(frozen=True)
class Requirements:
    rule_sets: dict[str, RuleSet]
    years: dict[int, str]
    default: str
    deadline_month_day: tuple[int, int]
    aliases: dict[str, str]  # any spelling -> category

    @classmethod
    def load(cls, path: Path | None = None) -> Requirements:
        path = path or RULES_FILE
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise ValueError(f"{path.name}: not a mapping")
        aliases: dict[str, str] = {}
        for category, spellings in (data.get("categories") or {}).items():
            aliases[str(category)] = str(category)
            for spelling in spellings or ():
                aliases[str(spelling)] = str(category)
        sets = {}
        for key, raw in (data.get("rule_sets") or {}).items():
            minimums = {str(c): float(h) for c, h in (raw.get("minimums") or {}).items()}
            unknown = [c for c in minimums if c not in aliases]
            if unknown:
                raise ValueError(f"{path.name}: rule set {key}: unknown categories {unknown}")
            groups = {}
            for name, group in (raw.get("groups") or {}).items():
                members = tuple(str(c) for c in group.get("of") or ())
                strays = [c for c in members if c not in aliases]
                if not members or strays:
                    raise ValueError(f"{path.name}: rule set {key}: group {name} needs known categories")
                groups[str(name)] = (float(group["hours"]), members)
            total = raw.get("total")
            sets[str(key)] = RuleSet(
                str(key), str(raw["label"]), None if total is None else float(total), minimums, groups
            )
        years_raw = dict(data.get("years") or {})
        default = str(years_raw.pop("default", ""))
        years = {int(y): str(s) for y, s in years_raw.items()}
        for name in [default, *years.values()]:
            if name not in sets:
                raise ValueError(f"{path.name}: years refer to unknown rule set {name!r}")
        month, day = (int(p) for p in str(data.get("deadline", "11-30")).split("-"))
        dt.date(2000, month, day)  # validates the month-day
        return cls(sets, years, default, (month, day), aliases)

    def plan(self) -> RuleSet | None:
        """The 2015 plan's own rule, which policy answers quote (None if HR removed it)."""
        return self.rule_sets.get(PLAN_RULE_SET)

    def for_year(self, year: int) -> RuleSet:
        return self.rule_sets[self.years.get(year, self.default)]

    def deadline(self, year: int) -> dt.date:
        return dt.date(year, *self.deadline_month_day)

    def category(self, spelling: str) -> str | None:
        return self.aliases.get(spelling.strip())

    def progress(self, year: int, total: float, by_category: dict[str, float]) -> Progress:
        rules = self.for_year(year)
        cats = tuple(
            CategoryProgress(c, by_category.get(c, 0.0), need) for c, need in rules.minimums.items()
        )
        return Progress(year, rules, total, cats, self.deadline(year))


@cache
def default_requirements() -> Requirements:
    """The shipped rule file, loaded once per process."""
    return Requirements.load()
