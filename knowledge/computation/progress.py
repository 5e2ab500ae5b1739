"""The completion report: how many people in each unit meet each category of a year's rule,
and who is still short of what. Pure arithmetic over per-person sums; the bot supplies them.

"Total" is a category like the others (named `TOTAL`) when the rule set has a total, so a
unit's row reads the same way for every requirement HR tracks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.computation.requirements import Requirements, RuleSet

TOTAL = "總時數"
EVERYONE = "全體"


@dataclass(frozen=True)
class PersonYear:
    """One employee's sums for the year (hours per category as the calculator counts them)."""

    employee_id: str
    name: str
    unit: str
    total: float
    per_category: dict[str, float]


@dataclass(frozen=True)
class Shortfall:
    employee_id: str
    name: str
    unit: str
    missing: float


@dataclass
class UnitProgress:
    unit: str
    people: int = 0
    complete: int = 0  # meet every category
    met: dict[str, int] = field(default_factory=dict)
    short: dict[str, list[Shortfall]] = field(default_factory=dict)

    def share(self, category: str | None = None) -> float:
        """Share of people meeting one category (or all of them), 0–1."""
        done = self.complete if category is None else self.met.get(category, 0)
        return done / self.people if self.people else 0.0


@dataclass(frozen=True)
class ProgressReport:
    year: int
    rules: RuleSet
    categories: tuple[str, ...]  # TOTAL first when the rule has one, then the minimums
    units: tuple[UnitProgress, ...]  # by unit name
    overall: UnitProgress
    reminded: int = 0  # people reminded this year
    caught_up: int = 0  # of them, those who now meet the rule
    people: tuple[PersonYear, ...] = ()  # everyone counted, for the per-unit sheets

    def missing_categories(self) -> list[str]:
        """Categories someone is short of, in rule order."""
        return [c for c in self.categories if self.overall.short.get(c)]


def requirements_of(rules: RuleSet) -> dict[str, float]:
    needs = {TOTAL: rules.total} if rules.total else {}
    return {**needs, **rules.minimums}


def build_report(people: Iterable[PersonYear], requirements: Requirements, year: int,
                 reminded: set[str] | None = None) -> ProgressReport:
    """Count each person once in their unit and once in the overall row."""
    rules = requirements.for_year(year)
    needs = requirements_of(rules)
    units: dict[str, UnitProgress] = {}
    overall = UnitProgress(EVERYONE)
    caught_up = 0
    reminded = reminded or set()
    everyone = tuple(people)
    for person in everyone:
        unit = units.setdefault(person.unit, UnitProgress(person.unit))
        complete = True
        for category, need in needs.items():
            done = done_in(person, category)
            for row in (unit, overall):
                if done >= need:
                    row.met[category] = row.met.get(category, 0) + 1
                else:
                    row.short.setdefault(category, []).append(
                        Shortfall(person.employee_id, person.name, person.unit,
                                  round(need - done, 2)))
            complete = complete and done >= need
        for row in (unit, overall):
            row.people += 1
            row.complete += complete
        if complete and person.employee_id in reminded:
            caught_up += 1
    return ProgressReport(
        year, rules, tuple(needs), tuple(units[u] for u in sorted(units)), overall,
        reminded=len(reminded), caught_up=caught_up, people=everyone,
    )


def done_in(person: PersonYear, category: str) -> float:
    return person.total if category == TOTAL else person.per_category.get(category, 0.0)
