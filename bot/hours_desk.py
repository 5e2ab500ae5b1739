"""Personal learning hours as a service: imports, binding, a person's year, reminders.

It joins storage (records), the CSV readers and the requirement rules; the Telegram handlers
and the command line both go through it, so both import and audit the same way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.imports import ImportFileError, detect_kind, parse_hours, parse_roster
from bot.storage import Storage
from handlers.services import (
    BindOutcome,
    CourseRecord,
    Employee,
    HoursView,
    ImportRejected,
    ImportResult,
)
from knowledge.computation.requirements import DIGITAL, DIGITAL_MODE, Progress, Requirements

log = logging.getLogger(__name__)


def sum_hours(records: list[CourseRecord]) -> tuple[float, dict[str, float]]:
    """Total hours and hours per category; 數位-mode courses count as 數位 too."""
    total = 0.0
    per: dict[str, float] = {}
    for r in records:
        total += r.hours
        categories = set(r.categories)
        if r.mode == DIGITAL_MODE:
            categories.add(DIGITAL)
        for c in categories:
            per[c] = per.get(c, 0.0) + r.hours
    return total, per


@dataclass(frozen=True)
class Reminder:
    user_id: int
    employee: Employee
    progress: Progress
    days_left: int


def _import_in_process(
    db_path: str, path: str, kind: str, actor: str, dry_run: bool
) -> ImportResult | None:
    storage = Storage.open(db_path)
    try:
        return Desk(storage, Requirements.load()).import_file(Path(path), kind, actor, dry_run)
    finally:
        storage.close()


class Desk:
    """Implements `handlers.services.HoursDesk` over the bot's Storage."""

    def __init__(self, storage: Storage, requirements: Requirements, code_days: int = 14):
        self.storage = storage
        self.requirements = requirements
        self.code_days = code_days

    # --- HR ----------------------------------------------------------------------------------
    def import_file(
        self, path: Path, kind: str, actor: str, dry_run: bool = False
    ) -> ImportResult | None:
        """Import an hours or roster CSV (all or nothing) and audit who did it.

        kind "auto" reads the header; None when it is neither kind of file. It uses a
        connection of its own, so the bot can run it on a worker thread: rows are checked in a
        temporary table, and the database is locked for writing only while the clean file is
        merged.
        """
        storage = self.storage.reopen()
        try:
            return self._import_with(storage, path, kind, actor, dry_run)
        finally:
            if storage is not self.storage:
                storage.close()

    async def import_file_async(
        self, path: Path, kind: str, actor: str, dry_run: bool = False
    ) -> ImportResult | None:
        """`import_file` in a separate process: parsing 100,000 rows is CPU work that, on a
        thread, would hold the GIL and stall the bot's replies for seconds."""
        if str(self.storage.path) == ":memory:":
            return self.import_file(path, kind, actor, dry_run)
        loop = asyncio.get_running_loop()
        context = multiprocessing.get_context("spawn")  # never fork a process running an event loop
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            return await loop.run_in_executor(
                pool, _import_in_process, str(self.storage.path), str(path), kind, actor, dry_run
            )

    def _import_with(
        self, storage: Storage, path: Path, kind: str, actor: str, dry_run: bool
    ) -> ImportResult | None:
        try:
            if kind == "auto":
                kind = detect_kind(path) or ""
            if kind not in ("hours", "roster"):
                return None
        except ImportFileError as exc:
            return ImportRejected((str(exc),), 1)
        try:
            if kind == "roster":
                result = storage.import_roster(parse_roster(path), actor, path.name, dry_run)
            else:
                result = storage.import_hours(
                    parse_hours(path, self.requirements), actor, path.name, dry_run
                )
        except ImportFileError as exc:
            result = ImportRejected((str(exc),), 1)
        detail = (
            f"rejected: {result.error_count} problems"
            if isinstance(result, ImportRejected)
            else f"rows={result.rows} new={result.new} unchanged={result.unchanged} "
            f"updated={result.updated}"
        )
        if isinstance(result, ImportRejected) and result.busy:
            return result  # the audit would wait for the same lock
        try:
            storage.audit(actor, f"import-{kind}{'-dry-run' if dry_run else ''}", path.name, detail)
        except sqlite3.OperationalError:  # still locked by the other import: the reply matters more
            log.warning("import not audited: the database is busy")
        return result

    def new_bind_code(self, employee_id: str, actor: str) -> str | None:
        if self.storage.employee(employee_id) is None:
            return None
        code = self.storage.new_bind_code(employee_id, self.code_days)
        self.storage.audit(actor, "bind-code", employee_id)
        return code

    def hours_for_admin(self, actor_id: int, employee_id: str, year: int) -> HoursView | None:
        self.storage.audit(f"telegram:{actor_id}", "lookup-hours", employee_id, str(year))
        return self.hours(employee_id, year)

    # --- employees ---------------------------------------------------------------------------
    def bind(self, user_id: int, code: str) -> BindOutcome:
        return self.storage.redeem_bind_code(user_id, code)

    def unbind(self, user_id: int) -> bool:
        return self.storage.unbind_user(user_id)

    def employee_of(self, user_id: int) -> Employee | None:
        employee_id = self.storage.bound_employee(user_id)
        return self.storage.employee(employee_id) if employee_id else None

    def set_reminders(self, user_id: int, on: bool) -> bool:
        return self.storage.set_reminders(user_id, on)

    def courses(self, employee_id: str, year: int) -> list[CourseRecord]:
        return self.storage.records(employee_id, year)

    def hours(self, employee_id: str, year: int) -> HoursView | None:
        employee = self.storage.employee(employee_id)
        if employee is None:
            return None
        records = self.storage.records(employee_id, year)
        total, per = sum_hours(records)
        return HoursView(
            employee, self.requirements.progress(year, total, per), len(records),
            self.storage.last_import("hours"),
        )

    # --- reminders ---------------------------------------------------------------------------
    def due_reminders(self, today: dt.date, thresholds: tuple[int, ...]) -> list[Reminder]:
        """Bound users still missing hours, at most once per threshold (e.g. 30 and 7 days)."""
        deadline = self.requirements.deadline(today.year)
        days_left = (deadline - today).days
        crossed = sorted(t for t in thresholds if days_left <= t)
        if days_left < 0 or not crossed:
            return []
        due = []
        for user_id, employee_id in self.storage.reminder_candidates():
            if set(crossed) <= self.storage.reminders_sent(employee_id, today.year):
                continue
            view = self.hours(employee_id, today.year)
            if view is None or view.progress.complete:
                continue
            due.append(Reminder(user_id, view.employee, view.progress, days_left))
        return due

    def reminder_sent(self, reminder: Reminder, thresholds: tuple[int, ...]) -> None:
        """Mark every threshold already crossed, so a late start sends one reminder, not two."""
        crossed = [t for t in thresholds if reminder.days_left <= t]
        self.storage.mark_reminders_sent(reminder.employee.id, reminder.progress.year, crossed)
