"""Reads for the completion report: every employee's sums for a year, in one pass.

Records are summed in SQL per person, learning mode and category set (a handful of groups
per person), so 200,000 rows come back as a few tens of thousands.
"""

from __future__ import annotations

from sqlite_utils import Database

from knowledge.computation.progress import PersonYear
from knowledge.computation.requirements import DIGITAL, DIGITAL_MODE

SEP = "、"


class ProgressTable:
    db: Database

    def units(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT agency FROM employees ORDER BY agency")]

    def records_in_year(self, year: int) -> int:
        return int(self.db.execute(
            "SELECT COUNT(*) FROM hour_records WHERE date BETWEEN ? AND ?",
            [f"{year}-01-01", f"{year}-12-31"]).fetchone()[0])

    def year_sums(self, year: int, unit: str | None = None) -> list[PersonYear]:
        """Every employee (of one unit, or all), with zero hours when they have no record."""
        where, args = ("WHERE e.agency = ?", [unit]) if unit is not None else ("", [])
        people: dict[str, tuple[str, str]] = {
            r[0]: (r[1], r[2]) for r in self.db.execute(
                f"SELECT e.id, e.name, e.agency FROM employees e {where} ORDER BY e.id", args)
        }
        totals: dict[str, float] = dict.fromkeys(people, 0.0)
        per: dict[str, dict[str, float]] = {p: {} for p in people}
        conditions = " AND ".join(["r.date BETWEEN ? AND ?"] + (["e.agency = ?"] if args else []))
        rows = self.db.execute(
            f"""SELECT r.employee_id, r.mode, r.categories, SUM(r.hours) FROM hour_records r
                JOIN employees e ON e.id = r.employee_id WHERE {conditions}
                GROUP BY r.employee_id, r.mode, r.categories""",
            [f"{year}-01-01", f"{year}-12-31", *args],
        )
        for employee_id, mode, categories, hours in rows:
            totals[employee_id] += hours
            names = {c for c in categories.split(SEP) if c}
            if mode == DIGITAL_MODE:  # as the personal calculator counts it
                names.add(DIGITAL)
            bucket = per[employee_id]
            for name in names:
                bucket[name] = bucket.get(name, 0.0) + hours
        return [PersonYear(i, name, unit_name, totals[i], per[i])
                for i, (name, unit_name) in people.items()]

    def reminded_employees(self, year: int) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT employee_id FROM reminders_sent WHERE year = ?", [year])}
