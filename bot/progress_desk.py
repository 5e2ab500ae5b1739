"""The completion report as a service for the /progress handler and `trainbot progress`.

Reading runs on its own database connection so the bot can build a large report on a worker
thread (sqlite3 connections stay on the thread that opened them) without pausing replies.
"""

from __future__ import annotations

from bot import progress_files
from bot.storage import Storage
from handlers.services import ProgressProblem
from knowledge.computation.progress import ProgressReport, build_report
from knowledge.computation.requirements import Requirements


class ProgressDesk:
    """Implements `handlers.services.ProgressService`."""

    def __init__(self, storage: Storage, requirements: Requirements):
        self.storage = storage
        self.requirements = requirements

    def report(self, year: int, unit: str | None = None,
               actor: str = "") -> ProgressReport | ProgressProblem:
        """The year's report for one unit or all; a problem (unknown unit, no data) instead.
        It shows everyone's hours, so each report is audited under `actor`."""
        storage = self.storage.reopen()
        try:
            if actor:
                storage.audit(actor, "progress-report", unit or "", str(year))
            units = storage.units()
            if not units:
                return ProgressProblem("people")
            if unit is not None and unit not in units:
                return ProgressProblem("unit", tuple(units))
            if storage.records_in_year(year) == 0:
                return ProgressProblem("year")
            people = storage.year_sums(year, unit)
            reminded = storage.reminded_employees(year)
            if unit is not None:
                reminded &= {p.employee_id for p in people}
            return build_report(people, self.requirements, year, reminded)
        finally:
            if storage is not self.storage:
                storage.close()

    def chart(self, report: ProgressReport) -> bytes | None:
        return progress_files.chart_png(report)

    def workbook(self, report: ProgressReport) -> bytes:
        return progress_files.workbook(report)
